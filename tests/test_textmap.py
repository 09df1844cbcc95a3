"""The offset map between source and clean text, both ways."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from converter.textmap import MappedText

DELETIONS = st.lists(st.tuples(st.integers(0, 40), st.integers(0, 8)).map(lambda t: (t[0], t[0] + t[1])), max_size=5)


@given(st.text(alphabet="甲乙丙丁ab\n", min_size=1, max_size=40), DELETIONS)
def test_clean_and_source_offsets_round_trip(source, deletions):
    mapped = MappedText(source, deletions, source)
    for i, ch in enumerate(mapped.clean):
        src = mapped.to_source(i)
        assert source[src] == ch
        assert mapped.to_clean(src) == i


def test_a_deleted_position_maps_to_where_the_deletion_is():
    mapped = MappedText("甲乙---丙丁", [(2, 5)], "甲乙---丙丁")
    assert mapped.clean == "甲乙丙丁"
    assert [mapped.to_clean(i) for i in range(7)] == [0, 1, 2, 2, 2, 2, 3]


@given(st.text(alphabet="甲乙丙丁ab\n", min_size=1, max_size=40), DELETIONS, st.integers(0, 45), st.integers(0, 45))
def test_a_span_maps_to_the_source_span_from_its_first_to_its_last_character(source, deletions, start, end):
    mapped = MappedText(source, deletions, source)
    if start >= len(mapped.clean):
        return
    end = min(end, len(mapped.clean))
    if end <= start:
        assert mapped.span(start, end) == (mapped.to_source(start),) * 2
    else:
        assert mapped.span(start, end) == (mapped.to_source(start), mapped.to_source(end - 1) + 1)
