"""Quantities keep the source's script in their unit, and a currency named before the amount."""

from __future__ import annotations

from converter.values.numbers import find_quantities, unit_as_written


def test_a_currency_before_the_amount_is_its_unit():
    (found,) = find_quantities("投资新台币1.2亿元")
    assert (found.value["value"], found.value["unit"]) == (120000000, "新台币")
    (plain,) = find_quantities("投资1.2亿元")
    assert plain.value["unit"] == "元"


def test_units_are_given_in_the_script_of_the_source():
    assert unit_as_written("栋", "120栋", "120棟") == "棟"
    assert unit_as_written("户", "6416户", "6416戶") == "戶"
    assert unit_as_written("元", "16亿人民币", "16億人民幣") == "元"  # an alias is kept


def test_a_traditional_document_keeps_its_units(converter):
    text = "城南新建三座口袋公園\n本報記者 孫楠\n近日，城南街道新建住宅120棟，安置居民6416戶。\n"
    record = converter.convert_text(text)
    units = {q["text"]: q["unit"] for d in record.documents for q in d.data.get("quantities", [])}
    assert units.get("120棟") == "棟" and units.get("6416戶") == "戶", units
