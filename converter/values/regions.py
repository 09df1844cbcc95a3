"""GB/T 2260 administrative divisions: find them in text, resolve short forms and ambiguity.

The table is generated from maintained data packages (see ``converter/data/DIVISIONS.md``).
Texts given here are in match form (simplified script).

* :meth:`Gazetteer.mentions` finds every full name (张家界市, 湘西土家族苗族自治州) and short form
  (张家界, 湘西, 湘西州) in one pass, leftmost-longest and non-overlapping.
* :meth:`Gazetteer.lookup` turns one written name into candidates, best first.
* :meth:`Gazetteer.resolve` picks the division a document is about or issued by. Its value is
  ``{"name", "code"}``, plus ``"ambiguous": True`` only when the deciding mention has several
  candidates that nothing in the text tells apart (a lone 鼓楼区); the first candidate by the
  tie-break order (higher level, then lower code) is returned then.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from functools import lru_cache
from typing import NamedTuple

from .. import wordscan
from ..cache import cache_file
from ..lazy_re import compile_later
from ..shipped import package_file
from . import Found
from .people import SURNAMES

# Suffixes stripped to make short forms (湘西土家族苗族自治州 → 湘西, 浏阳市 → 浏阳), longest first.
SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县", "自治旗",
            "林区", "特区", "地区", "省", "市", "县", "区", "盟", "旗")
ETHNIC = compile_later(r"(?:土家|苗|侗|瑶|壮|回|藏|彝|布依|白|哈尼|傣|黎|傈僳|佤|畲|拉祜|水|东乡|纳西|景颇|"
                       r"柯尔克孜|土|达斡尔|仫佬|羌|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米|塔吉克|怒|乌孜别克|"
                       r"俄罗斯|鄂温克|德昂|保安|裕固|京|塔塔尔|独龙|鄂伦春|赫哲|门巴|珞巴|基诺|朝鲜|蒙古|哈萨克|满|各)族$")
_SUFFIXES_BY_LAST = {last: tuple(s for s in SUFFIXES if s[-1] == last) for last in {s[-1] for s in SUFFIXES}}
# An autonomous division is also written with the plain suffix: 湘西州, 通道县 (通道侗族自治县).
PLAIN_SUFFIX = {"自治州": "州", "自治县": "县", "自治旗": "旗"}

# Bare short forms that are ordinary words, or too generic to mean one place. Only the bare form
# is dropped: the full name (公安县) and the plainly suffixed one (通道县) are still found.
# Candidates come from jieba's dictionary (``python tools/gen_divisions.py --stoplist-candidates``:
# short forms it lists as common words, or as the head of frequent longer words: 碳中和, 中西医,
# 高密度), and from collisions seen in the corpus (东安 in 广东安全); each was reviewed, keeping those
# whose everyday sense dominates news and government text. Generic and positional forms come first.
# Two-character forms starting with a function character (和平, 于都) are dropped by rule instead.
STOP_SHORT = frozenset("""
市中 城中 城东 城西 城北 城关 市北 桥东 桥西 铁东 铁西
东城 西城 上城 新城 老城 山城 古城 江北 江南 河东 河西 南岸 江岸 湖里 山上 东山 西山 南山 青山
合作 资源 友好 友谊 光明 平安 长寿 太平 永安 安宁 向阳 红旗
新华 鼓楼 白云 长安 东方 中方 南部 大方 平和 新建 中原 中山 宝山 金山 普陀 铁山 阿里 三沙 江山 清河
解放 前进 前锋 振兴 复兴 延长 互助 富裕 富民 爱民 新民 工农 回民 民权 公安 比如 将军 通道 港口 海港 运河
东风 新兴 清新 宏伟 万年 万里 三元 安定 平定 淡水 清水 清流 盐水 海盐 石门 洞口 长子 大树 树林 莲花 大堂
全州 会同 光泽 石棉 丰满 小店 同心 平房 灯塔 大兴 天涯 海棠 桥头 安居 上党 麒麟 信义 滨海 大名 高密 来宾
长治 凤凰 共和 武功 温泉 高明 石柱 平原 河口 商城 南海 东海 三峡 中和 中西 北门 路桥 故城 威信 惠民
华容 宁国 临江 东安 信州 城步 正安 德江 长丰 大通 城阳 新乡 永和 泰山
""".split())
# Full names that are ordinary words (山西阳泉 城区; 东区 of 攀枝花, Hong Kong, 台中 …, inside 东北区域; 新社区会堂):
# never scanned for, only looked up.
COMMON_WORD_NAMES = frozenset("城区 郊区 矿区 东区 西区 南区 北区 中区 新社区".split())
# After a two-character full name (成县, 代县, 高县), these make it part of a longer word run
# together with its neighbour (完成县级, 现代县城, 提高县域).
LEVEL_WORD_NEXT = frozenset("级域城")
# A two-character short form starting with a function character collides with running text
# (和政 in 总体要求和政策, 都安 in 我们都安排).
FUNCTION_CHARS = frozenset("和在与及为对从向将把被让以于而或并且也都就又再还已不有是的了之其此")
# Characters after which a word starts (在浏阳, 赴浏阳): a county's bare short form that nothing else in
# the text backs is a mention only after one of these, after another division's name (湖南浏阳), or
# after a non-Han character; inside running text it is mostly two words run together (顺利通过).
WORD_BEFORE = FUNCTION_CHARS | frozenset("到赴至来往由同自经、:：，,。;；!！?？（(“\"《【「『 \n\t")
# The most a parent's only named child gives it in the body's vote (two firm mentions' worth): naming
# that one division again is evidence for it, not for its parent.
MAX_LONE_CHILD_BACKING = 1.0
EXTRA_ALIASES = {"黑龙江省": ("黑龙江",), "内蒙古自治区": ("内蒙古",)}


class Division(NamedTuple):
    code: str
    name: str
    level: int  # 1 province, 2 prefecture, 3 county
    parent: str | None


class Mention(NamedTuple):
    """A place in the text where a division's full or short name is written."""

    start: int
    end: int
    surface: str
    candidates: tuple[Division, ...]


def short_forms(name: str, level: int = 3, keep_common: bool = False) -> set[str]:
    """Short names a division is written as: 浏阳市 → 浏阳; 湘西土家族苗族自治州 → 湘西, 湘西州, 湘西自治州.

    ``keep_common`` keeps bare forms that are ordinary words (:data:`STOP_SHORT`). ``level`` is
    accepted for callers that pass it; the forms depend on the name alone."""
    out = set(EXTRA_ALIASES.get(name, ()))
    for suffix in _SUFFIXES_BY_LAST.get(name[-1:], ()):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            stem = name[: -len(suffix)]
            while (m := ETHNIC.search(stem)) and m.start() >= 2:
                stem = stem[: m.start()]
            if len(stem) >= 2:
                if keep_common or not _common(stem):
                    out.add(stem)
                if suffix in PLAIN_SUFFIX:
                    out.add(stem + PLAIN_SUFFIX[suffix])
                if suffix == "自治州":
                    out.add(stem + "自治州")
            break
    out.discard(name)
    return out


def _common(stem: str) -> bool:
    return stem in STOP_SHORT or (len(stem) == 2 and stem[0] in FUNCTION_CHARS)


Index = tuple[list[tuple[str, str, int, str | None]], dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]


def _index(rows: list[tuple[str, str, int, str | None]]) -> Index:
    """The divisions (code, name, level, parent), and by each name they are written as (full and short) the
    codes of the divisions it names: those a text is scanned for, and those too common to scan for."""
    by_name: dict[str, list[str]] = defaultdict(list)
    stopped: dict[str, list[str]] = defaultdict(list)
    for code, name, level, _parent in rows:
        if name in COMMON_WORD_NAMES:
            stopped[name].append(code)
            continue
        by_name[name].append(code)
        for s in short_forms(name, level, keep_common=True):
            (stopped if _common(s) else by_name)[s].append(code)
    return (rows, {k: tuple(v) for k, v in by_name.items()},
            {k: tuple(v) for k, v in stopped.items() if k not in by_name})  # 城中 is also 城中区's full name


def _is_index(value: object) -> bool:
    return (type(value) is tuple and len(value) == 3 and type(value[0]) is list and type(value[1]) is dict
            and type(value[2]) is dict and all(type(row) is tuple and len(row) == 4 for row in value[0]))


class Gazetteer:
    """All divisions, indexed by full and short name."""

    def __init__(self, index: Index) -> None:
        """``index`` from :func:`_index`."""
        rows, by_name, stopped = index
        self.by_code = {c: Division(c, n, lv, p or None) for c, n, lv, p in rows}
        codes = self.by_code
        self.stopped: dict[str, list[Division]] = defaultdict(list)  # names too common to scan for
        self.stopped.update({k: [codes[c] for c in v] for k, v in stopped.items()})
        self.by_name: dict[str, tuple[Division, ...]] = {k: tuple(codes[c] for c in v) for k, v in by_name.items()}
        self.names = list(self.by_name)  # the automaton's match indexes are these names' indexes
        self._automaton = None
        self._ancestor_cache: dict[str, frozenset[str]] = {}
        # by name: whether it is a division's full name, and whether all it names are counties
        self._kinds: dict[str, tuple[bool, bool]] = {}
        self._last: tuple[str | None, list[Mention]] = (None, [])  # one-text cache, swapped atomically

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
        """An Aho–Corasick automaton over every scanned name, leftmost-longest (built on first use);
        a match's index is the name's in :attr:`names`."""
        if self._automaton is None:
            self._automaton = wordscan.automaton(self.names, longest=True)
        return self._automaton

    def mentions(self, text: str) -> list[Mention]:
        """Every division name or short name in ``text``, leftmost-longest, non-overlapping.

        Dropped as two words run together: a two-character full name not at a word start or
        followed by 级/域/城 (完成县级 is not 成县); a county's bare short form not at a word start
        (see :func:`_word_starts`) unless another mention names it or its parent (顺利通过 is not
        利通区; 长沙…天心 keeps 天心区); a short form right after a surname (陈建华 is not 建华区)."""
        if not text:
            return []
        last = self._last
        if last[0] is not text:  # region, places and listing items ask about the same text
            last = self._last = (text, self._scan(text))
        return last[1]

    def _scan(self, text: str) -> list[Mention]:
        by_name, found, ends = self.by_name, [], set()
        names = self.names
        for index, start, stop in wordscan.matches(self.automaton, text, overlapping=False):
            name = names[index]
            found.append(Mention(start, stop, name, by_name[name]))
            ends.add(stop)
        out, doubtful = [], []
        kinds = self._kinds
        for m in found:
            kind = kinds.get(m.surface)
            if kind is None:
                kind = kinds[m.surface] = (any(d.name == m.surface for d in m.candidates),
                                           all(d.level == 3 for d in m.candidates))
            full, counties = kind
            at_word = _word_starts(text, m.start, ends)
            if full and len(m.surface) == 2 and (not at_word or text[m.end:m.end + 1] in LEVEL_WORD_NEXT):
                continue
            if not full and self._in_a_name(text, m):
                continue
            if not full and not at_word and counties:
                doubtful.append(m)
            out.append(m)
        if doubtful:
            named = defaultdict(set)  # code → surfaces naming it
            for m in out:
                for d in m.candidates:
                    named[d.code].add(m.surface)
            drop = {id(m) for m in doubtful if not any(named[c] - {m.surface} for d in m.candidates
                                                       for c in (d.code, d.parent) if c)}
            out = [m for m in out if id(m) not in drop]
        return out

    def lookup(self, name: str, context: str = "") -> list[Division]:
        """Candidates for a written name (full or short), best first, using ``context`` to disambiguate.

        Order: candidates whose own or ancestors' names occur in ``context`` first, then those the
        name is the full name of, then higher levels (邵阳 → 邵阳市 before 邵阳县), then code."""
        name = name.strip()
        cands = list(self.by_name.get(name, ()))
        if not cands:
            for s in short_forms(name):
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

    def _chosen(self, mentions: list[Mention]) -> list[tuple[Mention, Division, bool, bool]]:
        """Each mention with its division, whether that stayed ambiguous, and whether it is *firm*:
        a full name, or a short form that a differently written mention backs (itself or its parent)."""
        unambiguous = {m.candidates[0].code for m in mentions if len(m.candidates) == 1}
        context = unambiguous | {a for code in unambiguous for a in self._ancestors(self.by_code[code])}
        choices: dict[str, tuple[Division, bool]] = {}  # by surface: a name written again means the same
        picked = []
        for m in mentions:
            choice = choices.get(m.surface)
            if choice is None:
                choice = choices[m.surface] = ((m.candidates[0], False) if len(m.candidates) == 1 else
                                               self._choose(m, context - {c.code for c in m.candidates}))
            picked.append((m, *choice))
        surfaces: dict[str, set[str]] = defaultdict(set)  # code → how it was written
        for m, d, _ in picked:
            surfaces[d.code].add(m.surface)

        def backed(code: str | None, surface: str) -> bool:
            return code is not None and bool(surfaces.get(code, set()) - {surface})

        return [(m, d, amb, m.surface == d.name or backed(d.code, m.surface) or backed(d.parent, m.surface))
                for m, d, amb in picked]

    def divisions_mentioned(self, text: str) -> list[tuple[Mention, Division]]:
        """Each firm mention (see :meth:`_chosen`) with the division it most likely means."""
        return [(m, d) for m, d, _, firm in self._chosen(self.mentions(text)) if firm]

    def resolve(self, text: str, title: str | None = None, title_offset: int | None = None) -> Found | None:
        """The division ``text`` is about, or None; the span is the mention that decided.

        1. Title: the most specific division the title names wins (湖南怀化市… → 怀化市). ``title_offset``
           locates the title in ``text`` (found by search when omitted; a title that is not part of
           ``text`` is scanned on its own and its span is the surface's first occurrence in ``text``).
        2. Otherwise a vote over the body: each firm mention counts 1 for its division (a short form
           nothing backs, 0.5) and half that for the division's parent. Only the parent: with every
           ancestor scoring, a province would outvote the city that a county-heavy article is about.
           A parent's only named child gives it at most two firm mentions' worth, however often it
           is named: a lone county named five times is what the text is about, not the city named
           three times around it (several counties back their city in full).
           A province written just before its own city (内蒙古自治区呼和浩特市) only qualifies it.
           Highest score wins, even a city named only through three of its counties (its span is
           then the first of them); ties go to the more specific division, then the earlier mention."""
        mentions = self.mentions(text)
        if title:
            if title_offset is None:
                title_offset = text.find(title)
            if title_offset is not None and title_offset >= 0:
                end = title_offset + len(title)
                in_title = [c for c in self._chosen(mentions) if title_offset <= c[0].start and c[0].end <= end]
            else:
                in_title = [(m._replace(start=at, end=at + len(m.surface)), *rest)
                            for m, *rest in self._chosen(self._scan(title))
                            if (at := text.find(m.surface)) >= 0]
            in_title = [c for c in in_title if c[3]]
            if in_title:
                m, d, ambiguous, _ = max(in_title, key=lambda c: (c[1].level, -c[0].start))
                return _found(m, d, ambiguous)
        if not mentions:
            return None
        chosen = self._chosen(mentions)
        score: dict[str, float] = defaultdict(float)
        first: dict[str, tuple[Mention, Division, bool, bool]] = {}
        backers: dict[str, Mention] = {}  # a parent never named itself: its first child's mention
        backing: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))  # parent → child → weight
        for item, following in zip(chosen, [*chosen[1:], None], strict=True):
            m, d, _, firm = item
            if following and following[0].start - m.end <= 1 and d.code in self._ancestors(following[1]):
                continue  # 内蒙古自治区呼和浩特市: the province only qualifies the city that follows
            weight = 1.0 if firm else 0.5
            score[d.code] += weight
            first.setdefault(d.code, item)
            if d.parent:  # a county backs its city, a city its province; not further up
                backing[d.parent][d.code] += weight / 2
                backers.setdefault(d.parent, m)
        for parent, children in backing.items():
            given = sum(children.values())
            score[parent] += given if len(children) > 1 else min(given, MAX_LONE_CHILD_BACKING)
        if not score:
            return None
        best = max(score, key=lambda c: (score[c], self.by_code[c].level,
                                         -(first[c][0] if c in first else backers[c]).start))
        if best in first:
            m, d, ambiguous, _ = first[best]
            return _found(m, d, ambiguous)
        return _found(backers[best], self.by_code[best], False)  # named only through its counties

    @staticmethod
    def _in_a_name(text: str, m: Mention) -> bool:
        """A two-character short form right after a surname that starts a word is a given name (陈建华)."""
        if m.end - m.start != 2 or m.start == 0 or text[m.start - 1] not in SURNAMES:
            return False
        before = text[m.start - 2] if m.start > 1 else " "
        return not ("\u4e00" <= before <= "\u9fff")


def _word_starts(text: str, at: int, mention_ends: set[int]) -> bool:
    """Whether a word plausibly starts at ``at``: text start, after a function character or
    punctuation, after a non-Han character, or right after another division's name."""
    if at == 0 or at in mention_ends:
        return True
    before = text[at - 1]
    return before in WORD_BEFORE or not ("\u4e00" <= before <= "\u9fff")


def _found(m: Mention, d: Division, ambiguous: bool) -> Found:
    value = {"name": d.name, "code": d.code}
    if ambiguous:
        value["ambiguous"] = True
    return Found(value, m.start, m.end)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The gazetteer, loaded once per process; its index of names comes from the start-up cache when the
    divisions file is the one it was made from (making it reads every name's short forms: ~20 ms)."""
    raw = package_file("converter.data", "divisions.tsv").read_bytes()
    key = hashlib.sha256(raw).hexdigest()
    index = _INDEX.get(key)
    if not _is_index(index):
        rows = []
        for line in raw.decode("utf-8").splitlines()[1:]:
            code, name, level, parent = line.split("\t")
            rows.append((code, name, int(level), parent or None))
        index = _index(rows)
        _INDEX.put(key, index)
        _INDEX.save()  # made during a conversion, after the Converter saved the cache
    return Gazetteer(index)


_INDEX = cache_file("gazetteer", (__file__,), max_entries=2)
