"""Hostile or broken rule files: runaway regular expressions, YAML object tags, keys that do not exist.

A rule file is data: it names patterns, extractors and schemas, and can neither run code nor make the
converter read or write anything outside its input and --out. A bad one costs a file or a type, never
the run.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from converter.cli import cli
from converter.patterns import time_budget
from converter.rules import load_rule_file

EVIL_CUE = """\
type: evil
version: "1"
schema: news_article
match:
  cues:
    - {name: evil.backtrack, pattern: '(a|aa)+$', weight: 5}
fields:
  title: {extractor: pattern, pattern: '^(?P<value>\\S+)'}
"""
EVIL_FIELD = """\
type: evil
version: "1"
schema: news_article
match:
  cues:
    - {name: evil.starts_with_a, pattern: '^a', weight: 5}
fields:
  title: {extractor: pattern, pattern: '(a|aa)+$'}
"""
CATASTROPHIC = "a" * 40 + "b\n"
PLAIN = "这是一段普通的文字，没有任何文体特征。\n"


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder / name


def test_a_runaway_cue_pattern_costs_one_file_not_the_run(tmp_path):
    rules = tmp_path / "rules"
    write(rules, "evil.yaml", EVIL_CUE)
    write(tmp_path / "in", "a.txt", CATASTROPHIC)
    write(tmp_path / "in", "b.txt", PLAIN)
    out = tmp_path / "out"
    result = run("--rules", str(rules), "convert", str(tmp_path / "in"), "--out", str(out), "-j", "1")
    assert result.exit_code == 1
    (message,) = [line.removeprefix("error: ") for line in result.stderr.splitlines() if "timed out" in line]
    # one watchdog guards the file's patterns; when it goes off, the call runs again with its own budget,
    # which is the one in the message
    assert message.startswith(f"a.txt: {rules}/evil.yaml:6: pattern timed out after "
                              f"{time_budget(41):.1f} s on 41 characters")
    assert message.endswith(": '(a|aa)+$'") and "catastrophic" not in message
    assert "2 files: 0 converted, 1 unclassified, 1 failed, 0 up to date" in result.stderr
    record = json.loads((out / "a.txt.json").read_text(encoding="utf-8"))
    assert record["errors"] == [{"kind": "rule", "message": message}]
    assert record["source"]["bytes"] == len(CATASTROPHIC)
    assert json.loads((out / "b.txt.json").read_text(encoding="utf-8"))["errors"] == []


def test_a_runaway_field_pattern_costs_one_field(tmp_path):
    rules = tmp_path / "rules"
    write(rules, "evil.yaml", EVIL_FIELD)
    write(tmp_path / "in", "a.txt", CATASTROPHIC)
    result = run("--rules", str(rules), "convert", str(tmp_path / "in"), "--jsonl", "-", "-j", "1")
    assert result.exit_code == 1
    record = json.loads(result.stdout)
    (error,) = [e for e in record["errors"] if "timed out" in e["message"]]
    assert error["kind"] == "rule"
    assert error["message"].startswith(f"a.txt: field title: {rules}/evil.yaml:8: pattern timed out after ")
    assert error["message"].endswith(": '(a|aa)+$'")


@pytest.mark.parametrize(("text", "where", "tag"), [
    ('type: !!python/object/apply:os.system ["touch {marker}"]\nversion: "1"\n', "1:7",
     "python/object/apply:os.system"),
    ("type: evil\nversion: !!python/name:os.system\n", "2:10", "python/name:os.system"),
    ('type: evil\nversion: "1"\nmatch: !!python/object:builtins.dict {{}}\n', "3:8", "python/object:builtins.dict"),
])
def test_yaml_object_tags_are_rejected_and_never_run(tmp_path, text, where, tag):
    marker = tmp_path / "PWNED"
    path = write(tmp_path / "rules", "evil.yaml", text.format(marker=marker))
    rs, problems = load_rule_file(path)
    assert rs is None
    assert [p.render() for p in problems] == [
        f"{path}:{where}: YAML syntax error: could not determine a constructor for the tag 'tag:yaml.org,2002:{tag}'"]
    write(tmp_path / "in", "b.txt", PLAIN)
    result = run("--rules", str(tmp_path / "rules"), "convert", str(tmp_path / "in"), "--out", str(tmp_path / "out"),
                 "-j", "1")
    assert result.exit_code == 1  # the broken rule file is reported, the other types still convert
    assert result.stderr.splitlines()[0] == f"error: {problems[0].render()}"
    assert "1 file: 0 converted, 1 unclassified, 0 failed, 0 up to date" in result.stderr
    assert not marker.exists()


VALID = """\
type: mytype
version: "1"
schema: news_article
match:
  cues:
    - {name: my.cue, pattern: '^标题', weight: 5}
fields:
  title: {extractor: pattern, pattern: '^(?P<value>\\S+)'}
"""


@pytest.mark.parametrize(("edit", "expected"), [
    (lambda t: t + "output: /tmp/records\n", ":9:1: (top level): unknown key 'output'"),
    (lambda t: t + "write: ../../etc/cron.d/x\n", ":9:1: (top level): unknown key 'write'"),
    (lambda t: t + "include: /etc/passwd\n", ":9:1: (top level): unknown key 'include'"),
    (lambda t: t.replace("match:\n", "match:\n  output: x\n"), ":5:3: match: unknown key 'output'"),
    (lambda t: t.replace("    - {name: my.cue,", "    - {file: /etc/passwd, name: my.cue,"),
     ":6:8: match.cues.0: unknown key 'file'"),
    (lambda t: t + "segment: {path: /tmp}\n", ":9:11: segment: unknown key 'path'"),
    (lambda t: t + "children: {field: title, out: /tmp}\n", ":9:26: children: unknown key 'out'"),
])
def test_rule_schema_rejects_keys_it_does_not_know(tmp_path, edit, expected):
    path = write(tmp_path, "mytype.yaml", edit(VALID))
    rs, problems = load_rule_file(path)
    assert rs is None
    assert [p.render() for p in problems] == [f"{path}{expected}"]
    result = run("rules", "check", str(path))
    assert result.exit_code == 1
    assert result.stdout == f"{path}{expected}\n"


def test_the_valid_rule_file_used_above_loads(tmp_path):
    rs, problems = load_rule_file(write(tmp_path, "mytype.yaml", VALID))
    assert problems == [] and rs is not None


def test_anchor_keys_are_not_reported_with_an_unknown_key(tmp_path):
    text = VALID.replace("fields:\n", "x-common: &common {extractor: pattern}\nfields:\n") + "output: x\n"
    _rs, problems = load_rule_file(write(tmp_path, "mytype.yaml", text))
    assert [p.message for p in problems] == ["(top level): unknown key 'output'"]


def test_unknown_field_options_are_rejected_at_load_time(tmp_path):
    path = write(tmp_path, "mytype.yaml", VALID.replace("  title: {extractor: pattern,",
                                                        "  title: {extractor: pattern, output: /tmp/x,"))
    assert run("rules", "check", str(path)).exit_code == 1


@pytest.mark.parametrize(("edit", "expected"), [
    (lambda t: t.replace("schema: news_article", "schema: ../../../etc/passwd"),
     "no JSON Schema named '../../../etc/passwd'"),
    (lambda t: t.replace("schema: news_article", "schema: /etc/passwd"), "no JSON Schema named '/etc/passwd'"),
    (lambda t: t.replace("type: mytype", "type: ../mytype"), "type: '../mytype' does not match '^[a-z][a-z0-9_]*$'"),
])
def test_rule_files_name_schemas_and_types_never_paths(tmp_path, edit, expected):
    path = write(tmp_path / "rules", "mytype.yaml", edit(VALID))
    write(tmp_path / "in", "a.txt", "标题\n" + PLAIN)
    result = run("--rules", str(tmp_path / "rules"), "convert", str(tmp_path / "in"), "--out", str(tmp_path / "out"),
                 "-j", "1")
    assert result.exit_code == 1
    assert any(line.startswith(f"error: {path}") and expected in line for line in result.stderr.splitlines())
    record = json.loads((tmp_path / "out" / "a.txt.json").read_text(encoding="utf-8"))
    assert "mytype" not in record["converter"]["rules"]


def test_a_schema_with_a_remote_ref_is_not_fetched_and_its_type_is_refused(tmp_path):
    """Schemas beside rule files may $ref only each other: nothing is downloaded, the type is not loaded."""
    rules = tmp_path / "rules"
    write(rules, "mytype.yaml", VALID.replace("schema: news_article\n", ""))
    write(rules, "mytype.schema.json", json.dumps({
        "$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "urn:converter:schema:mytype:1",
        "type": "object", "properties": {"title": {"$ref": "http://127.0.0.1:9/title.schema.json"}}}))
    write(tmp_path / "in", "a.txt", "标题\n" + PLAIN)
    write(tmp_path / "in", "b.txt", PLAIN)
    result = run("--rules", str(rules), "convert", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "-j", "1")
    assert result.exit_code == 1
    assert (f"error: {rules / 'mytype.yaml'}: schema 'mytype' is unusable: $ref 'http://127.0.0.1:9/title.schema.json'"
            " does not resolve (schemas refer only to each other; nothing is fetched)") in result.stderr
    assert "2 files: 0 converted, 2 unclassified, 0 failed, 0 up to date" in result.stderr
    record = json.loads((tmp_path / "out" / "a.txt.json").read_text(encoding="utf-8"))
    assert "mytype" not in record["converter"]["rules"]


def test_a_schema_that_is_no_json_schema_refuses_its_type_and_says_why(tmp_path):
    rules = tmp_path / "rules"
    write(rules, "mytype.yaml", VALID.replace("schema: news_article\n", ""))
    write(rules, "mytype.schema.json", json.dumps({
        "$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "urn:converter:schema:mytype:1",
        "type": "object", "properties": {"title": {"type": "text"}}}))
    write(tmp_path / "in", "a.txt", "标题\n" + PLAIN)
    result = run("--rules", str(rules), "convert", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "-j", "1")
    assert result.exit_code == 1
    why = "schema 'mytype' is unusable: 'text' is not valid under any of the given schemas"
    assert f"error: {rules / 'mytype.yaml'}: {why}" in result.stderr


# --- rule-file bombs: refused at load with their line, in bounded time and memory -------------------------

def alias_bomb(levels: int = 9, width: int = 10) -> str:
    """A rule file whose ``map`` option is small as text and ``width ** levels`` nodes once expanded."""
    anchors = "".join(f"x-l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * width)}]\n" for i in range(1, levels))
    return (VALID.replace("fields:\n", "x-l0: &l0 [a, b, c, d, e, f, g, h, i, j]\n" + anchors + "fields:\n")
            .replace("pattern: '^(?P<value>\\S+)'}", f"pattern: '^(?P<value>\\S+)', map: {{k: *l{levels - 1}}}}}"))


def test_a_yaml_alias_bomb_is_refused_with_its_line(tmp_path):
    path = write(tmp_path, "mytype.yaml", alias_bomb())
    _rs, [problem] = load_rule_file(path)
    assert (problem.line, problem.col) == (11, 7)  # x-l4: the first anchor over the limit by itself
    assert "more than 100000 nodes once its YAML aliases are expanded" in problem.message
    result = run("--rules", str(tmp_path), "convert", str(write(tmp_path / "in", "a.txt", PLAIN)),
                 "--jsonl", "-", "-j", "1")
    assert result.exit_code == 1 and "mytype.yaml:11:7:" in result.stderr


def test_a_recursive_alias_is_refused(tmp_path):
    path = write(tmp_path, "mytype.yaml", VALID.replace("fields:\n", "x-loop: &loop [*loop]\nfields:\n"))
    _rs, [problem] = load_rule_file(path)
    assert (problem.line, problem.col) == (7, 9) and "recursive alias" in problem.message


def test_very_deep_yaml_is_a_syntax_error_with_its_line(tmp_path):
    path = write(tmp_path, "mytype.yaml", VALID + "x-deep: " + "[" * 100_000 + "]" * 100_000 + "\n")
    _rs, [problem] = load_rule_file(path)
    assert problem.line == 9 and "YAML syntax error: exceeded maximum nesting depth" in problem.message


@pytest.mark.parametrize(("pattern", "message"), [
    ("a{1000000000}", "repetition {1000000000} is over the limit of 1000"),
    ("(?:a{1000}){1000}", "nested repetitions ending at {1000} repeat 1000000 times, over the limit of 10000"),
    ("((a{100}){100}){100}", "nested repetitions ending at {100} repeat 1000000 times, over the limit of 10000"),
])
def test_huge_repetition_counts_are_refused_before_compiling(tmp_path, pattern, message):
    path = write(tmp_path, "mytype.yaml", VALID.replace("'^标题'", f"'{pattern}'"))
    _rs, [problem] = load_rule_file(path)
    assert problem.render() == f"{path}:6:22: match.cues.0.pattern: bad regular expression: {message}"


def test_ordinary_counted_repetitions_still_load(tmp_path):
    path = write(tmp_path, "mytype.yaml", VALID.replace("'^标题'", r"'^\p{Han}{2,5}[{]{1,3}(?:ab{0,200}){0,30}'"))
    assert load_rule_file(path)[1] == []


def test_yaml_merge_keys_share_options_and_a_written_key_overrides(tmp_path):
    text = VALID.replace("fields:\n", "x-common: &common {extractor: pattern, pattern: '^(?P<value>\\S+)'}\n"
                         "fields:\n").replace("  title: {extractor: pattern, pattern: '^(?P<value>\\S+)'}\n",
                                              "  title:\n    <<: *common\n    pattern: '^标题(?P<value>\\S+)'\n")
    rs, problems = load_rule_file(write(tmp_path, "mytype.yaml", text))
    assert problems == []
    assert rs.fields["title"].options["pattern"].source == "^标题(?P<value>\\S+)"
    twice = text.replace("    pattern: '^标题", "    pattern: x\n    pattern: '^标题")
    _rs, [problem] = load_rule_file(write(tmp_path, "mytype.yaml", twice))
    assert (problem.line, problem.message) == (12, "duplicate key 'pattern'")  # written twice by hand


def test_a_fifo_among_the_rule_files_does_not_block_start_up(tmp_path):
    import os

    write(tmp_path / "rules", "mytype.yaml", VALID)
    os.mkfifo(tmp_path / "rules" / "stuck.yaml")
    result = run("--rules", str(tmp_path / "rules"), "types")
    assert "stuck.yaml: cannot read rule file: not a regular file" in result.stderr
    assert "mytype" in result.stdout


def test_rules_check_fails_when_a_rule_file_in_rules_fails_to_load(tmp_path):
    write(tmp_path, "mytype.yaml", VALID)
    write(tmp_path, "broken.yaml", VALID.replace("type: mytype", "type: broken").replace("cues:", "cues: [x"))
    result = run("--rules", str(tmp_path), "rules", "check")
    # rules check prints each problem as FILE:LINE:COL: MESSAGE on stdout, like a linter
    assert result.exit_code == 1 and "broken.yaml:" in result.stdout
