"""A document's values and their provenance: one walk over the Val tree an extractor returns."""

from __future__ import annotations

from converter.document import Val, plain, plain_and_spans


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
