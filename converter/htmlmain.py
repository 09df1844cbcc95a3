"""Which lines of a web page are its article: main-content detection by structure, not by class names.

Every line (one HTML block) is scored by what holds on any site: prose (sentence punctuation, length,
few link characters) counts for it, link-dense and short lines count against it. The main region is
the run of lines with the highest total (the densest stretch of running text); the head is the title,
date and source lines just above it (up to the nearest heading), the tail the labelled lines just
below it (责任编辑：…). A class or id word of page furniture (nav, share, fontsize) only weakens a line
that holds no prose: it never drops the page's running text (docs/html.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import takewhile

from .lazy_re import compile_later

SENTENCE_END = compile_later(r"[。！？；!?;…]")
CLAUSE = compile_later(r"[，、,]")
# A label line: a short name and a colon (来源：, 责任编辑：, 建设地点 Location:); a label alone on its line.
LABEL = compile_later(r"^[^：:。，！？；,]{1,24}[：:]")
LABEL_ONLY = compile_later(r"^[^：:。，！？；,]{1,24}[：:]\s*$")
EMPTY_LABEL = compile_later(r"^[^：:。，！？；,]{1,24}[：:][\s\-—_/|]+$")  # 发布人：- (a CMS's empty field)
DATE = compile_later(r"(?:19|20)\d\d\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}")
# A prose line has at least this many characters outside links.
PROSE_CHARS = 15
# The main region needs at least this many characters of prose; a page with less (a list of links, a
# table) has no article: every line that is not furniture is kept.
MIN_ARTICLE_CHARS = 30
# The head is looked for this many lines above the main region.
HEAD_LINES = 20
# A link-dense line with this many links is a menu row.
MENU_LINKS = 3
# Without a title or heading, the head is at most this many short lines just above the text.
PLAIN_HEAD_LINES = 4
# The tail is looked for in this many lines below the main region (link lists not counted).
TAIL_LINES = 6
# A head line with fewer characters, no label and no date is a widget's (打印, 微博, 关注我们).
MIN_HEAD_CHARS = 6
# The longest widget line (字号：大 中 小, 打印) skipped inside a head's metadata block.
MAX_WIDGET_CHARS = 12
# A line the page's title repeats has at least this many characters.
MIN_TITLE_CHARS = 4
# The longest line a head or tail line may be.
MAX_META_CHARS = 120


@dataclass(slots=True)
class Line:
    """One block of a page: its text and what the markup said about it."""

    text: str
    chars: int  # characters that are not spaces
    link_chars: int = 0  # characters inside <a>
    hint_chars: int = 0  # characters inside an element whose tag, class or id names furniture
    site_chars: int = 0  # characters inside the site's header or footer
    heading: int = 0  # the level of the <h1>…<h3> it is in (1 for <h1>), 0 outside headings
    links: int = 0  # links with text

    @property
    def menu(self) -> bool:
        """A row of links (网站首页 | 无障碍 | English): never text."""
        return self.links >= MENU_LINKS and self.link_dense

    @property
    def structured(self) -> bool:
        """A heading or a labelled line (建设地点：…) that is not a row of links (字号：大 中 小)."""
        return (self.heading or bool(LABEL.match(self.text))) and self.links < 2 and not self.hinted

    @property
    def link_dense(self) -> bool:
        return self.link_chars * 2 >= self.chars

    @property
    def hinted(self) -> bool:
        return self.hint_chars * 2 > self.chars

    @property
    def site(self) -> bool:
        return self.site_chars * 2 > self.chars

    @property
    def prose_chars(self) -> int:
        """Characters of running text: outside links, in a line with sentence or clause punctuation."""
        own = self.chars - self.link_chars
        if own < PROSE_CHARS or self.link_chars * 10 > self.chars * 3:
            return 0
        if SENTENCE_END.search(self.text) or len(CLAUSE.findall(self.text)) >= 2:
            return own
        return 0


def score(line: Line) -> float:
    """What the line adds to a region: positive for prose, negative for chrome."""
    prose = line.prose_chars
    if prose:
        return prose / 10 * (0.5 if line.hinted else 1.0)
    if line.link_dense:
        return -1.0 - line.link_chars / 20
    return -1.0 if line.hinted else -0.3


def main_region(lines: list[Line]) -> tuple[int, int] | None:
    """``[start, end)`` of the run of lines with the highest total score, or None when it holds too
    little prose to be an article."""
    best, best_span = 0.0, None
    total, start = 0.0, 0
    for i, line in enumerate(lines):
        if total <= 0:
            total, start = 0.0, i
        total += score(line)
        if total > best:
            best, best_span = total, (start, i + 1)
    if best_span is None or sum(line.prose_chars for line in lines[best_span[0]:best_span[1]]) < MIN_ARTICLE_CHARS:
        return None
    return best_span


def _head_start(lines: list[Line], start: int, titles: list[str]) -> int:
    """Where the article's head begins above ``start``: the nearest line the page's ``<title>`` or
    metadata repeats (the article's title), else the nearest heading, else the few short lines just
    above; with the metadata block above it."""
    top = max(0, start - HEAD_LINES)
    found = next((k for k in range(start - 1, top - 1, -1) if lines[k].chars >= MIN_TITLE_CHARS
                  and not lines[k].hinted and any(lines[k].text in t for t in titles)), None)
    if found is None:
        found = next((k for k in range(start - 1, top - 1, -1) if lines[k].heading and not lines[k].hinted), None)
    if found is None:  # no title known: the short lines just above the text
        found = start
        while found > max(0, start - PLAIN_HEAD_LINES) and _is_value(lines[found - 1]):
            found -= 1
    # the metadata block above the title (索引号：…, 发布机构：…), over one widget (字号：大 中 小) in it
    while True:
        if found > 0 and _head_block(lines[found - 1]):
            found -= 1
        elif found > 1 and lines[found - 1].chars <= MAX_WIDGET_CHARS and _head_block(lines[found - 2]):
            found -= 2
        else:
            return found


def _head_block(line: Line) -> bool:
    """A line of the metadata block above an article's title: labelled or dated, no furniture."""
    return (line.structured or bool(DATE.search(line.text))) and not line.hinted and not line.link_dense


def _region_end(lines: list[Line], end: int) -> int:
    """The region's end moved down over the headings and labelled lines that continue it (a project's
    建设地点：…, 总投资：… after the page's running text)."""
    while end < len(lines) and (lines[end].structured or lines[end].prose_chars) and not lines[end].site:
        end += 1
    return end


def _meta_lines(lines: list[Line], start: int, end: int, head: bool) -> list[bool]:
    """Which of ``lines[start:end]`` (a ``head`` or a tail) are the article's: lines with a label and its
    value (来源：新华网) or a date, a label alone followed by its value on the next line; in the head
    also headings and bylines (lines long enough not to be a widget's 打印, 微博, 图集)."""
    keep = [False] * (end - start)
    for k in range(start, end):
        line = lines[k]
        labelled = LABEL.match(line.text) and not LABEL_ONLY.match(line.text)
        dated = DATE.search(line.text)
        if line.chars > MAX_META_CHARS or (line.link_dense and not labelled) or line.links >= 2 \
                or EMPTY_LABEL.match(line.text):
            continue
        if line.hinted and not (labelled and dated):  # an article's own <footer class=…>: 发布日期：…
            continue
        if labelled or dated or (head and (line.heading or _byline(line))):
            keep[k - start] = True
        elif LABEL_ONLY.match(line.text) and k + 1 < end and _is_value(lines[k + 1]):
            keep[k - start] = keep[k + 1 - start] = True
        elif LABEL_ONLY.match(line.text) and k + 1 == end and head:
            keep[k - start] = True  # 同志们： above a speech's first paragraph
    return keep


def _byline(line: Line) -> bool:
    """A head line long enough not to be a widget's (打印, 微博, 关注我们): a byline, a subtitle, a
    position and name (州长 杨光耀)."""
    return not line.link_dense and (line.chars >= MIN_HEAD_CHARS or (line.chars >= 4 and " " in line.text))


def _tail_end(lines: list[Line], end: int) -> int:
    """Where the tail below the region ends: after ``TAIL_LINES`` lines that are not link lists (a row
    of share and like buttons between the text and its 发布日期 line does not count)."""
    seen = 0
    for k in range(end, len(lines)):
        seen += not lines[k].link_dense
        if seen > TAIL_LINES:
            return k
    return len(lines)


def _link_only(line: Line) -> bool:
    """A line that is a link and nothing else (a 相关阅读 item between paragraphs); 附件：x.pdf is kept."""
    return line.link_dense and not LABEL.match(line.text)


def _is_value(line: Line) -> bool:
    """A line that can be the value of the label line above it: short, no link list, no label."""
    return line.chars <= MAX_META_CHARS and not line.hinted and not line.link_dense and not LABEL.match(line.text)


def article_lines(lines: list[Line], titles: list[str] = ()) -> tuple[list[bool], bool]:
    """For each line, whether it belongs to the page's text: the main region (without its furniture
    lines), the head above it from the article's title (``titles``: what the page's ``<title>`` and
    metadata call it) and the labelled lines below it; without an article, every line that is no
    furniture. Second, whether the page has an article."""
    region = main_region(lines)
    if region is None:
        return [not (line.hinted or line.site or line.menu) for line in lines], False
    start, end = region[0], _region_end(lines, region[1])
    top, tail = _head_start(lines, start, list(titles)), _tail_end(lines, end)
    keep = [False] * len(lines)
    keep[top:start] = _meta_lines(lines, top, start, head=True)
    if top < start and not lines[top].hinted:
        keep[top] = True  # the title itself
    keep[start:end] = [bool(line.prose_chars) or not (line.hinted or line.menu or _link_only(line))
                       for line in lines[start:end]]
    keep[end:tail] = _meta_lines(lines, end, tail, head=False)
    for k in range(top + 1, tail):  # a kept label's value on the next line, wherever the region ended
        keep[k] = keep[k] or (keep[k - 1] and bool(LABEL_ONLY.match(lines[k - 1].text)) and _is_value(lines[k]))
    for k in range(start, end):  # a label whose list was dropped (相关阅读： above links) goes with it
        if keep[k] and LABEL_ONLY.match(lines[k].text) and k + 1 < len(lines) and not keep[k + 1]:
            keep[k] = False
    return keep, True


def main_heading(lines: list[Line]) -> str:
    """The text of the article's title among its first headings: the highest of the headings that
    follow one another from the first (an <h2> title over its <h3> subtitle, an <h3> kicker over an
    <h2> title), the first of equals; "" when the article has no heading."""
    first = next((k for k, line in enumerate(lines) if line.heading), None)
    if first is None:
        return ""
    run = list(takewhile(lambda line: line.heading, lines[first:]))
    return min(run, key=lambda line: line.heading).text


def joined(lines: list[Line]) -> list[str]:
    """The texts of ``lines``, a label alone on its line joined with the value on the next one
    (责任编辑： / 尹世杰 → 责任编辑：尹世杰: markup that broke a line inside one field)."""
    out: list[str] = []
    for k, line in enumerate(lines):
        if k and LABEL_ONLY.match(lines[k - 1].text) and _is_value(line) and not line.prose_chars:
            out[-1] = out[-1].rstrip() + line.text
        else:
            out.append(line.text)
    return out
