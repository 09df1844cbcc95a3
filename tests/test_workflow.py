"""The integrator's workflow works as documented: new-type, rules check/test, and the errors on the way."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from converter.cli import cli

ROOT = Path(__file__).resolve().parent.parent


def run(*args, cwd: Path | None = None):
    runner = CliRunner()
    if cwd is None:
        return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(cwd)
        return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)


def _sh_block(markdown: str) -> list[list[str]]:
    """The commands of the first ```sh block, comments dropped."""
    block = re.search(r"```sh\n(.*?)```", markdown, re.S).group(1)
    return [shlex.split(line, comments=True) for line in block.splitlines() if line.strip()]


def test_new_type_prints_next_commands_that_work_verbatim(tmp_path):
    made = run("new-type", "my_type", cwd=tmp_path)
    assert made.exit_code == 0, made.output
    commands = [line.strip() for line in made.output.splitlines() if line.strip().startswith("converter ")]
    assert any(" rules check rules/my_type.yaml" in c for c in commands), made.output
    assert any(" rules test rules/my_type.yaml" in c for c in commands), made.output
    for command in commands:
        result = run(*shlex.split(command)[1:], cwd=tmp_path)
        assert result.exit_code == 0, (command, result.output)


def test_rule_file_by_path_finds_the_schema_beside_it(tmp_path):
    assert run("new-type", "my_type", cwd=tmp_path).exit_code == 0
    checked = run("rules", "check", "rules/my_type.yaml", cwd=tmp_path)
    assert checked.exit_code == 0, checked.output
    tested = run("rules", "test", "rules/my_type.yaml", cwd=tmp_path)
    assert tested.exit_code == 0, tested.output
    assert "ok   my_type::sample" in tested.output


def test_plain_rules_test_picks_up_the_rules_folder(tmp_path):
    assert run("new-type", "my_type", cwd=tmp_path).exit_code == 0
    tested = run("rules", "test", cwd=tmp_path)
    assert tested.exit_code == 0, tested.output
    assert "ok   my_type::sample" in tested.output


def test_docs_rules_md_steps_run_literally(tmp_path):
    steps = _sh_block((ROOT / "docs" / "rules.md").read_text(encoding="utf-8"))
    assert steps and all(step[0] == "converter" for step in steps)
    for step in steps:
        result = run(*step[1:], cwd=tmp_path)
        assert result.exit_code == 0, (step, result.output)
    assert list((tmp_path / "out").glob("*.json"))


def test_rules_test_reports_a_yaml_syntax_error_at_its_line(tmp_path):
    bad = tmp_path / "broken.yaml"
    bad.write_text("type: broken\nversion: '1'\nmatch:\n  cues: [unclosed\n", encoding="utf-8")
    result = run("rules", "test", bad)
    assert result.exit_code == 1
    assert re.search(rf"{re.escape(str(bad))}:\d+:\d+: YAML syntax error", result.output), result.output


@pytest.mark.parametrize("field", ["{extractor: no_such_extractor}",
                                   "{extractor: pattern, pattern: '(unclosed'}"])
def test_rules_test_fails_a_rule_file_that_does_not_load(tmp_path, field):
    bad = tmp_path / "memo.yaml"
    bad.write_text(f"type: memo\nversion: '1'\nmatch: {{cues: [{{name: a, pattern: 备忘}}]}}\n"
                   f"fields:\n  title: {field}\n", encoding="utf-8")
    (tmp_path / "memo.schema.json").write_text(json.dumps({"type": "object", "properties": {"title": {}}}))
    result = run("rules", "test", bad)
    assert result.exit_code == 1, result.output
    assert f"{bad}:5:" in result.output
    assert "1 rule file did not load" in result.output


BROKEN = """\
type: memo
version: 1.0
match:
  min_score: lots
  cues:
    - {name: a, pattern: '(unclosed'}
fields:
  title: {extractor: no_such_extractor}
"""


def test_rules_check_reports_every_problem_once_in_one_pass(tmp_path):
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "memo.yaml").write_text(BROKEN, encoding="utf-8")
    (folder / "memo.schema.json").write_text(json.dumps({"type": "object", "properties": {"title": {}}}))
    for args in (["rules", "check", folder / "memo.yaml"], ["--rules", folder, "rules", "check", folder / "memo.yaml"],
                 ["--rules", folder, "rules", "check"]):
        result = run(*args)
        assert result.exit_code == 1
        lines = [line for line in result.output.splitlines() if "memo.yaml:" in line]
        wanted = {":2:": "version", ":4:": "min_score", ":6:": "bad regular expression", ":8:": "unknown extractor"}
        for where, what in wanted.items():
            assert sum(where in line and what in line for line in lines) == 1, (args, result.output)
        assert len(lines) == len(set(lines)), result.output


def test_unknown_plugin_to_disable_is_an_error():
    result = run("--disable-plugin", "no_such_plugin", "types")
    assert result.exit_code == 2
    assert "no_such_plugin" in result.output
    assert run("--disable-plugin", "boilerplate", "types").exit_code == 0


def test_types_exits_1_when_a_rule_file_failed(tmp_path):
    (tmp_path / "memo.yaml").write_text(BROKEN, encoding="utf-8")
    result = run("--rules", tmp_path, "types")
    assert result.exit_code == 1
    assert "memo.yaml" in result.output


def _with_budget_field(folder: Path, pattern: str) -> None:
    rule = folder / "memo.yaml"
    rule.write_text(rule.read_text(encoding="utf-8").replace(
        "  region:\n    extractor: region\n",
        f"  region:\n    extractor: region\n  budget:\n    extractor: pattern\n    parse: number\n"
        f"    pattern: '{pattern}'\n"), encoding="utf-8")
    schema_path = folder / "memo.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    schema["properties"]["budget"] = {"type": "number"}
    schema_path.write_text(json.dumps(schema, ensure_ascii=False), encoding="utf-8")


@pytest.mark.parametrize(("written", "value"), [("120.5万元", 1205000), ("3亿元", 300000000),
                                                 ("约120万", 1200000), ("120万余", 1200000)])
def test_a_number_field_reads_amounts_with_units(tmp_path, written, value):
    from converter.engine import Converter

    assert run("new-type", "memo", "--dir", tmp_path).exit_code == 0
    _with_budget_field(tmp_path, r"预算[::]\s*(?P<value>[^\s,。]+)")
    text = f"关于开展春季安全检查的通知\n2024年5月6日\n预算:{written}\n"
    record = Converter(rules=[tmp_path]).convert_text(text)
    assert record.documents[0].data["budget"] == value
    assert not [w for w in record.warnings if w["kind"] == "value"]


def test_a_value_found_but_not_parsed_is_a_warning_in_the_record(tmp_path):
    from converter.engine import Converter

    assert run("new-type", "memo", "--dir", tmp_path).exit_code == 0
    _with_budget_field(tmp_path, r"预算[::]\s*(?P<value>[^\s,。]+)")
    text = "关于开展春季安全检查的通知\n2024年5月6日\n预算:另行通知\n"
    record = Converter(rules=[tmp_path]).convert_text(text)
    assert "budget" not in record.documents[0].data
    [warning] = [w for w in record.warnings if w["kind"] == "value"]
    assert "memo.yaml:" in warning["message"] and "budget" in warning["message"]
    assert "另行通知" in warning["message"]
    assert text[slice(*warning["span"])] == "另行通知"
