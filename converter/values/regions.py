"""GB/T 2260 administrative divisions: find them in text, resolve short forms and ambiguity.

The table is generated from a maintained data package (see ``converter/data/DIVISIONS.md``).
Texts given here are in match form (simplified script).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

from . import Found
from .people import SURNAMES

# Suffixes stripped to make short forms (湘西土家族苗族自治州 → 湘西, 浏阳市 → 浏阳), longest first.
SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县", "自治旗",
            "林区", "特区", "地区", "省", "市", "县", "区", "盟", "旗")
ETHNIC = re.compile(r"(?:土家|苗|侗|瑶|壮|回|藏|彝|布依|白|哈尼|傣|黎|傈僳|佤|畲|拉祜|水|东乡|纳西|景颇|"
                    r"柯尔克孜|土|达斡尔|仫佬|羌|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米|塔吉克|怒|乌孜别克|"
                    r"俄罗斯|鄂温克|德昂|保安|裕固|京|塔塔尔|独龙|鄂伦春|赫哲|门巴|珞巴|基诺|朝鲜|蒙古|哈萨克|满|各)族$")
# Short forms that are also ordinary words or too generic to count as a mention on their own.
STOP_SHORT = frozenset("""
城区 郊区 新区 矿区 东区 西区 南区 北区 中区 市中 城中 城东 城西 城南 城北 城关 开发 高新 和平 新华 鼓楼 白云 长安
江北 江南 河东 河西 东方 太平 永安 长寿 平安 吉利 友好 向阳 红旗 胜利 光明 宝山 金山 普陀 铁山 文明 民主 新城 老城
中山 青山 东山 西山 南山 北山 市北 桥东 桥西 东城 西城 和田 阿里 三沙 建设 合作 安宁 华容 清河 宁国 临江 江山 上城
下城 铁西 铁东 东安 中原 信州 山城 资源 南部 城步 大方 安全 平和 正安 德江 新建 长丰 大通 城阳 新乡 永和 和顺
""".split())
# Divisions whose full name is also an ordinary word (山西阳泉 城区): found only with their city.
COMMON_WORD_NAMES = frozenset("城区 郊区 矿区".split())
# A short form starting with a function character collides with running text (和政 in 总体要求和政策).
FUNCTION_CHARS = frozenset("和在与及为对从向将把被让以于而或并且也都就又再还已不有是的了之其此")
EXTRA_ALIASES = {"黑龙江省": ("黑龙江",), "内蒙古自治区": ("内蒙古",)}


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: int
    parent: str | None


class Mention(NamedTuple):
    """A place in the text where a division's full or short name is written."""

    start: int
    end: int
    surface: str
    candidates: tuple[Division, ...]


def short_forms(name: str, level: int, keep_common: bool = False) -> set[str]:
    """Short names a division is written as: 浏阳市 → 浏阳; 湘西土家族苗族自治州 → 湘西, 湘西州, 湘西自治州."""
    out = set(EXTRA_ALIASES.get(name, ()))
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            stem = name[: -len(suffix)]
            while (m := ETHNIC.search(stem)) and m.start() >= 2:
                stem = stem[: m.start()]
            if len(stem) >= 2:
                out.add(stem)
                if suffix == "自治州":
                    out |= {stem + "州", stem + "自治州"}
            break
    return {s for s in out if s != name and (keep_common or (s not in STOP_SHORT and s[0] not in FUNCTION_CHARS))}


class Gazetteer:
    """All divisions, indexed by full and short name."""

    def __init__(self, rows: list[tuple[str, str, int, str | None]]) -> None:
        self.by_code = {c: Division(c, n, lv, p or None) for c, n, lv, p in rows}
        by_name: dict[str, list[Division]] = defaultdict(list)
        self.stopped: dict[str, list[Division]] = defaultdict(list)  # short forms too common to scan for
        for d in self.by_code.values():
            if d.name in COMMON_WORD_NAMES:
                self.stopped[d.name].append(d)
                continue
            by_name[d.name].append(d)
            for s in short_forms(d.name, d.level):
                by_name[s].append(d)
        scanned = set(by_name)
        for d in self.by_code.values():
            for s in short_forms(d.name, d.level, keep_common=True) - scanned:
                self.stopped[s].append(d)
        self.by_name: dict[str, tuple[Division, ...]] = {k: tuple(v) for k, v in by_name.items()}
        self._automaton = None
        self._ancestor_cache: dict[str, frozenset[str]] = {}
        self._last_text: str | None = None
        self._last_mentions: list[Mention] = []

    def get(self, code: str) -> Division | None:
        return self.by_code.get(code)

    def parent_chain(self, code: str) -> list[Division]:
        """The division, then its parents up to the province."""
        out, d = [], self.by_code.get(code)
        while d is not None:
            out.append(d)
            d = self.by_code.get(d.parent) if d.parent else None
        return out

    def _ancestors(self, d: Division) -> frozenset[str]:
        cached = self._ancestor_cache.get(d.code)
        if cached is None:
            cached = self._ancestor_cache[d.code] = frozenset(a.code for a in self.parent_chain(d.code)[1:])
        return cached

    @property
    def automaton(self):
        """An Aho–Corasick automaton over every full and short name (built on first use)."""
        if self._automaton is None:
            import ahocorasick  # C extension: one linear pass however many names there are

            automaton = ahocorasick.Automaton()
            for name in self.by_name:
                automaton.add_word(name, name)
            automaton.make_automaton()
            self._automaton = automaton
        return self._automaton

    def mentions(self, text: str) -> list[Mention]:
        """Every division name or short name in ``text``, leftmost-longest, non-overlapping."""
        if not text:
            return []
        if text is not self._last_text:  # region, places and listing items ask about the same text
            self._last_text = text
            by_name = self.by_name
            found = (Mention(end + 1 - len(name), end + 1, name, by_name[name])
                     for end, name in self.automaton.iter_long(text))
            self._last_mentions = [m for m in found  # a given name (陈建华) is not 建华区
                                   if m.surface == m.candidates[0].name or not self._in_a_name(text, m)]
        return self._last_mentions

    def lookup(self, name: str, context: str = "") -> list[Division]:
        """Candidates for a written name (full or short), best first, using ``context`` to disambiguate."""
        cands = list(self.by_name.get(name, ()))
        if not cands:
            for s in short_forms(name, 3) | short_forms(name, 2):
                cands = list(self.by_name.get(s, ()))
                if cands:
                    break
        if not cands:  # an explicit label (a listing's 【中山招商】) may use a short form too common to scan for
            cands = list(self.stopped.get(name, ()))
        if len(cands) <= 1:
            return cands
        around = {m.candidates[0].code for m in self.mentions(context)
                  if len(m.candidates) == 1 and m.surface != name} if context else set()
        return sorted(cands, key=lambda d: (-self._support(d, around), name != d.name, d.level, d.code))

    def _support(self, d: Division, context_codes: set[str]) -> int:
        """How strongly other mentions back candidate ``d``: itself named (2), each ancestor named (1)."""
        return 2 * (d.code in context_codes) + len(self._ancestors(d) & context_codes)

    def _choose(self, mention: Mention, context_codes: set[str]) -> tuple[Division, bool]:
        """The candidate a mention means, and whether it stayed ambiguous."""
        cands = mention.candidates
        if len(cands) == 1:
            return cands[0], False
        def key(d: Division) -> tuple:
            return (-self._support(d, context_codes), mention.surface != d.name, d.level)

        scored = sorted(cands, key=lambda d: (*key(d), d.code))
        tied = [d for d in scored if key(d) == key(scored[0])]
        return scored[0], len(tied) > 1

    def resolve(self, text: str, title: str | None = None, title_offset: int | None = None) -> Found | None:
        """The division ``text`` is about: the most specific one its title names, else the one the
        body mentions most. A full name counts 1, a short form nobody else confirms 0.5, and each
        mention counts half as much again for the division's direct parent."""
        mentions = self.mentions(text)
        if not mentions:
            return None
        unambiguous = {m.candidates[0].code for m in mentions if len(m.candidates) == 1}
        context = unambiguous | {a for code in unambiguous for a in self._ancestors(self.by_code[code])}
        chosen = [(m, *self._choose(m, context - {c.code for c in m.candidates})) for m in mentions]
        if title is not None:
            if title_offset is None:
                title_offset = text.find(title)
            if title_offset is not None and title_offset >= 0:
                in_title = [c for c in chosen if title_offset <= c[0].start and c[0].end <= title_offset + len(title)
                            and (c[0].surface == c[1].name or self._confirmed(c, chosen))]
                if in_title:
                    m, d, ambiguous = max(in_title, key=lambda c: (c[1].level, -c[0].start))
                    return _found(m, d, ambiguous)
        score: dict[str, float] = defaultdict(float)
        first: dict[str, tuple] = {}
        for item, following in zip(chosen, [*chosen[1:], None], strict=True):
            m, d, _ = item
            if following and following[0].start - m.end <= 1 and d.code in self._ancestors(following[1]):
                continue  # 内蒙古自治区呼和浩特市: the province only qualifies the city that follows
            weight = 1.0 if m.surface == d.name or self._confirmed(item, chosen) else 0.5
            score[d.code] += weight
            first.setdefault(d.code, item)
            if d.parent:
                score[d.parent] += weight / 2  # a county backs its city, a city its province; not further up
        best = max(first, key=lambda c: (score[c], self.by_code[c].level, -first[c][0].start))
        return _found(*first[best])


    @staticmethod
    def _in_a_name(text: str, m: Mention) -> bool:
        """A two-character short form right after a surname that starts a word is a given name (陈建华)."""
        if m.end - m.start != 2 or m.start == 0 or text[m.start - 1] not in SURNAMES:
            return False
        before = text[m.start - 2] if m.start > 1 else " "
        return not ("\u4e00" <= before <= "\u9fff")

    def divisions_mentioned(self, text: str) -> list[tuple[Mention, Division]]:
        """Each mention with the division it most likely means (short forms need confirmation)."""
        mentions = self.mentions(text)
        unambiguous = {m.candidates[0].code for m in mentions if len(m.candidates) == 1}
        context = unambiguous | {a for code in unambiguous for a in self._ancestors(self.by_code[code])}
        chosen = [(m, *self._choose(m, context - {c.code for c in m.candidates})) for m in mentions]
        return [(m, d) for m, d, _ in chosen if m.surface == d.name or self._confirmed((m, d, _), chosen)]

    def _confirmed(self, item: tuple, chosen: list[tuple]) -> bool:
        """A short form (山城, 资源) counts fully only when a differently written mention names it or its parent."""
        mention, d, _ = item
        others = {c[1].code for c in chosen if c[0].surface != mention.surface}
        return d.code in others or (d.parent in others if d.parent else False)


def _found(m: Mention, d: Division, ambiguous: bool) -> Found:
    value = {"name": d.name, "code": d.code}
    if ambiguous:
        value["ambiguous"] = True
    return Found(value, m.start, m.end)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The gazetteer, loaded once per process."""
    text = resources.files("converter.data").joinpath("divisions.tsv").read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines()[1:]:
        code, name, level, parent = line.split("\t")
        rows.append((code, name, int(level), parent or None))
    return Gazetteer(rows)
