"""Page data -> HTML through Jinja2 (autoescaped): the only jinja2 importer. CSS and JS are
inlined, so a page needs nothing but its images."""
from __future__ import annotations

import os
from collections.abc import Sequence
from functools import cache
from importlib import resources

import jinja2
from markupsafe import Markup

from ...fsutil import default_cache_dir
from .i18n import ROLE_NAMES, UI, Lang
from .i18n import title as title_of
from .views import px

ROLE_COLOURS = {"product": "#0b57d0", "logo": "#9334e6", "headline": "#e8710a",
                "sub": "#f9ab00", "cta": "#188038", "badge": "#d01884", "price": "#12b5cb",
                "legal": "#5f6368", "other": "#795548", "focus": "#000000"}


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """The templates' compiled code, kept in the user's cache folder: compiling them from
    source took 0.11 s of every build's serial tail (cProfile, bench workload). Jinja checks
    each entry against its template's source, so a changed template is compiled anew. None
    (compile every time) when the folder cannot be written."""
    folder = default_cache_dir() / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder)) if os.access(folder, os.W_OK) else None


@cache
def _env() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("assetkit.report.web", "templates"),
                             autoescape=True, trim_blocks=False, lstrip_blocks=False,
                             bytecode_cache=_bytecode_cache())
    env.filters["px"] = px
    return env


@cache
def _static(name: str) -> str:
    return resources.files("assetkit.report.web").joinpath("static", name).read_text("utf-8")


def _words(lang: Lang) -> dict[str, str]:
    return {k: v[lang] for k, v in UI.items()}


def _counts(view: dict, lang: Lang, sources: int | None = None) -> str:
    w = _words(lang)
    parts = [] if sources is None else [f"{sources} {w['sources'].lower()}"]
    parts += [f"{view['outputs']} {w['outputs']}", f"{view['errors']} {w['errors']}",
              f"{view['warnings']} {w['warnings']}"]
    return " · ".join(parts)


def _base(title: str, lang: Lang) -> dict:
    return {"title": title, "lang": lang, "w": _words(lang),
            "role_names": {r: n[lang] for r, n in ROLE_NAMES.items()},
            "css": Markup(_static("report.css")),
            "js": Markup(_static("report.js")),
            "roles": sorted(ROLE_COLOURS.items())}


def _roles(pages: Sequence[dict]) -> list[tuple[str, str]]:
    found = {u["role"] for page in pages for p in page["platforms"]
             for c in [*p["cards"], *(s for st in p["stacks"] for s in st["slices"])]
             for u in c["units"]}
    return [(r, c) for r, c in ROLE_COLOURS.items() if r in found]


def _has(pages: Sequence[dict], key: str) -> bool:
    return any(c[key] for page in pages for p in page["platforms"]
               for c in [*p["cards"], *(s for st in p["stacks"] for s in st["slices"])])


def render_source(pages: Sequence[dict], title: str, lang: Lang, index_href: str | None,
                  source_href: str | None = None) -> str:
    """One page of source views (one source, or a part of one: `source_href` links its own
    page; or all of them for a single-file report)."""
    total = {k: sum(p[k] for p in pages) for k in ("outputs", "errors", "warnings")}
    heading = pages[0].get("heading", pages[0]["id"]) if len(pages) == 1 else title
    return _env().get_template("source.html.j2").render(
        **_base(f"{heading} — {title}" if len(pages) == 1 else title, lang), pages=pages,
        heading=heading, counts=_counts(total, lang, None if len(pages) == 1 else len(pages)),
        index_href=index_href, source_href=source_href, page_roles=_roles(pages), has_zones=_has(pages, "zones"),
        has_safe=_has(pages, "safe"), has_previews=_has(pages, "preview"))


def render_index(view: dict, prefix: str, pager: Sequence[tuple[int, str]], title: str,
                 lang: Lang) -> str:
    """One index page: `prefix` leads the links to source pages from where it is written;
    `pager` each index page's number and link (empty: one page)."""
    titles = {c: title_of(c, lang) for s in view["sources"] for _, c, _ in s.codes}
    return _env().get_template("index.html.j2").render(
        **_base(title, lang), view=view, heading=title, prefix=prefix, pager=pager,
        counts=_counts(view, lang, view["count"]), titles=titles)
