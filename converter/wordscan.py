"""Many words found in one pass over a text: Aho-Corasick automata (ahocorasick-rs) for any ``str``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .values.script import without_lone_surrogates


def automaton(words: Sequence[str], longest: bool = False) -> Any:
    """An automaton over ``words``: every occurrence (overlapping ones too), or with ``longest`` the
    leftmost-longest ones, each reported by its word's index in ``words``.

    Always a DFA, which the crate picks by itself only for a few dozen words: over the seeds it scans the
    boilerplate words (112) in 0.69 ms instead of 1.55 and the gazetteer's 6,480 names in 1.09 instead of
    1.94, for 0.4 and 1.6 ms more to build and, for the gazetteer, ~11 MB more."""
    import ahocorasick_rs  # Rust extension: imported by the first scan that needs one

    kind = ahocorasick_rs.MatchKind.LeftmostLongest if longest else ahocorasick_rs.MatchKind.Standard
    return ahocorasick_rs.AhoCorasick(list(words), matchkind=kind, implementation=ahocorasick_rs.Implementation.DFA)


def matches(scanner: Any, text: str, overlapping: bool = True) -> list[tuple[int, int, int]]:
    """``(word index, start, end)`` of the words of ``scanner`` (from :func:`automaton`) in ``text``, in
    character offsets: every occurrence (``overlapping``, for an automaton of all occurrences) or the
    leftmost-longest ones. A lone surrogate (text decoded with ``surrogateescape``, or a caller's) cannot
    be handed to the scanner as UTF-8: it is read as U+FFFD, one character for one, so offsets hold."""
    try:
        return scanner.find_matches_as_indexes(text, overlapping=overlapping)
    except UnicodeEncodeError:
        return scanner.find_matches_as_indexes(without_lone_surrogates(text), overlapping=overlapping)
