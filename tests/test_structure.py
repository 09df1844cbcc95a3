"""Section headings: found from their marker on, with what may precede a heading tested apart."""

from __future__ import annotations

import regex
from converter_plugins.structure import _HEADING, HEADING_LEVELS, _headings
from hypothesis import given, settings
from hypothesis import strategies as st

# The headings as one pattern each, the opening a look-behind (as regex reads it): the reference.
ONE_PATTERN = [regex.compile(rf"(?:^|(?<=[。;!?]\s?)|(?<=\s\s))[ \t]*{marker}(?P<h>[^,。;:!?\n]{{2,60}})",
                             regex.MULTILINE | regex.VERSION0) for _level, marker in HEADING_LEVELS]
PIECES = ["一、", "十二、", "壹、", "拾贰、", "第一部分", "第十章",
          "(三)", "（四）", "1.", "12、", "3．", "5%", "1.5", "。", ";", "!", " ", "  ", "\t", "\n",
          "\u3000", "加快推进", "发展", ",", "：", "十", "2"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=16).map("".join))
def test_headings_are_the_matches_of_one_pattern_with_its_look_behind(text):
    for (_level, pattern), reference in zip(_HEADING, ONE_PATTERN, strict=True):
        got = [(m.span("n"), m.span("h")) for m in _headings(pattern, text, len(text))]
        assert got == [(m.span("n"), m.span("h")) for m in reference.finditer(text)]


def test_a_heading_opens_a_line_or_follows_a_sentence_or_two_spaces():
    text = "一、总体要求\n  二、主要任务。三、保障措施\n他说一、不是标题  四、另起一段"
    level_one = next(pattern for (_level, marker), (_same, pattern) in zip(HEADING_LEVELS, _HEADING, strict=True)
                     if marker.startswith("(?P<n>[一"))  # the 一、 row
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


def _sections(converter, lines: list[str]) -> list[dict]:
    return converter.convert_text("\n".join(lines) + "\n").documents[0].data.get("sections", [])


def test_unnumbered_headings_are_told_from_wrapped_lines_and_signatures(converter):
    sections = _sections(converter, [
        "某某县2024年政府工作报告",
        "各位代表:",
        "现在,我代表县人民政府向大会报告工作,请予审",
        "议,并请县政协委员提出意见。",
        "2023年工作回顾",
        "过去一年,面对复杂严峻的外部环境,我们坚持稳",
        "中求进工作总基调,全县地区生产总值增长5.8%,",
        "一般公共预算收入完成12.6亿元,城乡居民收入持",
        "续增长。",
        "全县上下团结一心奋力拼搏攻坚克难勇毅前行全面",  # a paragraph's first line without a clause mark: full width
        "完成了县十八届人大二次会议确定的目标任务,经",
        "济社会发展呈现稳中有进的良好态势。",
        "2024年主要目标任务",
        "今年是实现十四五规划目标任务的关键一年,全县",
        "经济社会发展的主要预期目标是:地区生产总值增",
        "长6%左右,城镇新增就业3200人。",
        "某某县人民政府",  # the signature: no running text below it
        "2024年1月8日",
    ])
    assert sections == [{"heading": "2023年工作回顾", "level": 1}, {"heading": "2024年主要目标任务", "level": 1}]


def test_no_unnumbered_heading_below_a_numbered_one_nor_a_repeated_line(converter):
    sections = _sections(converter, [
        "某某区政府工作报告",
        "各位代表:",
        "现在，我代表区人民政府向大会报告工作，请予审议。",
        "某某区政府工作报告文本",  # a page header, repeated: no heading
        "过去一年，全区经济运行稳中向好，地区生产总值增长5.2%，一般公共预算收入增长6%。",
        "一、2023年工作回顾",
        "全区上下坚持稳中求进，各项工作取得新成效，主要指标好于预期。",
        "重点项目加快建设",  # below 一、: no section of its own
        "全区实施重点项目86个，完成投资120亿元，建成投产项目32个。",
        "某某区政府工作报告文本",
        "新开工城市更新项目12个，改造老旧小区46个，惠及居民1.2万户。",
    ])
    assert sections == [{"number": "一", "heading": "2023年工作回顾", "level": 1}]


def test_financial_numeral_headings_are_level_one_and_the_others_keep_their_levels(converter):
    sections = _sections(converter, [
        "某县政府施政報告",
        "壹、施政成果",
        "一、產業發展",
        "（一）農業轉型。全年輔導農民120戶。",
        "1.有機耕作。推廣面積達300公頃。",
        "（1）驗證輔導。通過驗證農戶45戶。",
        "貳、未來展望",
    ])
    assert [(s["number"], s["level"]) for s in sections] == [
        ("壹", 1), ("一", 1), ("一", 2), ("1", 3), ("1", 4), ("貳", 1)]


def test_without_financial_numerals_the_levels_stay_as_the_contract_sets_them(converter):
    sections = _sections(converter, [
        "某县政府工作报告",
        "各位代表:",
        "一、产业发展",
        "(一)农业转型。全年培育家庭农场120户。",
        "1.有机种植。推广面积达300亩。",
        "(1)认证服务。通过认证农户45户。",
        "人民币壹、贰元不是标题",
    ])
    assert [(s["number"], s["level"]) for s in sections] == [("一", 1), ("一", 2), ("1", 3), ("1", 4)]


def test_parts_and_chapters_on_lines_of_their_own_are_level_one_beside_the_yi_below(converter):
    sections = _sections(converter, [
        "某某镇政府工作报告",
        "各位代表:",
        "现在，我代表镇人民政府向大会报告工作，请予审议。",
        "第一部分　过去一年工作回顾",
        "一、产业发展提质增效",
        "(一)农业转型。全年培育家庭农场120户。",
        "第二部分:今年工作安排",
        "第二部分主要讲今年的安排，分三个方面。",  # a sentence, not a heading
        "第三章 保障措施",
    ])
    assert [(s["number"], s["heading"], s["level"]) for s in sections] == [
        ("一", "过去一年工作回顾", 1), ("一", "产业发展提质增效", 1), ("一", "农业转型", 2),
        ("二", "今年工作安排", 1), ("三", "保障措施", 1)]
