"""The literal prefilter skips only scans that cannot match."""

from __future__ import annotations

import functools

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from converter.patterns import FLAGS, PREFILTER_MIN_CHARS, RulePattern
from converter.prefilter import openings, required_literals

CASES = [
    (r"(?:会议?|大会)上的讲话", {"上的讲话"}),
    (r"召开(?:了)?[^\n,。]{0,30}(?:会议?|大会)", {"召开"}),
    (r"(?:会议由[^\n,。]{2,30}主持|主持(?:人)?[:：])", {"会议由", "主持"}),
    (r"落户|签约仪式|项目签约", {"落户", "签约仪式", "项目签约"}),
    (r"(?:总投资|投资额)(?:达|约)?\d", {"总投资", "投资额"}),
    (r"(?:签约)+仪式典礼", {"仪式典礼"}),  # the longer of two requirements
    (r"(?<=会议)决定?", {"决"}),  # the lookbehind is not part of the match; 决 is
    (r"[\u4e00-\u9fff]{2,4}摄$", {"摄"}),
    (r"[^\s>]{1,12}\s*[>》›»]\s*[^\s>]{1,12}", {">", "》", "›", "»"}),  # a short class is a requirement
    (r"^[-—=][-—=\s]*$", {"-", "—", "="}),
]
NO_PREFILTER = [
    r"\d+",  # no literal at all
    r"(?:会议|\d+)",  # one alternative needs no literal
    r"(?:会议)?(?:报告)?",  # everything optional
    r"(?i)report",  # case-insensitive
    r"(?<=会议)\d",  # a literal only inside a lookbehind
    r"(会)\1",  # back-reference
    r"\p{Han}+会议",  # regex-only syntax
    r"(?:会议){e<=1}",  # fuzzy matching reads as literal text to the stdlib parser
    r"(?=会议)",  # zero-width
    r"[\u4e00-\u9fff]+",  # a class too wide to look for
    r"[^>]+",  # negated
]


@pytest.mark.parametrize(("source", "expected"), CASES, ids=[c[0] for c in CASES])
def test_required_literals(source, expected):
    assert required_literals(source) == expected


@pytest.mark.parametrize("source", NO_PREFILTER)
def test_patterns_without_a_prefilter(source):
    assert required_literals(source) is None


PAD = "。" * PREFILTER_MIN_CHARS  # shorter ranges are not prefiltered


def test_search_skips_text_without_the_literals_and_still_finds_matches():
    pattern = RulePattern(r"召开(?:了)?[^\n,。]{0,30}(?:会议|大会)")
    assert not pattern.could_match("今天下午举行全体会议" + PAD)
    assert pattern.search("今天下午举行全体会议" + PAD) is None
    assert pattern.search("县政府召开了常务会议" + PAD).group() == "召开了常务会议"
    assert not pattern.could_match("县政府召开了常务会议" + PAD, 4)  # the literal lies before pos
    assert pattern.could_match("今天下午举行全体会议")  # a short range is simply searched
    assert [m.group() for m in pattern.finditer("召开大会,又召开会议" + PAD)] == ["召开大会", "召开会议"]


ALPHABET = "会议大召开了报告,。\n主持人签约仪式投资总额12"
SOURCES = [source for source, _ in CASES] + [
    r"会议(?:决定|议定|要求)", r"^\s*同志们[:：]", r"(?:工作|完成)情况(?:的)?(?:报告)?$|工作总结$",
    r"现将.{0,5}(?:情况|工作)(?:总结|汇报)如下", r"(?:开|召)+会", r"签约(?=仪式)",
]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(SOURCES), st.text(alphabet=ALPHABET, max_size=40), st.integers(0, 10), st.integers(0, 40))
def test_prefilter_never_hides_a_match(source, text, pos, endpos):
    """Soundness: whenever the regex matches in text[pos:endpos], the prefilter lets it run."""
    compiled = regex.compile(source, FLAGS)
    text, endpos = PAD + PAD + text, 2 * len(PAD) + endpos  # long enough to be prefiltered
    assert endpos - pos >= PREFILTER_MIN_CHARS
    if compiled.search(text, pos, endpos) is not None:
        assert RulePattern(source).could_match(text, pos, endpos)


def test_a_line_anchored_pattern_finds_an_indented_line_from_its_stripped_start():
    text = "会议议定:\n  一、加快推进城东路改造。\n  二、做好解释工作。\n"
    starts = [text.index("一"), text.index("二")]  # where Doc.lines says the lines start
    item = RulePattern(r"^\s*[一二三四五六七八九十]+、")
    assert [item.match(text, s).group().strip() for s in starts] == ["一、", "二、"]
    assert RulePattern(r"^一、").match(text, starts[0]) is None  # ^ still means the line's start
    assert RulePattern(r"一、").match(text, starts[0]).start() == starts[0]  # no ^: pos as given
    inside = text.index("城东路")
    assert RulePattern(r"^\s*城东路").match(text, inside) is None  # text precedes it on its line


FURNITURE_BITS = ["首页", " > ", "|", "上一页", "共5条", "版权所有", "网站首页", "无障碍", "繁体", "---", "——",
                  "字号", "大 中 小", "分享到", "下载APP", "正文", "2024-05-01", "某某县", "新闻", ":", " "]


@functools.cache
def _builtin_boilerplate():
    from converter.engine import Converter

    boilerplate = Converter(external=False).boilerplate
    return boilerplate, regex.compile("|".join(f"(?P<bp{i}>{r.source})" for i, r in enumerate(boilerplate.rules)),
                                      regex.VERSION0)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FURNITURE_BITS), max_size=8).map("".join), st.integers(0, 12))
def test_boilerplate_picks_the_same_rule_as_one_alternation_of_all(line, pos):
    """Each line's candidate rules run one by one: the leftmost match wins, of two at one place the
    earlier rule's, as in one alternation of all the rules."""
    boilerplate, everything = _builtin_boilerplate()
    pos = min(pos, len(line))
    m = everything.search(line, pos)
    want = None if m is None else next((r, *m.span(f"bp{i}")) for i, r in enumerate(boilerplate.rules)
                                       if m.group(f"bp{i}") is not None)
    assert boilerplate.find_from(line, pos) == want
    if pos == 0:
        assert boilerplate.find(line) == want


CUE_PIECES = ["会议", "纪要", "召开", "项目", "招商", "签约", "2024年", "5月", "12日", "本报讯", "记者", "\n", ":", "-",
              "。", "会", "议", "投", "资", "签", "约", "日讯"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(CUE_PIECES), max_size=30), st.lists(st.sampled_from(CUE_PIECES), max_size=30))
def test_cue_literals_of_a_text_extending_the_last_are_those_of_a_fresh_scan(converter, head, tail):
    """A listing classified again with the next part joined is scanned only past the part it extends: the
    literals' first ends (and so the cues worth running) are those a scan of the whole text finds."""
    from converter.classify import CueLiterals

    first, second = "".join(head), "".join(head + tail)
    incremental = CueLiterals(converter.rulesets)
    incremental._first_ends(first)
    assert incremental._first_ends(second) == CueLiterals(converter.rulesets)._first_ends(second)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["召开会议", "主持", "会议由", "召开", ""]), min_size=1, max_size=12))
def test_a_prefilter_answers_alike_whatever_it_found_before(words):
    """could_match looks first for the literal it found last: a pattern asked about text after text answers
    each as a fresh one does."""
    source = r"(?:会议由[^\n,。]{2,30}主持|主持(?:人)?[:：])|召开会议"
    used = RulePattern(source)
    for word in words:
        text = PAD + word + PAD
        expected = word in ("召开会议", "主持", "会议由")
        assert used.could_match(text) == RulePattern(source).could_match(text) == expected


OPENINGS = [  # a pattern, and the characters its matches open with (None: any, or none can be told)
    (r"(?:会议|\d)+x", {"会", "DIGIT"}), (r"(?:ab|c)?d", {"a", "c", "d"}), (r"(?<=x)(?:甲|乙丙)", {"甲", "乙"}),
    (r"\d+万", {"DIGIT"}), (r"(?:^\s*|研究)议定", {"SPACE", "研", "议"}), (r"(?:甲|[一-十])x", {"甲", "一-十"}),
    (r"议[定决]", {"议"}), (r"[^a]b", None), (r"(?:a|b*)", None), (r"(?i)(?:a|bc)?d", None), (r"(?:(?i:a)|b)c", None),
    (r"(?:.|a)b", None), (r"(a)?\1", None),
]


def _readable(items: list | None) -> set[str] | None:
    from re import _constants as c

    if items is None:
        return None
    names = {c.CATEGORY_DIGIT: "DIGIT", c.CATEGORY_SPACE: "SPACE"}
    return {chr(arg) if op is c.LITERAL else f"{chr(arg[0])}-{chr(arg[1])}" if op is c.RANGE else names[arg]
            for op, arg in items}


@pytest.mark.parametrize(("source", "expected"), OPENINGS, ids=[s for s, _ in OPENINGS])
def test_the_characters_a_pattern_opens_with(source, expected):
    from re import _parser

    assert _readable(openings(_parser.parse(source))) == expected
