"""Normalize decoded text for matching while keeping offsets into the source.

Three kinds of runs are deleted (see :class:`converter.textmap.MappedText`):
pinyin glosses, boilerplate lines (menus, footers, comment boxes) and the line
breaks inside a sentence that page layout broke in two.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import regex

from .patterns import PATTERN_TIMEOUT_S
from .textmap import MappedText
from .values.script import gloss_spans, to_match_form

LINE = re.compile(r"[^\n]*\n?")
# A line ending in one of these ends a sentence, a heading or a caption: never join after it.
SENTENCE_END = set("。!?！？;；:：”」』)）…") | {"摄", "图"}
HEADING_START = re.compile(r"\s*(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\d{1,2}[、.．]"
                           r"|第[一二三四五六七八九十]+[,，、篇章条])")
CAPTION_END = re.compile(r"(?:摄|资料图|供图)\s*$")
# A line shorter than this is a title, label or byline rather than a broken paragraph.
MIN_BROKEN_LINE = 40
CLAUSE_MARKS = set(",，。;；、!?！？")


@dataclass(frozen=True)
class BoilerplateRule:
    """A line that is page furniture; ``cut_rest`` drops everything after it too."""

    pattern: str
    cut_rest: bool = False
    name: str = ""


class Boilerplate:
    """All boilerplate rules as one regular expression, so each line is searched once."""

    def __init__(self, rules: Sequence[BoilerplateRule]) -> None:
        self.rules = list(rules)
        self._groups = [f"bp{i}" for i in range(len(self.rules))]
        alternation = "|".join(f"(?P<{g}>{r.pattern})" for g, r in zip(self._groups, self.rules, strict=True))
        self._combined = regex.compile(alternation, regex.VERSION0) if self.rules else None

    def __iter__(self):
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def find(self, line: str) -> BoilerplateRule | None:
        """The first rule whose pattern occurs in ``line``, or None."""
        m = self._combined.search(line, timeout=PATTERN_TIMEOUT_S) if self._combined else None
        if m is None:
            return None
        return next(r for g, r in zip(self._groups, self.rules, strict=True) if m.group(g) is not None)


def normalize(source: str, boilerplate: Boilerplate | None = None) -> MappedText:
    """Build the :class:`MappedText` for one decoded source text."""
    deletions: list[tuple[int, int]] = gloss_spans(source)
    matchable = to_match_form(source)  # same length: furniture is recognised in any script or width
    lines = [(m.start(), m.end()) for m in LINE.finditer(source) if m.end() > m.start()]
    content: list[tuple[int, int]] = []  # (start, end-without-newline) of non-blank, kept lines
    for start, end in lines:
        text = source[start:end]
        stripped = matchable[start:end].strip()
        if not stripped:
            continue
        rule = boilerplate.find(stripped) if boilerplate else None
        if rule is not None:
            deletions.append((start, len(source) if rule.cut_rest else end))
            if rule.cut_rest:
                break
            continue
        content.append((start, start + len(text.rstrip("\r\n"))))
    for (p_start, p_end), (n_start, n_end) in pairwise(content):
        prev = source[p_start:p_end].rstrip()
        nxt = source[n_start:n_end]
        if _broken_mid_sentence(prev, nxt.strip()):
            deletions.append((p_start + len(prev), n_start + len(nxt) - len(nxt.lstrip())))
    return MappedText(source, deletions, matchable)


def _broken_mid_sentence(prev: str, nxt: str) -> bool:
    """True when ``nxt`` continues the sentence that ``prev`` left unfinished."""
    if len(prev) < MIN_BROKEN_LINE or prev[-1] in SENTENCE_END or not any(ch in CLAUSE_MARKS for ch in prev):
        return False  # titles, bylines and meta lines (来源:… 作者:…) are not running text
    if HEADING_START.match(nxt) or CAPTION_END.search(nxt):
        return False
    # A continuation reads like running text; a short line without clause marks is a headline.
    return any(ch in CLAUSE_MARKS for ch in nxt)
