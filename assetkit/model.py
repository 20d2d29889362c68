"""Frozen types that flow between the stages: specs, brand rules, campaign, findings, outputs."""
from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args

if TYPE_CHECKING:
    from .cluster.settings import Scheduler
    from .coded import CodedArea, CodedStrings, PhraseRules

Severity = Literal["error", "warning", "info"]
SeverityOrOff = Literal[Severity, "off"]  # a severity override: "off" drops the finding
SeverityOverrides = Mapping[str, SeverityOrOff]  # finding code -> its new severity, or off
SEVERITIES: tuple[Severity, ...] = get_args(Severity)
SEVERITY_RANK: dict[Severity, int] = {"info": 0, "warning": 1, "error": 2}
SlotKind = Literal["main", "additional", "banner", "thumbnail", "detail", "ad"]
SLOT_KINDS: tuple[SlotKind, ...] = get_args(SlotKind)
BuildMode = Literal["recompose", "flatten"]  # lay units out again, or scale the flat image
BUILD_MODES: tuple[BuildMode, ...] = get_args(BuildMode)
FORMATS = ("jpeg", "png", "webp", "avif", "gif")
CONFIDENCES = ("official", "secondary", "unverified")
COVERED_BY = ("platform-text", "ui", "crop")
FORBIDDABLE = ("text", "logo", "badge", "border")


class FrozenMap(Mapping):
    """A read-only, picklable mapping (frozen dataclasses hold these, never dicts)."""

    __slots__ = ("_data",)
    _data: dict[Any, Any]

    def __init__(self, data: Mapping | None = None) -> None:
        object.__setattr__(self, "_data", dict(data or {}))

    def __getitem__(self, key):
        return self._data[key]

    def __iter__(self) -> Iterator:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return repr(self._data)

    def __hash__(self) -> int:
        return hash(tuple(sorted(self._data.items(), key=repr)))

    def __reduce__(self):
        return FrozenMap, (self._data,)


def frozen_map(data: Mapping | None = None) -> Mapping:
    """A read-only copy of `data`."""
    return FrozenMap(data)


@dataclass(frozen=True)
class Length:
    """A length in pixels, or a percentage of the reference size when `percent` is true."""

    value: float
    percent: bool = False

    def resolve(self, reference: int) -> int:
        return round(self.value * reference / 100) if self.percent else round(self.value)


@dataclass(frozen=True)
class Zone:
    """An area of a slot the platform covers with its own text or UI, or crops away."""

    name: str
    box: tuple[Length, Length, Length, Length]  # x, y, w, h
    covered_by: str


@dataclass(frozen=True)
class Bounds:
    """Accepted size range for slots without an exact size."""

    min: tuple[int, int] | None = None
    max: tuple[int, int] | None = None
    aspect: tuple[int, int] | None = None
    aspect_tolerance: float = 0.01


@dataclass(frozen=True)
class DetailRule:
    """Long detail pages: output width and how tall/heavy each slice may be."""

    width: int
    max_slice_height: int
    slice_max_kb: float | None = None


@dataclass(frozen=True)
class Alternative:
    """Another published value for a slot field, recorded but not used (strictest wins)."""

    key: str
    value: object
    source: str = ""


@dataclass(frozen=True)
class Provenance:
    """Where one slot value comes from: the key it backs (`max_kb`, `bounds.min`,
    `overlay_zones.<zone name>`), the page, the sentence quoted from it, and how sure it is."""

    key: str
    source: str
    verified_on: _dt.date
    confidence: str
    quote: str


@dataclass(frozen=True)
class Slot:
    """One image slot of a platform: size rule, weight cap, formats and content rules."""

    id: str
    labels: Mapping[str, str]
    kind: SlotKind
    max_kb: float
    formats: tuple[str, ...]
    sources: tuple[str, ...]
    verified_on: _dt.date
    confidence: str
    size: tuple[int, int] | None = None
    bounds: Bounds | None = None
    colour_space: str = "srgb"
    background: str = "any"
    min_product_fill: float | None = None
    forbid: tuple[str, ...] = ()
    overlay_zones: tuple[Zone, ...] = ()
    safe_margin: tuple[Length, Length, Length, Length] = (Length(0),) * 4
    min_text_px: float | None = None
    detail: DetailRule | None = None
    notes: str = ""
    alternatives: tuple[Alternative, ...] = ()
    provenance: tuple[Provenance, ...] = ()
    # kept out of repr (the slot's part of every output key, and of version-1 keys): a
    # build's keys take them per target (pipeline/builder.py `_coded_inputs`)
    coded_text: tuple[CodedArea, ...] = field(default=(), repr=False)  # the platform's text
    phrases: PhraseRules | None = field(default=None, repr=False)  # forbid/require_phrases

    def cap_bytes(self, slice: bool = False) -> int:
        """The weight cap in bytes (1 KB = 1024 bytes); a detail page's slices use
        `detail.slice_max_kb` when the slot gives one."""
        per_slice = self.detail.slice_max_kb if slice and self.detail else None
        return int((per_slice or self.max_kb) * 1024)

    def provenance_of(self, key: str) -> tuple[Provenance, ...]:
        """The provenance entries backing `key` (the slot-level sources are the default)."""
        return tuple(p for p in self.provenance if p.key == key)


@dataclass(frozen=True)
class PlatformSpec:
    """A platform (mall, ad network, social network) and its slots."""

    id: str
    names: Mapping[str, str]
    slots: tuple[Slot, ...]
    path: Path | None = None

    def slot(self, slot_id: str) -> Slot | None:
        return next((s for s in self.slots if s.id == slot_id), None)


@dataclass(frozen=True)
class Catalog:
    """Every platform spec in force: the bundled ones, overlaid by a specs dir by platform id."""

    platforms: Mapping[str, PlatformSpec]

    def __iter__(self):
        return iter(self.platforms.values())

    def get(self, platform_id: str) -> PlatformSpec | None:
        return self.platforms.get(platform_id)


@dataclass(frozen=True)
class Target:
    """A platform and slot pair selected for a build."""

    platform: PlatformSpec
    slot: Slot

    @property
    def key(self) -> str:
        return f"{self.platform.id}/{self.slot.id}"

    @staticmethod
    def split(selector: str) -> tuple[str, str | None]:
        """'PLATFORM' or 'PLATFORM/SLOT' -> (platform, slot or None): the one parser of target
        selectors (campaign targets, --only, --slot); ValueError naming the expected form."""
        parts = selector.split("/")
        if len(parts) > 2 or not all(parts):
            raise ValueError(f"expected PLATFORM or PLATFORM/SLOT, got {selector!r}")
        return parts[0], parts[1] if len(parts) == 2 else None


@dataclass(frozen=True)
class LogoRule:
    masters: tuple[Path, ...] = ()
    required: bool = False
    min_height_px: float = 0
    clear_space: float = 0.0


@dataclass(frozen=True)
class Substitute:
    """A row of the font substitution table: PSD font names (globs; case, spaces, hyphens and
    underscores ignored) -> the families that stand in for them, the first installed one wins;
    `metric`: same advance widths as the original (the text keeps its line breaks)."""

    fonts: tuple[str, ...]
    use: tuple[str, ...]
    metric: bool = False


@dataclass(frozen=True)
class BrandRules:
    """A brand's fonts, logo, palette, glossary and severity overrides."""

    name: str = ""
    wordmark: str = ""
    allowed_fonts: tuple[str, ...] = ()
    font_aliases: Mapping[str, str] = field(default_factory=frozen_map)
    font_dirs: tuple[Path, ...] = ()
    font_substitutes: tuple[Substitute, ...] = ()  # checked before the bundled table
    logo: LogoRule = LogoRule()
    palette: Mapping[str, tuple[int, int, int]] = field(default_factory=frozen_map)
    palette_tolerance: float = 6.0
    glossary: Mapping[str, str] = field(default_factory=frozen_map)
    do_not_translate: tuple[str, ...] = ()
    min_text_px: float | None = None
    severity: SeverityOverrides = field(default_factory=frozen_map)
    colour_profile: Path | None = None
    path: Path | None = None
    mobile_min_css_px: float | None = None  # raises legibility.mobile's 12 CSS px
    phrases: PhraseRules | None = field(default=None, repr=False)  # keyed per target too


DEFAULT_TEMPLATE = "{source}_{platform}_{slot}_{w}x{h}.{ext}"


@dataclass(frozen=True)
class Campaign:
    """An `assetkit.yaml` campaign file, paths resolved against its folder."""

    name: str = "campaign"
    sources: tuple[str, ...] = ()
    source_targets: Mapping[str, tuple[str, ...]] = field(default_factory=frozen_map)
    brand: Path | None = None
    targets: tuple[str, ...] = ()
    output: Path = Path("output")
    filename: str = DEFAULT_TEMPLATE
    formats: tuple[str, ...] = ("jpeg", "png", "webp", "avif", "gif")
    severity: SeverityOverrides = field(default_factory=frozen_map)
    specs: Path | None = None
    mode: BuildMode = "recompose"
    layouts: Path | None = None  # layout template overrides (same format as the bundled file)
    role_rules: tuple[tuple[str, str], ...] = ()  # (glob on layer path, role)
    root: Path = Path(".")
    path: Path | None = None
    source_root: Path | None = None  # source ids are paths relative to it (default: root)
    report_lang: str | None = None  # ko | en: the HTML report's language (default: the locale)
    coded_text: Mapping[str, CodedStrings] = field(default_factory=frozen_map)  # by selector
    coded_areas: Mapping[str, tuple[CodedArea, ...]] = field(default_factory=frozen_map)
    scheduler: Scheduler | None = None  # build on this Dask scheduler (local:N, tcp://...)


@dataclass(frozen=True)
class Failure:
    """A source that could not be processed (build, localize): unreadable input, or an internal
    error (with the log holding its traceback)."""

    source: str
    kind: Literal["unreadable", "internal"]
    message: str
    log: Path | None = None

    @property
    def detail(self) -> str:
        """The message, with where the traceback is for an internal error."""
        return self.message + (f" (traceback in {self.log})" if self.log else "")


@dataclass(frozen=True)
class Finding:
    """A problem or fact found about a source, a variant or a file, with a stable code."""

    code: str
    severity: Severity
    message: str
    source: str | None = None
    layer: str | None = None
    platform: str | None = None
    slot: str | None = None

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "source": self.source,
            "layer": self.layer,
            "platform": self.platform,
            "slot": self.slot,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Finding:
        fields: dict[str, Any] = {k: data.get(k) for k in cls.__dataclass_fields__}  # JSON
        return cls(**fields)


@dataclass(frozen=True)
class SliceInfo:
    index: int
    count: int
    y0: int
    y1: int


@dataclass(frozen=True)
class Output:
    """One file written by a build, as recorded in the manifest."""

    variant_id: str
    source: str
    platform: str
    slot: str
    path: str
    width: int
    height: int
    bytes: int
    max_bytes: int
    format: str
    encode: Mapping[str, object]
    inputs_key: str
    lang: str | None = None
    slice: SliceInfo | None = None
    group: str | None = None
    layout: Mapping[str, object] | None = None
    findings: tuple[Finding, ...] = ()
    fonts: tuple[Mapping[str, str], ...] = ()  # each face file that set text: face, file, version
    raster_text: Mapping[str, float] = field(default_factory=frozen_map)  # role -> scale drawn
    sha256: str = ""  # of the file's bytes, as written
    preview: str | None = None  # its "how shoppers see it" image (build --previews), beside it

    def to_dict(self) -> dict:
        return {
            "variant_id": self.variant_id,
            "source": self.source,
            "platform": self.platform,
            "slot": self.slot,
            "lang": self.lang,
            "slice": None if self.slice is None else vars(self.slice).copy(),
            "group": self.group,
            "path": self.path,
            "width": self.width,
            "height": self.height,
            "bytes": self.bytes,
            "sha256": self.sha256,
            "max_bytes": self.max_bytes,
            "format": self.format,
            "encode": dict(self.encode),
            "layout": None if self.layout is None else dict(self.layout),
            "inputs_key": self.inputs_key,
            "findings": [f.to_dict() for f in self.findings],
            "fonts": [dict(f) for f in self.fonts],
            "raster_text": dict(self.raster_text),
            **({"preview": self.preview} if self.preview else {}),  # older manifests: none
        }

    @classmethod
    def from_dict(cls, d: Mapping) -> Output:
        sl = d.get("slice")
        return cls(
            variant_id=d["variant_id"], source=d["source"], platform=d["platform"],
            slot=d["slot"], path=d["path"], width=d["width"], height=d["height"],
            bytes=d["bytes"], max_bytes=d["max_bytes"], format=d["format"],
            encode=frozen_map(d.get("encode")), inputs_key=d.get("inputs_key", ""),
            lang=d.get("lang"), slice=SliceInfo(**sl) if sl else None, group=d.get("group"),
            layout=d.get("layout"),
            findings=tuple(Finding.from_dict(f) for f in d.get("findings", ())),
            fonts=tuple(frozen_map(f) for f in d.get("fonts", ())),
            raster_text=frozen_map(d.get("raster_text")), sha256=d.get("sha256", ""),
            preview=d.get("preview"),
        )
