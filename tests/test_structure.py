"""Section headings: found from their marker on, with what may precede a heading tested apart."""

from __future__ import annotations

import regex
from converter_plugins.structure import _HEADING, HEADING_LEVELS, _headings
from hypothesis import given, settings
from hypothesis import strategies as st

# The headings as one pattern each, the opening a look-behind (as regex reads it): the reference.
ONE_PATTERN = [regex.compile(rf"(?:^|(?<=[。;!?]\s?)|(?<=\s\s))[ \t]*{marker}(?P<h>[^,。;:!?\n]{{2,60}})",
                             regex.MULTILINE | regex.VERSION0) for _level, marker in HEADING_LEVELS]
PIECES = ["一、", "十二、", "(三)", "（四）", "1.", "12、", "3．", "5%", "1.5", "。", ";", "!", " ", "  ", "\t", "\n",
          "\u3000", "加快推进", "发展", ",", "：", "十", "2"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=16).map("".join))
def test_headings_are_the_matches_of_one_pattern_with_its_look_behind(text):
    for (_level, pattern), reference in zip(_HEADING, ONE_PATTERN, strict=True):
        got = [(m.span("n"), m.span("h")) for m in _headings(pattern, text, len(text))]
        assert got == [(m.span("n"), m.span("h")) for m in reference.finditer(text)]


def test_a_heading_opens_a_line_or_follows_a_sentence_or_two_spaces():
    text = "一、总体要求\n  二、主要任务。三、保障措施\n他说一、不是标题  四、另起一段"
    level_one = _HEADING[0][1]
    assert [text[slice(*m.span("n"))] for m in _headings(level_one, text, len(text))] == ["一", "二", "三", "四"]


def test_a_heading_of_two_short_clauses_run_into_its_paragraph_ends_with_its_sentence(converter):
    body = "\n".join([
        "某县政府工作报告",
        "各位代表:",
        "一、过去一年工作回顾",
        "(一)聚焦扩大内需，确保经济平稳运行。全年完成固定资产投资56亿元，增长8.2%。",
        "(二)工业经济稳步增长，全年规上工业增加值增长8%。新增规上企业12家。",  # figures: a statement
        "(三)坚持项目为王，强化要素保障，推动项目落地。全年签约项目36个。",  # three clauses
        "(四)县自然资源和规划局要对老城区边角地块进行全面摸排，提出方案。限期完成。",  # a long clause
        "1.抓好春耕生产，保障粮食安全。各乡镇要落实责任。",  # 1. items keep their first clause
    ]) + "\n"
    sections = converter.convert_text(body).documents[0].data["sections"]
    assert [s["heading"] for s in sections] == [
        "过去一年工作回顾", "聚焦扩大内需，确保经济平稳运行", "工业经济稳步增长", "坚持项目为王",
        "县自然资源和规划局要对老城区边角地块进行全面摸排", "抓好春耕生产"]
