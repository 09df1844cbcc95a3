"""An integrator adds a type without touching the engine: new-type, a plugin package, rule tests."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from converter.cli import cli
from converter.engine import Converter
from converter.testing import load_cases, run_case

ROOT = Path(__file__).resolve().parent.parent
NOTICE = ROOT / "examples" / "notice-plugin"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_new_type_then_edit_then_convert(tmp_path):
    folder = tmp_path / "my_rules"
    result = run("new-type", "tender_notice", "--dir", folder, "--keyword", "招标公告")
    assert result.exit_code == 0, result.output
    assert run("--rules", folder, "rules", "check", folder / "tender_notice.yaml").exit_code == 0
    tested = run("--rules", folder, "rules", "test", folder / "tender_notice.yaml")
    assert tested.exit_code == 0, tested.output
    # Edit the rule as docs/rules.md says: a new field with the pattern extractor, and its schema property.
    rule = folder / "tender_notice.yaml"
    rule.write_text(rule.read_text(encoding="utf-8").replace(
        "  region:\n    extractor: region\n",
        "  region:\n    extractor: region\n  budget:\n    extractor: pattern\n    parse: number\n"
        "    pattern: '预算金额[::]\\s*(?P<value>[\\d.]+万?)元'\n"), encoding="utf-8")
    schema_path = folder / "tender_notice.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    schema["properties"]["budget"] = {"type": "number"}
    schema_path.write_text(json.dumps(schema, ensure_ascii=False), encoding="utf-8")
    doc = tmp_path / "t.txt"
    doc.write_text("某某学校食堂设备采购招标公告\n2024年5月6日\n预算金额:86.5万元\n", encoding="utf-8")
    out = tmp_path / "out"
    assert run("--rules", folder, "convert", doc, "--out", out, "-j", "1").exit_code == 0
    record = json.loads((out / "t.txt.json").read_text(encoding="utf-8"))
    (document,) = record["documents"]
    assert document["type"] == "tender_notice"
    assert document["data"]["budget"] == 865000
    assert document["data"]["date"] == "2024-05-06"
    assert record["converter"]["rules"]["tender_notice"] == "0.1"


def test_new_type_refuses_to_overwrite(tmp_path):
    assert run("new-type", "memo", "--dir", tmp_path).exit_code == 0
    again = run("new-type", "memo", "--dir", tmp_path)
    assert again.exit_code == 1 and "exists" in again.output


def test_notice_plugin_example(tmp_path):
    shim = tmp_path / "notice_example.py"
    shim.write_text(f"import sys\nsys.path.insert(0, {str(NOTICE)!r})\nfrom converter_notice import *  # noqa\n",
                    encoding="utf-8")
    conv = Converter(plugins_dir=tmp_path, external=False)
    assert not conv.problems, conv.problems
    assert "notice" in {rs.type for rs in conv.rulesets}
    cases = load_cases([NOTICE / "converter_notice" / "rules" / "notice.yaml"])
    assert len(cases) >= 3
    for case in cases:
        assert run_case(conv, case) == [], case.id
    record = conv.convert_bytes((NOTICE / "samples" / "forest_fire_notice.txt").read_bytes(), "n.txt")
    data = record.documents[0].data
    assert record.documents[0].type == "notice"
    assert data["number"] == {"text": "赣府厅字〔2024〕27号", "agency_code": "赣府厅字", "year": 2024, "serial": 27}
    assert data["attachments"] == ["防汛重点部位清单", "防汛值班表"]
    assert data["region"] == {"name": "江西省", "code": "360000"}


def test_rule_file_boilerplate_is_dropped(tmp_path):
    folder = tmp_path / "r"
    assert run("new-type", "tender_notice", "--dir", folder, "--keyword", "招标公告").exit_code == 0
    rule = folder / "tender_notice.yaml"
    footer = "boilerplate:\n  - {name: footer, pattern: '^本网站由.{2,20}提供技术支持$', cut_rest: true}\n"
    rule.write_text(rule.read_text(encoding="utf-8").replace("fields:\n", footer + "fields:\n"), encoding="utf-8")
    doc = tmp_path / "t.txt"
    doc.write_text("某某学校食堂设备采购招标公告\n2024年5月6日\n本网站由某某公司提供技术支持\n联系电话 123\n",
                   encoding="utf-8")
    conv = Converter(rules=[folder], external=False)
    assert any(b.name == "tender_notice.footer" for b in conv.boilerplate)
    assert conv.read(doc.read_bytes(), "t.txt").text.count("技术支持") == 1
    record = conv.convert_bytes(doc.read_bytes(), "t.txt")
    assert "技术支持" not in str(record.documents[0].data) and "联系电话" not in str(record.documents[0].data)


def test_rules_speed_names_slow_and_runaway_patterns(tmp_path):
    """``(a|aa)+$`` over 40 a's and a b runs away under both engines (on 30, regex's guards finish it)."""
    folder = tmp_path / "r"
    assert run("new-type", "tender_notice", "--dir", folder, "--keyword", "招标公告").exit_code == 0
    rule = folder / "tender_notice.yaml"
    text = rule.read_text(encoding="utf-8")
    text = text.replace("  region:\n    extractor: region\n",
                        "  region:\n    extractor: region\n"
                        "  agency:\n    extractor: pattern\n"
                        "    pattern: '(?P<value>[\\u4e00-\\u9fff]{2,12}?)招标公告'\n"
                        "  code:\n    extractor: pattern\n    pattern: '(a|aa)+$'\n")
    case = "  - name: letters\n    input: \"某某招标公告 " + "a" * 40 + "b\"\n    expect: {}\n"
    text = text.replace("tests:\n", "tests:\n" + case, 1)
    rule.write_text(text, encoding="utf-8")
    schema_path = folder / "tender_notice.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    schema["properties"] |= {"agency": {"type": "string"}, "code": {"type": "string"}}
    schema_path.write_text(json.dumps(schema, ensure_ascii=False), encoding="utf-8")
    result = run("--rules", folder, "rules", "speed", rule, "--min-speed", "0.001")
    lines = result.output.splitlines()
    assert result.exit_code == 1, result.output
    assert lines[0].startswith("   runs away  ") and "tender_notice.yaml:" in lines[0]
    assert "field code pattern" in lines[0]
    assert "  SLOW" in lines[0]
    assert any("field agency pattern" in line and "M chars/s" in line for line in lines)
    assert "1 slower than 0.001 M chars/s or running away" in lines[-1]


def test_rules_speed_flags_a_pattern_whose_time_grows_faster_than_the_text(tmp_path):
    """Fast on the test texts' short lines, quadratic on one long line: flagged, and the command fails."""
    folder = tmp_path / "r"
    assert run("new-type", "tender_notice", "--dir", folder, "--keyword", "招标公告").exit_code == 0
    rule = folder / "tender_notice.yaml"
    text = rule.read_text(encoding="utf-8").replace(
        "  region:\n    extractor: region\n",
        "  region:\n    extractor: region\n  heading:\n    extractor: pattern\n"
        "    pattern: '[^\\n]{5,}(?:招标|采购)公告\\s*$'\n")
    rule.write_text(text, encoding="utf-8")
    schema_path = folder / "tender_notice.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    schema["properties"] |= {"heading": {"type": "string"}}
    schema_path.write_text(json.dumps(schema, ensure_ascii=False), encoding="utf-8")
    result = run("--rules", folder, "rules", "speed", rule)
    assert result.exit_code == 1, result.output
    flagged = [line for line in result.output.splitlines() if "SUPER-LINEAR" in line]
    assert len(flagged) == 1 and "field heading pattern" in flagged[0], result.output
    assert result.output.splitlines()[-1].endswith(", 1 super-linear")


def test_rules_speed_times_the_engine_a_conversion_uses():
    """A pattern re reads is timed under re (and the watchdog), as conversions run it; the growth
    scans skip the literal prefilter, so every size is scanned."""
    from converter import speed
    from converter.patterns import RulePattern

    class Counting:
        def __init__(self, compiled):
            self.compiled, self.calls = compiled, 0

        def finditer(self, *args):
            self.calls += 1
            return self.compiled.finditer(*args)

        def search(self, *args):
            self.calls += 1
            return self.compiled.search(*args)

    pattern = RulePattern(r"(?P<value>[一-龥]{2,6})招标公告")
    counting = pattern.fast = Counting(pattern.fast)
    sample = "某县某某工程招标公告。\n" * 40
    assert speed.measure(pattern, sample) > 0
    assert counting.calls > 0
    counting.calls = 0
    assert speed.growth(pattern, sample) < speed.SUPER_LINEAR
    assert counting.calls >= 2 * len(speed.GROWTH_FACTORS)


def test_rules_speed_flags_a_look_behind_over_the_lines_above(converter):
    """A pattern that looks back over every item above each one costs their number squared in a list of
    items alike: the line where it matches, repeated, is one of the growth texts."""
    from converter import speed
    from converter.patterns import RulePattern

    pattern = RulePattern(r"(?<=^议题:\n(?:\d、[^\n]*\n)*)\d、(?P<value>[^\n]+)")
    sample = "议题:\n" + "1、研究全县春耕生产工作\n" * 20
    assert speed.growth(pattern, sample) > speed.SUPER_LINEAR
    assert speed.growth(RulePattern(r"^\d、(?P<value>[^\n]+)"), sample) < speed.SUPER_LINEAR
