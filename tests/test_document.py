"""A document's values and their provenance: one walk over the Val tree an extractor returns."""

from __future__ import annotations

from converter.document import Leaves, Val, plain, plain_and_spans


def test_values_and_their_json_pointers():
    tree = {"title": Val("标题", 0, 2), "a/b~c": Val(1, 3, 4), "empty": Val("", 5, 5), "none": None,
            "items": [Val(None, 6, 7), {"text": Val("12亿元", 8, 12), "unit": Val("元", 8, 12)}, Val("乙", 13, 14)]}
    data, provenance = plain_and_spans(tree)
    assert data == {"title": "标题", "a/b~c": 1, "items": [{"text": "12亿元", "unit": "元"}, "乙"]}
    assert provenance == {"/title": (0, 2), "/a~1b~0c": (3, 4), "/items/0/text": (8, 12), "/items/0/unit": (8, 12),
                          "/items/1": (13, 14)}  # an empty item is dropped: indexes count the kept ones
    assert plain(tree) == data


def test_documents_of_a_type_share_their_pointers():
    first = plain_and_spans({"quantities": [{"value": Val(3, 0, 1)}]})[1]
    again = plain_and_spans({"quantities": [{"value": Val(4, 5, 6)}]})[1]
    assert [p for p in first] == [p for p in again] == ["/quantities/0/value"]
    assert next(iter(first)) is next(iter(again))  # one string, however many records hold it


def _leaves(start: int, end: int, **values) -> Leaves:
    leaves = Leaves(values)
    leaves.start, leaves.end = start, end
    return leaves


def test_leaves_of_one_span_read_as_values_of_their_own():
    """A quantity's members given as one Leaves read as the same members given as a Val each."""
    as_vals = {"quantities": [{"text": Val("约3万元", 2, 6), "value": Val(30000, 2, 6), "unit": Val("元", 2, 6),
                               "approx": Val(True, 2, 6)}, {"text": Val("", 7, 7)},
                              {"text": Val("5个", 9, 11), "value": Val(5, 9, 11), "unit": Val("", 9, 11)}]}
    as_leaves = {"quantities": [_leaves(2, 6, text="约3万元", value=30000, unit="元", approx=True),
                                _leaves(7, 7, text=""), _leaves(9, 11, text="5个", value=5, unit="")]}
    data, provenance = plain_and_spans(as_leaves)
    assert (data, provenance) == plain_and_spans(as_vals) and plain(as_leaves) == data
    assert list(data["quantities"][0]) == ["text", "value", "unit", "approx"]  # in their order
    assert "/quantities/1/unit" not in provenance and provenance["/quantities/1/text"] == (9, 11)  # empties dropped
