"""Whether a file system keeps inode numbers stable across mounts and reads: SMB/CIFS and some
NFS or FUSE mounts make them up per session, so a no-op build there compares size and mtime
only (issue 19's no-op rule)."""
from __future__ import annotations

import os
from pathlib import Path

UNSTABLE = ("cifs", "smb", "smb2", "smb3", "smbfs", "nfs", "nfs4", "9p", "vboxsf", "fuse")
MOUNTS = Path("/proc/self/mounts")


def _unescape(field: str) -> str:
    return field.replace("\\040", " ").replace("\\011", "\t").replace("\\134", "\\")


def filesystem(path: Path) -> str | None:
    """The type of the file system `path` is on (Linux: the longest mount point above it)."""
    try:
        lines = MOUNTS.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    target, best, kind = os.path.realpath(path), -1, None
    for line in lines:
        parts = line.split()
        if len(parts) < 3:
            continue
        point = _unescape(parts[1])
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) > best:
            best, kind = len(point), parts[2]
    return kind


def stable_inodes(path: Path) -> bool:
    kind = filesystem(path) or ""
    return not any(kind == u or kind.startswith(f"{u}.") for u in UNSTABLE)
