"""The campaign file `assetkit.yaml` -> Campaign, and the upward search for it."""
from __future__ import annotations

from pathlib import Path

from ..cluster.settings import Scheduler, parse_scheduler
from ..model import BUILD_MODES, DEFAULT_TEMPLATE, FORMATS, Campaign, frozen_map
from ..scene import ROLES
from . import yamlnodes as s
from .brand import severity_map
from .coded import campaign_areas, campaign_strings, selector

CAMPAIGN_FILE = "assetkit.yaml"
CAMPAIGN_KEYS = ("name", "sources", "brand", "targets", "output", "filename", "formats",
                 "severity", "specs", "roles", "mode", "layouts", "source_root", "report_lang",
                 "coded_text", "coded_areas", "scheduler")
TEMPLATE_FIELDS = ("source", "platform", "slot", "w", "h", "ext", "lang", "slice")


def find_campaign(start: Path | None = None) -> Path | None:
    """The nearest `assetkit.yaml` in `start` (default: the working directory) or a parent."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / CAMPAIGN_FILE
        if candidate.is_file():
            return candidate
    return None


def _target(node: s.Node) -> str:
    return selector(node, s.text(node))


def _template(node: s.Node) -> str:
    value = s.text(node)
    try:  # sample values of the types output_relpath passes (w and h are ints)
        value.format(**{**{f: "x" for f in TEMPLATE_FIELDS}, "w": 1, "h": 1})
    except KeyError as exc:
        raise node.error(
            f"unknown placeholder {exc} in file-name template; use {', '.join(TEMPLATE_FIELDS)}"
        ) from None
    except (IndexError, ValueError, AttributeError, TypeError) as exc:
        raise node.error(f"invalid file-name template: {exc}") from None
    if "{ext}" not in value:
        raise node.error("the file-name template must end with '.{ext}'")
    return value


def _scheduler(node: s.Node) -> Scheduler:
    try:
        return parse_scheduler(s.text(node))
    except ValueError as exc:
        raise node.error(str(exc)) from None


def _role_rules(node: s.Node) -> tuple[tuple[str, str], ...]:
    return tuple((pattern, s.one_of(*ROLES)(value)) for pattern, value in node.pairs())


def _source(node: s.Node) -> tuple[str, tuple[str, ...]]:
    """A source entry: a path/glob, or {path: GLOB, targets: [...]} for its own targets."""
    if isinstance(node.value, dict):
        node.mapping(("path", "targets"))
        return node.req("path", s.text), node.get("targets", s.list_of(_target), ())
    return s.text(node), ()


def read_campaign(doc: s.Document) -> Campaign:
    root = doc.root().mapping(CAMPAIGN_KEYS)
    sources = root.get("sources", s.list_of(_source), ())
    return Campaign(
        name=root.get("name", s.text, doc.path.parent.name),
        sources=tuple(path for path, _ in sources),
        source_targets=frozen_map({path: t for path, t in sources if t}),
        brand=root.get("brand", s.relative_path),
        targets=root.get("targets", s.list_of(_target), ()),
        output=root.get("output", s.relative_path, doc.path.parent / "output"),
        filename=root.get("filename", _template, DEFAULT_TEMPLATE),
        formats=root.get("formats", s.list_of(s.one_of(*FORMATS), non_empty=True), FORMATS),
        severity=frozen_map(root.get("severity", severity_map, {})),
        specs=root.get("specs", s.relative_path),
        mode=root.get("mode", s.one_of(*BUILD_MODES), "recompose"),
        layouts=root.get("layouts", s.relative_path),
        role_rules=root.get("roles", _role_rules, ()),
        root=doc.path.parent, path=doc.path,
        source_root=root.get("source_root", s.relative_path),
        report_lang=root.get("report_lang", s.one_of("ko", "en")),
        coded_text=frozen_map(root.get("coded_text", campaign_strings, {})),
        coded_areas=frozen_map(root.get("coded_areas", campaign_areas, {})),
        scheduler=root.get("scheduler", _scheduler),
    )


def load_campaign(path: Path, warnings: list[str] | None = None) -> Campaign:
    return s.load(path, read_campaign, warnings)
