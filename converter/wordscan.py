"""Many words found in one pass over a text: Aho-Corasick automata (ahocorasick-rs) for any ``str``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .values.script import without_lone_surrogates

# A word list up to this long is scanned by a DFA, which the crate picks by itself only for a few dozen words:
# over the seeds the boilerplate words (112) take 0.69 ms instead of 1.55, for 0.4 ms more to build. A longer
# one (the gazetteer's 6,480 names) keeps the crate's contiguous NFA: its DFA scans the seeds' places in 1.09 ms
# instead of 1.94 but takes ~27 ms more to build and ~11 MB, which each worker of a run pays: a worker of a
# 250-file run barely earns the build back.
DFA_MAX_WORDS = 1_000


def automaton(words: Sequence[str], longest: bool = False) -> Any:
    """An automaton over ``words``: every occurrence (overlapping ones too), or with ``longest`` the
    leftmost-longest ones, each reported by its word's index in ``words``."""
    import ahocorasick_rs  # Rust extension: imported by the first scan that needs one

    kind = ahocorasick_rs.MatchKind.LeftmostLongest if longest else ahocorasick_rs.MatchKind.Standard
    words = list(words)
    if len(words) > DFA_MAX_WORDS:
        return ahocorasick_rs.AhoCorasick(words, matchkind=kind)
    return ahocorasick_rs.AhoCorasick(words, matchkind=kind, implementation=ahocorasick_rs.Implementation.DFA)


def matches(scanner: Any, text: str, overlapping: bool = True) -> list[tuple[int, int, int]]:
    """``(word index, start, end)`` of the words of ``scanner`` (from :func:`automaton`) in ``text``, in
    character offsets: every occurrence (``overlapping``, for an automaton of all occurrences) or the
    leftmost-longest ones. A lone surrogate (text decoded with ``surrogateescape``, or a caller's) cannot
    be handed to the scanner as UTF-8: it is read as U+FFFD, one character for one, so offsets hold."""
    try:
        return scanner.find_matches_as_indexes(text, overlapping=overlapping)
    except UnicodeEncodeError:
        return scanner.find_matches_as_indexes(without_lone_surrogates(text), overlapping=overlapping)
