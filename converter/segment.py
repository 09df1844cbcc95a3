"""Split one file's text into documents, by the markers rule files declare (never by a count)."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from itertools import pairwise

from .lazy_re import compile_later
from .patterns import RulePattern
from .rules import RuleSet

_LINE = compile_later(r"[^\n]+")
SENTENCE_END = set("。!?;:…") | {"摄"}
CLOSING_QUOTES = set("”」』")


def ends_sentence(line: str) -> bool:
    """Whether a (stripped, non-empty) line ends a sentence or a caption, so no title can end so: a closing
    quote only after a sentence's end (…。” ends one; 古村落里的“数字管家” is a headline)."""
    last = line[-1]
    return last in SENTENCE_END or (last in CLOSING_QUOTES and line[-2:-1] in SENTENCE_END)


def line_spans(text: str, limit: int | None = None) -> list[tuple[int, int]]:
    """Spans of the non-blank lines of ``text`` (white space trimmed); with ``limit``, of the first ``limit``."""
    out = []
    for m in _LINE.finditer(text):
        raw = m.group()
        if raw.strip():
            out.append((m.start() + len(raw) - len(raw.lstrip()), m.end() - (len(raw) - len(raw.rstrip()))))
            if len(out) == limit:
                break
    return out


# A break (a removed rule of dashes) splits documents only between two parts at least this long.
MIN_PART_CHARS = 80


def segment(text: str, rulesets: Sequence[RuleSet], breaks: Sequence[int] = ()) -> list[tuple[int, int]]:
    """Document spans in ``text``: split at separator lines and at ``breaks`` (offsets where a
    separating line was removed) between two long enough parts, then at repeated start lines."""
    lines = line_spans(text)
    if not lines:
        return []
    # a pattern is run only on the lines that hold a literal it needs (in most files, none)
    separators = [p for rs in rulesets for p in rs.separators]
    cut = sorted({i for p in separators for i in _lines_holding(p, text, lines, 1, len(lines))
                  if p.search(text, *lines[i])})
    cut = sorted({0, *cut, *_break_cuts(lines, breaks)})
    spans: list[tuple[int, int]] = []
    for a, b in zip(cut, [*cut[1:], len(lines)], strict=False):
        for first, last in _split_at_starts(text, lines, a, b, rulesets):
            spans.append((lines[first][0], lines[last - 1][1]))
    return spans


def _break_cuts(lines: list[tuple[int, int]], breaks: Sequence[int]) -> list[int]:
    """Line indexes to cut before, one per break whose parts on both sides reach MIN_PART_CHARS."""
    starts = [s for s, _e in lines]
    candidates = sorted({i for i in (bisect_left(starts, b) for b in breaks) if 0 < i < len(lines)})
    bounds = [0, *candidates, len(lines)]
    size = [sum(e - s for s, e in lines[a:b]) for a, b in pairwise(bounds)]
    out, pending = [], 0  # pending: characters since the last accepted cut
    for k, i in enumerate(candidates):
        pending += size[k]
        if pending >= MIN_PART_CHARS and size[k + 1] >= MIN_PART_CHARS:
            out.append(i)
            pending = 0
    return out


def _split_at_starts(text: str, lines: list[tuple[int, int]], a: int, b: int,
                     rulesets: Sequence[RuleSet]) -> list[tuple[int, int]]:
    """Line ranges ``[first, last)`` inside lines ``[a, b)``, split where a document of some type starts."""
    found: dict[int, int] = {}  # start line → first line of its header
    for rs in rulesets:
        for st in rs.starts:
            for i in _lines_holding(st.pattern, text, lines, a, b):
                s, e = lines[i]
                if st.pattern.search(text, s, e):
                    first = _header_start(text, lines, i, a, st.header_lines, st.header_max_chars)
                    found[i] = min(first, found.get(i, first))
    cuts: list[int] = []
    last_start = -1
    for i, first in sorted(found.items()):
        if first <= last_start:
            continue  # its header holds the start line before it (本报记者 X above 本报讯): one document
        cuts.append(first)
        last_start = i
    if not cuts or (len(cuts) == 1 and not _prose_before(text, lines, a, cuts[0])):
        return [(a, b)]
    bounds = [a, *(cuts if cuts[0] > a else cuts[1:]), b]
    return [(x, y) for x, y in pairwise(bounds) if y > x]


def _lines_holding(pattern: RulePattern, text: str, lines: list[tuple[int, int]], a: int, b: int) -> list[int]:
    """The indexes in ``[a, b)`` of the lines where ``pattern`` may match, in order: those holding one of the
    literals each of its matches holds (:mod:`converter.prefilter`), found by ``str.find`` over all of them at
    once; every line when it needs none. A line is searched from its start, indentation included."""
    literals = pattern.required
    if literals is None or a >= b:
        return list(range(a, b))
    ends = [e for _s, e in lines[a:b]]
    found = set()
    for literal in literals:
        at = text.find(literal, text.rfind("\n", 0, lines[a][0]) + 1, ends[-1])
        while at >= 0:
            k = bisect_left(ends, at + len(literal))  # the first line ending at or after the literal's end
            if k < len(ends) and text.rfind("\n", 0, lines[a + k][0]) < at:  # it starts inside that line
                found.add(a + k)
            at = text.find(literal, at + 1, ends[-1])
    return sorted(found)


# One start line cuts the text before it off as an article of its own only when that text holds running
# prose this long (a page's first article with no byline above a second one that has one); a title, a
# site's head or a short lead-in above the only byline stays with it.
MIN_PROSE_BEFORE = 150


def _prose_before(text: str, lines: list[tuple[int, int]], a: int, first: int) -> bool:
    prose = sum(e - s for s, e in lines[a:first] if ends_sentence(text[s:e]))
    return prose >= MIN_PROSE_BEFORE


def _header_start(text: str, lines: list[tuple[int, int]], i: int, floor: int, n: int, max_chars: int) -> int:
    """Walk up from start line ``i`` over at most ``n`` short title-like lines."""
    first = i
    while n and first - 1 >= floor:
        s, e = lines[first - 1]
        line = text[s:e]
        if len(line) > max_chars or ends_sentence(line):
            break
        first -= 1
        n -= 1
    return first
