"""converter.values.numbers: parse_number and find_quantities, table-driven plus properties."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from converter.values.numbers import find_quantities, parse_number

PROPERTY = settings(max_examples=200, deadline=None)

Q = [  # text, every quantity found as (text, value, unit)
    ("全年实现销售收入2292万元", [("2292万元", 22920000, "元")]),
    ("赞成12票,反对2票", [("12票", 12, "票"), ("2票", 2, "票")]),
    ("牲畜存栏52.3万头只", [("52.3万头只", 523000, "头只")]),
    ("全县共选派3.28万名干部驻村", [("3.28万名", 32800, "名")]),
    ("累计帮扶243345名群众", [("243345名", 243345, "名")]),
    ("贫困发生率从20.1%降至0.4%", [("20.1%", 20.1, "%"), ("0.4%", 0.4, "%")]),
    ("主线全长247.481km", [("247.481km", 247.481, "km")]),
    ("当年完成投资13.65亿元", [("13.65亿元", 1365000000, "元")]),
    ("计划总投资16亿元", [("16亿元", 1600000000, "元")]),
    ("新增种植面积1.2万亩", [("1.2万亩", 12000, "亩")]),
    ("流转土地2.65万亩", [("2.65万亩", 26500, "亩")]),
    ("引进外资2000万美元", [("2000万美元", 20000000, "美元")]),
    ("发行债券12亿港元", [("12亿港元", 1200000000, "港元")]),
    ("募集资金3.5亿美元", [("3.5亿美元", 350000000, "美元")]),
    ("财政投入三千五百万元", [("三千五百万元", 35000000, "元")]),
    ("服务十四亿人民", [("十四亿人", 1400000000, "人")]),
    ("项目总投资十四亿", [("十四亿", 1400000000, "")]),
    ("总投资16亿,建设期三年", [("16亿", 1600000000, "")]),
    ("城镇化率达到百分之六十", [("百分之六十", 60, "%")]),
    ("综合达标率百分之百", [("百分之百", 100, "%")]),
    ("同比提高3.2个百分点", [("3.2个百分点", 3.2, "个百分点")]),
    ("增幅回落两个百分点", [("两个百分点", 2, "个百分点")]),
    ("开展为期4个月的集中整治", [("4个月", 4, "个月")]),
    ("审批时限压缩至0.5个工作日", [("0.5个工作日", 0.5, "工作日")]),
    ("投资额:32亿元", [("32亿元", 3200000000, "元")]),
    ("总造价约17.8亿澳门元", [("17.8亿澳门元", 1780000000, "澳门元")]),
    ("提高1个多百分点", [("1个多百分点", 1, "个百分点")]),  # a label's colon (：in the match form)
    ("占地面积:12000平方米", [("12000平方米", 12000, "平方米")]),
    ("办结时间不超过3个工作日", [("3个工作日", 3, "工作日")]),
    ("安置就业1,234人", [("1,234人", 1234, "人")]),
    ("建成5G基站69个", [("69个", 69, "个")]),
    ("粮食产量3.2万吨", [("3.2万吨", 32000, "吨")]),
    ("新增公交线路23条", [("23条", 23, "条")]),
    ("新开发特色农产品12种", [("12种", 12, "种")]), ("多种产品", []), ("一种方式", []),
    ("排查房屋4867栋", [("4867栋", 4867, "栋")]),
    ("二十余家企业参加", [("二十余家", 20, "家")]),
    ("完成固定资产投资156.3亿元", [("156.3亿元", 15630000000, "元")]),
    ("接待游客两万人次", [("两万人次", 20000, "人次")]),
    ("新建变电站2座、线路120公里", [("2座", 2, "座"), ("120公里", 120, "公里")]),
    ("年发电量1.2亿千瓦时", [("1.2亿千瓦时", 120000000, "千瓦时")]),
    ("年产值突破1.5万亿元", [("1.5万亿元", 1500000000000, "元")]),
    ("签约项目十二个", [("十二个", 12, "个")]),
    ("工业增加值增长-2.5%", [("-2.5%", -2.5, "%")]),
    ("出生率为0.8‰", [("0.8‰", 0.8, "‰")]),
    ("入驻 5 家企业", [("5 家", 5, "家")]),
    ("新增学位1.2万个", [("1.2万个", 12000, "个")]),
    ("建设500千伏输变电工程", [("500千伏", 500, "千伏")]),
    ("签约资金100多 亿元", [("100多 亿元", 10000000000, "元")]),
    ("拆除违建8万余平米", [("8万余平米", 80000, "平米")]),
    ("区间5%-10%", [("5%", 5, "%"), ("10%", 10, "%")]),
    ("另有16亿元人民币", [("16亿元", 1600000000, "元")]),
    # a Chinese digit alone is a word, unless a multiplier or a percentage follows it
    ("一是新增三 万户,二是提高三个百分点", [("三 万户", 30000, "户"), ("三个百分点", 3, "个百分点")]),
    ("一步一个脚印", []), ("三多%", [("三多%", 3, "%")]),
    ("折合100亿人民币", [("100亿人民币", 10000000000, "元")]),
    # nothing: dates, times, ordinals, codes, plan names, slogans, ratios, bare numbers
    ("2019年底", []), ("2020年1月12日", []), ("截至4月28日", []), ("确保6月底完成", []), ("1-4月", []),
    ("上午9:00", []), ("第一批", []), ("第3批试点", []), ("十三五期间", []), ("十四五规划", []),
    ("一件事一次办", []), ("三区三线", []), ("五个一批", []), ("两手都要硬", []), ("X077线", []),
    ("三次产业结构比为46:23:31", []), ("5G网络", []), ("310行动计划", []), ("电话0731-8888888", []),
    ("近5年", []), ("十万火急", []), ("千方百计", []), ("三五个人", []), ("版本V2.5", []), ("编号007", []),
    ("三方面", []), ("降低5成本", []),
]


@pytest.mark.parametrize(("text", "want"), Q, ids=[q[0] for q in Q])
def test_find_quantities(text: str, want: list[tuple]) -> None:
    found = find_quantities(text)
    assert [(f.value["text"], f.value["value"], f.value["unit"]) for f in found] == want
    assert all(text[f.start:f.end] == f.value["text"] for f in found)


APPROX = [  # text, (quantity text, approx flag)
    ("近50亿元", ("50亿元", True)), ("3000余名", ("3000余名", True)), ("8万多户", ("8万多户", True)),
    ("12个", ("12个", False)), ("总投资约5亿元", ("5亿元", True)), ("超过100万元", ("100万元", True)),
    ("逾600万元", ("600万元", True)), ("集中签约12个项目", ("12个", False)), ("最近5天", ("5天", False)),
    ("增长6%左右", ("6%", True)), ("十余项", ("十余项", True)), ("将近90%", ("90%", True)),
    ("为期4个多月", ("4个多月", True)), ("一千多人", ("一千多人", True)),
]


@pytest.mark.parametrize(("text", "want"), APPROX, ids=[a[0] for a in APPROX])
def test_approximate_quantities_are_flagged(text: str, want: tuple[str, bool]) -> None:
    [found] = find_quantities(text)
    assert (found.value["text"], found.value.get("approx", False)) == want
    assert "approx" not in found.value or found.value["approx"] is True


def test_a_duration_in_months_keeps_its_unit() -> None:
    [found] = find_quantities("4个多月")
    assert (found.value["value"], found.value["unit"]) == (4, "个月")


N = [  # text, value
    ("16亿", 1600000000), ("3.28万", 32800), ("1.2万", 12000), ("十四", 14), ("十四亿", 1400000000),
    ("一千二百三十四万", 12340000), ("两", 2), ("三千五百万", 35000000), ("2.5亿", 250000000), ("1,234", 1234),
    ("零点五", 0.5), ("二〇一一", 2011), ("86.5万", 865000), ("零", 0), ("156.3亿", 15630000000),
    ("三点五万", 35000), ("一百零八", 108), (" 42 ", 42), ("-3.5", -3.5), ("1.5万亿", 1500000000000),
    ("万", None), ("亿", None), ("abc", None), ("", None), ("十四五", None), ("三五", None), ("2023-02-14", None),
    ("第3", None), ("3个5个", None),
    # an amount with its unit or approximating words is still one number (a rule's parse: number)
    ("3000余", 3000), ("百分之二十", 20), ("16亿元", 1600000000), ("120.5万元", 1205000), ("3亿元", 300000000),
    ("约120万", 1200000), ("120万余", 1200000), ("近50亿元", 5000000000), ("12%", 12),
]


@pytest.mark.parametrize(("text", "want"), N, ids=[n[0] or "empty" for n in N])
def test_parse_number(text: str, want: int | float | None) -> None:
    got = parse_number(text)
    assert got == want and type(got) is type(want)


@PROPERTY
@given(st.text())
def test_never_raises_and_spans_point_at_their_text(text: str) -> None:
    for f in find_quantities(text):
        assert 0 <= f.start < f.end <= len(text)
        assert f.value["text"] == text[f.start:f.end]
        assert isinstance(f.value["value"], int | float) and isinstance(f.value["unit"], str)
    parse_number(text)


FILLER = st.text(alphabet="的了在和是我市县区人民政府工作会议精神,。", max_size=30)


@PROPERTY
@given(FILLER, FILLER, st.sampled_from([q for q in Q if q[1]]))
def test_a_quantity_keeps_its_span_inside_filler(before: str, after: str, case: tuple) -> None:
    text = before + "。" + case[0] + "。" + after
    offset = len(before) + 1
    got = [(f.start - offset, f.end - offset, f.value["value"]) for f in find_quantities(text)]
    want = [(f.start, f.end, f.value["value"]) for f in find_quantities(case[0])]
    assert got == want


@PROPERTY
@given(st.decimals(min_value=0, max_value=10**6, places=2), st.sampled_from(["", "万", "亿"]),
       st.sampled_from(["元", "人", "亩", "个", "吨"]))
def test_values_are_the_written_number_times_the_multiplier(number: Decimal, mult: str, unit: str) -> None:
    written = f"{number.normalize():f}"
    [found] = find_quantities(f"共计{written}{mult}{unit}。")
    expected = number * {"": 1, "万": 10**4, "亿": 10**8}[mult]
    assert Decimal(str(found.value["value"])) == expected
    assert found.value["text"] == f"{written}{mult}{unit}" and found.value["unit"] == unit


@pytest.mark.parametrize(("written", "value"), [
    ("9223372036854775807元", 9223372036854775807),  # the largest signed 64-bit integer stays exact
    ("-9223372036854775808元", -9223372036854775808),
    ("18446744073709551616元", 1.8446744073709552e19),  # 2**64: a float, as JSON readers carry it
    ("-9223372036854775809元", -9.223372036854776e18),
    ("92233720368547758.5亿元", 9.22337203685477585e24),
])
def test_values_beyond_64_bits_are_floats_json_can_carry(written: str, value: int | float) -> None:
    import orjson

    [found] = find_quantities(f"共计{written}。")
    assert found.value["value"] == value and type(found.value["value"]) is type(value)
    assert found.value["text"] == written  # the exact figure as written
    orjson.dumps(found.value)


def test_a_number_beyond_the_range_of_a_float_is_no_quantity() -> None:
    assert find_quantities("共计" + "9" * 400 + "元。") == []
    assert parse_number("9" * 400) is None


WRITTEN_OUT = [  # the reader's own forms, and spoken or malformed ones it leaves to cn2an (None)
    ("十", 10), ("十五", 15), ("一百一十二", 112), ("一千零五", 1005), ("一千零五十", 1050), ("两万", 20000),
    ("三十五万", 350000), ("一千零五万", 10050000), ("一万零三百", 10300), ("一亿零三千", 100003000),
    ("一亿两千万", 120000000), ("三万亿", 3 * 10**12), ("九万二千亿", 92 * 10**11), ("二〇", None),
    ("一千五", None), ("三万五", None), ("十一万三", None), ("一亿三千", None), ("三亿五千零一", None),
    ("一千五十", None), ("一千零五百", None), ("一百零", None), ("两十", None), ("二十两", None),
    ("三五", None), ("十十", None), ("万", None), ("一万万", None), ("一亿亿", None), ("三万五亿", None),
]


@pytest.mark.parametrize(("text", "want"), WRITTEN_OUT, ids=[w[0] for w in WRITTEN_OUT])
def test_written_out_numerals_are_read_without_cn2an(text: str, want: int | None) -> None:
    from converter.values.numbers import _written_out

    assert _written_out(text) == want


NUMERAL_CHARS = "零〇一二两三四五六七八九十百千万亿点"


@PROPERTY
@given(st.text(alphabet=NUMERAL_CHARS, min_size=1, max_size=12))
def test_the_numeral_reader_agrees_with_cn2an_wherever_it_answers(text: str) -> None:
    import cn2an

    from converter.values.numbers import _read_chinese

    value = _read_chinese(text)
    if value is not None:
        assert value == Decimal(str(cn2an.cn2an(text, "smart")))


@PROPERTY
@given(st.integers(min_value=0, max_value=10**16 - 1))
def test_every_integer_written_out_is_read_back(number: int) -> None:
    import cn2an

    from converter.values.numbers import _written_out

    written = cn2an.an2cn(str(number))
    assert _written_out(written) in (number, None)  # cn2an's own 亿 form may drop a needed 零
    assert parse_number(written) == number


def test_a_text_dense_with_quantities_is_scanned_again_not_remembered(monkeypatch):
    """The last text's quantities are remembered for the next caller (a report's targets after its
    quantities), unless there are more than MEMO_MAX_QUANTITIES: then the text is scanned again."""
    from converter.values import numbers

    text = "新增耕地3万亩，" * 5
    first = numbers.find_quantities(text)
    assert numbers._last[0] is text and numbers.find_quantities(text) == first
    monkeypatch.setattr(numbers, "MEMO_MAX_QUANTITIES", 4)
    dense = "完成投资12.5万元，" * 5
    assert [f.value["value"] for f in numbers.find_quantities(dense)] == [125000] * 5
    assert numbers._last[0] is None  # not remembered
    assert numbers.find_quantities(dense) == numbers.find_quantities(dense)


QUANTITY_PIECES = ["12", "3.5", "1,200", "万", "亿", "元", "万元", "美元", "%", "个", "亩", "余", "多", "左右", "约",
                   "近", "签约", "第", "-", ",", ".", ":", " ", "\n", "\n\n", "三", "十", "百分之", "人民币", "总投资",
                   "项目", "A", "2024年", "点五"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(QUANTITY_PIECES), max_size=40).map("".join), st.data())
def test_the_quantities_of_a_part_between_line_breaks_are_the_wholes_inside_it(text, data):
    """A report inside a listing takes its quantities from the listing's (quantities_within) when its text
    starts and ends at a line break: exactly what scanning it alone finds."""
    from converter.values.numbers import quantities_within

    breaks = [0, len(text)] + [i for i, ch in enumerate(text) if ch == "\n"] + [i + 1 for i, ch in enumerate(text)
                                                                              if ch == "\n"]
    start = data.draw(st.sampled_from(breaks))
    end = data.draw(st.sampled_from([b for b in breaks if b >= start]))
    within = quantities_within(find_quantities(text), text, start, end)
    assert within is None if start == end else within == find_quantities(text[start:end])


def test_a_part_not_at_line_breaks_is_scanned_alone():
    from converter.values.numbers import quantities_within

    text = "投资12亿元建设\n新增面积3万亩"
    assert quantities_within(find_quantities(text), text, 3, len(text)) is None  # cuts 12亿元
    assert quantities_within(find_quantities(text), text, 0, 6) is None
    assert [f.value["text"] for f in quantities_within(find_quantities(text), text, 9, len(text))] == ["3万亩"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(QUANTITY_PIECES), max_size=40).map("".join))
def test_no_quantity_holds_a_line_break(text):
    assert all("\n" not in f.value["text"] for f in find_quantities(text))


def test_a_percentage_of_a_multiplier_alone_is_no_quantity():
    """百分之万 raised IndexError (the multiplier stripped, nothing was left to read)."""
    assert find_quantities("百分之万") == [] and find_quantities("增长百分之万亿") == []


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="0123456789", min_size=1, max_size=30), st.sampled_from(["", "万", "亿", "万亿", "千万"]),
       st.booleans())
def test_an_integer_read_as_int_has_the_value_decimal_arithmetic_gives(digits, mult, negative):
    """Arabic integers of up to INT_DIGITS digits are read as ints, the rest as Decimal: the same values
    (exact ints within 64 bits, the same floats beyond)."""
    from converter.values.numbers import MULTIPLIERS, _number, _plain

    value = _number(digits, None, mult or None)
    exact = Decimal(digits) * MULTIPLIERS.get(mult, 1)
    got, want = _plain(-value if negative else value), _plain(-exact if negative else exact)
    assert got == want and type(got) is type(want)



WORD_DIGIT_PIECES = [*"零〇一二两三五九十百千万亿点余多个", "百分点", "个百分点", "%", " ", "元", "米", "千米",
                     "之", "第", "1", "是", "\n"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(WORD_DIGIT_PIECES), max_size=12).map("".join))
def test_a_chinese_digit_the_pattern_skips_as_a_word_is_one_the_scanner_would_drop(text):
    """The quantity pattern does not match a Chinese digit alone (一步, 三是) unless a multiplier or a
    percentage follows; without that guard the scanner finds the very same quantities."""
    import re

    from converter.values import numbers

    guarded = list(numbers._scan(text))
    pattern = numbers._QUANTITY
    numbers._QUANTITY = re.compile(pattern.pattern.replace(numbers._NOT_A_WORD_DIGIT, ""))
    try:
        unguarded = list(numbers._scan(text))
    finally:
        numbers._QUANTITY = pattern
    assert guarded == unguarded
