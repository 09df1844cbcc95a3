"""The docs cannot drift: every hook is documented with its signature; README commands exist."""

from __future__ import annotations

import inspect
from pathlib import Path

from click.testing import CliRunner

from converter import hookspecs
from converter.cli import cli

ROOT = Path(__file__).resolve().parent.parent


def test_every_hook_is_documented_with_its_signature():
    doc = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    for name, fn in inspect.getmembers(hookspecs, inspect.isfunction):
        if name.startswith("converter_"):
            args = ", ".join(inspect.signature(fn).parameters)
            assert f"### {name}({args})" in doc, name
            assert fn.__doc__ and fn.__doc__.strip()


def test_readme_has_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "pip install . && converter convert examples/ --out out/" in readme
    assert "pip install '.[test]' && pytest" in readme


def test_every_command_in_the_readme_table_exists():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = set(cli.commands)
    for line in readme.splitlines():
        if line.startswith("| `converter "):
            word = line.split("`converter ", 1)[1].split()[0].rstrip("`")
            assert word in commands, word
    for name in commands:
        assert CliRunner().invoke(cli, [name, "--help"]).exit_code == 0


def test_readme_example_output_is_what_the_converter_writes():
    import json
    import re

    from converter import convert_file

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    record = convert_file(ROOT / "examples" / "news_article_sample.txt").to_dict()
    doc = record["documents"][0]
    for key in ("kicker", "title", "authors", "captions", "region"):
        assert f'"{key}": {json.dumps(doc["data"][key], ensure_ascii=False)}' in readme, key
    for pointer in ("/title", "/authors/0/name", "/quantities/1/value"):
        assert f'"{pointer}": {json.dumps(doc["provenance"][pointer])}' in readme, pointer
    assert f'"span": {json.dumps(doc["span"])}' in readme
    assert re.search(rf'"bytes": {record["source"]["bytes"]},', readme)


def test_every_builtin_extractor_is_documented(converter):
    table = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    for name in converter.extractors:
        assert f"| `{name}` |" in table, name


def test_the_output_contract_is_in_the_project_and_cited():
    import json

    assert (ROOT / "docs" / "contract.md").read_text(encoding="utf-8").startswith("# Output contract")
    assert "docs/contract.md" in (ROOT / "README.md").read_text(encoding="utf-8")
    record_schema = json.loads((ROOT / "schemas" / "record.schema.json").read_text(encoding="utf-8"))
    assert "docs/contract.md" in record_schema["description"]


def test_readme_example_cites_the_schema_and_hash_the_converter_writes():
    import re

    from converter import convert_file

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    record = convert_file(ROOT / "examples" / "news_article_sample.txt").to_dict()
    shown_schema = re.search(r'"schema": "([^"]+)…"', readme)[1]
    assert record["documents"][0]["schema"].startswith(shown_schema)
    shown_sha = re.search(r'"sha256": "([0-9a-f]+)…"', readme)[1]
    assert record["source"]["sha256"].startswith(shown_sha)
    assert f'"path": "{record["source"]["path"]}"' in readme
