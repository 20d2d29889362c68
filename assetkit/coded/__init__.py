"""Config-side frozen types of coded text: the areas a platform draws its own text in over or
beside a slot's image, their style, and the phrase rules copy is held to."""
from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, get_args

from ..model import Campaign, Length, Target, frozen_map

Align = Literal["left", "center", "right"]
ALIGNS: tuple[Align, ...] = get_args(Align)
Weight = Literal["regular", "bold"]
WEIGHTS: tuple[Weight, ...] = get_args(Weight)
ScrimDirection = Literal["up", "down", "flat"]  # "up": dark at the bottom, fading upward
SCRIM_DIRECTIONS: tuple[ScrimDirection, ...] = get_args(ScrimDirection)


@dataclass(frozen=True)
class Scrim:
    """The shading a platform lays under its text: black at `opacity` (0-1), as a gradient
    that is strongest at the edge `direction` points away from, or flat."""

    opacity: float
    colour: tuple[int, int, int] = (0, 0, 0)
    direction: ScrimDirection = "up"


@dataclass(frozen=True)
class CodedArea:
    """One area of a slot where the platform writes text (a title, a price strip) in its own
    style; `source`/`verified_on` say where a bundled area comes from (empty: declared by a
    campaign or a user's spec)."""

    name: str
    box: tuple[Length, Length, Length, Length]  # x, y, w, h
    colour: tuple[int, int, int] = (255, 255, 255)
    size_px: float = 16.0
    weight: Weight = "regular"
    lines: int = 1
    max_chars: int | None = None
    align: Align = "left"
    scrim: Scrim | None = None
    source: str = ""
    verified_on: _dt.date | None = None

    @property
    def bold(self) -> bool:
        return self.weight == "bold"

    def min_contrast(self) -> float:
        """WCAG 2 (1.4.3): 4.5:1, or 3:1 for large text (>= 24 px, or bold >= 18.66 px)."""
        large = self.size_px >= 24 or (self.bold and self.size_px >= 18.66)
        return 3.0 if large else 4.5


@dataclass(frozen=True)
class PhraseRule:
    """A phrase copy must not (forbid) or must (require) contain: plain text matched on
    normalised text (spacing and case aside), or a regular expression; with why and where from."""

    pattern: str
    reason: str
    regex: bool = False
    source: str = ""
    verified_on: _dt.date | None = None


@dataclass(frozen=True)
class PhraseRules:
    forbid: tuple[PhraseRule, ...] = ()
    require: tuple[PhraseRule, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.forbid or self.require)

    def __add__(self, other: PhraseRules) -> PhraseRules:
        return PhraseRules(self.forbid + other.forbid, self.require + other.require)


CodedStrings = Mapping[str, str]  # area name -> the string the platform will draw there


def coded_strings(campaign: Campaign, target: Target) -> CodedStrings:
    """The strings the platform draws on `target`'s slot: the campaign's for the platform,
    then its own for the slot (a slot's string replaces the platform's of the same area)."""
    merged = {**campaign.coded_text.get(target.platform.id, {}),
              **campaign.coded_text.get(target.key, {})}
    return frozen_map(merged)


def phrases_of(*rules: PhraseRules | None) -> PhraseRules:
    """The slot's and the brand's phrase rules together (either may be absent)."""
    out = PhraseRules()
    for r in rules:
        out = out + r if r else out
    return out
