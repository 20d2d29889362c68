"""Whether a worker builds what the coordinator would: the same assetkit (version and code: two
checkouts of one version that differ are told apart), Pillow and libvips (pyvips) versions and
resampler, the same font-resolver digest, and the shared output folder
readable where the task says (`OUT/.assetkit/root-id`, a random id the coordinator writes). A
worker that differs is retired from the build with the difference named."""
from __future__ import annotations

import hashlib
import importlib.metadata
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ..fsutil import write_atomic
from ..model import BrandRules
from ..render.resample import default_backend
from ..store.records import STORE_DIR

ROOT_ID = "root-id"
PACKAGES = ("Pillow", "pyvips", "pyvips-binary")


@dataclass(frozen=True)
class Expected:
    """The coordinator's environment, as a worker checks it: `facts` (name -> value), the
    output folder as the workers mount it and its root id; `brand` for the fonts digest (its
    expected value is among the facts)."""

    facts: tuple[tuple[str, str], ...]
    out_dir: Path
    root_id: str
    brand: BrandRules | None = field(default=None, compare=False)


def root_id_path(out_dir: Path) -> Path:
    return out_dir / STORE_DIR / ROOT_ID


def root_id(out_dir: Path) -> str:
    """The output folder's id, made on first use (the coordinator holds the lock)."""
    path = root_id_path(out_dir)
    try:
        return path.read_text("ascii").strip()
    except FileNotFoundError:
        write_atomic(path, secrets.token_hex(16).encode("ascii"))
        return path.read_text("ascii").strip()


CODE = (".py", ".yaml")  # what decides the bytes of outputs (fonts have their own digest)


def tree_digest(root: Path) -> str:
    """sha256 of the code and YAML files under `root`, their paths (relative, sorted) and
    bytes (compiled caches and other files aside)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.suffix in CODE and p.is_file()
                       and "__pycache__" not in p.parts):
        digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@cache
def code_digest() -> str:
    """This process's assetkit package as `tree_digest` (once per process: about 10 ms)."""
    return tree_digest(Path(__file__).resolve().parents[1])


def facts(fonts: Mapping[str, str]) -> dict[str, str]:
    """This process's versions and resampler, with the fonts digest it was given (the
    coordinator's) or computes (a worker's, see `difference`)."""
    import assetkit

    found = {"assetkit": assetkit.__version__, "assetkit code": code_digest()[:12],
             "resampler": default_backend()}
    for name in PACKAGES:
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found[name] = "absent"
    if fonts:
        found["fonts"] = ":".join(f"{k}={v[:12]}" for k, v in sorted(fonts.items()))
    return found


def expect(out_dir: Path, worker_out: Path, brand: BrandRules | None,
           fonts: Mapping[str, str]) -> Expected:
    return Expected(tuple(sorted(facts(fonts).items())), worker_out, root_id(out_dir), brand)


def difference(expected: Expected) -> str | None:
    """On a worker: what differs from the coordinator, in one line; None when nothing does.
    Every task asks; the answer is kept per worker process, build and root-id file as it is
    now (a stat: another folder mounted there, or the id rewritten, is checked again)."""
    try:
        found = root_id_path(expected.out_dir).stat()
        stamp: tuple[int, int, int] | None = (found.st_dev, found.st_ino, found.st_mtime_ns)
    except OSError:
        stamp = None  # unreadable: `_difference` says how
    return _difference(expected, stamp)


@cache
def _difference(expected: Expected, stamp: tuple[int, int, int] | None) -> str | None:
    wanted = dict(expected.facts)
    fonts: dict[str, str] = {}
    if "fonts" in wanted:
        from ..checks.run import fonts_digest

        fonts = fonts_digest(expected.brand)
    mine = facts(fonts)
    diffs = [f"{name} {mine.get(name, 'absent')} here, {value} on the coordinator"
             for name, value in wanted.items() if mine.get(name) != value]
    path = root_id_path(expected.out_dir)
    try:
        if path.read_text("ascii").strip() != expected.root_id:
            diffs.append(f"{path} is another output folder's")
    except OSError as exc:
        diffs.append(f"cannot read {path} ({exc.strerror or exc}): use --path-map FROM=TO")
    return "; ".join(diffs) or None
