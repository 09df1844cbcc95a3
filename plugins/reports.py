"""Work-report extractors: the report's own year."""

from __future__ import annotations

from converter import hookimpl
from converter.document import Doc, Val
from converter.patterns import RulePattern


def report_year(doc: Doc, title_year_pattern: RulePattern, next_year_pattern: RulePattern) -> Val | None:
    """The year the report is for: the year its title names; else the delivery year, or the next
    one when a report delivered late in the year sets out that next year's work."""
    title = doc.anchors.get("title")
    if title and (m := title_year_pattern.search(doc.match, *title)):
        return doc.val(*m.span("year"), int(m.group("year")))
    date = doc.fields.get("date")
    if date is None or not str(date.value)[:4].isdigit():
        return None
    year = int(str(date.value)[:4])
    for m in next_year_pattern.finditer(doc.match):
        if m.group("year") == str(year + 1):
            return doc.val(*m.span("year"), year + 1)
    return Val(year, date.start, date.end)


@hookimpl
def converter_register_extractors() -> dict:
    return {"report_year": report_year}
