"""The installed plugins' entry points, read without importing ``importlib.metadata`` while nothing changed.

``importlib.metadata`` takes ~30 ms to import (it pulls in ``email``, ``socket`` and ``zipfile``) and
~6 ms to read every distribution's metadata: an eighth of a one-file run. The entry points of a
group are a function of the distributions on ``sys.path``, and installing, upgrading or removing one
adds, renames or removes its ``*.dist-info`` folder (the version is in its name) or rewrites its
``entry_points.txt``. So the list is kept in the start-up cache (:mod:`converter.cache`) under a
digest of every ``sys.path`` entry, the names of the metadata folders in each and the modification
time of their ``entry_points.txt``; any change there, or a finder on ``sys.meta_path`` that could
supply distributions from elsewhere, and ``importlib.metadata`` is asked as before.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.machinery
import os
import sys
from typing import NamedTuple

from .cache import cache_file
from .lazy_re import compile_later

METADATA_SUFFIXES = (".dist-info", ".egg-info")
_VALUE = compile_later(r"(?P<module>[\w.]+)\s*(:\s*(?P<attr>[\w.]+)\s*)?((?P<extras>\[.*\])\s*)?$")  # importlib's


class EntryPoint(NamedTuple):
    """What a plugin loader needs of an entry point: its name, ``module:attr`` value and distribution."""

    name: str
    value: str
    dist_name: str
    dist_version: str

    def load(self) -> object:
        """The object the value names, as ``importlib.metadata.EntryPoint.load`` finds it."""
        m = _VALUE.match(self.value)
        if m is None:
            raise ValueError(f"entry point {self.name!r}: not a module or module:attribute: {self.value!r}")
        found: object = importlib.import_module(m["module"])
        for attr in filter(None, (m["attr"] or "").split(".")):
            found = getattr(found, attr)
        return found


_LISTS = cache_file("entry-points", (__file__,), max_entries=64)


def entry_points(group: str) -> list[EntryPoint]:
    """The entry points of ``group`` in this environment, in ``importlib.metadata``'s order."""
    key = _environment_key()
    cached = _LISTS.get(f"{group}\0{key}") if key is not None else None
    if type(cached) is tuple and all(type(e) is tuple and len(e) == 4 and all(type(p) is str for p in e)
                                     for e in cached):
        return [EntryPoint(*e) for e in cached]
    from importlib import metadata

    found = [EntryPoint(ep.name, ep.value, ep.dist.name if ep.dist else "?", ep.dist.version if ep.dist else "?")
             for ep in metadata.entry_points(group=group)]
    if key is not None:
        _LISTS.put(f"{group}\0{key}", tuple(tuple(e) for e in found))
        _LISTS.save()
    return found


def installed_versions(*names: str) -> tuple[str, ...]:
    """``name version`` of each of these distributions that ``sys.path`` holds (by the names of their
    metadata folders, ``pyyaml-6.0.4.dist-info``: nothing is imported), for a cache whose values depend on
    them (how PyYAML parses, what jsonschema-rs accepts)."""
    wanted = {_normalized(name): name for name in names}
    found = []
    for entry in sys.path:
        for folder in _listing(entry or ".")[1]:
            name, _, rest = folder.partition("-")
            if _normalized(name) in wanted:
                found.append(f"{wanted[_normalized(name)]} {rest.rsplit('.', 1)[0].split('-')[0]}")
    return tuple(found)


def _normalized(name: str) -> str:
    return name.lower().replace("-", "_").replace(".", "_")


def _listing(folder: str) -> tuple[str, list[str]]:
    """What ``folder`` (a ``sys.path`` entry) is, "dir", "file:<mtime>" (a zip, an egg: what it holds changes
    with its time) or "missing", and the sorted names of the metadata folders it holds."""
    try:
        with os.scandir(folder) as children:
            return "dir", sorted(child.name for child in children if child.name.endswith(METADATA_SUFFIXES))
    except NotADirectoryError:
        return f"file:{_mtime(folder)}", []
    except OSError:
        return "missing", []


def _environment_key() -> str | None:
    """A digest of what the distributions on ``sys.path`` are, or None when it cannot tell (a finder other
    than the path finder that can supply distributions)."""
    path_finder = importlib.machinery.PathFinder
    if any(f is not path_finder and hasattr(f, "find_distributions") for f in sys.meta_path):
        return None
    digest = hashlib.sha256(f"{sys.version}\0{sys.prefix}".encode())
    for entry in sys.path:
        state, names = _listing(entry or ".")
        digest.update(f"\0{entry}\0{state}".encode("utf-8", "surrogateescape"))
        for name in names:
            written = _mtime(os.path.join(entry or ".", name, "entry_points.txt"))
            digest.update(f"\0{name}:{written}".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def _mtime(path: str) -> int:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return -1
