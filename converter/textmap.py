"""Text with an offset map back to the source it was cleaned from.

``clean`` is the source with some runs deleted (pinyin glosses, boilerplate lines,
line breaks inside sentences); ``match`` is ``clean`` converted to simplified script
and half-width forms code point for code point, so both share one offset map.
Rules search ``match``; values are cut from ``clean``; spans are mapped to the source.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable


class MappedText:
    """Source text, its cleaned and matchable forms, and the map between them."""

    __slots__ = ("_run_clean", "_run_src", "breaks", "clean", "furniture", "match", "memo", "source")

    def __init__(self, source: str, deletions: Iterable[tuple[int, int]], matchable: str) -> None:
        """``matchable`` is the whole source in match form (same length); runs are cut from both."""
        if len(matchable) != len(source):
            raise ValueError("the match form must keep the text's length")
        self.source = source
        self.breaks: list[int] = []  # clean offsets where a separator line was removed (see normalize)
        self.furniture: list[tuple[int, int]] = []  # source spans of removed furniture lines (see normalize)
        # what every document of the file would otherwise scan the file for again (page_pattern matches)
        self.memo: dict = {}
        kept: list[str] = []
        kept_match: list[str] = []
        self._run_clean: list[int] = []
        self._run_src: list[int] = []
        pos = 0
        length = 0
        for start, end in sorted(_merge(deletions)):
            if start > pos:
                self._run_clean.append(length)
                self._run_src.append(pos)
                kept.append(source[pos:start])
                kept_match.append(matchable[pos:start])
                length += start - pos
            pos = max(pos, end)
        if pos < len(source) or not self._run_clean:
            self._run_clean.append(length)
            self._run_src.append(pos)
            kept.append(source[pos:])
            kept_match.append(matchable[pos:])
        self.clean = "".join(kept)
        self.match = "".join(kept_match)

    def to_source(self, i: int) -> int:
        """Source offset of the character at clean offset ``i``."""
        k = bisect_right(self._run_clean, i) - 1
        return self._run_src[k] + (i - self._run_clean[k])

    def to_clean(self, src: int) -> int:
        """Clean offset of source offset ``src`` (a deleted position maps to where the deletion is)."""
        k = bisect_right(self._run_src, src) - 1
        if k < 0:
            return 0
        return self._run_clean[k] + min(src - self._run_src[k], self._run_length(k))

    def _run_length(self, k: int) -> int:
        end = self._run_clean[k + 1] if k + 1 < len(self._run_clean) else len(self.clean)
        return end - self._run_clean[k]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a clean ``[start, end)`` span to the source span covering the same characters."""
        if end <= start:
            s = self.to_source(start) if start < len(self.clean) else len(self.source)
            return s, s
        run_clean, run_src = self._run_clean, self._run_src  # to_source of both ends, inlined: values ask it often
        k = bisect_right(run_clean, start) - 1
        last = end - 1
        if k + 1 < len(run_clean) and run_clean[k + 1] <= last:  # the span holds a deletion: its end in another run
            j = bisect_right(run_clean, last) - 1
            return run_src[k] + (start - run_clean[k]), run_src[j] + (last - run_clean[j]) + 1
        return run_src[k] + (start - run_clean[k]), run_src[k] + (last - run_clean[k]) + 1


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
