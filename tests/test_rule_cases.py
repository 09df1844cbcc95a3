"""Every test case written inside a rule file runs as its own pytest test (id: type::case)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from converter.testing import load_cases, run_case

RULES = sorted((Path(__file__).resolve().parent.parent / "rules").glob("*.yaml"))
CASES = load_cases(RULES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_rule_case(converter, case):
    if case.skip:
        pytest.skip(case.skip)
    assert run_case(converter, case) == []


@pytest.mark.parametrize("path", RULES, ids=[p.stem for p in RULES])
def test_every_rule_file_has_enough_cases(path):
    tree = yaml.safe_load(path.read_text(encoding="utf-8"))
    tests = tree.get("tests", [])
    assert len(tests) >= 5, f"{path.name}: at least five cases"
    assert any("expect_type" in t and t["expect_type"] != tree["type"] for t in tests), \
        f"{path.name}: needs a case that must NOT be classified as {tree['type']}"


@pytest.mark.parametrize("path", RULES, ids=[p.stem for p in RULES])
def test_every_field_is_expected_by_some_case(path):
    tree = yaml.safe_load(path.read_text(encoding="utf-8"))
    expected = {k for t in tree.get("tests", []) for k in (t.get("expect") or {})}
    untested = [f for f in tree["fields"] if f not in expected and f not in UNTESTED_OK.get(tree["type"], set())]
    assert not untested, f"{path.name}: fields no case expects: {untested}"


# Fields a rule file may leave to tests/test_fixture_documents.py (none so far).
UNTESTED_OK: dict[str, set[str]] = {}
