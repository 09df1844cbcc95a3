"""Match form: simplified script and half-width ASCII, always the same length as the input."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from converter.values.script import strip_glosses, to_half_width, to_match_form


def test_half_width_forms():
    assert to_half_width("２０２３年（一）：ＡＢｃ！　完") == "2023年(一):ABc! 完"
    assert to_half_width("二○二三年") == "二〇二三年"
    assert to_half_width("已是半角: (1) abc") == "已是半角: (1) abc"


def test_match_form_is_simplified_and_half_width():
    assert to_match_form("國務院（經濟）：１２３") == "国务院(经济):123"


WIDE_OR_NOT = st.text(alphabet=st.sampled_from("，。：（）！？０９ＡＺａｚ　○〇中國a1 \n"), max_size=60)


@given(WIDE_OR_NOT)
def test_half_width_maps_each_character_alone(text):
    out = to_half_width(text)
    assert len(out) == len(text)
    for before, after in zip(text, out, strict=True):
        assert after == to_half_width(before)
        assert after == before or 0xFF01 <= ord(before) <= 0xFF5E or before in "\u3000○"


@given(st.text(max_size=80))
def test_match_form_keeps_the_length(text):
    assert len(to_match_form(text)) == len(text)


def test_glosses_with_tone_numbers_or_tone_marks_are_stripped():
    assert strip_glosses("軍(jun)隊個(ge4)人") == "軍隊個人"
    assert strip_glosses("區(qū)政府常務(wù)會議紀(jì)要(yào)") == "區政府常務會議紀要"
    assert strip_glosses("責(zé)任(rèn) 清單") == "責任清單"


def test_brackets_that_are_no_pinyin_stay():
    assert strip_glosses("会议室(327)和(A栋)、附件(一)") == "会议室(327)和(A栋)、附件(一)"



@given(st.lists(st.sampled_from(["軍", "a", "(", "（", "jun", "ge4", ")", "）", " ", "327", "\n", "zh", "ū"]),
                max_size=10).map("".join))
@settings(max_examples=300, deadline=None)
def test_the_gloss_pattern_finds_what_its_look_behind_first_form_found(text):
    """The gloss pattern opens with its bracket and looks behind it for the Han character (so re skips
    to brackets instead of trying every position): the same glosses as the form that looked behind first."""
    import re

    from converter.values.script import _GLOSS

    first = re.compile(_GLOSS.pattern.replace("[((](?<=[\\u4e00-\\u9fff][((])", "(?<=[\\u4e00-\\u9fff])[((]", 1))
    assert first.pattern != _GLOSS.pattern
    assert [m.span() for m in _GLOSS.finditer(text)] == [m.span() for m in first.finditer(text)]
