"""Work-report extractors: the date a report was given and the year it is for."""

from __future__ import annotations

from converter import hookimpl
from converter.document import Doc, Val
from converter.patterns import RulePattern


def report_year(doc: Doc, title_year_pattern: RulePattern, next_year_pattern: RulePattern) -> Val | None:
    """The year the report is for: the year its title names; else the delivery year, or the next
    one when a report delivered late in the year sets out that next year's work. A title naming
    several years (关于2023年…计划执行情况与2024年…计划草案的报告) is for the delivery year when it
    is one of them, else for the latest (the plan's year)."""
    date = doc.fields.get("date")
    dated = date is not None and str(date.value)[:4].isdigit()
    title = doc.anchors.get("title")
    if title:
        found = list(title_year_pattern.finditer(doc.match, *title))
        if len({m.group("year") for m in found}) > 1:
            delivered = [m for m in found if dated and m.group("year") == str(date.value)[:4]]
            m = delivered[0] if delivered else max(found, key=lambda m: int(m.group("year")))
            return doc.val(*m.span("year"), int(m.group("year")))
        if found:
            m = found[0]
            return doc.val(*m.span("year"), int(m.group("year")))
    if not dated:
        return None
    year = int(str(date.value)[:4])
    for m in next_year_pattern.finditer(doc.match):
        if m.group("year") == str(year + 1):
            return doc.val(*m.span("year"), year + 1)
    return Val(year, date.start, date.end)


def report_date(doc: Doc, session_pattern: RulePattern, lines: int = 6, signature_lines: int = 3) -> Val | None:
    """The date a report was given: a full date on a line naming the session it was delivered to
    (``session_pattern``: ——2024年1月9日在…会议上), which outranks a page's 发布日期 above it; else the
    first full date in its first ``lines`` lines; else a date standing alone on one of its last
    ``signature_lines`` lines (a summary signed at its end, the issuing body above the date)."""
    from converter.values.dates import first_full_date

    head = doc.lines[:lines]
    delivered = [span for span in head if session_pattern.search(doc.match, *span)]
    found = first_full_date(doc.match, [*delivered, (0, head[-1][1] if head else 0)], doc.ref_year)
    if found:
        return doc.val(found.start, found.end, found.value)
    for s, e in reversed(doc.lines[max(lines, len(doc.lines) - signature_lines):]):
        found = first_full_date(doc.match, [(s, e)], doc.ref_year)
        if found and (found.start, found.end) == (s, e):
            return doc.val(s, e, found.value)
    return None


def report_speaker(doc: Doc, pattern: RulePattern, lines: int | None = None,
                   require_position: bool = False) -> dict | None:
    """The person delivering the report, as the ``person`` extractor reads it; when ``pattern`` has
    groups ``position`` and ``name`` and the people parser reads another name inside the match (a
    department head's long title, 发展和改革委员会主任 郭振华), those groups are taken as they are."""
    from converter.values import Found

    from .generic import _person_val, person

    found = person(doc, pattern, lines, require_position)
    if found and "name" not in pattern.compiled.groupindex:
        return found
    end = doc.lines[min(lines, len(doc.lines)) - 1][1] if lines and doc.lines else len(doc.match)
    for m in pattern.finditer(doc.match, 0, end):
        if not m.group("name"):
            continue
        if found and found["name"].value == doc.val(*m.span("name")).value:
            return found
        s = m.start("position") if m.group("position") else m.start("name")
        value = {"name": m.group("name"), "position": m.group("position")} if m.group("position") else \
            {"name": m.group("name")}
        if require_position and "position" not in value:
            continue
        return _person_val(doc, s, Found(value, 0, m.end("name") - s))
    return found


@hookimpl
def converter_register_extractors() -> dict:
    return {"report_date": report_date, "report_year": report_year, "report_speaker": report_speaker}
