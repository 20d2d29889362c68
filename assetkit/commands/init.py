"""`assetkit init`: start a campaign folder: a commented `assetkit.yaml` and brand rules file
from the templates in assetkit/data/init, and with `sample` the sample campaign's PSDs and
logo master, so that `assetkit build` runs at once. A file that exists is kept unless `force`."""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from string import Template

from ..errors import UsageError
from ..fsutil import write_atomic
from ..pipeline.plan import SOURCE_SUFFIXES

CAMPAIGN = "assetkit.yaml"
BRAND = "brand_rules/brand.yaml"
INPUT = "input"
TEMPLATES = {CAMPAIGN: "assetkit.yaml", BRAND: "brand.yaml"}  # file written -> template

# Each template's placeholders. BLANK, for a campaign of one's own: every PSD in input/, a
# brand with no logo master or palette yet (the checks that need them say they do not apply);
# the campaign's name is its folder's.
BLANK: dict[str, dict[str, str]] = {
    CAMPAIGN: {"sources": f"  - {INPUT}/*.psd\n"
                          f"  # - path: {INPUT}/detail/*.psd    # a detail page: its own targets\n"
                          "  #   targets: [naver-smartstore/detail, coupang/detail]"},
    BRAND: {"name": '""', "wordmark": '""', "allowed": "[]", "aliases": "{}", "masters": "[]",
            "required": "false", "colours": "{}", "glossary": "{}", "do_not_translate": "[]"},
}
# The sample campaign, the HANEUL brand of brand_rules/example.yaml, naming the files of
# samples.SAMPLE_FILES where that writes them.
SAMPLE: dict[str, dict[str, str]] = {
    CAMPAIGN: {
        "name": '"HANEUL serum launch (sample)"',
        "sources": f"  - {INPUT}/haneul-serum-launch.psd        # the master banner: every slot\n"
                   f"  - path: {INPUT}/haneul-detail-page.psd   # the 상세페이지: detail slots\n"
                   "    targets: [naver-smartstore/detail, coupang/detail, 11st/detail, "
                   "musinsa/detail]"},
    BRAND: {
        "name": "HANEUL", "wordmark": "HANEUL",
        "allowed": "[NotoSansKR-Regular, NotoSansKR-Bold]",
        "aliases": "{NotoSansKR: NotoSansKR-Regular}", "masters": "[haneul-logo.png]",
        "required": "true",
        "colours": '{navy: "#1B2A4A", sky: "#7FB7E8", coral: "#FF6B5B", white: "#FFFFFF"}',
        "glossary": "{세럼: serum, 보습: moisturizing}", "do_not_translate": "[HANEUL, 하늘]"},
}


@dataclass(frozen=True)
class InitResult:
    """What `init` did, paths under `folder`: files it wrote, and files it kept as they were."""

    folder: Path
    written: tuple[Path, ...] = ()
    skipped: tuple[Path, ...] = ()  # existed; `force` overwrites them
    psds: tuple[Path, ...] = ()  # the PSD/PSB files in folder/input now: ready to build


def template(name: str) -> str:
    """The text of a bundled template (assetkit/data/init/NAME)."""
    return (resources.files("assetkit") / "data" / "init" / name).read_text(encoding="utf-8")


def _values(folder: Path, sample: bool) -> dict[str, dict[str, str]]:
    """Each template's placeholder values."""
    if sample:
        return SAMPLE
    name = json.dumps(folder.resolve().name or "campaign", ensure_ascii=False)  # YAML-safe
    return {**BLANK, CAMPAIGN: {**BLANK[CAMPAIGN], "name": name}}


def _makers(folder: Path, sample: bool) -> dict[str, Callable[[Path], object]]:
    """Each file `init` writes (relative to `folder`) and what writes it."""
    values = _values(folder, sample)

    def filled(rel: str) -> Callable[[Path], None]:
        text = Template(template(TEMPLATES[rel])).substitute(values[rel])
        return lambda path: write_atomic(path, text.encode("utf-8"))

    makers: dict[str, Callable[[Path], object]] = {rel: filled(rel) for rel in TEMPLATES}
    if sample:
        from ..samples import SAMPLE_FILES  # PIL drawing: only loaded when asked for

        makers.update(SAMPLE_FILES)
    return makers


def _write(make: Callable[[Path], object], path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        make(path)
    except OSError as exc:  # a folder the user may not write to: a usage problem, not a bug
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None


def init(folder: Path = Path("."), sample: bool = False, force: bool = False) -> InitResult:
    """Write a commented campaign file and brand rules into `folder` (and the `input/` folder
    for the PSDs); with `sample`, the sample campaign's PSDs and logo master as well.
    A file that exists is skipped, or overwritten with `force`."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is a file, not a folder")
    written: list[Path] = []
    skipped: list[Path] = []
    for rel, make in _makers(folder, sample).items():
        path = folder / rel
        if path.exists() and not force:
            skipped.append(path)
            continue
        _write(make, path)
        written.append(path)
    inputs = folder / INPUT
    _write(lambda p: p.mkdir(exist_ok=True), inputs)
    psds = sorted(p for p in inputs.iterdir() if p.suffix.lower() in SOURCE_SUFFIXES)
    return InitResult(folder, tuple(written), tuple(skipped), tuple(psds))
