"""Page chrome and meta lines told by their shape, on any site: what a reader skips without reading it.

The boilerplate rules know phrases seen before (版权所有, 友情链接); these tests know shapes, so a new site's
menus need no new words: a trail of short steps split by arrows, a bar of short links split by bars, a line
of file names, addresses or code-like junk with no Chinese in it. Each test sees one stripped line (match
form) that holds no sentence: a line with 。！？ in it is never chrome. Meta lines (发布时间：… 来源：… 编辑：…)
are not chrome: extractors read dates and sources from them, but they are never a title.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import chain

from .lazy_re import compile_later

# A sentence ends in a full-width mark, or in an ASCII one right after Chinese (junk has "w; _!" too).
SENTENCE_MARKS = compile_later(r"[。！？；]|(?<=[\u3400-\u4dbf\u4e00-\u9fff”」』)）])[!?;]")
NAV_ARROW = compile_later(r">>|<<|[>»›‹«→]")
BAR = compile_later(r"[|｜]")
CHROME_SIGN = compile_later(r"[>»›‹«→<|｜./]")
HAN = compile_later(r"[\u3400-\u4dbf\u4e00-\u9fff]")
ADDRESS = compile_later(r"https?://|www\.|\.(?:s?html?|php|jsp|aspx?|jpe?g|png|gif|pdf)\b|/col/|/art/|\w+_\d+\.", re.I)
LONG_DIGITS = compile_later(r"\d{16,}")
DATE_SHAPE = compile_later(r"\d{4}[-/.年]\d{1,2}|\d{1,2}:\d{2}")
LABEL = compile_later(r"(?:^|[\s|｜])[\u3400-\u4dbf\u4e00-\u9fff]{2,5}[:：]")
# Labels every content system puts on a page's meta line; a line opening with one is meta, not a title.
META_LABELS = compile_later(r"^[\s【\[]*(?:发布|更新|发稿|发表|成文|印发|发文)?(?:时间|日期)[:：]"
                            r"|^[\s【\[]*(?:来源|稿源|作者|编辑|责任编辑|责编|审核|审核人|校对|索引号|文号|发文字号|发布机构|发文机关|主题分类|分类|"
                            r"信息来源|点击数|浏览次数|阅读次数)[:：]")
RECORD_FIELD = compile_later(r"\s*【[^】\n]{1,6}】\s*=")  # an archive record's field line: 【标题】= …
EMPTY_LABEL = compile_later(r"[\u3400-\u4dbf\u4e00-\u9fff]{2,5}[:：]")
COUNTER = compile_later(r"(?:阅读|浏览|点击|访问)(?:次数|量|数)?[:：]?\s*\d+"
                        r"|(?<![\d:：])\d+[ \t]*次?(?:阅读|浏览)(?![:：\w])")
BULLETS = {"•", "·", "●", "■", "◆", "-", "*"}
MAX_STEP = 20  # a breadcrumb step or a menu link is at most this long
MAX_LINK = 12


def _steps(line: str, sep: re.Pattern) -> list[str]:
    return [s.strip() for s in sep.split(line) if s.strip()]


def _breadcrumb(line: str) -> bool:
    """首页 > 新闻中心 > 正文, 现在位置： 首页 >> 要闻, 返回 <<上一条 下一条>>, or a trail's loose end (往年回顾 >)."""
    arrows = len(NAV_ARROW.findall(line))
    steps = _steps(line, NAV_ARROW)
    if not steps or any(len(s) > MAX_STEP * 2 for s in steps):
        return False
    loose_end = arrows == 1 and len(line) <= MAX_STEP + 4 and bool(NAV_ARROW.match(line) or NAV_ARROW.search(line[-2:]))
    return (arrows >= 2 and all(len(s) <= MAX_STEP for s in steps[:-1])) or loose_end


def _link_bar(line: str) -> bool:
    """Three or more short links split by bars, none a label (中国政府网 | 省政府网 | 无障碍)."""
    links = _steps(line, BAR)
    return len(links) >= 3 and all(len(s) <= MAX_LINK for s in links) and not LABEL.search(line)


def _no_words(line: str) -> bool:
    """A line without Chinese that is no date, amount or English sentence: file names, addresses, ids,
    the junk a forum inserts against copying (G2 b+ P$ b(), a lone brand tag (• SomeWire)."""
    if HAN.search(line) and not ADDRESS.search(line):
        return False
    if HAN.search(line):  # a run of addresses with link words between them
        return len(ADDRESS.findall(line)) >= 2 or len(HAN.findall(line)) * 2 < len(line)
    if DATE_SHAPE.search(line) and not ADDRESS.search(line):
        return False
    tokens = line.split()
    words = [t for t in tokens if re.fullmatch(r"[A-Za-z][A-Za-z'-]{2,}[.,]?", t)]
    return (bool(ADDRESS.search(line)) or bool(LONG_DIGITS.search(line))
            or (len(tokens) >= 3 and len(words) * 2 < len(tokens))
            or (len(tokens) == 2 and tokens[0] in BULLETS and len(words) == 1))


CHROME_TESTS: dict[str, Callable[[str], bool]] = {
    "chrome.breadcrumb": _breadcrumb,
    "chrome.link_bar": _link_bar,
    "chrome.no_words": _no_words,
}


def chrome_kind(line: str) -> str | None:
    """The name of the first chrome test ``line`` (stripped, match form) passes, or None."""
    if not line or SENTENCE_MARKS.search(line) or (HAN.search(line) and not CHROME_SIGN.search(line)):
        return None  # every test needs an arrow, a bar, an address's . or /, or a line without Chinese
    return next((name for name, test in CHROME_TESTS.items() if test(line)), None)


def is_meta_line(line: str) -> bool:
    """A page's meta line: it opens with a meta label (来源：, 发布时间：), holds two labels or a counter, or
    is a label with nothing after it (专栏：); and says no sentence."""
    if SENTENCE_MARKS.search(line):
        return False
    return bool(META_LABELS.search(line) or len(LABEL.findall(line)) >= 2 or COUNTER.search(line)
                or EMPTY_LABEL.fullmatch(line.strip()) or RECORD_FIELD.match(line))


def counters(line: str) -> list[tuple[int, int]]:
    """Spans of view counters in a meta line (阅读次数：2287, 43阅读): the page's, not the document's."""
    if not COUNTER.could_match(line) or not COUNTER.search(line):  # most lines: no counter word, no meta test
        return []
    return [m.span() for m in COUNTER.finditer(line)] if is_meta_line(line) else []


# A page's tool strip written one word a line (下载 / 打印 / 全屏 / 收藏, 【字号： / 加大 / 还原 / 减小 / 】):
# at least this many lines of at most MAX_TOOL_WORD characters in a row, above the page's first sentence.
MIN_TOOL_RUN = 4
MAX_TOOL_WORD = 4
LONE_BRACKET = compile_later(r"[【\[]?[^【】\[\]\n]{0,4}[:：]?[】\]]?")


def _tool_word(line: str) -> bool:
    return len(line) <= MAX_TOOL_WORD and not SENTENCE_MARKS.search(line) and not any(ch.isdigit() for ch in line)


def _is_tool_strip(run: list[str]) -> bool:
    """Enough one-word lines, most of them no person's name (a list of names one a line is no tool strip)."""
    from .values.people import is_name

    return len(run) >= MIN_TOOL_RUN and sum(map(is_name, run)) * 2 < len(run)


def tool_strip_lines(lines: list[str]) -> list[range]:
    """Runs of indexes of ``lines`` (stripped, non-blank, in order) that form a tool strip above the first
    sentence: at least MIN_TOOL_RUN one-word lines (never a list of names), with the lone brackets among them.
    Runs, not each index: a file of a million short lines is one run."""
    out: list[range] = []
    start = 0  # of the run of candidate lines that ends before line i
    for i, line in enumerate(chain(lines, ["。"])):  # the sentinel ends the last run
        if not SENTENCE_MARKS.search(line) and (
                _tool_word(line) or (i > start and LONE_BRACKET.fullmatch(line) and ("【" in line or "】" in line))):
            continue
        if _is_tool_strip(lines[start:i]):
            out.append(range(start, i))
        start = i + 1
        if SENTENCE_MARKS.search(line):
            break
    return out


# A list of links (• 新闻 / • 澳门日报 / • 体育 …, a sidebar of other headlines): at least this many bullet
# lines in a row, each short and without a date or a sentence; a one-word heading right above is part of it.
MIN_LINK_RUN = 4
MAX_LINK_ITEM = 24
LINK_ITEM = compile_later(rf"[•·▪‧◦]\s*\S.{{0,{MAX_LINK_ITEM}}}")


def link_list_lines(lines: list[str]) -> list[range]:
    """Runs of indexes of ``lines`` (stripped, non-blank, in order) that are bulleted links, each with the
    short heading line right above it (媒体, 分类)."""
    out: list[range] = []
    start = 0  # of the run of link lines that ends before line i
    for i, line in enumerate(chain(lines, ["。"])):
        if LINK_ITEM.fullmatch(line) and not SENTENCE_MARKS.search(line) and not DATE_SHAPE.search(line):
            continue
        if i - start >= MIN_LINK_RUN:
            head = start - 1
            heading = head >= 0 and _tool_word(lines[head]) and not (out and out[-1].stop > head)
            out.append(range(head if heading else start, i))
        start = i + 1
    return out
