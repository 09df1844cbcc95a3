"""A cache on disk for what start-up derives from text that has not changed: parsed rule files,
analysed patterns and the code ``re`` compiles them to (:mod:`converter.sre_cache`).

Building a Converter parses ~150 KB of rule-file YAML and reads ~200 regular expressions, about 60 ms
of a one-file run. Each result is a pure function of its text and of the code that makes it, so it is
kept between runs in a marshal file under :func:`cache_dir`, keyed by the text. The file's name holds
a digest of that code, of this Python and of the libraries it depends on: other code never reads it. Only the
results of text that loaded without a problem are kept, so every error is still found and reported
as it was. Anything wrong with the cache (missing, unreadable, corrupt, a read-only folder) costs only
the time it would have saved: a value that does not have the shape its reader expects is a miss.

``CONVERTER_CACHE_DIR`` names the folder, and turns the cache off when empty. Its default is
``$XDG_CACHE_HOME/converter``, else ``~/.cache/converter``. The folder is the user's own, like the
one ``jieba`` keeps its dictionary cache in: what is there is trusted as much as their other files.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import marshal
import os
import sys
import time
from itertools import islice
from pathlib import Path
from typing import Any

CACHE_DIR_ENV = "CONVERTER_CACHE_DIR"
MAX_FILE_BYTES = 32 * 1024 * 1024  # a cache file larger than this is not read (the built-in rules need ~0.3 MB)
STALE_TEMP_S = 600  # a temporary file this old is a killed run's, never renamed: removed by the next save


def cache_dir() -> Path | None:
    """The folder of the cache files, or None when the cache is off (``CONVERTER_CACHE_DIR=""``)."""
    chosen = os.environ.get(CACHE_DIR_ENV)
    if chosen is not None:
        return Path(chosen) if chosen else None
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:  # no home folder to be found
            return None
    return Path(base) / "converter"


class CacheFile:
    """One cache file: a dict from text keys to values marshal can write (str, numbers, tuples,
    lists, dicts, frozensets, None), read on first use and written back by :meth:`save` when
    something was added. It keeps at most ``max_entries``: those this process used first."""

    def __init__(self, name: str, code_files: tuple[str, ...], max_entries: int,
                 depends_on: tuple[str, ...] = ()) -> None:
        self.name = name
        self.max_entries = max_entries
        self._code_files = code_files
        self._depends_on = depends_on
        self._digest: str | None = None
        self._loaded_from: Path | None = None
        self._entries: dict[str, Any] = {}
        self._used: dict[str, Any] = {}
        self._added = False

    def path(self) -> Path | None:
        """Where this cache is read and written now, or None when the cache is off."""
        folder = cache_dir()
        if folder is None:
            return None
        if self._digest is None:
            from .entrypoints import installed_versions  # read when the cache is first used, not at import

            versions = installed_versions(*self._depends_on) if self._depends_on else ()
            digest = hashlib.sha256("\0".join((sys.version, *versions)).encode())
            for file in self._code_files:
                try:
                    digest.update(Path(file).read_bytes())
                except OSError:  # code not kept as files: nothing to tell its versions apart by
                    return None
            self._digest = digest.hexdigest()[:16]
        return folder / f"{self.name}-{self._digest}.marshal"

    def _current(self, path: Path | None) -> dict[str, Any]:
        if path != self._loaded_from:  # first use, or the folder was changed (tests do)
            self._loaded_from, self._entries, self._used, self._added = path, _read(path), {}, False
        return self._entries

    def get(self, key: str) -> Any:
        """The value kept for ``key``, or None."""
        value = self._current(self.path()).get(key)
        if value is not None:
            self._used[key] = value
        return value

    def put(self, key: str, value: Any) -> None:
        path = self.path()
        if path is not None:
            self._current(path)[key] = self._used[key] = value
            self._added = True

    def save(self) -> None:
        """Write the file if something was added (through a temporary file and a rename, so a reader
        never sees half of it); a folder that cannot be written is left alone."""
        path = self.path()
        if not self._added or path is None or path != self._loaded_from:
            return
        kept = dict(islice(self._used.items(), self.max_entries))
        for key, value in self._entries.items():
            if len(kept) >= self.max_entries:
                break
            kept.setdefault(key, value)
        tmp = path.with_name(f".{path.name}.{os.getpid()}-{os.urandom(4).hex()}.tmp")
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            tmp.write_bytes(marshal.dumps(kept))
            os.replace(tmp, path)
        except (OSError, ValueError):  # ValueError: a value marshal cannot write (a caller's mistake)
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
            return
        self._added = False
        stale = time.time() - STALE_TEMP_S
        for old in (*path.parent.glob(f"{self.name}-*.marshal"), *path.parent.glob(f".{self.name}-*.tmp")):
            with contextlib.suppress(OSError):  # other versions of the code wrote it, or a killed run began it
                if old != path and (old.suffix == ".marshal" or old.stat().st_mtime < stale):
                    old.unlink()


def _read(path: Path | None) -> dict[str, Any]:
    if path is None:
        return {}
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return {}
        data = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    return data if type(data) is dict else {}


_FILES: list[CacheFile] = []


def cache_file(name: str, code_files: tuple[str, ...], max_entries: int, depends_on: tuple[str, ...] = ()) -> CacheFile:
    """A cache file that :func:`save_all` writes; its values are made by the code in ``code_files`` under
    this Python and the installed versions of the distributions ``depends_on`` names."""
    found = CacheFile(name, code_files, max_entries, depends_on)
    _FILES.append(found)
    return found


def save_all() -> None:
    """Write every cache file something was added to (a Converter does once it is built, and the process
    as it exits: what converting compiled, :mod:`converter.sre_cache`)."""
    for found in _FILES:
        found.save()


atexit.register(save_all)
