"""Normalize decoded text for matching while keeping offsets into the source.

Three kinds of runs are deleted (see :class:`converter.textmap.MappedText`):
pinyin glosses, boilerplate lines (menus, footers, comment boxes) and the line
breaks inside a sentence that page layout broke in two.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from . import wordscan
from .chrome import chrome_kind, counters, link_list_lines, tool_strip_lines
from .lazy_re import compile_later
from .patterns import RulePattern
from .textmap import MappedText
from .values.script import gloss_spans, to_match_form

LINE = compile_later(r"[^\n]*\n?")
# A line ending in one of these ends a sentence, a heading or a caption: never join after it.
SENTENCE_END = set("。!?！？;；:：”」』)）…") | {"摄", "图"}
HEADING_START = compile_later(r"\s*(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]"
                              r"|\d{1,2}(?:、|[.．](?!\d))|第[一二三四五六七八九十]+[,，、篇章条])")  # 1.5% is no 1.
CAPTION_END = compile_later(r"(?:摄|资料图|供图)\s*$")
LABEL_START = compile_later(r"\s*[^\s:：,，。]{1,6}[:：]")  # 出席: / 列 席： / 时间:
# A line shorter than this is a title, label or byline rather than a broken paragraph,
MIN_BROKEN_LINE = 40
# unless the text is hard-wrapped narrower: this many unfinished lines of one width (± WRAP_SLACK
# for full-width punctuation and glosses), at least MIN_WRAP_WIDTH wide.
MIN_WRAPPED_LINES = 4
WRAP_SLACK = 2
MIN_WRAP_WIDTH = 12
WRAPPED_SHARE = 0.5
CLAUSE_MARKS = set(",，。;；、!?！？")
FULL_STOPS = "。!?！？"  # what ends a sentence, counted to tell running text from furniture
# A line that introduces running text after one colon (主要预期目标是：地区生产总值增长…); several
# labels on one line (发布时间：… 来源：…) are a meta line.
INTRODUCES_TEXT = compile_later(r"^[^:：\s]+[:：][^:：\s]+$")


@dataclass(frozen=True)
class BoilerplateRule:
    """A line that is page furniture; ``cut_rest`` drops everything after it too, and a line that
    ``separates`` also marks a possible boundary between two documents. ``pattern`` may come compiled."""

    pattern: str | RulePattern
    cut_rest: bool = False
    name: str = ""
    separates: bool = False

    @property
    def source(self) -> str:
        return self.pattern.source if isinstance(self.pattern, RulePattern) else self.pattern


class Boilerplate:
    """All boilerplate rules, each line searched once by the rules that could match it.

    ``resume_at`` are the lines where a new document begins whatever came before (the segment
    separators and document starts of the rule files, such as 第二篇: and 本报讯): a ``cut_rest``
    cut ends there, so a comment box in the first document of a compilation does not swallow the
    others. A cut also ends where running text resumes (:func:`_cut_end`)."""

    def __init__(self, rules: Sequence[BoilerplateRule], resume_at: Sequence[RulePattern] = ()) -> None:
        self.rules = list(rules)
        self.resume_at = list(resume_at)
        self._patterns = [r.pattern if isinstance(r.pattern, RulePattern)
                          else RulePattern(r.pattern, f"boilerplate:{r.name}") for r in self.rules]
        # A rule cannot match a line without one of the words it needs (converter.prefilter): one
        # Aho-Corasick pass over the line finds them all and picks the rules worth running (for most
        # lines none). A rule without such a word is always run.
        needed = [p.required for p in self._patterns]
        self._always = frozenset(i for i, words in enumerate(needed) if words is None)
        rules_of: dict[str, set[int]] = {}
        for i, words in enumerate(needed):
            for w in words or ():
                rules_of.setdefault(w, set()).add(i)
        self._rules_of_word = [frozenset(rules) for rules in rules_of.values()]
        self._words = None
        if rules_of:
            self._words = wordscan.automaton(list(rules_of))

    def __iter__(self):
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def find(self, line: str) -> tuple[BoilerplateRule, int, int] | None:
        """The first rule whose pattern occurs in ``line`` and the span it matched, or None."""
        return self.find_from(line, 0)

    def find_from(self, line: str, pos: int) -> tuple[BoilerplateRule, int, int] | None:
        """Like :meth:`find`, from ``pos`` on (``^`` still means the line's start)."""
        if not self.rules or pos >= len(line):
            return None
        found = None  # the leftmost match; of two at one place, the earlier rule's
        for i in self._candidates(line, pos):
            m = self._patterns[i].search(line, pos)
            if m is not None and (found is None or m.start() < found[1]):
                found = (self.rules[i], m.start(), m.end())
                if m.start() == pos:
                    break
        return found

    def _candidates(self, line: str, pos: int) -> tuple[int, ...]:
        """The rules whose words occur in ``line[pos:]`` (and those that need none), in rule order."""
        found = set(self._always)
        if self._words is not None:
            rules_of_word = self._rules_of_word
            for index, _start, _end in wordscan.matches(self._words, line[pos:] if pos else line):
                found |= rules_of_word[index]
        return tuple(sorted(found))

    def resumes(self, line: str) -> bool:
        """True when ``line`` starts a new document, ending a ``cut_rest`` cut."""
        return any(p.search(line) for p in self.resume_at)


# Blank lines (or lines of white space) beyond this many in a row are dropped: no rule reads more, and a
# pattern that opens with ^\s* walks over all of a run from each of its lines (a file of 160,000 blank
# lines took 170 s).
MAX_BLANK_RUN = 100
# A boilerplate line longer than this, holding sentences, is a page run into one line: only the
# furniture the rule matched is dropped from it, not the whole line.
MAX_FURNITURE_LINE = 300
# A cut_rest cut longer than this is reported: more than a comment box or a link farm went.
LONG_CUT_CHARS = 2000
# A cut_rest cut ends where running text resumes: a paragraph (a line, or lines broken mid-sentence by
# hard wrapping) of at least RESUME_PROSE_CHARS characters and RESUME_SENTENCES sentence ends: an
# article's, longer than a comment, a link or a tip (a comment box is short lines, each ending its sentence).
RESUME_PROSE_CHARS = 100
RESUME_SENTENCES = 2
# The short lines just above such a block (its title, a salutation) end the cut with it.
RESUME_HEAD_LINES = 2
RESUME_HEAD_CHARS = 40


def normalize(source: str, boilerplate: Boilerplate | None = None, notes: list[str] | None = None,
              furniture: Sequence[tuple[int, int]] = ()) -> MappedText:
    """Build the :class:`MappedText` for one decoded source text; ``furniture`` are spans its reader
    knows to be page furniture (an HTML page's title and footer), dropped like boilerplate lines.

    A ``cut_rest`` cut of more than :data:`LONG_CUT_CHARS` characters is described in ``notes``
    (when given), naming the rule and the line, so the record says where its text went."""
    deletions: list[tuple[int, int]] = gloss_spans(source)
    matchable = to_match_form(source)  # same length: furniture is recognised in any script or width
    lines = [(m.start(), m.end()) for m in LINE.finditer(source) if m.end() > m.start()]
    content: list[tuple[int, int]] = []  # (start, end-without-newline) of non-blank, kept lines
    cut_from: int | None = None  # where a cut_rest cut began, while it lasts
    cut_rule = None
    breaks: list[int] = []  # source offsets of lines that separate documents
    declared = list(furniture)
    deletions += declared
    furniture = list(declared)  # source spans of whole furniture lines (menus, host lines, bars)
    # Each line's stripped match form, once; a furniture line's span is kept as the one tuple of ``lines``
    # (a file of 100,000 short lines holds each line's objects once, not three times).
    stripped_lines = [matchable[start:end].strip() for start, end in lines]
    deletions += _long_blank_runs(lines, stripped_lines)
    visible = [start for (start, _end), stripped in zip(lines, stripped_lines, strict=True) if stripped]
    shown = [stripped for stripped in stripped_lines if stripped]
    tools = bytearray(len(shown))  # by visible line: part of a tool strip or a list of links
    for run in (*tool_strip_lines(shown), *link_list_lines(shown)):
        tools[run.start:run.stop] = b"\1" * len(run)
    cut_until = -1  # where the cut in force ends (the start of a visible line), once it is known
    resumes: list[bool] | None = None  # _prose_resumes(shown), made when a first cut needs it
    shown_at = -1  # the index in ``shown`` of the line, once it is visible
    starts = [start for start, _end in lines]
    in_declared = bytearray(len(lines))  # by line: it starts inside a span the reader declared furniture
    for s, e in declared:
        first, stop = bisect_left(starts, s), bisect_left(starts, e)
        in_declared[first:stop] = b"\1" * (stop - first)
    for k, (line, stripped) in enumerate(zip(lines, stripped_lines, strict=True)):
        start, end = line
        text = source[start:end]
        shown_at += bool(stripped)
        if not stripped or in_declared[k]:
            continue
        if cut_from is not None:
            if cut_until < 0:
                resumes = _prose_resumes(shown) if resumes is None else resumes
                cut_until = _cut_end(boilerplate, visible, shown, resumes, bisect_left(visible, start))
            if start != cut_until:
                continue
            deletions.append(_cut(source, cut_from, start, cut_rule, notes))
            cut_from, cut_until = None, -1
        if tools[shown_at]:
            deletions.append(line)
            furniture.append(line)
            continue
        found = boilerplate.find(stripped) if boilerplate else None
        if found is not None:
            rule, m_start, m_end = found
            if _is_running_text(stripped):  # a whole page run into one line: drop only the furniture itself
                at = start + len(text) - len(text.lstrip())
                while found is not None and not found[0].cut_rest:
                    rule, m_start, m_end = found
                    deletions.append((at + m_start, at + m_end))
                    found = boilerplate.find_from(stripped, max(m_end, m_start + 1))
                if found is not None:
                    cut_from, cut_rule = at + found[1], found[0]
                    continue
            else:
                if rule.cut_rest:
                    cut_from, cut_rule = start, rule
                else:
                    deletions.append(line)
                    furniture.append(line)
                if rule.separates:
                    breaks.append(start)
                continue
        if chrome_kind(stripped):
            deletions.append(line)
            furniture.append(line)
            continue
        at = start + len(text) - len(text.lstrip())
        deletions += [(at + s, at + e) for s, e in counters(stripped)]
        content.append((start, start + len(text.rstrip("\r\n"))))
    if cut_from is not None:
        deletions.append(_cut(source, cut_from, len(source), cut_rule, notes))
    min_broken = _min_broken_line([source[s:e].strip() for s, e in content])
    for (p_start, p_end), (n_start, n_end) in pairwise(content):
        prev = source[p_start:p_end].rstrip()
        nxt = source[n_start:n_end]
        if _broken_mid_sentence(prev, nxt.strip(), min_broken):
            deletions.append((p_start + len(prev), n_start + len(nxt) - len(nxt.lstrip())))
    mapped = MappedText(source, deletions, matchable)
    mapped.breaks = [mapped.to_clean(b) for b in breaks]
    mapped.furniture = furniture
    return mapped


def _long_blank_runs(lines: list[tuple[int, int]], stripped: list[str]) -> list[tuple[int, int]]:
    """The spans of the blank lines beyond the first :data:`MAX_BLANK_RUN` of each run of them, one span a run."""
    out, run = [], 0
    for k, text in enumerate(stripped):
        run = 0 if text else run + 1
        if run == MAX_BLANK_RUN + 1:
            out.append([lines[k][0], lines[k][1]])
        elif run > MAX_BLANK_RUN + 1:
            out[-1][1] = lines[k][1]
    return [(s, e) for s, e in out]


def _prose_resumes(shown: list[str]) -> list[bool]:
    """For each visible line (stripped, match form), whether running text resumes there: it opens a
    paragraph of at least RESUME_PROSE_CHARS characters and RESUME_SENTENCES sentence ends, running on
    over the lines after it while a line breaks off mid-sentence (one backward pass)."""
    out = [False] * len(shown)
    chars = sentences = 0
    for i in range(len(shown) - 1, -1, -1):
        line = shown[i]
        if len(line) < MIN_WRAP_WIDTH or line[-1] in SENTENCE_END:
            chars = sentences = 0  # the paragraph ends with this line
        chars += len(line)
        sentences += _full_stops(line)
        out[i] = chars >= RESUME_PROSE_CHARS and sentences >= RESUME_SENTENCES
    return out


def _cut_end(boilerplate: Boilerplate, visible: list[int], shown: list[str], resumes: list[bool], first: int) -> int:
    """Where a cut that reached visible line ``first`` (the line after the one that began it) ends: the
    start of the first line after it where a new document begins (:meth:`Boilerplate.resumes`) or
    running text resumes (:func:`_prose_resumes`), with the short lines just above running text (its
    title); the end of the text (-2, no line) when neither comes."""
    for i in range(first, len(shown)):
        if boilerplate.resumes(shown[i]):
            return visible[i]
        if resumes[i]:
            head = i
            while (head > first and i - head < RESUME_HEAD_LINES and len(shown[head - 1]) <= RESUME_HEAD_CHARS
                   and shown[head - 1][-1] not in FULL_STOPS and boilerplate.find(shown[head - 1]) is None):
                head -= 1
            return visible[head]
    return -2


def _is_running_text(line: str) -> bool:
    """A line too long and too full of sentences to be furniture (a page whose lines were run together)."""
    return len(line) > MAX_FURNITURE_LINE and _full_stops(line) >= 3


def _full_stops(line: str) -> int:
    return sum(line.count(ch) for ch in FULL_STOPS)


def _cut(source: str, start: int, end: int, rule: BoilerplateRule, notes: list[str] | None) -> tuple[int, int]:
    if notes is not None and end - start > LONG_CUT_CHARS:
        line = source.count("\n", 0, start) + 1
        notes.append(f"boilerplate rule {rule.name or rule.source!r} at line {line} dropped the "
                     f"{end - start} characters from that line on")
    return start, end


def _min_broken_line(lines: list[str]) -> int:
    """How long a line must be to be a paragraph broken by layout: MIN_BROKEN_LINE, or less for text
    hard-wrapped narrower than that: at least MIN_WRAPPED_LINES unfinished lines of about one width,
    and most of the lines that long (in prose that merely has a few similar lines, they are few)."""
    lengths = Counter(len(line) for line in lines if len(line) >= MIN_WRAP_WIDTH and line[-1] not in SENTENCE_END)
    near = {w: sum(lengths[n] for n in range(w - WRAP_SLACK, w + 1)) for w in lengths}
    width = max(near, key=lambda w: (near[w], w), default=MIN_BROKEN_LINE)
    wrapped = near.get(width, 0)
    as_long = sum(1 for line in lines if len(line) >= width - WRAP_SLACK)
    if wrapped >= MIN_WRAPPED_LINES and wrapped >= WRAPPED_SHARE * as_long:
        return min(MIN_BROKEN_LINE, width - WRAP_SLACK)
    return MIN_BROKEN_LINE


def _broken_mid_sentence(prev: str, nxt: str, min_length: int = MIN_BROKEN_LINE) -> bool:
    """True when ``nxt`` continues the sentence that ``prev`` (at least ``min_length`` long) left unfinished."""
    if len(prev) < min_length or prev[-1] in SENTENCE_END or not (
            any(ch in CLAUSE_MARKS for ch in prev) or INTRODUCES_TEXT.match(prev)):
        return False  # titles, bylines and meta lines (来源:… 作者:…) are not running text
    if _closes_open_bracket(prev, nxt):
        return True  # wrapped inside a bracket: …投资优势。(记者 / 刘研波)
    if HEADING_START.match(nxt) or CAPTION_END.search(nxt) or (LABEL_START.match(nxt) and LABEL_START.match(prev)):
        return False  # a heading, a caption, or the next line of a label block (出席:… / 列席:…)
    # A continuation reads like running text; a short line without clause marks is a headline.
    return any(ch in CLAUSE_MARKS for ch in nxt)


# A bracket opened at most this many characters before a line's end, and closed as soon on the next line.
BRACKET_WRAP_MAX = 12


def _closes_open_bracket(prev: str, nxt: str) -> bool:
    """True when ``prev`` ends inside a bracket it opened a few characters before and ``nxt`` closes it a
    few characters in, with no bracket between: one bracketed remark wrapped over two lines."""
    opened = max(prev.rfind("("), prev.rfind("（"))
    if opened < 0 or len(prev) - opened > BRACKET_WRAP_MAX or ")" in prev[opened:] or "）" in prev[opened:]:
        return False
    closed = min((at for at in (nxt.find(")"), nxt.find("）")) if at >= 0), default=-1)
    return 0 < closed <= BRACKET_WRAP_MAX and "(" not in nxt[:closed] and "（" not in nxt[:closed]
