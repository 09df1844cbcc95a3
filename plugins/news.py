"""News-specific extractors: the headline block (引题 / 主题 / 副题) above a byline."""

from __future__ import annotations

from converter import hookimpl
from converter.document import Doc, Val
from converter.patterns import RulePattern
from converter.segment import ends_sentence

PARTS_BY_COUNT = {0: (), 1: ("title",), 2: ("kicker", "title"), 3: ("kicker", "title", "subtitle")}


def _headline_block(doc: Doc, byline_pattern: RulePattern, subtitle_pattern: RulePattern | None,
                    skip_pattern: RulePattern | None, max_lines: int, max_chars: int) -> dict[str, tuple[int, int]]:
    """Spans of kicker/title/subtitle: the short lines above the first byline that has some, or the
    first line. Lines matching ``skip_pattern`` (meta lines, mastheads) are never part of the block
    but may be its byline (a web page's 来源/发布时间 line under the title)."""
    head = doc.lines[: max_lines + 4]
    kept = [k for k, sp in enumerate(head) if not (skip_pattern and skip_pattern.search(doc.match, *sp))]
    header: list[tuple[int, int]] = []
    for i, sp in enumerate(head):
        if not byline_pattern.search(doc.match, *sp):
            continue
        for k in reversed([k for k in kept if k < i]):
            s, e = head[k]
            if len(header) == max_lines or e - s > max_chars or ends_sentence(doc.match[s:e]):
                break
            header.insert(0, (s, e))
        if header:
            break
    if not header:
        header = [head[k] for k in kept[:1]]
    parts = PARTS_BY_COUNT[len(header)]
    if len(header) == 2 and subtitle_pattern and subtitle_pattern.search(doc.match, *header[1]):
        parts = ("title", "subtitle")
    return dict(zip(parts, header, strict=True))


def headline(doc: Doc, part: str, byline_pattern: RulePattern, subtitle_pattern: RulePattern | None = None,
             skip_pattern: RulePattern | None = None, max_lines: int = 3, max_chars: int = 40) -> Val | None:
    """One part (``kicker``, ``title`` or ``subtitle``) of the headline block."""
    if "_headline" not in doc.anchors:
        block = _headline_block(doc, byline_pattern, subtitle_pattern, skip_pattern, max_lines, max_chars)
        doc.anchors.update(block)
        doc.anchors["_headline"] = (0, max((e for _, e in block.values()), default=0))
    span = doc.anchors.get(part)
    if span is None:
        return None
    s, e = span
    while e > s and doc.match[e - 1] in " \t":
        e -= 1
    return doc.val(s, e)


@hookimpl
def converter_register_extractors() -> dict:
    return {"headline": headline}
