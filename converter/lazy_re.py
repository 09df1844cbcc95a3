"""Module-level regular expressions compiled on first use.

``re`` compiles a class of Han characters in ~1.5 ms (its charset optimiser walks the code points
in Python), and the modules define some 90 patterns of which one conversion uses a third: compiled
at import they were ~20 ms of every one-file run. :func:`compile_later` gives an object that
answers like the compiled pattern and compiles it the first time it is used.
"""

from __future__ import annotations

import re
from typing import Any

from . import sre_cache

_ANY = re.compile("")  # a pattern that needs no literal: any text may hold a match

# Bound once compiled, so a call costs what it costs on the pattern itself.
_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split")


class LazyPattern:
    """A pattern compiled by ``re`` on first use; ``pattern`` is readable before that."""

    __slots__ = ("_compiled", "_flags", "_literals", "pattern", *_METHODS)

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self._flags = flags
        self._compiled: re.Pattern | None = None
        self._literals: re.Pattern | None = None

    def could_match(self, text: str, pos: int = 0, endpos: int | None = None) -> bool:
        """False when ``text[pos:endpos]`` holds none of the literals every match needs
        (:func:`converter.prefilter.required_literals`): then the pattern cannot match there. The literals
        are found by one scan of their alternation, which ``re`` skips through at memory speed where the
        pattern itself is tried at every position (a pattern that opens with an optional part or a
        look-behind)."""
        literals = self._literals
        if literals is None:
            literals = self._literals = _literal_scan(self.pattern, self._flags)
        return literals is _ANY or literals.search(text, pos, len(text) if endpos is None else endpos) is not None

    def __getattr__(self, name: str) -> Any:
        """Reached for a method only before the first use (then each is set), and for any other attribute."""
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = sre_cache.compile(self.pattern, self._flags)
            for method in _METHODS:
                setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"compile_later({self.pattern!r}, {self._flags!r})"


def _literal_scan(pattern: str, flags: int) -> re.Pattern:
    """An alternation of the literals every match of ``pattern`` needs, longest first; :data:`_ANY` when
    there are none to look for (or the flags change what a literal matches)."""
    from .prefilter import required_literals  # it builds its own patterns with compile_later

    literals = None if flags & (re.IGNORECASE | re.VERBOSE) else required_literals(pattern)
    if not literals:
        return _ANY
    return sre_cache.compile("|".join(map(re.escape, sorted(literals, key=lambda w: (-len(w), w)))))


def compile_later(pattern: str, flags: int = 0) -> LazyPattern:
    """``re.compile(pattern, flags)`` when first used."""
    return LazyPattern(pattern, flags)
