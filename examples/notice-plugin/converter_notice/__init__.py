"""Notices (通知/公告): a fifth document type added from outside the engine."""

from __future__ import annotations

from pathlib import Path

from converter import hookimpl
from converter.document import Doc
from converter.patterns import RulePattern

HERE = Path(__file__).parent


def doc_number(doc: Doc, pattern: RulePattern) -> dict | None:
    """The document number (文号) split into agency code, year and serial: 湘政办发〔2023〕12号."""
    m = pattern.search(doc.match)
    if not m:
        return None
    return {"text": doc.val(*m.span()), "agency_code": doc.val(*m.span("agency")),
            "year": doc.val(*m.span("year"), int(m.group("year"))),
            "serial": doc.val(*m.span("serial"), int(m.group("serial")))}


def list_block(doc: Doc, label_pattern: RulePattern, item_pattern: RulePattern) -> list:
    """Items listed after a label (附件:): on the label's line, or numbered on the lines below."""
    m = label_pattern.search(doc.match)
    if not m:
        return []
    line = doc.line_index_at(m.end())
    s, e = doc.lines[line]
    out = []
    rest = doc.match[m.end():e]
    if rest.strip():
        item = item_pattern.match(doc.match, m.end(), e)
        out.append(doc.val(item.end() if item else m.end(), e))
    for s, e in doc.lines[line + 1:]:
        item = item_pattern.match(doc.match, s, e)
        if not item:
            break
        out.append(doc.val(item.end(), e))
    return out


@hookimpl
def converter_register_extractors() -> dict:
    return {"doc_number": doc_number, "list_block": list_block}


@hookimpl
def converter_rule_paths() -> list[Path]:
    return [HERE / "rules"]


@hookimpl
def converter_schema_paths() -> list[Path]:
    return [HERE / "schemas"]
