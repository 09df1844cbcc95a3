"""News-specific extractors: the headline block (引题 / 主题 / 副题) above a byline, and the credits."""

from __future__ import annotations

from typing import Any

from converter import hookimpl
from converter.chrome import is_meta_line
from converter.document import Doc, Val
from converter.patterns import RulePattern, value_span
from converter.segment import ends_sentence
from converter.values.people import is_name, split_names

PARTS_BY_COUNT = {0: (), 1: ("title",), 2: ("kicker", "title"), 3: ("kicker", "title", "subtitle")}
MAX_CREDIT_NAME = 3  # a line that is only a name this short, right above the byline, is a credit
MAX_KICKER_CHARS = 60  # a kicker of several spaced clauses, topmost in the block, may run this long
MAX_WRAPPED_LINE = 12  # a title wrapped over two lines: its first line at most this long
MAX_WRAPPED_TITLE = 24  # ... and both lines together
# What may follow the article's title in a page's <title> before the site's name (标题 - 某某网, 标题_栏目).
TITLE_SEPARATORS = "-_|—–·:"


def _strip(doc: Doc, span: tuple[int, int], strip_pattern: RulePattern | None) -> tuple[int, int]:
    """``span`` without a leading column tag (【图片新闻】) that ``strip_pattern`` matches."""
    s, e = span
    m = strip_pattern.match(doc.match, s, e) if strip_pattern else None
    if m and m.end() > s:
        s = m.end()
        while s < e and doc.match[s] in " \t":
            s += 1
    return s, e


def _labelled_title(doc: Doc, pattern: RulePattern | None, max_lines: int) -> dict[str, tuple[int, int]]:
    """``{"title": span}`` of the value of a title label in the head's lines (as many as the headline block
    reads, meta lines not counted), or ``{}``."""
    if pattern is None:
        return {}
    budget = max_lines + 4
    for sp in doc.lines:
        if not budget:
            break
        m = pattern.match(doc.match, *sp)
        if m:
            return {"title": value_span(m)}
        budget -= not is_meta_line(doc.match[slice(*sp)])
    return {}


def _headline_block(doc: Doc, byline_pattern: RulePattern, subtitle_pattern: RulePattern | None,
                    skip_pattern: RulePattern | None, max_lines: int, max_chars: int,
                    strip_pattern: RulePattern | None = None) -> dict[str, tuple[int, int]]:
    """Spans of kicker/title/subtitle: the short lines above the first byline that has some, or the
    first line (and a dash-led subtitle right under it). Lines matching ``skip_pattern`` (meta lines,
    mastheads) or holding only a column tag (``strip_pattern``) are never part of the block but may be
    its byline (a web page's 来源/发布时间 line under the title); a bare short person name right above
    the byline (a 公众号 author line) is a credit, not a headline part."""
    raw, meta, budget = [], [], max_lines + 4  # meta lines (an archive's 【日期】= fields) do not use up the window
    for sp in doc.lines:
        if not budget:
            break
        raw.append(sp)
        meta.append(is_meta_line(doc.match[slice(*sp)]))
        budget -= not meta[-1]
    head = [_strip(doc, sp, strip_pattern) for sp in raw]
    kept = [k for k, sp in enumerate(head)
            if sp[1] > sp[0] and not (skip_pattern and skip_pattern.search(doc.match, *sp))
            and not meta[k]]
    header: list[tuple[int, int]] = []
    for i, sp in enumerate(head):
        if not byline_pattern.search(doc.match, *sp):
            continue
        above = [k for k in kept if k < i]
        if len(above) > 1 and _is_bare_name(doc.match[slice(*head[above[-1]])]):
            above.pop()
        for k in reversed(above):
            s, e = head[k]
            if len(header) == max_lines or _ends_statement(doc.match[s:e]):
                break
            if e - s > max_chars:
                # a long kicker of spaced clauses tops a headline of two lines
                if len(header) == 2 and e - s <= MAX_KICKER_CHARS and " " in doc.match[s:e].strip():
                    header.insert(0, (s, e))
                break
            header.insert(0, (s, e))
        if header:
            break
    if not header and kept:
        header = [head[kept[0]]]
        nxt = kept[1] if len(kept) > 1 else None
        if (nxt == kept[0] + 1 and subtitle_pattern and head[nxt][1] - head[nxt][0] <= max_chars
                and subtitle_pattern.search(doc.match, *head[nxt]) and doc.match[head[nxt][0]:].startswith("——")):
            header.append(head[nxt])
    if len(header) == 3 and _wrapped_title(doc, header, subtitle_pattern):
        header = [header[0], (header[1][0], header[2][1])]
    parts = PARTS_BY_COUNT[len(header)]
    if len(header) == 2 and subtitle_pattern and subtitle_pattern.search(doc.match, *header[1]):
        parts = ("title", "subtitle")
    return dict(zip(parts, header, strict=True))


def _ends_statement(line: str) -> bool:
    """A line that ends a sentence, so no headline ends so; an exclamation or a question may end one
    (这个最美的丰收节，来了！)."""
    return ends_sentence(line) and line.rstrip()[-1] not in "!?！？"


def _wrapped_title(doc: Doc, header: list[tuple[int, int]], subtitle_pattern: RulePattern | None) -> bool:
    """Whether the last two lines of a three-line block are one title wrapped in two: two short lines
    under a longer kicker, the first not ending a clause, the second no subtitle."""
    (ks, ke), (s1, e1), (s2, e2) = header
    first = doc.match[s1:e1]
    if subtitle_pattern and subtitle_pattern.search(doc.match, s2, e2):
        return False
    return (e1 - s1 <= MAX_WRAPPED_LINE and (e1 - s1) + (e2 - s2) <= MAX_WRAPPED_TITLE
            and ke - ks > (e1 - s1) + (e2 - s2) and not ends_sentence(first)
            and first.rstrip()[-1:] not in ",:;!?、" and " " not in first.strip())


def _is_bare_name(text: str) -> bool:
    text = text.strip()
    return 2 <= len(text) <= MAX_CREDIT_NAME and is_name(text)


def _page_title(doc: Doc, pattern: RulePattern) -> str | None:
    """The title the page's furniture gives the article (group ``value`` of ``pattern``: an HTML page's
    ``标题：…`` metadata line, docs/html.md), in match form; None when it gives none."""
    return next((m.group("value").strip() for _text, _at, m in doc.furniture_matches(pattern)), None)


def _names_line(title: str, line: str) -> bool:
    """Whether a page's ``title`` is ``line``, alone or before the site's name (标题 - 某某网)."""
    rest = title.removeprefix(line).lstrip()
    return title.startswith(line) and (not rest or rest[0] in TITLE_SEPARATORS)


def _title_over_subtitle(doc: Doc, block: dict[str, tuple[int, int]], pattern: RulePattern | None) -> bool:
    """Whether a two-line block read as kicker and title is a title and its subtitle: the page's own
    title (``pattern``, in its furniture) is the first line and does not hold the second."""
    if pattern is None or set(block) != {"kicker", "title"} or not doc.page:
        return False
    title = _page_title(doc, pattern)
    first, second = (doc.match[slice(*block[k])].strip() for k in ("kicker", "title"))
    return bool(title) and _names_line(title, first) and second not in title


def headline(doc: Doc, part: str, byline_pattern: RulePattern, subtitle_pattern: RulePattern | None = None,
             skip_pattern: RulePattern | None = None, strip_pattern: RulePattern | None = None,
             max_lines: int = 3, max_chars: int = 40, labelled_pattern: RulePattern | None = None,
             furniture_pattern: RulePattern | None = None) -> Val | None:
    """One part (``kicker``, ``title`` or ``subtitle``) of the headline block; with ``labelled_pattern``, a
    head line that labels the title (an archive's 【标题】= X: group ``value``) gives it, and no other part
    (the body still starts after the block the lines would otherwise make: a record repeats its title).
    With ``furniture_pattern`` (group ``value``: the title a web page's metadata gives it), two lines
    whose first is that title are the title and its subtitle, not a kicker and the title (an <h2>
    title over an <h3> subtitle)."""
    if "_headline" not in doc.anchors:
        block = _headline_block(doc, byline_pattern, subtitle_pattern, skip_pattern, max_lines, max_chars,
                                strip_pattern)
        if _title_over_subtitle(doc, block, furniture_pattern):
            block = {"title": block["kicker"], "subtitle": block["title"]}
        end = max((e for _, e in block.values()), default=0)
        block = _labelled_title(doc, labelled_pattern, max_lines) or block
        doc.anchors.update(block)
        doc.anchors["_headline"] = (0, max([end, *(e for _, e in block.values())]))
    span = doc.anchors.get(part)
    if span is None:
        return None
    s, e = span
    while e > s and doc.match[e - 1] in " \t":
        e -= 1
    if "\n" in doc.match[s:e]:  # a title wrapped over two lines is one line
        raw = doc.val(s, e).value
        return doc.val(s, e, "".join(x.strip() for x in raw.splitlines()))
    return doc.val(s, e)


def _credit_records(doc: Doc, patterns: list[RulePattern], start: int, end: int,
                    map: dict[str, Any] | None, check_names: bool,
                    default_role: str | None = None) -> list[tuple[int, dict]]:
    """(offset, {name, role}) per person credited by a match of ``patterns`` in ``[start, end)``; a match
    without a ``role`` group credits ``default_role`` (spanned on the name)."""
    out = []
    for p in patterns:
        for m in p.finditer(doc.match, start, end):
            role = None
            if "role" not in m.groupdict() and default_role:
                role = doc.val(*m.span("name"), default_role)
            elif m.groupdict().get("role"):
                text = m.group("role")
                hit = next((k for k in (map or {}) if k in text), None)
                role = doc.val(*m.span("role"), map[hit]) if hit else doc.val(*m.span("role"))
            s0 = m.start("name")
            for f in split_names(m.group("name")):
                if check_names and not is_name(f.value):
                    continue
                rec = {"name": doc.val(s0 + f.start, s0 + f.end)}
                if role is not None:
                    rec["role"] = role
                out.append((s0 + f.start, rec))
    return out


def credits(doc: Doc, patterns: list[RulePattern], lines: int = 12, tail_patterns: list[RulePattern] | None = None,
            tail_lines: int = 8, map: dict[str, dict[str, Any]] | None = None,
            photographers_from: str | None = None, tail_role: str | None = None) -> list[dict]:
    """The article's credits: ``patterns`` in the first ``lines`` lines (a byline, a dateline's
    bracket), ``tail_patterns`` there and in the last ``tail_lines`` lines (文字:/图片: credit blocks, a
    commentary's closing ■ 本报评论员 X; names need a known surname; a pattern without a ``role`` group
    credits ``tail_role``: a bare name signing the article), then the photographers of the captions field
    ``photographers_from`` (X 摄) not credited already. A name is listed once."""
    role_map = (map or {}).get("role")
    n = len(doc.lines)
    head_end = doc.head_end(lines)
    found = _credit_records(doc, patterns, 0, head_end, role_map, False)
    if tail_patterns and n:
        tail_start = doc.lines[max(n - tail_lines, 0)][0]
        regions = [(0, head_end), (tail_start, len(doc.match))] if tail_start > head_end else [(0, len(doc.match))]
        for s, e in regions:
            found += _credit_records(doc, tail_patterns, s, e, role_map, True, tail_role)
    found.sort(key=lambda r: r[0])
    out: list[dict] = []
    seen: set[str] = set()
    at: set[int] = set()
    for pos, rec in found:
        name = rec["name"].value
        if name in seen or pos in at:
            continue
        seen.add(name)
        at.add(pos)
        out.append(rec)
    for cap in (doc.fields.get(photographers_from) or []) if photographers_from else []:
        who = cap.get("photographer") if isinstance(cap, dict) else None
        if isinstance(who, Val) and who.value and who.value not in seen:
            seen.add(who.value)
            out.append({"name": who, "role": Val("photographer", who.start, who.end)})
    return out


@hookimpl
def converter_register_extractors() -> dict:
    return {"headline": headline, "credits": credits}
