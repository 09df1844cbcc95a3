"""Many words in one pass (converter.wordscan): character offsets for any str, leftmost-longest or all."""

from __future__ import annotations

import pytest

from converter import convert_text, wordscan
from converter.values.regions import gazetteer


@pytest.fixture(params=["dfa", "double array"], autouse=True)
def implementation(request, monkeypatch):
    """Each test over both automata wordscan picks from (by the length of the word list)."""
    if request.param == "double array":
        monkeypatch.setattr(wordscan, "DFA_MAX_WORDS", 0)
    return request.param


def test_every_occurrence_is_found_in_character_offsets():
    scanner = wordscan.automaton(["会议", "会议纪要", "纪要"])
    text = "𠀀😀会议纪要"  # two characters beyond the BMP first: offsets count characters, not UTF-8 bytes
    assert sorted(wordscan.matches(scanner, text)) == [(0, 2, 4), (1, 2, 6), (2, 4, 6)]


def test_every_occurrence_comes_in_the_order_it_ends():
    scanner = wordscan.automaton(["研究", "会议研究决定", "决定"])
    assert [end for _, _, end in wordscan.matches(scanner, "会议研究决定，研究")] == [4, 6, 6, 9]


def test_the_long_lists_are_scanned_by_the_double_array(implementation):
    scanner = wordscan.automaton(["长沙"])
    assert isinstance(scanner, wordscan._DoubleArray) is (implementation == "double array")


def test_leftmost_longest_takes_the_longer_word_at_the_leftmost_place():
    scanner = wordscan.automaton(["长沙", "长沙市", "沙市"], longest=True)
    assert wordscan.matches(scanner, "在长沙市和沙市", overlapping=False) == [(1, 1, 4), (2, 5, 7)]


def test_a_text_ending_inside_a_longer_word_still_has_the_shorter_one():
    """pyahocorasick's longest-match scan lost a name at the end of a text that began a longer one."""
    scanner = wordscan.automaton(["大连", "五大连池"], longest=True)
    assert wordscan.matches(scanner, "去了五大连", overlapping=False) == [(0, 3, 5)]
    assert [m.surface for m in gazetteer().mentions("游客去了五大连")] == ["大连"]


def test_a_lone_surrogate_is_read_as_one_character():
    scanner = wordscan.automaton(["长沙"])
    assert wordscan.matches(scanner, "\udc80长沙") == [(0, 1, 3)]



def test_a_text_holding_a_lone_surrogate_converts_and_says_so():
    """A caller's text decoded with surrogateescape holds lone surrogates: read as U+FFFD, with a warning
    (it raised UnicodeEncodeError from the hash, then from OpenCC)."""
    record = convert_text("长沙市召开会议\udc80。\n" + "会议研究了长沙市的项目建设工作，要求各部门抓好落实。" * 3)
    assert not record.errors and record.documents
    assert record.documents[0].data["region"]["name"] == "长沙市"
    assert any("U+FFFD" in w["message"] for w in record.warnings)
    record.to_json()

