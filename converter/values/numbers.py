"""Numbers and quantities: Arabic and Chinese numerals, 万/亿 multipliers, units, percentages."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from . import Found

MULTIPLIERS = {"万亿": 10**12, "千亿": 10**11, "百亿": 10**10, "十亿": 10**9, "亿": 10**8, "千万": 10**7,
               "百万": 10**6, "十万": 10**5, "万": 10**4}
# Units and measure words, longest first so 平方公里 wins over 公里.
UNITS = sorted(set("""
元 美元 港元 澳元 欧元 日元 英镑 人民币 名 人 人次 户 个 家 项 亩 公顷 平方米 平方公里 平方千米 立方米 公里 千米 米
km/h km kg 吨 万吨 千瓦 兆瓦 千瓦时 度 辆 套 间 条 处 座 所 批次 次 件 栋 片 方 台 只 头 株 棵 张 部 架 艘 支 篇 场
天 个月 倍 岁 余人 床 家次 个点""".split()), key=len, reverse=True)
CURRENCY = {"元", "美元", "港元", "澳元", "欧元", "日元", "英镑"}
CN_DIGITS = "零〇一二两三四五六七八九十百千"
_ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"
_CHINESE = rf"[{CN_DIGITS}]+(?:点[零〇一二三四五六七八九]+)?"
_MULT = "|".join(MULTIPLIERS)
_UNIT = "|".join(re.escape(u) for u in UNITS)
_QUANTITY = re.compile(
    rf"(?<![A-Za-z0-9.\-/:])(?:"
    rf"(?P<pct>{_ARABIC})\s?%"
    rf"|百分之(?P<cnpct>{_CHINESE})"
    rf"|(?P<pts>{_ARABIC}|{_CHINESE})个百分点"
    rf"|(?P<num>{_ARABIC}|{_CHINESE})(?:(?P<mult>{_MULT})(?P<after>余|多)?(?P<unit>{_UNIT})?"
    rf"|(?P<after2>余|多)?(?P<unit2>{_UNIT}))"
    rf")")
APPROX_BEFORE = ("近", "约", "超过", "超", "逾", "多达", "约为", "接近")
MIN_CHINESE_VALUE = 10  # 一件事, 两手: small Chinese numerals are words, not quantities


@lru_cache(maxsize=1)
def _cn2an():
    import cn2an  # lazily: ~100 ms, and only Chinese numerals need it

    return cn2an


def _plain_number(text: str) -> int | float | None:
    """A number written in Arabic or Chinese numerals, without multipliers."""
    if not text:
        return None
    if text[0].isdigit():
        value = float(text.replace(",", ""))
    else:
        if set(text) <= set("零〇一二三四五六七八九") and len(text) > 1:  # 二〇一一: digit by digit
            return int("".join(str("零一二三四五六七八九".index(c) if c != "〇" else 0) for c in text))
        try:
            value = float(_cn2an().cn2an(text.replace("两", "二"), "smart"))
        except (ValueError, KeyError, IndexError, TypeError):
            return None
    return int(value) if value.is_integer() else value


def _scaled(number: int | float, mult: str | None) -> int | float:
    """``number`` × the multiplier, in decimal arithmetic (156.3亿 is 15630000000, not ...000002)."""
    if not mult:
        return number
    value = Decimal(str(number)) * MULTIPLIERS[mult]
    return int(value) if value == value.to_integral_value() else float(value)


def parse_number(text: str) -> int | float | None:
    """One number as written: 16亿 → 1600000000, 3.28万 → 32800, 十四 → 14, 二〇一一 → 2011."""
    m = re.fullmatch(rf"\s*({_ARABIC}|{_CHINESE})({_MULT})?\s*", text)
    if not m:
        return None
    number = _plain_number(m.group(1))
    return None if number is None else _scaled(number, m.group(2))


def find_quantities(text: str) -> list[Found]:
    """Every quantity in ``text``: ``{"text", "value", "unit"}`` (+ ``"approx": True``), 万/亿 resolved."""
    out = []
    for m in _QUANTITY.finditer(text):
        item = _quantity(m)
        if item is None:
            continue
        before = text[max(0, m.start() - 2): m.start()]
        if any(before.endswith(w) for w in APPROX_BEFORE) or m.group("after") or m.group("after2"):
            item["approx"] = True
        item["text"] = m.group()
        out.append(Found(item, m.start(), m.end()))
    return out


def _quantity(m: re.Match) -> dict | None:
    if m.group("pct"):
        return {"value": _plain_number(m.group("pct").replace(",", "")), "unit": "%"}
    if m.group("cnpct"):
        value = _plain_number(m.group("cnpct"))
        return None if value is None else {"value": value, "unit": "%"}
    if m.group("pts"):
        value = _plain_number(m.group("pts"))
        return None if value is None else {"value": value, "unit": "个百分点"}
    num, mult, unit = m.group("num"), m.group("mult"), m.group("unit") or m.group("unit2")
    number = _plain_number(num)
    if number is None:
        return None
    if not num[0].isdigit() and number < MIN_CHINESE_VALUE and not mult:
        return None
    return {"value": _scaled(number, mult), "unit": unit or ""}
