"""The command line as a user runs it."""

from __future__ import annotations

import json
import os
import re

from click.testing import CliRunner

from converter.cli import cli

NEWS = "城南新建三座口袋公园\n本报记者 孙楠\n近日，城南街道新建的三座口袋公园正式对市民开放，总面积1.2万平方米。\n"


def run(*args, **kw):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False, **kw)


def test_help_lists_commands_with_examples():
    out = run("--help").output
    for command in ("convert", "text", "classify", "types", "schema", "rules", "plugins"):
        assert command in out
    assert "converter convert examples/ --out out/" in out


def test_convert_folder_writes_records_and_reports_bad_files(tmp_path):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "sub" / "news.txt").write_text(NEWS, encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")
    (src / "blob.bin").write_bytes(b"\x00\x01\x02" * 100)
    out = tmp_path / "out"
    result = run("convert", str(src), "--out", str(out), "-j", "1")
    assert result.exit_code == 1
    record = json.loads((out / "sub" / "news.txt.json").read_text(encoding="utf-8"))
    assert record["documents"][0]["type"] == "news_article"
    bad = json.loads((out / "empty.txt.json").read_text(encoding="utf-8"))
    assert bad["errors"][0]["message"] == "empty.txt: empty file"
    assert "error: blob.bin: binary file (contains NUL bytes)" in result.stderr
    assert "3 files converted (0 up to date, 2 with errors); documents: news_article 1" in result.stderr
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


def test_convert_skips_up_to_date_records_unless_forced(tmp_path):
    (tmp_path / "a.txt").write_text(NEWS, encoding="utf-8")
    out = tmp_path / "out"
    assert run("convert", str(tmp_path / "a.txt"), "--out", str(out), "-j", "1").exit_code == 0
    again = run("convert", str(tmp_path / "a.txt"), "--out", str(out), "-j", "1")
    assert "0 files converted (1 up to date" in again.stderr
    forced = run("convert", str(tmp_path / "a.txt"), "--out", str(out), "-j", "1", "--force")
    assert "1 files converted (0 up to date" in forced.stderr


def test_glob_and_jsonl_stream(tmp_path):
    (tmp_path / "a.txt").write_text(NEWS, encoding="utf-8")
    (tmp_path / "b.md").write_text(NEWS, encoding="utf-8")
    result = run("convert", str(tmp_path), "--glob", "*.txt", "--jsonl", "-", "-j", "1")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["source"]["path"] for r in lines] == ["a.txt"]


def test_parallel_output_equals_serial(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(6):
        (src / f"n{i}.txt").write_text(NEWS.replace("三座", f"{i + 2}座"), encoding="utf-8")
    run("convert", str(src), "--out", str(tmp_path / "one"), "-j", "1")
    run("convert", str(src), "--out", str(tmp_path / "two"), "-j", "2")
    for i in range(6):
        name = f"n{i}.txt.json"
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_usage_error_exits_2(tmp_path):
    (tmp_path / "a.txt").write_text(NEWS, encoding="utf-8")
    assert run("convert", str(tmp_path / "a.txt")).exit_code == 2
    assert run("convert").exit_code == 2


def test_text_classify_types_schema(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("导航菜单\n" + NEWS, encoding="utf-8")
    assert run("text", str(f)).output == "导航菜单\n" + NEWS
    explained = run("classify", str(f), "--explain").output
    assert "document 0" in explained and "news_article" in explained and "byline.staff_reporter" in explained
    assert re.search(r"^news_article\t\d+\.\d+\t\S+news_article\.yaml$", run("types").output, re.M)
    schema = json.loads(run("schema", "news_article").output)
    assert schema["$id"] == "urn:converter:schema:news_article:1"
    assert run("schema", "nope").exit_code == 1


def test_classify_sees_the_documents_convert_emits(tmp_path):
    f = tmp_path / "two.txt"
    f.write_text(NEWS + "-" * 30 + "\n" + NEWS.replace("孙楠", "李强"), encoding="utf-8")
    shown = [line for line in run("classify", str(f)).output.splitlines() if line.startswith("document")]
    record = json.loads(run("convert", str(f), "--jsonl", "-").output.splitlines()[0])
    assert len(shown) == len(record["documents"]) == 2


def test_rules_check_reports_file_line(tmp_path):
    bad = tmp_path / "news_article.yaml"
    bad.write_text("type: news_article\nversion: '1'\nmatch: {cues: [{name: a, pattern: '('}]}\nfields: {}\n",
                   encoding="utf-8")
    result = run("rules", "check", str(bad))
    assert result.exit_code == 1
    assert f"{bad}:3:" in result.output and "bad regular expression" in result.output


def test_rules_test_runs_builtin_cases():
    result = run("rules", "test")
    assert result.exit_code == 0, result.output
    assert " passed, 0 failed" in result.output


def test_plugins_lists_builtins_and_hooks():
    data = json.loads(run("plugins").output)
    names = {p["name"]: p for p in data["plugins"]}
    assert "converter_register_extractors" in names["generic"]["hooks"]
    assert "converter_read" in names["readers"]["hooks"]
    assert {"title", "pattern", "region", "decisions", "listing_items"} <= set(data["extractors"])


def test_python_m_converter_works():
    assert os.system("python -m converter --version > /dev/null") == 0


def test_convert_reads_one_document_from_stdin(tmp_path):
    result = CliRunner().invoke(cli, ["convert", "-", "--jsonl", "-", "--out", str(tmp_path)], input=NEWS.encode())
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["source"]["path"] == "stdin"
    assert record["documents"][0]["data"]["title"] == "城南新建三座口袋公园"
    assert json.loads((tmp_path / "stdin.json").read_text(encoding="utf-8")) == record
