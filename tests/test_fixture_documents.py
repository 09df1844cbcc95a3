"""Documents we wrote in the styles real sources use, each with its expected fields (gold-file format)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from converter.evaluate import score_file

DOCS = Path(__file__).resolve().parent / "fixtures" / "docs"
EXPECTATIONS = sorted(DOCS.glob("*/*.yaml"))


def misses_for(record, gold: dict) -> list[str]:
    """Each check of ``gold`` the record misses, counted as ``converter evaluate`` counts them."""
    return [f"{c.name}: want {c.expected!r}, got {c.got!r}" for c in score_file(gold, record.to_dict()).checks
            if not c.ok]


@pytest.mark.parametrize("expect_path", EXPECTATIONS, ids=[f"{p.parent.name}/{p.stem}" for p in EXPECTATIONS])
def test_fixture_document(converter, expect_path):
    gold = yaml.safe_load(expect_path.read_text(encoding="utf-8"))
    source = expect_path.parent / gold["file"]
    record = converter.convert_bytes(source.read_bytes(), source.name)
    assert record.errors == []
    assert misses_for(record, gold) == []


def test_enough_fixtures_per_type():
    for doc_type in ("news_article", "work_report", "meeting_minutes", "promotional_listing"):
        assert len(list((DOCS / doc_type).glob("*.yaml"))) >= 4, doc_type
