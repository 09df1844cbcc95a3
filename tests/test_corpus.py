"""The shared real corpus: every record and document valid, every value traced to its source."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator
from provenance import provenance_problems

COPIED = {"title", "kicker", "subtitle", "name", "source", "editor", "text", "photographer", "lead", "paragraphs",
          "heading", "number", "session", "position", "meeting", "location", "attendees", "absentees", "owner",
          "summary", "company"}


@pytest.fixture(scope="module")
def records(converter, shared_corpus):
    out = {}
    for path in sorted((shared_corpus / "seeds").iterdir()):
        out[path.name] = (path.read_text(encoding="utf-8"), converter.convert_bytes(path.read_bytes(), path.name))
    return out


def test_five_records_without_errors(records):
    assert len(records) == 5
    for name, (_text, record) in records.items():
        assert record.errors == [], name
        assert record.documents, name


def test_records_match_envelope_schema(converter, records):
    validator = Draft202012Validator(converter.schemas.get("record"))
    for name, (_text, record) in records.items():
        errors = [e.message for e in validator.iter_errors(json.loads(record.to_json()))]
        assert errors == [], name


def test_documents_match_their_schemas(converter, records):
    for name, (_text, record) in records.items():
        for doc in record.documents:
            assert converter.schemas.problems(doc.type, doc.data) == [], (name, doc.type)


def test_every_value_has_true_provenance(records):
    for name, (text, record) in records.items():
        for doc in record.documents:
            problems = provenance_problems(text, doc.to_dict(), COPIED)
            assert problems == [], (name, doc.type, problems[:5])


def test_every_gold_expectation_holds(records, shared_corpus):
    """The shared gold files, leaf by leaf (the same semantics as ../shared/tools/score.py)."""
    import yaml
    from test_fixture_documents import misses_for

    for gold_path in sorted((shared_corpus / "gold").glob("*.yaml")):
        gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
        _text, record = records[gold["file"]]
        assert misses_for(record, gold) == [], gold["file"]
