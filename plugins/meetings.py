"""Meeting extractors: decisions with their owner and deadline."""

from __future__ import annotations

import re

from converter import hookimpl
from converter.document import Doc, Val
from converter.patterns import RulePattern


def decisions(doc: Doc, label_pattern: RulePattern, item_pattern: RulePattern,
              owner_patterns: list[RulePattern]) -> list[dict]:
    """Decisions: the text after a label such as 会议决定: and the numbered items below it."""
    out = []
    taken: set[int] = set()
    for m in label_pattern.finditer(doc.match):
        i = doc.line_index_at(m.end())
        s, e = doc.lines[i]
        if m.end() < e and doc.match[m.end():e].strip():
            out.append(_decision(doc, m.end(), e, owner_patterns))
        style = None
        for s, e in doc.lines[i + 1:]:
            item = item_pattern.match(doc.match, s, e)
            if not item or s in taken or style not in (None, _marker_style(item.group())):
                break  # 1、2、… then 二、: the list ended and the next section began
            style = _marker_style(item.group())
            taken.add(s)
            out.append(_decision(doc, item.end(), e, owner_patterns))
    return out


def _marker_style(marker: str) -> str:
    """The shape of a list marker: 1、 and 2、 share one, 一、 and (1) each have another."""
    return re.sub(r"\d+", "9", re.sub("[一二三四五六七八九十]+", "十", marker.strip()))


def _decision(doc: Doc, s: int, e: int, owner_patterns: list[RulePattern]) -> dict:
    from converter.values.dates import find_dates, granularity
    from converter.values.people import find_people

    decision: dict[str, Val | None] = {"text": doc.val(s, e)}
    for p in owner_patterns:
        m = p.search(doc.match, s, e)
        if not m:
            continue
        os_, oe = m.span("owner")
        people = find_people(doc.match[os_:oe])
        if people and people[0].value.get("name"):
            name = people[0].value["name"]
            at = doc.match.find(name, os_, oe)
            decision["owner"] = doc.val(at, at + len(name))
        else:
            decision["owner"] = doc.val(os_, oe)
        break
    for f in find_dates(doc.match[s:e], doc.ref_year):
        if granularity(f.value) in ("day", "datetime", "month"):
            decision["deadline"] = doc.val(s + f.start, s + f.end, f.value)
            break
    return decision


@hookimpl
def converter_register_extractors() -> dict:
    return {"decisions": decisions}
