"""What a check is (a Protocol any small module satisfies) and the assets checks look at."""
from __future__ import annotations

import builtins
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol, get_args

from ..errors import CannotCheck
from ..findings import Where
from ..model import BrandRules, Campaign, Finding, Output, Target, frozen_map

if TYPE_CHECKING:
    from ..document import SourceDocument
    from ..fonts.index import FontIndex
    from ..scene import Understood
    from ..store.manifest import Manifest

AppliesTo = Literal["file", "source", "variant", "build"]
APPLIES_TO: tuple[AppliesTo, ...] = get_args(AppliesTo)


class Check(Protocol):
    """A check module: what it applies to, the finding codes it can produce, and `run`.

    `applies_to` is 'file' (an exported image), 'source' (a PSD/PSB), 'variant' (a rendered
    variant during build, with the Scene and role masks) or 'build' (a build folder).
    `needs_slot`: skipped, with the reason, when the asset's platform slot is unknown.
    """

    @property
    def ID(self) -> str: ...
    @property
    def APPLIES_TO(self) -> AppliesTo: ...
    @property
    def NEEDS_SLOT(self) -> bool: ...
    @property
    def CODES(self) -> tuple[str, ...]: ...

    def run(self, asset: Any, ctx: CheckContext) -> Sequence[Finding]: ...


@dataclass(frozen=True)
class CheckContext:
    """What checks may consult besides the asset: brand rules, the font index (on demand) and
    the campaign (its coded strings, for `check` on files and sources given a slot)."""

    brand: BrandRules | None = None
    font_index: Callable[[], FontIndex] | None = None
    campaign: Campaign | None = None


@dataclass(frozen=True)
class ImageFacts:
    """What file checks need of an image, read from its header and its last bytes (pixels are
    decoded only where those do not end the file as a whole one does)."""

    format: str  # Pillow's format name: JPEG, PNG, WEBP, GIF, AVIF...
    size: tuple[int, int]
    mode: str  # Pillow's image mode (RGB, RGBA, CMYK, P...): an open set
    bytes: int
    icc_profile: builtins.bytes | None = None  # (the field above shadows the type's name)
    exif: Mapping[int, object] = field(default_factory=frozen_map)  # IFD0
    exif_ifd: Mapping[int, object] = field(default_factory=frozen_map)  # 0x8769
    gps: Mapping[int, object] = field(default_factory=frozen_map)  # 0x8825
    cut_short: bool = False  # the file ends before its image does (a partial copy or upload)


@dataclass(frozen=True)
class ImageFile:
    """An exported image file; `target`/`output` are known when a manifest or --slot names them."""

    path: Path
    display: str
    facts: ImageFacts
    target: Target | None = None
    output: Output | None = None
    no_slot_reason: str = ""

    @property
    def slot_target(self) -> Target:
        """The target a NEEDS_SLOT check works on (run_checks skips those when it is unknown)."""
        if self.target is None:
            raise CannotCheck(self.no_slot_reason or "the platform slot is unknown")
        return self.target

    @property
    def where(self) -> Where:
        """Finding fields naming this file's source and slot."""
        return {
            "source": self.output.source if self.output else self.display,
            "platform": self.target.platform.id if self.target else None,
            "slot": self.target.slot.id if self.target else None,
        }


@dataclass(frozen=True)
class SourceFile:
    """A PSD/PSB source, opened and understood once for every source check."""

    path: Path
    display: str
    document: SourceDocument
    understanding: Callable[[], Understood]  # memoized: only the checks that need roles pay
    stem: str = ""

    @property
    def understood(self) -> Understood:
        """Roles and units, as the build decides them (understand/)."""
        return self.understanding()


@dataclass(frozen=True)
class BuildFolder:
    """A build output folder (it holds manifest.json) checked as a whole."""

    path: Path
    display: str
    manifest: Manifest
    image_files: tuple[Path, ...] = field(default=())
