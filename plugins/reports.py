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
    from converter.values.dates import date_alone, first_full_date

    head = doc.lines[:lines]
    delivered = [span for span in head if session_pattern.search(doc.match, *span)]
    found = first_full_date(doc.match, [*delivered, (0, head[-1][1] if head else 0)], doc.ref_year)
    if found:
        return doc.val(found.start, found.end, found.value)
    found = date_alone(doc.match, reversed(doc.lines[max(lines, len(doc.lines) - signature_lines):]), doc.ref_year)
    return doc.val(found.start, found.end, found.value) if found else None


@hookimpl
def converter_register_extractors() -> dict:
    return {"report_date": report_date, "report_year": report_year}
