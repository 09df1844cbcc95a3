"""Numbers and quantities: Arabic and Chinese numerals, 万/亿 multipliers, units, percentages.

``parse_number`` reads one number as written; ``find_quantities`` finds every number that has a
unit (or a 万/亿 multiplier) in one regular-expression pass. Chinese numerals are conservative:
a single digit (一件事, 两手, 三区三线) is a word, not a quantity, unless a multiplier or a
percentage makes it one. A multiplier with no unit after it (总投资16亿) gives unit ``""``;
for Chinese numerals only 亿 does (十四亿), since 十万火急 is not an amount.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from functools import lru_cache
from typing import Any

from . import Found

# Multipliers moved into the value: 2292万元 is 22920000 元.
MULTIPLIERS: dict[str, int] = {"万亿": 10**12, "亿": 10**8, "千万": 10**7, "百万": 10**6, "万": 10**4,
                               "千": 10**3, "百": 10**2}
BARE_MULTIPLIERS = frozenset({"万亿", "亿", "千万", "百万", "万"})  # 16亿 needs no unit; 500千 does
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1  # integers JSON readers carry exactly; larger values are floats
# Units and measure words by kind, as written (万吨, 亿元 and the like come from MULTIPLIERS).
UNITS: dict[str, str] = {
    "currency": "元 美元 港元 澳门元 澳元 新台币 欧元 日元 英镑 人民币",
    "people": "名 人 人次 户 家 家次",
    "count": "个 项 辆 套 间 条 处 座 所 批次 次 件 起 栋 片 台 头只 只 头 票 株 棵 张 部 架 艘 支 篇 场 床 宗 份 本 "
             "口 羽",  # 头只: livestock counted together; 票: votes
    "area": "亩 公顷 平方米 平方公里 平方千米 平米 平方公尺",  # 平方公尺: Taiwan's square metre
    "length": "公里 千米 米 km",
    "volume": "方 立方米 立方",
    "mass": "吨 千克 公斤 斤 担 kg",
    "energy": "千瓦 兆瓦 千瓦时 度 千伏 kV KV kv",
    "time": "个月 个多月 个工作日 工作日 天 小时 分钟 周岁 岁",
    "ratio": "% ‰ 个百分点 个多百分点 百分点 倍 成",
}
# 16亿人民币 is 元; 4个多月 is about 4 个月; 5个工作日 counts 工作日
UNIT_ALIASES: dict[str, str] = {"人民币": "元", "个多月": "个月", "个工作日": "工作日", "个多百分点": "个百分点"}
PERCENT_UNITS = frozenset({"%", "‰", "个百分点", "百分点"})
# A currency named before the amount (新台币1.2亿元): the amount is in it, not in 元.
CURRENCY_BEFORE: dict[str, str] = {"新台币": "新台币", "台币": "新台币", "港币": "港元", "美金": "美元",
                                   "澳门币": "澳门元", "日币": "日元"}
# A unit followed by one of these is the start of another word: 三方面, 5成本.
NOT_BEFORE: dict[str, str] = {"方": "面式案向法针位圆", "成": "本果员立为效绩交熟", "度": "假", "口": "岸号径",
                              "起": "步来草航飞点始"}
# Qualifiers right before the number flag it approximate; right after it likewise (not in its text).
APPROX_BEFORE = ("超过", "将近", "接近", "大约", "约为", "近", "约", "超", "逾")
NOT_APPROX = ("签约", "履约", "合约", "违约", "节约", "制约", "预约", "特约", "公约", "条约", "契约", "集约",
              "最近", "附近", "临近", "就近", "邻近", "靠近", "贴近", "亲近", "赶超", "高超")
APPROX_AFTER = ("左右",)
MIN_CHINESE = 10  # 一件事, 两手, 五个一批: small Chinese numerals are words, not quantities

CN_DIGITS = "零〇一二三四五六七八九"
_DIGIT_VALUE = {c: str(i) for i, c in enumerate("零一二三四五六七八九")} | {"〇": "0"}
_CN_START = "零〇一二两三四五六七八九十"
_CN_BODY = _CN_START + "百千万亿"
_ARABIC = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\.?\d|,\d)|\d+(?:\.\d+)?(?!\.?\d))"
_CHINESE = rf"(?:[{_CN_START}][{_CN_BODY}]*(?:点[{CN_DIGITS}]+)?)"
_MULT = "万亿|亿|千万|百万|万|千(?![米瓦克伏])|百(?!分)"


def _unit_alternation() -> str:
    units = sorted({u for words in UNITS.values() for u in words.split()}, key=len, reverse=True)
    parts = []
    for u in units:
        guard = f"(?![{NOT_BEFORE[u]}])" if u in NOT_BEFORE else "(?![A-Za-z])" if u.isascii() and u.isalpha() else ""
        parts.append(re.escape(u) + guard)
    return "|".join(parts)


_QUANTITY = re.compile(
    rf"(?=[-\d{_CN_START}百])(?:"
    rf"百分之(?P<pct>{_ARABIC}|[{_CN_BODY}]+(?:点[{CN_DIGITS}]+)?)"
    rf"|(?:(?:(?<![A-Za-z0-9.%)/:#_~-])(?P<neg>-))?(?<![A-Za-z0-9./#_])(?<![A-Za-z0-9][:-])(?<!\d,)(?<!第)(?!0\d)"
    rf"(?P<ar>{_ARABIC})"
    rf"|(?<![{_CN_BODY}点第])(?P<cn>{_CHINESE}))"
    rf" ?(?P<a1>余|多)? ?(?P<mult>{_MULT})?(?P<a2>余|多)? ?(?P<unit>{_unit_alternation()})?"
    rf")")
_NUMBER = re.compile(rf"\s*(?P<sign>[-+])?(?:(?P<ar>{_ARABIC})|(?P<cn>{_CHINESE}))(?P<mult>{_MULT})?\s*")


@lru_cache(maxsize=1)
def _cn2an() -> Any:
    import cn2an  # lazily: ~100 ms, and only Chinese numerals need it

    return cn2an


@lru_cache(maxsize=4096)
def _chinese(text: str) -> Decimal | None:
    """A Chinese numeral (万/亿 inside it included); None for vague pairs such as 三五 and for non-numbers."""
    if len(text) > 1 and all(c in _DIGIT_VALUE or c == "两" for c in text):  # 二〇一一: digit by digit
        if "两" in text or (len(text) == 2 and "零" not in text and "〇" not in text):
            return None  # 三五个, 两三家: a vague range, not 35
        return Decimal("".join(_DIGIT_VALUE[c] for c in text))
    if text[0] in "百千":  # 百分之百
        text = "一" + text
    try:
        return Decimal(str(_cn2an().cn2an(text, "smart")))
    except (ValueError, KeyError, IndexError, TypeError):
        pass
    head = text.rstrip("万亿")  # 三点五万: cn2an reads no decimals before a multiplier
    mult = text[len(head):]
    if head == text or mult not in MULTIPLIERS:
        return None
    value = _chinese(head)
    return None if value is None else value * MULTIPLIERS[mult]


def _number(arabic: str | None, chinese: str | None, mult: str | None) -> Decimal | None:
    value = Decimal(arabic.replace(",", "")) if arabic else _chinese(chinese or "")
    if value is not None and mult:
        value *= MULTIPLIERS[mult]
    return value


def _plain(value: Decimal) -> int | float | None:
    """int when integral and within 64 bits, float otherwise (Decimal arithmetic keeps 156.3亿 at
    15630000000); None beyond the range of a float (over 308 digits: no quantity).

    JSON readers (orjson among them) do not carry integers outside the signed 64-bit range, so
    such a value is a float, rounded to 17 significant digits; the quantity's ``text`` keeps it exact."""
    if value == value.to_integral_value() and INT64_MIN <= value <= INT64_MAX:
        return int(value)
    number = float(value)
    return number if math.isfinite(number) else None


def parse_number(text: str) -> int | float | None:
    """One number as written: 16亿 → 1600000000, 3.28万 → 32800, 十四 → 14, 零点五 → 0.5, 二〇一一 → 2011;
    also an amount with its unit or qualifiers (120.5万元 → 1205000, 约120万, 120万余, 百分之二十 → 20).
    None when the text is not one number (十四五, 三五, a date)."""
    m = _NUMBER.fullmatch(text)
    if m:
        value = _number(m["ar"], m["cn"], m["mult"])
        return None if value is None else _plain(-value if m["sign"] == "-" else value)
    core = _unqualified(text.strip())
    if core != text.strip() and (m := _NUMBER.fullmatch(core)):  # 3000余, 约42
        value = _number(m["ar"], m["cn"], m["mult"])
        return None if value is None else _plain(-value if m["sign"] == "-" else value)
    found = _scan(core)
    if len(found) == 1 and (found[0].start, found[0].end) == (0, len(core)):
        return found[0].value["value"]
    return None


def _unqualified(text: str) -> str:
    """``text`` without an approximating word before (约, 超过) or after (余, 多, 左右) it."""
    before = next((q for q in APPROX_BEFORE if text.startswith(q)), "")
    after = next((q for q in (*APPROX_AFTER, "余", "多") if text.endswith(q)), "")
    return text[len(before):len(text) - len(after)].strip()


_last: tuple[str | None, tuple[Found, ...]] = (None, ())  # the last text and its quantities


def find_quantities(text: str) -> list[Found]:
    """Every quantity in ``text``, in order: ``{"text", "value", "unit"}`` (+ ``"approx": True``).

    ``text`` is the quantity as written from its first digit (a leading 近/约 is not in it, a
    trailing 余/多 is); ``value`` has 万/亿 resolved and ``unit`` is the base unit (万元 → 元).
    Asked twice in a row about the same text object (a report's quantities, then its targets),
    the answer is remembered; the ``Found`` values are then shared, so callers must not modify them.
    """
    global _last
    last = _last
    if last[0] is not text:
        last = _last = (text, tuple(_scan(text)))
    return list(last[1])


def _scan(text: str) -> list[Found]:
    out = []
    for m in _QUANTITY.finditer(text):
        item = _quantity(m)
        if item is None:
            continue
        start, end = m.span()
        if end > start and text[end - 1] == " ":
            end -= 1
        before = text[max(0, start - 2):start]
        if (m["a1"] or m["a2"] or "多" in (m["unit"] or "") or text.startswith(APPROX_AFTER, end)
                or (before.endswith(APPROX_BEFORE) and not before.endswith(NOT_APPROX))):
            item["approx"] = True
        currency = next((c for word, c in CURRENCY_BEFORE.items() if text.endswith(word, 0, start)), None)
        if currency and item["unit"] in ("元", ""):
            item["unit"] = currency
        out.append(Found({"text": text[start:end], **item}, start, end))
    return out


def unit_as_written(unit: str, matched: str, written: str) -> str:
    """``unit`` in the source's script: ``matched`` is the quantity in match form (simplified, 120栋),
    ``written`` the same characters as the source has them (120棟); a unit the match form does not
    end with (an alias: 人民币 → 元, a currency named before the amount) is kept as it is."""
    if unit and len(matched) == len(written) and matched.endswith(unit):
        return written[len(written) - len(unit):]
    return unit


def _quantity(m: re.Match[str]) -> dict[str, Any] | None:
    """Value and unit of one match, or None when it is not a quantity (bare number, word, bad numeral)."""
    if m["pct"] is not None:
        value = _number(m["pct"], None, None) if m["pct"][0].isdigit() else _chinese(m["pct"])
        plain = None if value is None else _plain(value)
        return None if plain is None else {"value": plain, "unit": "%"}
    unit, mult, chinese = m["unit"], m["mult"], m["cn"]
    if not unit and (mult not in BARE_MULTIPLIERS if not chinese else "亿" not in chinese + (mult or "")):
        return None  # a bare number, 500千(伏), or 十万火急: a Chinese numeral needs a unit unless it counts in 亿
    value = _number(m["ar"], chinese, mult)
    if value is None:
        return None
    if chinese and unit not in PERCENT_UNITS and value < MIN_CHINESE and not mult and "点" not in chinese:
        return None
    plain = _plain(-value if m["neg"] else value)
    return None if plain is None else {"value": plain, "unit": UNIT_ALIASES.get(unit, unit or "")}
