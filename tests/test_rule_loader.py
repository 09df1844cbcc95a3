"""`rules check`: each kind of mistake is reported with its exact line and message."""

from __future__ import annotations

import textwrap

import pytest

from converter.rules import load_rule_file

GOOD = """\
type: sample_type
version: "1.0"
match:
  cues:
    - {name: cue.one, pattern: '通知'}
fields:
  title: {extractor: title}
"""

# (what is wrong, rule text, expected "line:col: message" suffix)
MISTAKES = [
    ("yaml_syntax", GOOD.replace("fields:\n", "fields: [\n"), "YAML syntax error"),
    ("duplicate_key", GOOD + "version: \"2\"\n", "8:1: duplicate key 'version'"),
    ("unknown_top_key", GOOD + "feilds: {}\n", "8:1: (top level): unknown key 'feilds' (did you mean 'fields'?)"),
    ("missing_version", GOOD.replace('version: "1.0"\n', ""), "1:1: (top level): 'version' is a required property"),
    ("bad_regex", GOOD.replace("'通知'", "'通知('"),
     "5:23: match.cues.0.pattern: bad regular expression: missing ) at position 3"),
    ("unknown_extractor", GOOD.replace("{extractor: title}", "{extractor: titel}"),
     "7:11: fields.title: unknown extractor 'titel' (did you mean 'title'?)"),
    ("field_not_in_schema", GOOD.replace("  title:", "  titel:"),
     "7:3: fields.titel: not a property of schema 'sample_type' (did you mean 'title'?)"),
    ("type_mismatch_filename", GOOD.replace("type: sample_type", "type: other_type"),
     "1:1: type 'other_type' must match the file name 'sample_type'"),
    ("weight_not_number", GOOD.replace("pattern: '通知'}", "pattern: '通知', weight: high}"),
     "5:38: match.cues.0.weight: 'high' is not of type 'number'"),
    ("bad_scope", GOOD.replace("pattern: '通知'}", "pattern: '通知', in: body}"),
     "5:38: match.cues.0.in: 'body' is not one of ['all', 'head', 'title']"),
    ("unknown_cue_key", GOOD.replace("pattern: '通知'}", "pattern: '通知', wieght: 2}"),
     "5:38: match.cues.0: unknown key 'wieght' (did you mean 'weight'?)"),
    ("children_field_missing", GOOD + "children: {field: items}\n",
     "8:12: children.field: 'items' is not one of this file's fields"),
    ("not_a_mapping", "- just\n- a list\n", "1:1: a rule file must be a mapping"),
]


@pytest.mark.parametrize(("kind", "text", "expected"), MISTAKES, ids=[m[0] for m in MISTAKES])
def test_mistake_is_reported_with_line(converter, tmp_path, kind, text, expected):
    path = tmp_path / "sample_type.yaml"
    path.write_text(text, encoding="utf-8")
    rs, problems = load_rule_file(path, set(converter.extractors), {"sample_type": {"title", "date"}})
    assert rs is None
    rendered = [p.render() for p in problems]
    assert any(r.startswith(str(path)) and expected in r for r in rendered), rendered


def test_good_file_loads(converter, tmp_path):
    path = tmp_path / "sample_type.yaml"
    path.write_text(GOOD, encoding="utf-8")
    rs, problems = load_rule_file(path, set(converter.extractors), {"sample_type": {"title"}})
    assert problems == []
    assert rs.type == "sample_type" and list(rs.fields) == ["title"]


def test_yaml_cannot_construct_objects(tmp_path):
    path = tmp_path / "sample_type.yaml"
    path.write_text(textwrap.dedent("""\
        type: !!python/object/apply:os.system ["echo pwned"]
        version: "1"
        """), encoding="utf-8")
    rs, problems = load_rule_file(path)
    assert rs is None and "YAML syntax error" in problems[0].render()
