"""Schemas are valid 2020-12 schemas with stable ids; every rule field exists in its schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

SCHEMAS = sorted((Path(__file__).resolve().parent.parent / "schemas").glob("*.schema.json"))


@pytest.mark.parametrize("path", SCHEMAS, ids=[p.name for p in SCHEMAS])
def test_schema_is_valid_and_has_stable_id(path):
    schema = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema["$id"].startswith("urn:converter:schema:")


def test_rule_fields_exist_in_schemas(converter):
    for rs in converter.rulesets:
        props = converter.schemas.field_names[rs.schema_name]
        assert set(rs.fields) <= props, rs.type


def test_common_shapes_reject_bad_values(converter):
    assert converter.schemas.problems("work_report", {"title": "x", "region": {"name": "某", "code": "43"}})
    assert converter.schemas.problems("work_report", {"title": "x", "date": "2023年2月14日"})
    assert not converter.schemas.problems("work_report", {"title": "x", "date": "2011-06-07T09:00:00+08:00"})


def _mutations(data: dict):
    """Invalid variants of a valid document: each top-level value replaced by a wrong type."""
    for key, value in data.items():
        for wrong in (12345, "x" if not isinstance(value, str) else ["x"], {"unexpected": True}):
            yield {**data, key: wrong}
    yield {**data, "no_such_field": 1}


FIXTURE_DOCS = sorted((Path(__file__).resolve().parent / "fixtures" / "docs").rglob("*.txt"))


def test_fast_and_full_validation_agree(converter):
    """The compiled validator only short-cuts documents that jsonschema also accepts."""
    checked = 0
    for path in FIXTURE_DOCS:
        record = converter.convert_bytes(path.read_bytes(), path.name)
        for doc in record.documents:
            schema = doc.type
            full = converter.schemas.validator(schema)
            fast = converter.schemas.fast_validator(schema)
            assert fast is not None
            assert fast.is_valid(doc.data) and full.is_valid(doc.data)
            for bad in _mutations(doc.data):
                assert fast.is_valid(bad) == full.is_valid(bad), (schema, bad)
                checked += 1
    assert checked > 500
