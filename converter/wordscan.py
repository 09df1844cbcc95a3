"""Many words found in one pass over a text: Aho-Corasick automata for any ``str``.

A few hundred words (cue literals, boilerplate words) are scanned by ahocorasick-rs's DFA; a long list
(the gazetteer's 6,480 names) by daachorse's character-wise double array, which reads a text of Han
characters a code point at a time instead of a UTF-8 byte at a time: over the seeds' documents it scans
the names in 1.66 ms instead of 3.03 (ahocorasick-rs's contiguous NFA; its DFA would take ~11 MB) and
builds in 3 ms instead of 16. For the short lists the DFA is as fast or faster (0.85 against 0.91 ms).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .values.script import without_lone_surrogates

# A word list up to this long is scanned by a DFA: over the seeds the boilerplate words (112) take 0.69 ms
# instead of 1.55 with an NFA, for 0.4 ms more to build. A longer one takes the double array.
DFA_MAX_WORDS = 1_000


def automaton(words: Sequence[str], longest: bool = False) -> Any:
    """An automaton over ``words``: every occurrence (overlapping ones too), or with ``longest`` the
    leftmost-longest ones, each reported by its word's index in ``words``."""
    words = list(words)
    if len(words) > DFA_MAX_WORDS:
        import daachorse  # Rust extensions: imported by the first scan that needs one

        kind = daachorse.MATCH_KIND_LEFTMOST_LONGEST if longest else daachorse.MATCH_KIND_STANDARD
        return _DoubleArray(daachorse.CharwiseDoubleArrayAhoCorasick(words, match_kind=kind))
    import ahocorasick_rs

    kind = ahocorasick_rs.MatchKind.LeftmostLongest if longest else ahocorasick_rs.MatchKind.Standard
    return ahocorasick_rs.AhoCorasick(words, matchkind=kind, implementation=ahocorasick_rs.Implementation.DFA)


class _DoubleArray:
    """daachorse's automaton, answering as ahocorasick-rs's does."""

    __slots__ = ("_scanner",)

    def __init__(self, scanner: Any) -> None:
        self._scanner = scanner

    def find_matches_as_indexes(self, text: str, overlapping: bool = False) -> list[tuple[int, int, int]]:
        found = self._scanner.find_overlapping(text) if overlapping else self._scanner.find(text)
        return [(index, start, end) for start, end, index in found]


def matches(scanner: Any, text: str, overlapping: bool = True) -> list[tuple[int, int, int]]:
    """``(word index, start, end)`` of the words of ``scanner`` (from :func:`automaton`) in ``text``, in
    character offsets, in the order they end: every occurrence (``overlapping``, for an automaton of all
    occurrences) or the leftmost-longest ones. A lone surrogate (text decoded with ``surrogateescape``, or
    a caller's) cannot be handed to the scanner as UTF-8: it is read as U+FFFD, one character for one, so
    offsets hold."""
    try:
        return scanner.find_matches_as_indexes(text, overlapping=overlapping)
    except UnicodeEncodeError:
        return scanner.find_matches_as_indexes(without_lone_surrogates(text), overlapping=overlapping)
