"""Documents we wrote in the styles real sources use, each with its expected fields (gold-file format)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from converter.testing import subset_misses

DOCS = Path(__file__).resolve().parent / "fixtures" / "docs"
EXPECTATIONS = sorted(DOCS.glob("*/*.yaml"))


def misses_for(record, gold: dict) -> list[str]:
    """Gold semantics: each expected document is matched to the output document it fits best."""
    docs = record.documents
    misses = []
    if "document_count" in gold:
        want = gold["document_count"]
        if len(docs) not in (want if isinstance(want, list) else [want]):
            misses.append(f"document_count: want {want}, got {len(docs)}")
    pool = list(range(len(docs)))
    for i, g in enumerate(gold.get("documents", [])):
        scored = [(len(subset_misses(g.get("data", {}), docs[j].data)) + (docs[j].type != g["type"]) * 100, j)
                  for j in pool]
        if not scored:
            misses.append(f"doc[{i}] ({g['type']}): no document")
            continue
        _, j = min(scored)
        pool.remove(j)
        if docs[j].type != g["type"]:
            misses.append(f"doc[{i}]: type want {g['type']}, got {docs[j].type}")
        misses += [f"doc[{i}] ({g['type']}){m}" for m in subset_misses(g.get("data", {}), docs[j].data)]
    flat = " ".join(str(d.data) for d in docs)
    misses += [f"boilerplate {bad!r} in output" for bad in gold.get("absent_text", []) if bad in flat]
    return misses


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
