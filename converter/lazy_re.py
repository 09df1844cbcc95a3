"""Module-level regular expressions compiled on first use.

``re`` compiles a class of Han characters in ~1.5 ms (its charset optimiser walks the code points
in Python), and the modules define some 90 patterns of which one conversion uses a third: compiled
at import they were ~20 ms of every one-file run. :func:`compile_later` gives an object that
answers like the compiled pattern and compiles it the first time it is used.
"""

from __future__ import annotations

import re
from typing import Any

# Bound once compiled, so a call costs what it costs on the pattern itself.
_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split")


class LazyPattern:
    """A pattern compiled by ``re`` on first use; ``pattern`` is readable before that."""

    __slots__ = ("_compiled", "_flags", "pattern", *_METHODS)

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self._flags = flags
        self._compiled: re.Pattern | None = None

    def __getattr__(self, name: str) -> Any:
        """Reached for a method only before the first use (then each is set), and for any other attribute."""
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = re.compile(self.pattern, self._flags)
            for method in _METHODS:
                setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"compile_later({self.pattern!r}, {self._flags!r})"


def compile_later(pattern: str, flags: int = 0) -> LazyPattern:
    """``re.compile(pattern, flags)`` when first used."""
    return LazyPattern(pattern, flags)
