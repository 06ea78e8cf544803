"""Small files beside the store that several processes share: an exclusive lock, and writes that land whole."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on `path` (created if missing) against other processes and threads."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # flock belongs to the open file, so two threads of one process exclude each other as two processes do.
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def write_atomically(path: Path, lines: Iterable[str]) -> None:
    """Write `lines` to a temp file beside `path`, flush it to disk, then rename it over `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        handle.writelines(lines)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def signature(path: Path) -> tuple[int, int, int] | None:
    """What tells one version of a file from the next (inode, mtime, size), or None when it is missing."""
    try:
        return stat_signature(path.stat())
    except FileNotFoundError:
        return None


def stat_signature(stat: os.stat_result) -> tuple[int, int, int]:
    """The signature of a file from its stat (use os.fstat on an open file to pair it with what was read)."""
    return stat.st_ino, stat.st_mtime_ns, stat.st_size
