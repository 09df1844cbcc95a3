"""Opening input and rule files safely: regular files only, never blocking, never past a size limit,
and (for files found in folders) never through a symbolic link or a file swapped in after discovery."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, NamedTuple

from .errors import InputError

BLOCK = 1 << 20


class Identity(NamedTuple):
    """The file a name pointed at when it was discovered (device and inode)."""

    device: int
    inode: int

    @classmethod
    def of(cls, info: os.stat_result) -> Identity:
        return cls(info.st_dev, info.st_ino)


@contextmanager
def open_regular(path: Path, name: str, *, follow: bool = True, identity: Identity | None = None,
                 max_bytes: int | None = None, limit: str = "--max-bytes") -> Iterator[tuple[BinaryIO, os.stat_result]]:
    """``path`` opened for reading, with its ``fstat``; :class:`InputError` (naming ``name``) unless it is a
    regular file (opened non-blocking: a FIFO or device is refused, never waited on), no larger than
    ``max_bytes``, not a symbolic link when ``follow`` is False (``O_NOFOLLOW``) and, when ``identity`` is
    given, still the file discovered (the same device and inode: not one swapped in since)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if not follow and os.path.islink(path):
            raise InputError(name, "became a symbolic link after it was found; not followed") from exc
        raise InputError(name, f"cannot read: {exc.strerror or exc}") from exc
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(name, "not a regular file")
        if identity is not None and Identity.of(info) != identity:
            raise InputError(name, "was replaced by another file after it was found; not read")
        if max_bytes is not None and info.st_size > max_bytes:
            raise InputError(name, f"file is {info.st_size} bytes, over the limit of {max_bytes} ({limit})")
        yield fh, info


def read_regular(path: Path, name: str, max_bytes: int, *, follow: bool = True,
                 identity: Identity | None = None, limit: str = "--max-bytes") -> bytes:
    """The bytes of the regular file ``path`` (see :func:`open_regular`), never more than ``max_bytes``."""
    with open_regular(path, name, follow=follow, identity=identity, max_bytes=max_bytes, limit=limit) as (fh, _):
        try:
            raw = fh.read(max_bytes + 1)
        except OSError as exc:
            raise InputError(name, f"cannot read: {exc.strerror or exc}") from exc
    if len(raw) > max_bytes:  # it grew while we read it
        raise InputError(name, f"file is over the limit of {max_bytes} bytes ({limit})")
    return raw


def sha256_of(path: Path, name: str, *, follow: bool = True, identity: Identity | None = None) -> str:
    """The SHA-256 of the regular file ``path``, opened as :func:`open_regular` does."""
    digest = hashlib.sha256()
    with open_regular(path, name, follow=follow, identity=identity) as (fh, _):
        for block in iter(lambda: fh.read(BLOCK), b""):
            digest.update(block)
    return digest.hexdigest()
