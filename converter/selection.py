"""Which files under an input folder ``converter convert`` reads.

By default only document files: the suffixes in :data:`DOCUMENT_SUFFIXES`, and files without a
suffix whose first bytes read as text or HTML. Hidden, version-control, build and cache folders
are not entered. ``--glob`` patterns replace the suffix test (they choose the files themselves);
``--exclude`` patterns drop files and folders. Patterns are matched against the path relative to
the input folder (``*`` also crosses ``/``), and a pattern without ``/`` against the name too.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass

DOCUMENT_SUFFIXES = frozenset({".txt", ".text", ".htm", ".html", ".shtml", ".xhtml"})
# Folders that hold tools' state or build output, never documents (hidden folders are skipped too).
SKIPPED_FOLDERS = frozenset({"__pycache__", "build", "dist", "node_modules", "site-packages", "venv", "env",
                             "CVS", "_darcs", "__MACOSX"})
SKIPPED_FOLDER_SUFFIXES = (".egg-info", ".dist-info")
SNIFF_BYTES = 4096
TEXT_ENCODINGS = ("utf-8", "gb18030", "big5")


def matches(patterns: Iterable[str], relpath: str) -> bool:
    """True when any pattern matches ``relpath`` (or, for a pattern without ``/``, its last part)."""
    name = relpath.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatchcase(relpath, p) or ("/" not in p and fnmatch.fnmatchcase(name, p)) for p in patterns)


def folder_skip_reason(name: str) -> str | None:
    """Why a folder of this name is not entered (hidden, version control, build or cache), or None."""
    if name.startswith("."):
        return "hidden folder"
    if name in SKIPPED_FOLDERS or name.endswith(SKIPPED_FOLDER_SUFFIXES):
        return "build, cache or tool folder"
    return None


def sniffs_as_text(path: str | os.PathLike) -> bool:
    """True when the file's first bytes hold no NUL and decode as UTF-8, GB18030 or Big5 (text or HTML)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(SNIFF_BYTES)
    except OSError:
        return True  # converting it reports why it cannot be read
    if not head.strip() or b"\x00" in head:
        return False
    cut = head if len(head) < SNIFF_BYTES else head[:-4]  # a character may straddle the end of the sample
    for encoding in TEXT_ENCODINGS:
        try:
            cut.decode(encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False


@dataclass
class Selection:
    """The options that choose files inside input folders, and the count of what they left out."""

    globs: tuple[str, ...] = ()
    excludes: tuple[str, ...] = ()
    on_skip: Callable[[str, str], None] | None = None  # told ``(path, why)`` of each file or folder left out
    skipped_files: int = 0
    skipped_folders: int = 0

    def enter(self, path: str, relpath: str, name: str) -> bool:
        """Whether to walk into the folder at ``relpath``."""
        why = folder_skip_reason(name) or ("--exclude" if matches(self.excludes, relpath) else None)
        if why is None:
            return True
        self.skipped_folders += 1
        if self.on_skip:
            self.on_skip(path, why)
        return False

    def wants(self, path: str, relpath: str) -> bool:
        """Whether the file at ``relpath`` (inside an input folder) is to be converted."""
        if self.excludes and matches(self.excludes, relpath):
            why = "--exclude"
        elif self.globs:
            why = None if matches(self.globs, relpath) else "not matched by --glob"
        else:
            why = None if is_document_file(path) else "not a document file"
        if why is None:
            return True
        self.skipped_files += 1
        if self.on_skip:
            self.on_skip(path, why)
        return False


def is_document_file(path: str) -> bool:
    """A document suffix, or no suffix and text-like content."""
    suffix = os.path.splitext(path)[1].lower()
    if suffix:
        return suffix in DOCUMENT_SUFFIXES
    return sniffs_as_text(path)
