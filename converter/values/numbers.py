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
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from decimal import Decimal
from functools import lru_cache
from typing import Any

from ..lazy_re import compile_later
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
             "口 羽 种",  # 头只: livestock counted together; 票: votes; 种: kinds (42种制度)
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
_CURRENCY_WORDS = tuple(CURRENCY_BEFORE)
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


# A Chinese digit alone (一步, 三是, 一个: no 十百千万亿 or 点 after it) is a word unless a multiplier or a
# percentage follows (三万, 三个百分点): anything else the scanner would read and drop (a Chinese numeral below
# MIN_CHINESE needs one of those), so the pattern does not match it. A third of the seeds' candidate numbers.
_PERCENT = "|".join(map(re.escape, sorted(PERCENT_UNITS, key=len, reverse=True)))
_NOT_A_WORD_DIGIT = (rf"(?![{CN_DIGITS}两](?![{_CN_BODY}点])"
                     rf"(?! ?(?:余|多)? ?(?:{_MULT}|(?:余|多)? ?(?:{_PERCENT}))))")
_QUANTITY = compile_later(
    rf"(?=[-\d{_CN_START}百])(?:"
    rf"百分之(?P<pct>{_ARABIC}|[{_CN_BODY}]+(?:点[{CN_DIGITS}]+)?)"
    rf"|(?:(?:(?<![A-Za-z0-9.%)/:#_~-])(?P<neg>-))?(?<![A-Za-z0-9./#_])(?<![A-Za-z0-9][:-])(?<!\d,)(?<!第)(?!0\d)"
    rf"(?P<ar>{_ARABIC})"
    rf"|(?<![{_CN_BODY}点第]){_NOT_A_WORD_DIGIT}(?P<cn>{_CHINESE}))"
    rf" ?(?P<a1>余|多)? ?(?P<mult>{_MULT})?(?P<a2>余|多)? ?(?P<unit>{_unit_alternation()})?"
    rf")")
_NUMBER = compile_later(rf"\s*(?P<sign>[-+])?(?:(?P<ar>{_ARABIC})|(?P<cn>{_CHINESE}))(?P<mult>{_MULT})?\s*")


@lru_cache(maxsize=1)
def _cn2an() -> Any:
    import cn2an  # lazily: its import takes 0.2-0.3 s, and only numerals the reader below refuses need it

    return cn2an


_CN_DIGIT_VALUE = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_SMALL_UNIT = {"十": 10, "百": 100, "千": 1000}
_SECTION = 10**4  # a section (below 万) ends at 万 or 亿


def _written_out(text: str) -> int | None:
    """A Chinese integer in its written-out form (三千五百万, 十四亿, 一千零五, 两万): each unit one place
    below the one before, 零 marking skipped places, 十 bare only at the start, and the section after
    亿 closed by 万 unless a 零 opens it. None for anything else (一千五, 十一万三, 三五, 一亿三千):
    cn2an reads those or refuses them too."""
    if text in ("零", "〇"):
        return 0
    yi = wan = section = 0
    digit: int | None = None
    last_unit: int | None = None  # the place of the unit before; None: none yet
    zero = False  # a 零 since the last unit: the next place is at least two below it
    wan_due = False  # a section right after 亿 without 零: only 万 may close it
    for i, ch in enumerate(text):
        if ch in _CN_DIGIT_VALUE:
            if digit is not None:
                return None
            if ch in "零〇":
                if zero or last_unit is None:
                    return None
                zero, wan_due = True, wan_due and section > 0  # 一亿零三千: 零 right after 亿 opens it
            else:
                digit = _CN_DIGIT_VALUE[ch]
            continue
        if ch in _SMALL_UNIT:
            unit = _SMALL_UNIT[ch]
            if digit is None:
                if i or ch != "十":
                    return None
                digit = 1  # 十五, 十万
            elif ch == "十" and text[i - 1] == "两":
                return None
            if not (last_unit is None or (unit * 10 < last_unit if zero else unit * 10 == last_unit)
                    or (wan_due and unit == 1000 and not section)):  # 一亿三千万
                return None
            section += digit * unit
            digit, last_unit, zero = None, unit, False
            continue
        if ch not in "万亿" or (zero and digit is None):
            return None
        if digit is not None:
            if not (last_unit in (None, 10) if not zero else last_unit >= 100):
                return None  # 一千五万, 三万五亿
            section, digit = section + digit, None
        if ch == "万":
            if wan or not section:
                return None
            wan, section, wan_due = section, 0, False
        else:
            if yi or not (wan or section):
                return None
            yi, wan, section, wan_due = wan * _SECTION + section, 0, 0, True
        last_unit, zero = (_SECTION if ch == "万" else _SECTION**2), False
    if digit is not None:
        if not (last_unit is None or (zero and last_unit >= 100) or (last_unit == 10 and not zero)):
            return None  # 一千五, 三万五: spoken forms
        if ch == "两" and last_unit is not None:
            return None  # 二十两: a weight, not a number
        section += digit
    elif zero:
        return None  # 一百零
    if wan_due and section:
        return None  # 一亿三千
    return yi * 10**8 + wan * _SECTION + section


def _read_chinese(text: str) -> Decimal | None:
    """A written-out Chinese numeral with an optional 点 fraction (三点一四), or None (see _written_out)."""
    head, dot, fraction = text.partition("点")
    whole = _written_out(head) if head else None
    if whole is None or (dot and not (fraction and all(c in _DIGIT_VALUE for c in fraction))):
        return None
    return Decimal(f"{whole}.{''.join(_DIGIT_VALUE[c] for c in fraction)}") if dot else Decimal(whole)


@lru_cache(maxsize=4096)
def _chinese(text: str) -> Decimal | None:
    """A Chinese numeral (万/亿 inside it included); None for vague pairs such as 三五 and for non-numbers."""
    if len(text) > 1 and all(c in _DIGIT_VALUE or c == "两" for c in text):  # 二〇一一: digit by digit
        if "两" in text or (len(text) == 2 and "零" not in text and "〇" not in text):
            return None  # 三五个, 两三家: a vague range, not 35
        return Decimal("".join(_DIGIT_VALUE[c] for c in text))
    if text[0] in "百千":  # 百分之百
        text = "一" + text
    value = _read_chinese(text)
    if value is not None:
        return value
    try:
        return Decimal(str(_cn2an().cn2an(text, "smart")))
    except (ValueError, KeyError, IndexError, TypeError):
        pass
    head = text.rstrip("万亿")  # 三点五万: cn2an reads no decimals before a multiplier
    mult = text[len(head):]
    if not head or head == text or mult not in MULTIPLIERS:
        return None  # 百分之万: a multiplier alone is no number
    value = _chinese(head)
    return None if value is None else value * MULTIPLIERS[mult]


# An arabic integer of up to this many digits is read as an int (exact, and quicker than Decimal); longer
# ones, and decimals, as Decimal (int() refuses over 4,300 digits).
INT_DIGITS = 18


def _number(arabic: str | None, chinese: str | None, mult: str | None) -> int | Decimal | None:
    if arabic:
        digits = arabic.replace(",", "")
        value = int(digits) if len(digits) <= INT_DIGITS and "." not in digits else Decimal(digits)
    else:
        value = _chinese(chinese or "")
    if value is not None and mult:
        value *= MULTIPLIERS[mult]
    return value


def _plain(value: int | Decimal) -> int | float | None:
    """int when integral and within 64 bits, float otherwise (Decimal arithmetic keeps 156.3亿 at
    15630000000); None beyond the range of a float (over 308 digits: no quantity).

    JSON readers (orjson among them) do not carry integers outside the signed 64-bit range, so
    such a value is a float, rounded to 17 significant digits; the quantity's ``text`` keeps it exact."""
    if type(value) is int:  # at most INT_DIGITS digits times 万亿: a float always holds it
        return value if INT64_MIN <= value <= INT64_MAX else float(value)
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
    found = list(_scan(core))
    if len(found) == 1 and (found[0].start, found[0].end) == (0, len(core)):
        return found[0].value["value"]
    return None


def _unqualified(text: str) -> str:
    """``text`` without an approximating word before (约, 超过) or after (余, 多, 左右) it."""
    before = next((q for q in APPROX_BEFORE if text.startswith(q)), "")
    after = next((q for q in (*APPROX_AFTER, "余", "多") if text.endswith(q)), "")
    return text[len(before):len(text) - len(after)].strip()


_last: tuple[str | None, tuple[Found, ...]] = (None, ())  # the last text scanned to its end, and its quantities
# A text with more quantities than this is not remembered: asked again, it is scanned again (a report's
# quantities and targets both read a text; one dense with values must not be held twice over).
MEMO_MAX_QUANTITIES = 10_000


def find_quantities(text: str) -> list[Found]:
    """Every quantity in ``text``, in order: ``{"text", "value", "unit"}`` (+ ``"approx": True``).

    ``text`` is the quantity as written from its first digit (a leading 近/约 is not in it, a
    trailing 余/多 is); ``value`` has 万/亿 resolved and ``unit`` is the base unit (万元 → 元).
    See :func:`iter_quantities`."""
    return list(iter_quantities(text))


def iter_quantities(text: str) -> Iterator[Found]:
    """:func:`find_quantities` one at a time, so a caller that keeps only some holds no more. Asked
    twice in a row about the same text object (a report's quantities, then its targets), the answer
    is remembered (up to :data:`MEMO_MAX_QUANTITIES`); the ``Found`` values are then shared, so
    callers must not modify them."""
    global _last
    if _last[0] is text:
        yield from _last[1]
        return
    _last = (None, ())
    kept: list[Found] | None = []
    for found in _scan(text):
        if kept is not None:
            kept.append(found)
            if len(kept) > MEMO_MAX_QUANTITIES:
                kept = None
        yield found
    if kept is not None:
        _last = (text, tuple(kept))


def quantities_within(found: Sequence[Found], text: str, start: int, end: int) -> list[Found] | None:
    """What a scan of ``text[start:end]`` finds (:func:`iter_quantities`), read from ``found``, the quantities of
    all of ``text``, when the part starts and ends at a line break; None when it does not (then it must be
    scanned). No quantity holds a line break, so none is cut at one, and the scanner reads a line break
    around a quantity as it reads the start or the end of a text (its look-arounds and approximation and
    currency words test characters that are never one): at a line break, the part's quantities are the
    whole's inside it. Offsets in the result are the part's."""
    at_break = (start == 0 or "\n" in text[start - 1:start + 1]) and (end == len(text) or "\n" in text[end - 1:end + 1])
    if not at_break or start >= end:
        return None
    k = bisect_left(found, start, key=lambda f: f.start)
    out = []
    for f in found[k:]:
        if f.end > end:
            break
        out.append(Found(f.value, f.start - start, f.end - start))
    return out


def _scan(text: str) -> Iterator[Found]:
    # A match's groups read as one tuple (by name each was a call): this loop runs for every number of every text.
    for m in _QUANTITY.finditer(text):
        pct, neg, arabic, chinese, a1, mult, a2, unit = m.groups()
        if pct is None and not unit and (mult not in BARE_MULTIPLIERS if chinese is None
                                         else "亿" not in chinese + (mult or "")):
            continue  # a bare number, 500千(伏), or 十万火急: a Chinese numeral needs a unit unless it counts in 亿
        read = _quantity(pct, neg, arabic, chinese, mult, unit)
        if read is None:
            continue
        value, base_unit = read
        start, end = m.span()
        if end > start and text[end - 1] == " ":
            end -= 1
        if text.endswith(_CURRENCY_WORDS, 0, start) and base_unit in ("元", ""):  # one test for all: most have none
            base_unit = next(c for word, c in CURRENCY_BEFORE.items() if text.endswith(word, 0, start))
        item = {"text": text[start:end], "value": value, "unit": base_unit}
        # the qualifiers before it tested in the text itself (no slice of the characters before each number)
        if (a1 or a2 or (unit is not None and "多" in unit) or text.startswith(APPROX_AFTER, end)
                or (text.endswith(APPROX_BEFORE, 0, start) and not text.endswith(NOT_APPROX, 0, start))):
            item["approx"] = True
        yield Found(item, start, end)


def unit_as_written(unit: str, matched: str, written: str) -> str:
    """``unit`` in the source's script: ``matched`` is the quantity in match form (simplified, 120栋),
    ``written`` the same characters as the source has them (120棟); a unit the match form does not
    end with (an alias: 人民币 → 元, a currency named before the amount) is kept as it is."""
    if unit and len(matched) == len(written) and matched.endswith(unit):
        return written[len(written) - len(unit):]
    return unit


def _quantity(pct: str | None, neg: str | None, arabic: str | None, chinese: str | None, mult: str | None,
              unit: str | None) -> tuple[int | float, str] | None:
    """Value and base unit of one match that is not a bare number (its groups of those names), or None when
    it is no quantity (a word, a bad numeral)."""
    if pct is not None:
        value = _number(pct, None, None) if pct[0].isdigit() else _chinese(pct)
        plain = None if value is None else _plain(value)
        return None if plain is None else (plain, "%")
    value = _number(arabic, chinese, mult)
    if value is None:
        return None
    if chinese and unit not in PERCENT_UNITS and value < MIN_CHINESE and not mult and "点" not in chinese:
        return None
    plain = _plain(-value if neg else value)
    return None if plain is None else (plain, UNIT_ALIASES.get(unit, unit or ""))
