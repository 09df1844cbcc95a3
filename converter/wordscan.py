"""Many words found in one pass over a text: Aho-Corasick automata (ahocorasick-rs) for any ``str``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .values.script import without_lone_surrogates

# A word list up to this long is scanned by a DFA from the start (the crate picks one by itself only for a few
# dozen words): over the seeds the boilerplate words (112) take 0.69 ms instead of 1.55, for 0.4 ms more to
# build. A longer one (the gazetteer's 6,480 names) starts on the crate's contiguous NFA and becomes a DFA
# after DFA_AFTER_SCANS scans: that DFA scans the seeds in 1.09 ms instead of 1.94 but takes ~11 ms more to
# build in a fresh process and ~11 MB, which a one-file run (0.3 s) should not pay and a long run does not feel.
DFA_MAX_WORDS = 1_000
DFA_AFTER_SCANS = 64


def automaton(words: Sequence[str], longest: bool = False) -> Any:
    """An automaton over ``words``: every occurrence (overlapping ones too), or with ``longest`` the
    leftmost-longest ones, each reported by its word's index in ``words``."""
    words = list(words)
    if len(words) > DFA_MAX_WORDS:
        return _Promoted(words, longest)
    return _built(words, longest, dfa=True)


def _built(words: list[str], longest: bool, dfa: bool) -> Any:
    import ahocorasick_rs  # Rust extension: imported by the first scan that needs one

    kind = ahocorasick_rs.MatchKind.LeftmostLongest if longest else ahocorasick_rs.MatchKind.Standard
    if not dfa:
        return ahocorasick_rs.AhoCorasick(words, matchkind=kind)
    return ahocorasick_rs.AhoCorasick(words, matchkind=kind, implementation=ahocorasick_rs.Implementation.DFA)


class _Promoted:
    """The automaton of a long word list: an NFA for its first :data:`DFA_AFTER_SCANS` scans, then a DFA."""

    __slots__ = ("_longest", "_scanner", "_scans", "_words")

    def __init__(self, words: list[str], longest: bool) -> None:
        self._words, self._longest, self._scans = words, longest, 0
        self._scanner = _built(words, longest, dfa=False)

    def find_matches_as_indexes(self, text: str, overlapping: bool) -> list[tuple[int, int, int]]:
        self._scans += 1
        if self._scans == DFA_AFTER_SCANS:
            self._scanner = _built(self._words, self._longest, dfa=True)
        return self._scanner.find_matches_as_indexes(text, overlapping=overlapping)


def matches(scanner: Any, text: str, overlapping: bool = True) -> list[tuple[int, int, int]]:
    """``(word index, start, end)`` of the words of ``scanner`` (from :func:`automaton`) in ``text``, in
    character offsets: every occurrence (``overlapping``, for an automaton of all occurrences) or the
    leftmost-longest ones. A lone surrogate (text decoded with ``surrogateescape``, or a caller's) cannot
    be handed to the scanner as UTF-8: it is read as U+FFFD, one character for one, so offsets hold."""
    try:
        return scanner.find_matches_as_indexes(text, overlapping=overlapping)
    except UnicodeEncodeError:
        return scanner.find_matches_as_indexes(without_lone_surrogates(text), overlapping=overlapping)
