"""Splitting a file's text into documents: separator and start lines are searched only where they may match."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from converter.patterns import RulePattern
from converter.segment import _lines_holding, line_spans

PATTERNS = [RulePattern(source) for source in (r"^\s*第[一二三]+篇[:：]", r"^\s*本报讯", r"^-{3,}$", r"\d+",
                                                r"^\s*(?:本报|[\u4e00-\u9fff]{2}日报)(?:记者|通讯员)")]
PIECES = ["第一篇:", "第二篇：", "本报讯", "本报记者", "某某日报通讯员", "---", "正文", "7", " ", "\t", "\n", "\n\n",
          "　"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join), st.integers(0, 6), st.integers(0, 12))
def test_every_line_a_pattern_matches_is_one_it_is_searched_on(text, a, b):
    """_lines_holding may leave out only lines where the pattern cannot match (as searched line by line)."""
    lines = line_spans(text)
    a, b = min(a, len(lines)), min(max(a, b), len(lines))
    for pattern in PATTERNS:
        searched = _lines_holding(pattern, text, lines, a, b)
        assert searched == sorted(set(searched))
        matching = [i for i in range(a, b) if pattern.search(text, *lines[i])]
        assert set(matching) <= set(searched), (pattern.source, text)
