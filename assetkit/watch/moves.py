"""`watch --move`: a committed source leaves the drop folder for `done/` or `failed/` beside
it, keeping its subfolder; nothing is overwritten (a clash gets ` (2)`, ` (3)`, ...)."""
from __future__ import annotations

import os
import shutil
from pathlib import Path


def aside(folder: Path, outcome: str) -> Path:
    """Where sources of `folder` go after `outcome` (done | failed): a sibling folder."""
    return folder.parent / outcome


def free_name(target: Path) -> Path:
    """`target`, or the first `name (N).ext` beside it that does not exist."""
    n = 2
    while target.exists():
        target = target.with_name(f"{target.stem.rsplit(' (', 1)[0]} ({n}){target.suffix}")
        n += 1
    return target


def move_aside(path: Path, folder: Path, dest: Path) -> Path:
    """Move `path` (under `folder`) to the same place under `dest`; the new path. A hard link
    then unlink never replaces a file that appeared meanwhile; across devices, a move."""
    target = dest / path.relative_to(folder)
    target.parent.mkdir(parents=True, exist_ok=True)
    while True:
        target = free_name(target)
        try:
            os.link(path, target)
        except FileExistsError:
            continue
        except OSError:  # another device, or a file system without hard links
            shutil.move(str(path), str(target))
            return target
        path.unlink()
        return target
