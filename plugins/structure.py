"""Extractors for a document's structure: its title, section tree and paragraphs."""

from __future__ import annotations

from collections import Counter

from converter import hookimpl
from converter.chrome import HAN, is_meta_line
from converter.document import Doc, Val
from converter.patterns import RulePattern

# Heading shapes, one row per level (the contract: 1 一、 2 (一) 3 1. 4 (1)). A heading starts a
# line or follows the end of a sentence (pages that ran lines together); its text runs to the
# first clause punctuation (or to its sentence's end: see sections). The tier some reports set above 一、
# is level 1 too, the levels below it staying as the contract sets them (a consumer reads level 1 as 一、's
# level in every document): headings numbered in financial numerals (壹、贰、参, Taiwan's 施政报告), and a
# report's parts or chapters (第一部分 2023年工作回顾, 第二章 …) on lines of their own, as an unnumbered
# heading line above them is (see sections).
FINANCIAL_NUMERALS = "壹贰参叁肆伍陆柒捌玖拾"  # as the match form writes them (貳→贰, 參→参, 陸→陆)
HEADING_LEVELS = [
    (1, rf"(?P<n>[{FINANCIAL_NUMERALS}]{{1,3}})、"),
    (1, r"(?P<n>[一二三四五六七八九十]{1,3})、"),
    (1, r"第(?P<n>[一二三四五六七八九十]{1,3})(?:部分|章)[ \t:、]*(?=[^,。;:!?\n]*(?:\n|\Z))"),
    (2, r"[((](?P<n>[一二三四五六七八九十]{1,3})[))]"),
    (3, r"(?P<n>\d{1,2})[.、．](?![\d%])"),
    (4, r"[((](?P<n>\d{1,2})[))]"),
]
# The marker and its text, found by ``re`` from the marker on (a pattern that starts with its
# look-behinds would be tried at every position); what may precede it is tested in Python (:func:`_opens`).
_HEADING = [(level, RulePattern(rf"{marker}(?P<h>[^,。;:!?\n]{{2,60}})")) for level, marker in HEADING_LEVELS]
_SENTENCE_END = "。;!?"


def _opens(text: str, pos: int) -> bool:
    """Whether a heading may start at ``pos``: only spaces or tabs separate it from a line's start, from
    the end of a sentence (one white space between them allowed) or from two white spaces."""
    start = pos
    while start > 0 and text[start - 1] in " \t":
        start -= 1
    for p in range(start, pos + 1):  # where the run of spaces before the marker may begin
        before = text[p - 1] if p else "\n"
        if before == "\n" or before in _SENTENCE_END:
            return True
        if p >= 2 and before.isspace() and (text[p - 2] in _SENTENCE_END or text[p - 2].isspace()):
            return True
    return False


def _headings(pattern: RulePattern, text: str, end: int):
    """The matches of one heading pattern in ``text[:end]`` that may start a heading, as one pattern with
    the opening as a look-behind finds them (non-overlapping, leftmost first)."""
    pos = 0
    while (m := pattern.search(text, pos, end)) is not None:
        if _opens(text, m.start()):
            yield m
            pos = m.end()
        else:
            pos = m.start() + 1


_CLAUSE_END = _SENTENCE_END + "\n"
# Where the title of a page run into one line ends: a clause mark, or the dash of a subtitle
# (政府工作报告——2024年1月9日在…会议上).
TITLE_ENDS = ("。", ",", ";", "!", "?", "——")


def title(doc: Doc, skip_pattern: RulePattern | None = None, strip_pattern: RulePattern | None = None,
          prefer_pattern: RulePattern | None = None, lines: int = 6, min_chars: int = 4,
          max_chars: int = 80) -> Val | None:
    """The title line: the first of the first ``lines`` lines matching ``prefer_pattern``, else the first
    usable line (no page meta line, not matching ``skip_pattern``, ``min_chars``..``max_chars`` long), minus
    ``strip_pattern``."""
    usable = []
    for s, e in doc.lines[:lines]:
        if (skip_pattern and skip_pattern.search(doc.match, s, e)) or is_meta_line(doc.match[s:e]):
            continue
        if strip_pattern and (m := strip_pattern.match(doc.match, s, e)):
            s = m.end()
        s += len(doc.match[s:e]) - len(doc.match[s:e].lstrip())
        if min_chars <= e - s <= max_chars:
            usable.append((s, e))
    if not usable:  # every line too long (a page that ran together): its first clause
        first = next(((s, e) for s, e in doc.lines[:lines]
                      if not (skip_pattern and skip_pattern.search(doc.match, s, e))), None)
        if first is None:
            return None
        s, e = first
        cut = min((i for i in (doc.match.find(mark, s, e) for mark in TITLE_ENDS) if i > s), default=e)
        usable = [(s, min(cut, s + max_chars))]
    preferred = [sp for sp in usable if prefer_pattern and prefer_pattern.search(doc.match, *sp)]
    s, e = (preferred or usable)[0]
    doc.anchors["title"] = (s, e)
    return doc.val(s, e)


# Each clause of a two-clause heading run into its paragraph is at most this long (聚焦扩大内需，确保经济平稳运行).
RUN_IN_CLAUSE_MAX = 16


def _run_in_heading(text: str) -> bool:
    """Whether ``text``, the first sentence after a 一、 or (一) marker, reads as a heading of two short
    clauses (聚焦扩大内需，确保经济平稳运行) rather than a statement (工业增加值增长8%，…, 会议认为，…要…): one
    comma, each side 4..RUN_IN_CLAUSE_MAX characters, no figures, brackets or other marks."""
    clauses = text.split(",")
    return (len(clauses) == 2 and all(4 <= len(c) <= RUN_IN_CLAUSE_MAX for c in clauses)
            and not any(ch.isdigit() or ch in ";:!?()" for ch in text))


# An unnumbered heading line (2023年工作回顾 above its paragraph): its length, its share of Han characters,
# and how much of the width of its paragraph's first line it may take (hard-wrapped text: a paragraph's own
# first line, left without clause marks, is as wide as the wrap; a heading is clearly shorter).
UNNUMBERED_MIN_HAN = 4
UNNUMBERED_HAN_SHARE = 0.5
UNNUMBERED_WIDTH_SHARE = 0.8
# What marks running text, and what an unnumbered heading line never holds (those, brackets, bars).
_RUNNING_TEXT_MARKS = frozenset(",。;:!?")
_NOT_IN_HEADING = _RUNNING_TEXT_MARKS | frozenset("()[]【】<>|")
# A line that opens with a number of any shape (一、 壹、 (一) 1. 第一部分 第二章) is a numbered heading or an item.
_NUMBERED_START = RulePattern(rf"\s*(?:[一二三四五六七八九十百{FINANCIAL_NUMERALS}]+[、.．]|[((]|\d{1,2}[、.．](?!\d)"
                              r"|第[一二三四五六七八九十百\d]+)")
_QUOTE_CLOSE = "”」』"


def _heading_shaped(line: str, max_heading: int) -> bool:
    """Whether ``line`` reads as a heading by itself: short, mostly Han, no sentence, bracket or label, not
    opened by a number or a dash (a subtitle), not a page's meta line."""
    han = len(HAN.findall(line))
    return (han >= UNNUMBERED_MIN_HAN and han >= UNNUMBERED_HAN_SHARE * len(line) and len(line) <= max_heading
            and not any(ch in _NOT_IN_HEADING for ch in line) and not line.startswith("—")
            and not _NUMBERED_START.match(line) and not is_meta_line(line))


def _first_source_line(doc: Doc, start: int, end: int) -> int:
    """The length of the first source line of the local span (a paragraph that layout wrapped and the
    normalizer joined: its wrap width)."""
    v = doc.val(start, end)
    return len(doc.mapped.source[v.start:v.end].split("\n", 1)[0].strip())


def _unnumbered_headings(doc: Doc, begin: int, end: int, max_heading: int) -> list[tuple[int, int]]:
    """Spans of the lines in ``[begin, end)`` that head a section without a number: a heading-shaped line
    (:func:`_heading_shaped`) met once in the document, after a line that ends a sentence and above running
    text (a line with clause marks) whose first source line it is clearly narrower than."""
    lines, text = doc.lines, doc.match
    counts = Counter(text[s:e] for s, e in lines)
    found = []
    for (ps, pe), (s, e), (ns, ne) in zip(lines, lines[1:], lines[2:], strict=False):
        if s < begin or e > end or counts[text[s:e]] > 1 or not _heading_shaped(text[s:e], max_heading):
            continue
        before = text[ps:pe].rstrip(_QUOTE_CLOSE)
        if not before or before[-1] not in _SENTENCE_END:
            continue
        if any(ch in _RUNNING_TEXT_MARKS for ch in text[ns:ne]) and \
                e - s <= UNNUMBERED_WIDTH_SHARE * _first_source_line(doc, ns, ne):
            found.append((s, e))
    return found


def sections(doc: Doc, max_heading: int = 40, end_pattern: RulePattern | None = None,
             unnumbered: bool = False) -> list[dict]:
    """The section headings in document order, each ``{number, heading, level}`` (levels: HEADING_LEVELS).
    A heading that is a line of its own keeps all of it (一、聚焦产业强街，壮大经济动能); one running into its
    paragraph ends at the first clause mark, or, after 一、 or (一), at its sentence's end when that sentence is
    two short clauses (（一）聚焦扩大内需，确保经济平稳运行。紧抓…). No heading is read past a line matching
    ``end_pattern`` (附件: the numbered entries of a glossary or a table are no sections). With ``unnumbered``,
    a line of its own that heads running text without a number (2023年工作回顾, :func:`_unnumbered_headings`)
    is a level 1 section with no number, until the first numbered level 1 heading (一、, 壹、, 第一部分):
    below the top level such a line is no section."""
    end = len(doc.match)
    if end_pattern is not None and (stop := end_pattern.search(doc.match)):
        end = stop.start()
    found = []
    for level, pattern in _HEADING:
        for m in _headings(pattern, doc.match, end):
            hs, he = m.span("h")
            line_end = doc.match.find("\n", he)
            line_end = len(doc.match) if line_end < 0 else line_end
            if line_end - hs <= max_heading and not any(ch in _CLAUSE_END for ch in doc.match[he:line_end]):
                he = line_end  # the whole line is the heading
            elif level <= 2 and (stop := doc.match.find("。", he, min(line_end, hs + max_heading + 1))) > he and \
                    _run_in_heading(doc.match[hs:stop]):
                he = stop  # a heading of two clauses run into its paragraph ends with its sentence
            if he - hs > max_heading:
                he = hs + max_heading
            found.append((m.start("n"), level, m.span("n"), (hs, he)))
    found.sort()
    out, last_end = [], -1
    for start, level, nspan, hspan in found:
        if start < last_end:
            continue
        heading = doc.val(*hspan)
        if not heading.value:
            continue
        out.append((start, {"number": doc.val(*nspan), "heading": heading, "level": doc.val(*nspan, level)}))
        last_end = hspan[1]
    if unnumbered:
        until = next((start for start, section in out if section["level"].value == 1), end)
        begin = doc.anchors.get("title", (0, 0))[1]
        out += [(s, {"heading": doc.val(s, e), "level": doc.val(s, e, 1)})
                for s, e in _unnumbered_headings(doc, begin, until, max_heading)]
        out.sort(key=lambda found_at: found_at[0])
    return [section for _start, section in out]


def paragraphs(doc: Doc, skip_pattern: RulePattern | None = None, after: str = "title", min_chars: int = 15,
               first_only: bool = False, strip_pattern: RulePattern | None = None) -> list[Val] | Val | None:
    """Body paragraphs: lines after the ``after`` anchor, at least ``min_chars`` long, not matching
    ``skip_pattern``, without a leading part that ``strip_pattern`` matches (a bracketed byline opening
    the body: 〔記者X／台中報導〕)."""
    begin = doc.anchors.get(after, (0, 0))[1]
    out = []
    for s, e in doc.lines:
        if s < begin or e - s < min_chars or (skip_pattern and skip_pattern.search(doc.match, s, e)):
            continue
        if strip_pattern and (m := strip_pattern.match(doc.match, s, e)) and m.end() > s:
            s = m.end()
            if e - s < min_chars:
                continue
        v = doc.val(s, e)
        if first_only:
            return v
        out.append(v)
    return None if first_only else out


@hookimpl
def converter_register_extractors() -> dict:
    return {"title": title, "sections": sections, "paragraphs": paragraphs}
