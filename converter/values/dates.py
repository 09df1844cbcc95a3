"""Dates and times in the shapes Chinese documents use, as ISO 8601 strings with spans."""

from __future__ import annotations

import calendar
import re
from datetime import date

from . import Found

TZ = "+08:00"
CN_DIGIT = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "○": 0, "O": 0}
_CN = "[零〇○一二三四五六七八九十]"
_Y = rf"(?P<y>(?:19|20)\d{{2}}|{_CN}{{4}})"
_M = r"(?P<m>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_D = r"(?P<d>3[01]|[12]\d|0?[1-9]|三十一?|二?十[一二三四五六七八九]?|[一二三四五六七八九])"
_TIME = (r"(?:\s*(?P<ampm>上午|下午|晚上|早上|中午|凌晨)?\s*(?P<hh>[01]?\d|2[0-3]|[一二三四五六七八九十]{1,3})"
         r"(?::|时|点)(?:(?P<mm>[0-5]\d)(?::(?P<ss>[0-5]\d))?分?|(?P<half>半))?)?")
_PART = r"(?P<part>底|末|中|初|上旬|中旬|下旬)?"
_QUARTER = r"(?:第)?(?P<q>[一二三四1-4])季度"
_HALF = r"(?P<h>上|下)半年"
_RANGE_SEP = r"\s*(?:至|到|—|–|-|~|～)\s*"
PATTERNS = [
    ("m_range", re.compile(rf"(?:{_Y}\s*年\s*)?(?<![\d.])(?P<m>1[0-2]|0?[1-9])\s*(?:月(?:份)?)?{_RANGE_SEP}"
                           rf"(?P<m2>1[0-2]|0?[1-9])\s*月(?:份)?(?P<part>底|末)?")),
    ("ymd", re.compile(rf"{_Y}\s*年\s*{_M}\s*月\s*{_D}\s*[日号]{_TIME}")),
    ("ymd_num", re.compile(r"(?<![\d.])(?P<y>(?:19|20)\d{2})(?P<sep>[-/.])(?P<m>1[0-2]|0?[1-9])(?P=sep)"
                           r"(?P<d>3[01]|[12]\d|0?[1-9])(?![\d.])(?:[ T]+(?P<hh>[01]?\d|2[0-3]):(?P<mm>[0-5]\d)"
                           r"(?::(?P<ss>[0-5]\d))?)?")),
    ("yq", re.compile(rf"{_Y}\s*年\s*{_QUARTER}")),
    ("yh", re.compile(rf"{_Y}\s*年\s*{_HALF}")),
    ("ym", re.compile(rf"{_Y}\s*年\s*{_M}\s*月(?:份)?{_PART}")),
    ("y_end", re.compile(rf"{_Y}\s*年\s*(?P<part>底|末)")),
    ("y", re.compile(rf"{_Y}\s*年(?!\d|代|度|级)")),
    ("md", re.compile(rf"(?<![\d年月])(?<!\d-){_M}\s*月\s*{_D}\s*[日号]{_TIME}")),
    ("m_part", re.compile(r"(?<![\d年\-~至])(?P<m>1[0-2]|0?[1-9])\s*月(?P<part>底|末|中|初|上旬|中旬|下旬)")),
    ("time", re.compile(
        r"(?<![\d:年月日号])(?P<ampm>上午|下午|晚上|早上|中午|凌晨)\s*"
        r"(?P<hh>[01]?\d|2[0-3]|[一二三四五六七八九十]{1,3})(?::|时|点)(?:(?P<mm>[0-5]\d)分?|(?P<half>半))?"
        r"|(?<![\d:.])(?P<hh2>[01]?\d|2[0-3])[:：](?P<mm2>[0-5]\d)(?![\d:])"
        r"|(?<![\d.])(?P<hh3>[01]?\d|2[0-3])时(?P<mm3>[0-5]\d)分")),
    ("rel_year", re.compile(r"(?P<rel>今年|去年|明年|前年|上年|当年)(?P<part>底|末)?")),
    ("q", re.compile(rf"(?<![年\d]){_QUARTER}")),
    ("h", re.compile(rf"(?<![年\d]){_HALF}")),
]
REL_YEAR = {"今年": 0, "当年": 0, "去年": -1, "上年": -1, "前年": -2, "明年": 1}
AMPM_SHIFT = {"下午": 12, "晚上": 12}


def _num(text: str | None) -> int | None:
    """1-31 or a year, in Arabic or Chinese numerals."""
    if text is None:
        return None
    if text.isdigit():
        return int(text)
    if len(text) == 4 and all(c in CN_DIGIT for c in text):
        return int("".join(str(CN_DIGIT[c]) for c in text))
    if text.startswith("十"):
        return 10 + (CN_DIGIT.get(text[1], 0) if len(text) > 1 else 0)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return CN_DIGIT[tens] * 10 + (CN_DIGIT[ones] if ones else 0)
    return CN_DIGIT.get(text) if len(text) == 1 else None


def _day_iso(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _month_part(y: int, m: int, part: str | None) -> str:
    last = calendar.monthrange(y, m)[1]
    days = {"底": last, "末": last, "中": 15, "中旬": 15, "下旬": 21, "上旬": 1, "初": 1}
    return f"{y:04d}-{m:02d}" if not part else f"{y:04d}-{m:02d}-{days[part]:02d}"


def _time(g: dict) -> str:
    hh = _num(g.get("hh"))
    if hh is None:
        return ""
    if hh < 12:
        hh += AMPM_SHIFT.get(g.get("ampm") or "", 0)
    mm = 30 if g.get("half") else int(g.get("mm") or 0)
    ss = int(g.get("ss") or 0)
    if hh > 23:
        return ""
    return f"T{hh:02d}:{mm:02d}:{ss:02d}{TZ}"


def _value(kind: str, g: dict, ref_year: int | None) -> str | None:
    if kind == "time":  # a time of day alone: hh:mm:ss with the zone, no date to attach it to
        if g.get("hh2") or g.get("hh3"):
            g = {**g, "hh": g.get("hh2") or g["hh3"], "mm": g.get("mm2") or g["mm3"]}
        t = _time(g)
        return t[1:] if t else None
    if kind == "m_range":
        y = _num(g.get("y")) or ref_year
        m1, m2 = int(g["m"]), int(g["m2"])
        if y is None or m2 < m1:
            return None
        return f"{_month_part(y, m1, '初')}/{_month_part(y, m2, '底')}"
    y = _num(g.get("y"))
    if kind in ("md", "m_part", "q", "h") or (kind == "rel_year"):
        y = ref_year if kind != "rel_year" else (ref_year + REL_YEAR[g["rel"]] if ref_year else None)
        if y is None:
            return None
    m, d = _num(g.get("m")), _num(g.get("d"))
    if kind in ("ymd", "ymd_num", "md"):
        day = _day_iso(y, m, d) if m and d else None
        return day + _time(g) if day else None
    if kind in ("ym", "m_part"):
        return _month_part(y, m, g.get("part")) if m and 1 <= m <= 12 else None
    if kind in ("yq", "q"):
        q = _num(g["q"]) if not g["q"].isdigit() else int(g["q"])
        return f"{y:04d}-{3 * q - 2:02d}-01/{y:04d}-{3 * q:02d}-{calendar.monthrange(y, 3 * q)[1]:02d}"
    if kind in ("yh", "h"):
        return f"{y:04d}-01-01/{y:04d}-06-30" if g["h"] == "上" else f"{y:04d}-07-01/{y:04d}-12-31"
    if kind in ("y_end", "rel_year") and g.get("part"):
        return f"{y:04d}-12-31"
    return f"{y:04d}" if y and 1900 <= y <= 2100 else None


GRANULARITY_BY_LENGTH = {4: "year", 7: "month", 10: "day"}


def granularity(value: str) -> str:
    """What an ISO value from :func:`find_dates` is: year, month, day, datetime, time or interval."""
    if "/" in value:
        return "interval"
    if value[2:3] == ":":
        return "time"
    return GRANULARITY_BY_LENGTH.get(len(value), "datetime")


def find_dates(text: str, ref_year: int | None = None) -> list[Found]:
    """Every date or time expression in ``text`` as ISO 8601 (dates, date-times with +08:00, months,
    years, intervals ``START/END``, times of day ``hh:mm:ss+08:00``); relative ones (6月7日, 今年,
    8月底, 6月至8月) need ``ref_year``. :func:`granularity` says which kind a value is."""
    hits = []
    for order, (kind, pattern) in enumerate(PATTERNS):
        for m in pattern.finditer(text):
            value = _value(kind, m.groupdict(), ref_year)
            if value:
                hits.append((m.start(), -(m.end() - m.start()), order, m.end(), value))
    hits.sort()
    out, last_end = [], -1
    for start, _neg_len, _order, end, value in hits:
        if start >= last_end:
            out.append(Found(value, start, end))
            last_end = end
    return out


def parse_date(text: str, ref_year: int | None = None) -> str | None:
    """The first date in ``text``, or None."""
    found = find_dates(text, ref_year)
    return found[0].value if found else None
