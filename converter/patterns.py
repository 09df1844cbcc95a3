"""Regular expressions from rule files: compiled once, time-limited, traceable to their line."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from .errors import PatternTimeout
from .prefilter import required_literals

# A rule's pattern may spend at most this long on one call (the whole run never hangs).
PATTERN_TIMEOUT_S = 1.0
FLAGS = regex.MULTILINE | regex.VERSION0
# Below this many characters a pattern is run without looking for its literals first.
PREFILTER_MIN_CHARS = 256


class RulePattern:
    """A compiled pattern that knows its origin (``file:line``) and cannot run forever.

    A pattern is not run at all over text that lacks every literal its matches need
    (:mod:`converter.prefilter`)."""

    __slots__ = ("compiled", "origin", "required", "source")

    def __init__(self, source: str, origin: str = "<builtin>") -> None:
        self.source = source
        self.origin = origin
        self.compiled = regex.compile(source, FLAGS)
        self.required = required_literals(source)

    def could_match(self, text: str, pos: int = 0, endpos: int | None = None) -> bool:
        """False when ``text[pos:endpos]`` lacks every literal a match needs (then none is possible).

        Short ranges (a line) are not checked: there the regex costs no more than the check."""
        end = len(text) if endpos is None else endpos
        if self.required is None or end - pos < PREFILTER_MIN_CHARS:
            return True
        return any(text.find(literal, pos, end) >= 0 for literal in self.required)

    def _run(self, method, text: str, pos: int, endpos: int | None):
        if not self.could_match(text, pos, endpos):
            return None
        try:
            return method(text, pos, len(text) if endpos is None else endpos, timeout=PATTERN_TIMEOUT_S)
        except TimeoutError as exc:
            raise PatternTimeout(self.origin, self.source) from exc

    def search(self, text: str, pos: int = 0, endpos: int | None = None):
        return self._run(self.compiled.search, text, pos, endpos)

    def match(self, text: str, pos: int = 0, endpos: int | None = None):
        return self._run(self.compiled.match, text, pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator:
        if not self.could_match(text, pos, endpos):
            return
        try:
            yield from self.compiled.finditer(text, pos, len(text) if endpos is None else endpos,
                                              timeout=PATTERN_TIMEOUT_S)
        except TimeoutError as exc:
            raise PatternTimeout(self.origin, self.source) from exc

    def __repr__(self) -> str:
        return f"RulePattern({self.source!r} @ {self.origin})"


def compile_error(source: str) -> str | None:
    """Why ``source`` does not compile, or None."""
    try:
        regex.compile(source, FLAGS)
    except regex.error as exc:
        return str(exc)
    return None
