"""File names in messages: valid Unicode, and safe for one line of a log or a terminal."""

from __future__ import annotations

from .lazy_re import compile_later


def display_path(path: str) -> str:
    """``path`` as valid Unicode: bytes of a file name that are not UTF-8 appear as ``\\xNN``."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


# What must not reach a log line or a terminal raw: controls (a newline forges a line, ESC and OSC
# sequences drive the terminal), bidi overrides (they reorder what is shown) and line separators.
_UNPRINTABLE = compile_later("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` (a message naming files) safe as one line of stderr: bytes that are not UTF-8 as ``\\xNN``
    (:func:`display_path`), control, bidi and line-separator characters as escapes (``\\n``,
    ``\\x1b``, ``\\u202e``)."""
    return _UNPRINTABLE.sub(lambda m: m[0].encode("unicode_escape").decode("ascii"), display_path(text))
