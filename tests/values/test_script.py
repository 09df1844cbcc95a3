"""Match form: simplified script and half-width ASCII, always the same length as the input."""

from __future__ import annotations

from hypothesis import given
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

