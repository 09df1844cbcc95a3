"""converter.values.dates: find_dates, parse_date and granularity, table-driven plus properties."""

from __future__ import annotations

import calendar
from datetime import date
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from converter.values.dates import find_dates, granularity, parse_date

PROPERTY = settings(max_examples=200, deadline=None)

D = [  # text, ref_year, every value found
    ("2023年2月14日", None, ["2023-02-14"]),
    ("市人民政府工作报告(2023年2月14日)", None, ["2023-02-14"]),
    ("2023-02-14", None, ["2023-02-14"]),
    ("2023/02/14", None, ["2023-02-14"]),
    ("2023.2.14", None, ["2023-02-14"]),
    ("二〇一一年六月七日", None, ["2011-06-07"]),
    ("二○二〇年", None, ["2020"]),
    ("二〇二〇年十二月三十一日", None, ["2020-12-31"]),
    ("2011年6月7日9:00,在镇会议室", None, ["2011-06-07T09:00:00+08:00"]),
    ("发布时间:2017-06-09 09:51:07 来源", None, ["2017-06-09T09:51:07+08:00"]),
    ("2020/05/01 08:30", None, ["2020-05-01T08:30:00+08:00"]),
    ("2020-05-01T08:30:00+09:00", None, ["2020-05-01T08:30:00+09:00"]),
    ("2022年6月20日下午3:00", None, ["2022-06-20T15:00:00+08:00"]),
    ("2023年3月15日上午9时30分", None, ["2023-03-15T09:30:00+08:00"]),
    ("2011年6月7日下午三点半", None, ["2011-06-07T15:30:00+08:00"]),
    ("2011年6月7日(星期二)上午9:00", None, ["2011-06-07T09:00:00+08:00"]),
    ("3月15日晚8点", 2020, ["2020-03-15T20:00:00+08:00"]),
    ("2020年5月", None, ["2020-05"]),
    ("2020 年 5 月份", None, ["2020-05"]),
    ("2019年底", None, ["2019-12-31"]),
    ("2019年末", None, ["2019-12-31"]),
    ("2013年第一季度", None, ["2013-01-01/2013-03-31"]),
    ("2013年3季度", None, ["2013-07-01/2013-09-30"]),
    ("2023年上半年", None, ["2023-01-01/2023-06-30"]),
    ("2023年下半年", None, ["2023-07-01/2023-12-31"]),
    ("限期至2011年10月底前动工", None, ["2011-10-31"]),
    ("8月底前完工", 2011, ["2011-08-31"]),
    ("6月7日", 2020, ["2020-06-07"]),
    ("9 月 15 日召开", 2020, ["2020-09-15"]),
    ("今年", 2020, ["2020"]),
    ("去年", 2020, ["2019"]),
    ("明年", 2020, ["2021"]),
    ("前年", 2020, ["2018"]),
    ("比上年增长", 2020, ["2019"]),
    ("今年底", 2020, ["2020-12-31"]),
    ("明年3月", 2020, ["2021-03"]),
    ("今年上半年", 2020, ["2020-01-01/2020-06-30"]),
    ("一季度", 2021, ["2021-01-01/2021-03-31"]),
    ("前三季度", 2021, ["2021-01-01/2021-09-30"]),
    ("12月28日在", 2021, ["2021-12-28"]),
    ("年底前完成", 2020, ["2020-12-31"]),
    ("5月中完成", 2020, ["2020-05-15"]),
    ("4月下旬", 2020, ["2020-04-21/2020-04-30"]),
    ("9月中下旬", 2020, ["2020-09-11/2020-09-30"]),
    ("6月至8月底", 2020, ["2020-06-01/2020-08-31"]),
    ("2020年6月至8月", None, ["2020-06-01/2020-08-31"]),
    ("1-4月,新开工项目", 2020, ["2020-01-01/2020-04-30"]),
    ("1-8 月份", 2020, ["2020-01-01/2020-08-31"]),
    ("2019年4至7月", None, ["2019-04-01/2019-07-31"]),
    ("2021-2025年", None, ["2021-01-01/2025-12-31"]),
    ("2024年2月29日", None, ["2024-02-29"]),
    ("2024-03-01 至 2024-03-05", None, ["2024-03-01", "2024-03-05"]),
    ("12月30日至1月2日", 2020, ["2020-12-30", "2021-01-02"]),
    ("2020年6月7日至9日", None, ["2020-06-07", "2020-06-09"]),
    ("上午9:00召开", None, ["09:00:00+08:00"]),
    ("9时30分", None, ["09:30:00+08:00"]),
    ("下午三点", None, ["15:00:00+08:00"]),
    ("中午1点", None, ["13:00:00+08:00"]),
    # need a reference year
    ("6月7日", None, []), ("今年", None, []), ("8月底前", None, []), ("1-4月", None, []), ("年底", None, []),
    ("一季度", None, []),
    # not dates at all, or impossible ones: nothing rather than a shorter or wrong date
    ("2023年2月30日", None, []), ("2023年2月29日", None, []), ("二〇二三年二月三十日", None, []),
    ("电话0731-12345678", None, []), ("手机13812345678", None, []), ("版本v2.3.1", None, []), ("1.2.3", None, []),
    ("2019-nCoV", None, []), ("20200", None, []), ("增长20.1%", None, []), ("2000万元", None, []),
    # a month right after a label's colon (时限:6月30日前), not after a number's
    ("时限:6月30日前", 2024, ["2024-06-30"]), ("完成时限:6月底前", 2024, ["2024-06-30"]),
    ("时间:5月", 2024, ["2024-05"]), ("9:30 6月1日", 2024, ["09:30:00+08:00", "2024-06-01"]),
    ("比分3:2", None, []), ("结构比46:23:31", None, []), ("我讲三点意见", None, []), ("早一点完成", None, []),
    ("为期4个月", 2020, []), ("1990年代", None, []), ("一月一部署", 2020, []), ("每年底", 2020, []),
    ("三年前年均增长", 2020, []), ("2000多名", None, []),
    # Minguo (ROC) years, + 1911: after 民国 in any shape with its own year; bare only 100–199 with a day
    ("中华民国113年5月20日", None, ["2024-05-20"]), ("民国113年5月20日", None, ["2024-05-20"]),
    ("民国 99 年 12 月 1 日", None, ["2010-12-01"]), ("民国三十八年", None, ["1949"]),
    ("民国一一二年六月", None, ["2023-06"]), ("民国一百一十年十月十日", None, ["2021-10-10"]),
    ("民国112年3月至5月", None, ["2023-03-01/2023-05-31"]), ("民国113年5月下旬", None, ["2024-05-21/2024-05-31"]),
    ("本局于112年8月15日上午10时公告", None, ["2023-08-15T10:00:00+08:00"]),
    ("112年7月1日至113年6月30日", None, ["2023-07-01", "2024-06-30"]), ("112年12月30日至1月2日", None,
                                                                        ["2023-12-30", "2024-01-02"]),
    ("发布日期:113/05/20", None, ["2024-05-20"]), ("更新时间: 112.11.3 14:20", None, ["2023-11-03T14:20:00+08:00"]),
    ("民国0年", None, []), ("112年度预算", None, []), ("112年5月", None, []), ("成立112年", None, []),
    ("第113年5月20日", None, []), ("2113年5月20日", None, []), ("1113年5月20日", None, []),
    ("版本 113.5.20", None, []), ("共113.5.20吨", None, []),
    ("编号A112年5月1日", None, []), ("江泽民国防思想", None, []),
    ("99年5月20日", None, []),
]


@pytest.mark.parametrize(("text", "ref", "want"), D, ids=[f"{d[0]}@{d[1]}" for d in D])
def test_find_dates(text: str, ref: int | None, want: list[str]) -> None:
    assert [f.value for f in find_dates(text, ref)] == want


SPANS = [  # text, ref_year, the text each date was read from
    ("限期至2011年10月底前动工", None, ["2011年10月底"]),
    ("于2011年6月7日上午9时30分在", None, ["2011年6月7日上午9时30分"]),
    ("从6月至8月底", 2020, ["6月至8月底"]),
    ("今年一季度以来", 2020, ["今年一季度"]),
    ("发布时间:2017-06-09 09:51:07 来源", None, ["2017-06-09 09:51:07"]),
    ("中华民国113年5月20日公布", None, ["中华民国113年5月20日"]),
    ("发布日期:113/05/20 点阅", None, ["113/05/20"]),
]


@pytest.mark.parametrize(("text", "ref", "want"), SPANS, ids=[s[0] for s in SPANS])
def test_spans(text: str, ref: int | None, want: list[str]) -> None:
    assert [text[f.start:f.end] for f in find_dates(text, ref)] == want


def test_a_minguo_numeric_date_only_after_a_label_or_as_a_whole_value() -> None:
    assert parse_date("113/05/20") == "2024-05-20"  # the value a 发布日期: pattern took
    assert parse_date("113.5.20 10:30") == "2024-05-20T10:30:00+08:00"
    assert parse_date("文号113/05/20") is None
    assert parse_date("规格 113.5.20") is None


def test_parse_date_takes_the_first() -> None:
    assert parse_date("2024-03-01 至 2024-03-05") == "2024-03-01"
    assert parse_date("会议于6月7日召开", 2021) == "2021-06-07"
    assert parse_date("会议于6月7日召开") is None
    assert parse_date("无日期") is None


@pytest.mark.parametrize(("value", "kind"), [
    ("2020", "year"), ("2020-05", "month"), ("2020-05-01", "day"), ("2020-05-01T08:30:00+08:00", "datetime"),
    ("09:00:00+08:00", "time"), ("2020-01-01/2020-06-30", "interval"),
])
def test_granularity(value: str, kind: str) -> None:
    assert granularity(value) == kind


@PROPERTY
@given(st.text(), st.one_of(st.none(), st.integers(1900, 2100)))
def test_never_raises_and_spans_stay_in_bounds(text: str, ref: int | None) -> None:
    found = find_dates(text, ref)
    for f in found:
        assert 0 <= f.start < f.end <= len(text)
        assert isinstance(f.value, str) and granularity(f.value)
    assert all(a.end <= b.start for a, b in pairwise(found))


FILLER = st.text(alphabet="的了在和是我市县区人民政府工作会议精神,。", max_size=30)


@PROPERTY
@given(FILLER, FILLER, st.sampled_from([d for d in D if d[2]]))
def test_a_date_keeps_its_span_inside_filler(before: str, after: str, case: tuple) -> None:
    expr, ref, _want = case
    text = before + "。" + expr + "。" + after
    offset = len(before) + 1
    got = [(f.start - offset, f.end - offset, f.value) for f in find_dates(text, ref)]
    assert got == [(f.start, f.end, f.value) for f in find_dates(expr, ref)]


SHAPES = ["{y}年{m}月{d}日", "{y}-{m:02d}-{d:02d}", "{y}/{m:02d}/{d:02d}", "{y}.{m}.{d}", "{y} 年 {m} 月 {d} 日"]


@PROPERTY
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)), st.sampled_from(SHAPES), FILLER)
def test_any_real_day_in_any_shape(day: date, shape: str, filler: str) -> None:
    written = shape.format(y=day.year, m=day.month, d=day.day)
    text = filler + "," + written + "," + filler
    [found] = [f for f in find_dates(text) if text[f.start:f.end] == written]
    assert found.value == day.isoformat()


@PROPERTY
@given(st.integers(1900, 2099), st.integers(1, 12), st.integers(29, 31))
def test_impossible_days_give_nothing(year: int, month: int, day: int) -> None:
    if day <= calendar.monthrange(year, month)[1]:
        return
    assert find_dates(f"{year}年{month}月{day}日") == []
    assert find_dates(f"{month}月{day}日", year) == []


@PROPERTY
@given(st.dates(min_value=date(1912, 1, 1), max_value=date(2110, 12, 31)), FILLER)
def test_any_minguo_day_after_minguo(day: date, filler: str) -> None:
    written = f"民国{day.year - 1911}年{day.month}月{day.day}日"
    text = filler + "," + written + "," + filler
    [found] = [f for f in find_dates(text) if text[f.start:f.end] == written]
    assert found.value == day.isoformat()


@PROPERTY
@given(st.dates(min_value=date(2011, 1, 1), max_value=date(2110, 12, 31)), FILLER)
def test_a_bare_three_digit_minguo_day(day: date, filler: str) -> None:
    written = f"{day.year - 1911}年{day.month}月{day.day}日"
    assert [f.value for f in find_dates(filler + "。" + written)] == [day.isoformat()]
