"""Dates and times in the shapes Chinese documents use, as ISO 8601 strings with spans.

One regular-expression pass finds every candidate (alternatives tried longest shape first);
each is then resolved to a value: ``2023-02-14``, ``2011-06-07T09:00:00+08:00``, ``2020-05``,
``2020``, a time of day alone ``15:00:00+08:00`` or an interval of days ``START/END``
(:func:`granularity` tells them apart). Two expressions joined by 至/到/-/~ share the first
one's year (and month: 6月7日至9日); when either is coarser than a day they become one
interval (6月至8月底), two written days stay two dates. Anything without a year of its own
(6月7日, 今年, 一季度, 年底) needs ``ref_year``, which is never today's date. A candidate that
cannot be resolved (2023年2月30日, 6月7日 without ``ref_year``) yields nothing, not a shorter date.

Taiwan's Minguo (ROC) years are the year + 1911 (民国113年 is 2024): written with 民国 (or 中华民国) before
them in any shape with a year of its own (民国113年5月, 民国三十八年); without it only where no other
reading exists: a three-digit year 100–199 with its month and day (113年5月20日: no document dates a day
in the second century), or 113.5.20 / 113/05/20 right after a 日期/时间 label (a page header) or opening
the text (the value a labelled field took). They have a pass of their own, run only on a text that holds
民国 or such a year (:func:`_matches`).
"""

from __future__ import annotations

import calendar
import heapq
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from ..lazy_re import compile_later
from . import Found

TZ = "+08:00"  # 北京时间, unless the text gives a zone
REL_YEARS = {"今年": 0, "本年": 0, "去年": -1, "上年": -1, "前年": -2, "明年": 1}
# Parts of the day before a clock time: hours added to 1–11 (中午 1点 is 13:00, 中午 11点 stays 11:00).
DAY_PERIODS = {"下午": 12, "晚上": 12, "傍晚": 12, "夜间": 12, "晚": 12, "中午": 12,
               "上午": 0, "凌晨": 0, "早上": 0, "早晨": 0, "清晨": 0, "早": 0}
# Parts of a month: a day, or (first, last) days of a span; "last" is the month's last day.
MONTH_PARTS: dict[str, Any] = {"底": "last", "末": "last", "初": 1, "中": 15, "上旬": (1, 10), "中旬": (11, 20),
                               "下旬": (21, "last"), "上中旬": (1, 20), "中下旬": (11, "last")}
YEAR_PARTS = {"底": "12-31", "末": "12-31", "初": "01-01"}
QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
CN_DIGIT = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "○": 0, "O": 0, "两": 2}

_S = r"[ \t]{0,2}"
_TO = r"[ \t]*(?:-|~|—{1,2}|–|至|到)[ \t]*"  # range connector
_CONNECTOR = compile_later(_TO)
_YEAR4 = r"(?:19|20)\d{2}"
_REL = "|".join(REL_YEARS)
_MON = r"1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]"
_DAY = r"3[01]|[12]\d|0?[1-9]|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九]"
_HOUR_CN = r"二十[一二三]?|十[一二三四五六七八九]?|[零一二两三四五六七八九]"
_MIN_CN = r"[一二三四五]?十[一二三四五六七八九]?|零?[一二三四五六七八九]"
_DAY_PERIOD = "|".join(sorted(DAY_PERIODS, key=len, reverse=True))
_DAY_PERIOD_ALONE = "|".join(p for p in DAY_PERIODS if len(p) > 1)  # 早一点 is "a bit earlier", not 01:00
_MONTH_PART = r"中下旬|上中旬|上旬|中旬|下旬|底|末|初|中(?![国央共华心小学部东西南北外层方级期间])"
# A month not inside a longer number or date; after a label's colon it is free (时限:6月30日), after a
# number's (比分3:2, 10:30) not.
_FREE = r"(?<![\d.\-/年月零〇一二三四五六七八九十第])(?<!\d:)"
_WEEKDAY = rf"(?:{_S}\(?(?:星期|周|礼拜)[一二三四五六日天]\)?)?"


def _y(p: str) -> str:
    """A year: 2020年, 二〇二〇年, or 今年/去年/…"""
    return (rf"(?:(?<![A-Za-z0-9.])(?P<{p}y>{_YEAR4}|[〇○零一二三四五六七八九O]{{4}}){_S}年(?!代)"
            rf"|(?<!年)(?P<{p}rel>{_REL}))")


_ROC_NUM = r"1\d{2}|[1-9]\d?|[〇零一二三四五六七八九十百]{1,5}"  # 1–199, 三十八, 一一三, 一百一十三
# After a date label (发布日期:113/05/20), or opening the text (the value a labelled field's pattern took).
_ROC_LABEL = r"(?:^|(?<=日期:)|(?<=时间:)|(?<=日期: )|(?<=时间: ))"


def _roc_marked(p: str) -> str:
    """A Minguo year after 民国: 民国113年, 民国三十八年 (a 中华 before 民国 is added by :func:`_candidates`)."""
    return rf"民国{_S}(?P<{p}roc>{_ROC_NUM}){_S}年"


def _roc_y(p: str) -> str:
    """A Minguo year after 民国, or a bare three-digit one 100–199 (113年) in group ``rocb``."""
    return rf"(?:{_roc_marked(p)}|(?<![A-Za-z0-9.\-/年第])(?P<{p}rocb>1\d{{2}}){_S}年)"


def _time(p: str) -> str:
    """An optional clock time after a date: 9:00, 09:51:07+08:00, 上午9时30分, 下午三点半."""
    return (rf"(?:(?:T|{_S})(?P<{p}ap>{_DAY_PERIOD})?{_S}"
            rf"(?:(?P<{p}h1>[01]?\d|2[0-3]):(?P<{p}mi1>[0-5]\d)"
            rf"(?::(?P<{p}s1>[0-5]\d)(?:\.\d+)?(?P<{p}tz>Z|[+-](?:0\d|1[0-4]):?[0-5]\d)?)?(?![\d:])"
            rf"|(?P<{p}h2>2[0-3]|[01]?\d|{_HOUR_CN})[时点](?:(?P<{p}mi2>[0-5]?\d|{_MIN_CN})分?|(?P<{p}half>半))?))?")


Shape = Callable[[str], str]  # a group-name prefix → the pattern of one date shape


def _with_day(year: Shape) -> Shape:
    """The shape of a day after ``year``'s: 2024年5月20日 (星期一) 10:30."""
    return lambda p: rf"{year(p)}{_S}(?P<{p}m>{_MON}){_S}月{_S}(?P<{p}d>{_DAY}){_S}[日号]{_WEEKDAY}{_time(p)}"


def _month_range(year: Shape) -> Shape:
    """The shape of months after ``year``'s: 2024年6月至8月."""
    return lambda p: rf"{year(p)}{_S}(?P<{p}m>{_MON}){_TO}(?P<{p}m2>{_MON}){_S}月(?:份)?"


def _with_month(year: Shape) -> Shape:
    """The shape of a month after ``year``'s: 2024年5月, 2024年5月底."""
    return lambda p: rf"{year(p)}{_S}(?P<{p}m>{_MON}){_S}月(?:份)?(?P<{p}part>{_MONTH_PART})?"


# (kind, pattern) in the order tried at one position; {p} prefixes the group names of each.
_SHAPES: list[tuple[str, Any]] = [
    ("num", lambda p: rf"(?<![A-Za-z0-9.\-/])(?P<{p}y>{_YEAR4})(?P<{p}sep>[-/.])(?P<{p}m>1[0-2]|0?[1-9])(?P={p}sep)"
                      rf"(?P<{p}d>3[01]|[12]\d|0?[1-9])(?!\.?\d){_time(p)}"),
    ("numym", lambda p: rf"(?<![A-Za-z0-9.\-/])(?P<{p}y>{_YEAR4})[-/](?P<{p}m>0[1-9]|1[0-2])(?![\d\-/.:A-Za-z])"),
    ("yyr", lambda p: rf"(?<![A-Za-z0-9.])(?P<{p}y>{_YEAR4}){_TO}(?P<{p}y2>{_YEAR4}){_S}年(?!代)"),
    ("ymd", _with_day(_y)),
    ("ymr", _month_range(_y)),
    ("ym", _with_month(_y)),
    ("q", lambda p: rf"(?:{_y(p)}{_S}|(?<![年\d]))(?:(?P<{p}qa>[一二三1-3])[-~至到](?P<{p}qb>[二三四2-4])"
                     rf"|第?(?P<{p}q>[一二三四1-4])|前(?P<{p}qn>[二三]))季度"),
    ("h", lambda p: rf"(?:{_y(p)}{_S})?(?P<{p}h>上|下)半年"),
    ("yend", lambda p: rf"(?:{_y(p)}{_S}年?|(?<![每逐历往常当全近])年)(?P<{p}part>底|末|初)"),
    ("y", _y),
    ("md", lambda p: rf"{_FREE}(?P<{p}m>{_MON}){_S}月{_S}(?P<{p}d>{_DAY}){_S}[日号]"
                     rf"{_WEEKDAY}{_time(p)}"),
    ("mr", lambda p: rf"{_FREE}(?P<{p}m>{_MON}){_TO}(?P<{p}m2>{_MON}){_S}月(?:份)?"),
    ("m", lambda p: rf"(?<![\d.\-/])(?<!\d:)(?P<{p}m>1[0-2]|0?[1-9]){_S}月(?:份)?(?P<{p}part>{_MONTH_PART})?"),
    ("mcn", lambda p: rf"(?<![年月零〇一二三四五六七八九十第])(?P<{p}m>{_MON})月(?:份)?(?P<{p}part>{_MONTH_PART})"),
    ("d", lambda p: rf"(?<=[-~至到—–])(?P<{p}d>{_DAY})[日号]{_time(p)}"),  # 至9日: only after another date
    ("time", lambda p: rf"(?<![\d:年月日号])(?P<{p}ap>{_DAY_PERIOD_ALONE}){_S}(?P<{p}h2>2[0-3]|[01]?\d|{_HOUR_CN})"
                       rf"(?::(?P<{p}mi1>[0-5]\d)(?![\d:])|[时点](?:(?P<{p}mi2>[0-5]?\d|{_MIN_CN})分?|(?P<{p}half>半))?)"
                       rf"|(?<![\d:.])(?P<{p}h1>[01]?\d|2[0-3])(?::(?P<{p}mi3>[0-5]\d)(?::(?P<{p}s1>[0-5]\d))?(?![\d:.])"
                       rf"|时(?P<{p}mi4>[0-5]?\d)分)"),  # 上午9时, 下午三点半, 9:30, 9时30分; not 三点意见, 3:2
]
# Minguo shapes (their own pass, :func:`_matches`); a bare year only with its day.
_ROC_SHAPES: list[tuple[str, Any]] = [
    ("num", lambda p: rf"{_ROC_LABEL}(?P<{p}rocb>1\d{{2}})(?P<{p}sep>[-/.])(?P<{p}m>1[0-2]|0?[1-9])(?P={p}sep)"
                      rf"(?P<{p}d>3[01]|[12]\d|0?[1-9])(?!\.?\d){_time(p)}"),
    ("ymd", _with_day(_roc_y)),
    ("ymr", _month_range(_roc_marked)),
    ("ym", _with_month(_roc_marked)),
    ("y", lambda p: rf"{_roc_marked(p)}(?!代)"),
]
DAY_KINDS = frozenset({"num", "ymd", "md", "d"})  # a day written out: two of them make two dates, not a span
# Every shape starts with one of these: testing it first makes the one pass ~15x faster.
_FIRST = "".join(sorted({"\\d", *"〇○零一二三四五六七八九十两O第前上下年",
                         *(word[0] for word in [*REL_YEARS, *DAY_PERIODS])}))


def _alternation(shapes: list[tuple[str, Any]], first: str) -> str:
    """One pattern trying ``shapes`` in order, each as group K<i> with its groups prefixed g<i>_."""
    return (f"(?=[{first}])(?:"
            + "|".join(f"(?P<K{i}>{build(f'g{i}_')})" for i, (_kind, build) in enumerate(shapes)) + ")")


def _kinds(pattern: Any, shapes: list[tuple[str, Any]]) -> dict[str, tuple[str, list[tuple[str, int]]]]:
    """For each alternative of ``pattern``: its kind and the (short name, group number) of its groups."""
    return {f"K{i}": (kind, [(name[len(f"g{i}_"):], index) for name, index in pattern.groupindex.items()
                             if name.startswith(f"g{i}_")])
            for i, (kind, _build) in enumerate(shapes)}


_DATES = compile_later(_alternation(_SHAPES, _FIRST))
_KINDS = _kinds(_DATES, _SHAPES)
# A pass of its own: each alternative added to _DATES slows its pass by ~5 %, this one costs ~10 %.
_ROC_DATES = compile_later(_alternation(_ROC_SHAPES, "1民"))
_ROC_KINDS = _kinds(_ROC_DATES, _ROC_SHAPES)
# What a text holding a Minguo date holds somewhere (113年, 民国38, 日期:113/): the plain scan is enough for
# the rest. Each opens with a literal, which ``re`` skips to, so the three cost ~1 % of the scan.
_ROC_HINTS = (compile_later(r"年(?:(?<=1\d\d年)|(?<=1\d\d[ \t]年)|(?<=1\d\d[ \t]{2}年))"),
              compile_later(r"国(?<=民国)[ \t]{0,2}[\d〇零一二三四五六七八九十百]"),
              compile_later(r":(?:(?<=日期:)|(?<=时间:)) ?1\d\d[-/.]\d"))
_ROC_OPENING = compile_later(r"1\d\d[-/.]\d")


def _matches(text: str) -> Iterator[tuple[Any, dict[str, tuple[str, list[tuple[str, int]]]]]]:
    """Every match in ``text`` with its kinds, leftmost first, none overlapping: the plain pattern's and, in a
    text that may hold a Minguo date, the Minguo pattern's, which win over plain ones starting with or in them."""
    plain = ((m, _KINDS) for m in _DATES.finditer(text))
    if not (_ROC_OPENING.match(text) or any(h.search(text) for h in _ROC_HINTS)):
        yield from plain
        return
    end = 0
    for m, kinds in heapq.merge(((m, _ROC_KINDS) for m in _ROC_DATES.finditer(text)), plain,
                                key=lambda found: found[0].start()):  # at one start the first (Minguo) wins
        if m.start() >= end:
            end = m.end()
            yield m, kinds


def _roc_year(text: str) -> int:
    """The Gregorian year of a Minguo year written 113, 一一三, 一百一十三 or 三十八."""
    if text.isdigit():
        return int(text) + 1911
    if "十" not in text and "百" not in text:
        return int("".join(str(CN_DIGIT[c]) for c in text)) + 1911
    hundreds, mark, rest = text.rpartition("百")
    return (CN_DIGIT.get(hundreds, 1) if mark else 0) * 100 + (_num(rest) or 0) + 1911


def _num(text: str | None) -> int | None:
    """1–59 or a four-digit year, in Arabic or Chinese numerals (二〇一一 digit by digit)."""
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if len(text) == 4 and "十" not in text:
        return int("".join(str(CN_DIGIT[c]) for c in text))
    text = text.lstrip("零")
    tens, ten, ones = text.rpartition("十")
    if not ten:
        return CN_DIGIT.get(ones)
    return (CN_DIGIT[tens] if tens else 1) * 10 + (CN_DIGIT[ones] if ones else 0)


@dataclass
class _Raw:
    """One candidate: its span, kind and the parts read from it (year missing unless written)."""

    start: int
    end: int
    kind: str
    groups: dict[str, str | None]
    year: int | None = None
    year_written: bool = False
    month: int | None = None


def _last(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def _day(y: int, m: int, d: int | str) -> date | None:
    try:
        return date(y, m, _last(y, m) if d == "last" else int(d))
    except ValueError:
        return None


def _clock(g: dict[str, str | None]) -> str | None:
    """``THH:MM:SS+08:00`` for the clock time in ``g``; "" when there is none, None when impossible."""
    hour = _num(g.get("h1") or g.get("h2"))
    if hour is None:
        return ""
    written = next((g[k] for k in ("mi1", "mi2", "mi3", "mi4") if g.get(k)), None)
    minute = 30 if g.get("half") else (_num(written) or 0)
    second = int(g.get("s1") or 0)
    period = g.get("ap") or ""
    if hour < 12 and not (period == "中午" and hour >= 6):
        hour += DAY_PERIODS.get(period, 0)
    if hour > 23 or minute > 59:
        return None
    tz = g.get("tz") or TZ
    tz = "+00:00" if tz == "Z" else tz if ":" in tz else f"{tz[:3]}:{tz[3:]}"
    return f"T{hour:02d}:{minute:02d}:{second:02d}{tz}"


# A resolved candidate: (value, first day, last day, granularity); no days for a time of day alone.
_Value = tuple[str, date | None, date | None, str]


def _span(lo: date, hi: date) -> _Value:
    return f"{lo.isoformat()}/{hi.isoformat()}", lo, hi, "interval"


def _resolve(raw: _Raw, ref_year: int | None) -> _Value | None:
    """The ISO value of one candidate, or None when it has no year or is not a real date."""
    g, kind = raw.groups, raw.kind
    if kind == "time":
        clock = _clock(g)
        return (clock[1:], None, None, "time") if clock else None
    y = raw.year if raw.year_written else ref_year
    if y is None or not 1 <= y <= 9999:
        return None
    m = raw.month or _num(g.get("m"))
    if kind in DAY_KINDS:
        day = _day(y, m, _num(g["d"])) if m else None
        clock = _clock(g)
        if day is None or clock is None:
            return None
        return day.isoformat() + clock, day, day, "datetime" if clock else "day"
    if kind in ("numym", "ym", "m", "mcn"):
        part = MONTH_PARTS.get(g.get("part") or "")
        if part is None:
            first, last = _day(y, m, 1), _day(y, m, "last")
            return (f"{y:04d}-{m:02d}", first, last, "month") if first and last else None
        first_day, last_day = part if isinstance(part, tuple) else (part, part)
        lo, hi = _day(y, m, first_day), _day(y, m, last_day)
        if lo is None or hi is None:
            return None
        return (lo.isoformat(), lo, hi, "day") if lo == hi else _span(lo, hi)
    if kind in ("ymr", "mr"):
        m2 = _num(g["m2"])
        return _span(date(y, m, 1), date(y, m2, _last(y, m2))) if m2 and m < m2 else None
    if kind == "q":
        first, last = ((QUARTERS[g["qa"]], QUARTERS[g["qb"]]) if g["qa"] else (1, QUARTERS[g["qn"]]) if g["qn"]
                       else (QUARTERS[g["q"]],) * 2)
        if first > last:
            return None
        return _span(date(y, 3 * first - 2, 1), date(y, 3 * last, _last(y, 3 * last)))
    if kind == "h":
        return _span(date(y, 1, 1), date(y, 6, 30)) if g["h"] == "上" else _span(date(y, 7, 1), date(y, 12, 31))
    if kind == "yend":
        day = date.fromisoformat(f"{y:04d}-{YEAR_PARTS[g['part']]}")
        return day.isoformat(), day, day, "day"
    if kind == "yyr":
        y2 = int(g["y2"])
        return _span(date(y, 1, 1), date(y2, 12, 31)) if y2 > y else None
    return f"{y:04d}", date(y, 1, 1), date(y, 12, 31), "year"


def _candidates(text: str, ref_year: int | None) -> Iterator[_Raw]:
    for m, kinds in _matches(text):
        kind, groups = kinds[m.lastgroup or ""]
        g = {name: m.group(index) for name, index in groups}
        raw = _Raw(m.start(), m.end(), kind, g)
        if roc := g.get("roc") or g.get("rocb"):
            raw.year, raw.year_written = _roc_year(roc), True
            if g.get("roc") and text.endswith("中华", 0, raw.start):
                raw.start -= 2
        elif g.get("y"):
            year = _num(g["y"])
            raw.year, raw.year_written = (year if year and 1900 <= year <= 2099 else 0), True
        elif g.get("rel"):
            raw.year, raw.year_written = (None if ref_year is None else ref_year + REL_YEARS[g["rel"]]), True
        yield raw


def find_dates(text: str, ref_year: int | None = None) -> list[Found]:
    """Every date or time expression in ``text``, in order, as ISO 8601 (``Found.value`` is a str).

    Dates, date-times (+08:00 unless the text gives a zone), months, years, times of day
    ``hh:mm:ss+08:00`` and intervals of days ``START/END`` (上半年, 一季度, 6月至8月底);
    relative ones (6月7日, 今年, 年底) need ``ref_year``. :func:`granularity` says which is which.
    """
    return list(iter_dates(text, ref_year))


def iter_dates(text: str, ref_year: int | None = None) -> Iterator[Found]:
    """:func:`find_dates` one at a time, reading the text only as far as asked (the first date of a page)."""
    raws = _candidates(text, ref_year)
    a = next(raws, None)
    while a is not None:
        b = next(raws, None)
        va = _resolve(a, ref_year)
        pair = _pair(a, va, b, ref_year) if b is not None and _CONNECTOR.fullmatch(text, a.end, b.start) else None
        if pair is not None:
            yield from pair
            a = next(raws, None)
            continue
        if va is not None and a.kind != "d":
            yield Found(va[0], a.start, a.end)
        a = b


def _pair(a: _Raw, va: _Value | None, b: _Raw, ref_year: int | None) -> list[Found] | None:
    """``a`` 至 ``b``: one interval, or two dates when both are written-out days; None if they are not a range.

    ``b`` takes its year (and a lone day its month) from ``a``.
    """
    if va is None or va[1] is None or va[2] is None or b.kind == "time":
        return None
    vb = _resolve(b, ref_year)
    if not b.year_written:  # 12月30日至1月2日: into the next year
        for year in (va[2].year, va[2].year + 1):
            vb = _resolve(replace(b, year=year, year_written=True, month=va[2].month if b.kind == "d" else None), None)
            if vb is None or vb[1] is None or vb[1] >= va[1]:
                break
    if vb is None or vb[1] is None or vb[2] is None or vb[1] < va[1] or vb[2] < va[2]:
        return None
    if a.kind in DAY_KINDS and b.kind in DAY_KINDS:
        return [Found(va[0], a.start, a.end), Found(vb[0], b.start, b.end)]
    return [Found(f"{va[1].isoformat()}/{vb[2].isoformat()}", a.start, b.end)]


GRANULARITY_BY_LENGTH = {4: "year", 7: "month", 10: "day"}


def granularity(value: str) -> str:
    """What an ISO value from :func:`find_dates` is: year, month, day, datetime, time or interval."""
    if "/" in value:
        return "interval"
    if value[2:3] == ":":
        return "time"
    return GRANULARITY_BY_LENGTH.get(len(value), "datetime")


def parse_date(text: str, ref_year: int | None = None) -> str | None:
    """The value of the first date in ``text``, or None."""
    found = find_dates(text, ref_year)
    return found[0].value if found else None


FULL_DATES = ("day", "datetime")


def date_alone(text: str, spans: Iterable[tuple[int, int]], ref_year: int | None = None) -> Found | None:
    """The full date that is the whole of the first of ``spans`` of ``text`` holding nothing else (a
    signature's date line under a speech or a summary), with offsets into ``text``."""
    for s, e in spans:
        found = first_full_date(text, [(s, e)], ref_year)
        if found and (found.start, found.end) == (s, e):
            return found
    return None


def first_full_date(text: str, spans: Iterable[tuple[int, int]], ref_year: int | None = None) -> Found | None:
    """The first day or date-time in the first of ``spans`` of ``text`` that holds one (spans ranked by
    the caller: a labelled line before the rest), with offsets into ``text``."""
    for s, e in spans:
        for f in iter_dates(text[s:e], ref_year):
            if granularity(f.value) in FULL_DATES:
                return Found(f.value, s + f.start, s + f.end)
    return None
