"""The printed schemas stand alone: stock jsonschema, no registry, validates every record the converter writes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator, FormatChecker

from converter.cli import cli
from converter.schemas import SchemaStore

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
NEWS = "城南新建三座口袋公园\n本报记者 孙楠\n近日，城南街道新建的三座口袋公园正式对市民开放，总面积1.2万平方米。\n"


def run(*args, **kw):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False, **kw)


def refs(node) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return own + [r for v in node.values() for r in refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in refs(v)]
    return []


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[str, Draft202012Validator]:
    folder = tmp_path_factory.mktemp("schemas")
    result = run("schema", "--all", "--out", str(folder))
    assert result.exit_code == 0, result.output
    validators = {}
    for path in sorted(folder.glob("*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        assert all(r.startswith("#") for r in refs(schema)), path.name
        Draft202012Validator.check_schema(schema)
        name = path.name.removesuffix(".schema.json")
        validators[name] = Draft202012Validator(schema, format_checker=FormatChecker())
    assert {"record", "common", "news_article", "work_report", "meeting_minutes", "promotional_listing"} \
        <= set(validators)
    return validators


def test_every_record_of_the_seeds_and_dev_set_is_valid_against_the_printed_schemas(converter, shared_corpus,
                                                                                    printed):
    files = sorted((shared_corpus / "seeds").iterdir()) + sorted((shared_corpus / "dev" / "docs").iterdir())
    types = set()
    for path in files:
        record = json.loads(converter.convert_bytes(path.read_bytes(), path.name).to_json())
        assert [e.message for e in printed["record"].iter_errors(record)] == [], path.name
        for doc in record["documents"]:
            assert [e.message for e in printed[doc["type"]].iter_errors(doc["data"])] == [], (path.name, doc["type"])
            assert doc["schema"] == printed[doc["type"]].schema["$id"]
            types.add(doc["type"])
    assert types == {"news_article", "work_report", "meeting_minutes", "promotional_listing"}


def test_the_record_schema_checks_data_by_type_and_kinds(printed):
    record = json.loads(run("convert", "-", "--jsonl", "-", input=NEWS.encode()).stdout)
    assert printed["record"].is_valid(record)
    for bad in ({"bogus": 1}, {"title": 5}):
        broken = {**record, "documents": [{**record["documents"][0], "data": bad}]}
        assert not printed["record"].is_valid(broken)
    assert not printed["record"].is_valid({**record, "documents": [{**record["documents"][0], "type": "nope"}]})
    assert not printed["record"].is_valid({**record, "warnings": [{"kind": "whatever", "message": "x"}]})
    assert not printed["record"].is_valid({**record, "errors": [{"kind": "unclassified", "message": "x"}]})


def test_validate_reports_what_the_schema_cannot(tmp_path):
    record = json.loads(run("convert", "-", "--jsonl", "-", input=NEWS.encode()).stdout)
    good, bad = tmp_path / "good.json", tmp_path / "bad.jsonl"
    good.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    broken = {**record, "documents": [{**record["documents"][0], "span": [5, 1], "data": {"bogus": 1}}]}
    bad.write_text(json.dumps(record, ensure_ascii=False) + "\n" + json.dumps(broken, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    assert run("validate", str(good)).exit_code == 0
    result = run("validate", str(bad))
    assert result.exit_code == 1
    assert f"{bad}:2: /documents/0/span: start 5 is after end 1" in result.output
    assert f"{bad}:2: /documents/0/data: Additional properties are not allowed ('bogus' was unexpected)" \
        in result.output
    assert ":1:" not in result.output


def test_ids_change_with_the_content_of_a_schema_or_of_what_it_refers_to(tmp_path):
    shutil.copytree(SCHEMAS, tmp_path / "a")
    before = SchemaStore([tmp_path / "a"])
    same = SchemaStore([tmp_path / "a"])
    assert before.published_id("news_article") == same.published_id("news_article")
    assert before.published_id("news_article").startswith("urn:converter:schema:news_article:1:sha256-")
    common = json.loads((tmp_path / "a" / "common.schema.json").read_text(encoding="utf-8"))
    common["$defs"]["year"]["maximum"] = 2200
    shutil.copytree(SCHEMAS, tmp_path / "b")
    (tmp_path / "b" / "common.schema.json").write_text(json.dumps(common), encoding="utf-8")
    after = SchemaStore([tmp_path / "b"])
    assert after.published_id("common") != before.published_id("common")
    assert after.published_id("news_article") != before.published_id("news_article")
    assert after.published_id("rule-file") == before.published_id("rule-file")


def test_an_over_size_file_gets_its_true_size_and_hash(tmp_path):
    import hashlib

    for name, body in (("a.txt", NEWS * 20), ("b.txt", NEWS * 30)):
        (tmp_path / name).write_text(body, encoding="utf-8")
    result = run("convert", str(tmp_path), "--jsonl", "-", "--max-bytes", "100", "-j", "1")
    assert result.exit_code == 1
    sources = [json.loads(line)["source"] for line in result.stdout.splitlines()]
    for source in sources:
        raw = (tmp_path / source["path"]).read_bytes()
        assert (source["bytes"], source["sha256"]) == (len(raw), hashlib.sha256(raw).hexdigest())


def test_every_kind_the_code_writes_is_in_the_record_schema():
    """A kind missing from the fixed lists would make `converter schema record` reject real records."""
    import re

    record = json.loads((SCHEMAS / "record.schema.json").read_text(encoding="utf-8"))
    allowed = set(record["$defs"]["error"]["properties"]["kind"]["enum"]) | set(
        record["$defs"]["warning"]["properties"]["kind"]["enum"])
    root = SCHEMAS.parent
    written = set()
    for path in [*(root / "converter").rglob("*.py"), *(root / "plugins").glob("*.py")]:
        source = path.read_text(encoding="utf-8")
        written |= set(re.findall(r'"kind": "([a-z_]+)"', source))
        written |= set(re.findall(r'_error_record\([^,]+, [^,]+, "([a-z_]+)"', source))
    assert {"input", "schema", "timeout", "unclassified"} <= written
    assert written <= allowed, written - allowed
