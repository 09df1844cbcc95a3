"""The command line as a user runs it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
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
    (src / "blob.txt").write_bytes(b"\x00\x01\x02" * 100)
    (src / "plain.txt").write_text("这是一段普通的文字，没有任何文体特征。\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run("convert", str(src), "--out", str(out), "-j", "1")
    assert result.exit_code == 1
    record = json.loads((out / "sub" / "news.txt.json").read_text(encoding="utf-8"))
    assert record["documents"][0]["type"] == "news_article"
    bad = json.loads((out / "empty.txt.json").read_text(encoding="utf-8"))
    assert bad["errors"][0]["message"] == "empty.txt: empty file"
    assert "error: blob.txt: binary file (contains NUL bytes)" in result.stderr
    assert ("4 files: 1 converted, 1 unclassified, 2 failed, 0 up to date, 0 skipped; documents: news_article 1"
            in result.stderr)
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


def test_the_summary_counts_in_correct_english(tmp_path):
    (tmp_path / "a.txt").write_text(NEWS, encoding="utf-8")
    result = run("convert", str(tmp_path / "a.txt"), "--jsonl", str(tmp_path / "a.jsonl"), "-j", "1")
    assert result.stderr.startswith("1 file: 1 converted, 0 unclassified, 0 failed, 0 up to date, 0 skipped;")


def make_project(root):
    """A folder as a user's checkout looks: documents among code, metadata, VCS and build folders."""
    for rel in ("docs/a.txt", "docs/b.html", "docs/c.shtml", "README.md", "pkg/__init__.py", "pyproject.toml",
                "data.json", "rules.yaml", ".git/x.txt", ".hidden/y.txt", "build/lib/z.txt", "pkg.egg-info/PKG-INFO",
                "__pycache__/m.txt", "node_modules/n.txt"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(NEWS, encoding="utf-8")
    (root / "NOTES").write_text(NEWS, encoding="utf-8")  # no suffix, text: a document
    (root / "blob").write_bytes(b"\x7fELF\x00\x00" * 50)  # no suffix, binary: not one


def test_only_document_files_are_converted_and_the_rest_counted(tmp_path):
    src = tmp_path / "proj"
    make_project(src)
    result = run("convert", str(src), "--jsonl", "-", "-j", "1")
    assert result.exit_code == 0, result.stderr
    paths = sorted(json.loads(line)["source"]["path"] for line in result.stdout.splitlines())
    assert paths == ["NOTES", "docs/a.txt", "docs/b.html", "docs/c.shtml"]
    assert "4 files: 4 converted, 0 unclassified, 0 failed, 0 up to date, 6 skipped, 6 folders not entered" \
        in result.stderr
    verbose = run("convert", str(src), "--jsonl", str(tmp_path / "x.jsonl"), "-j", "1", "-v")
    assert f"{src}/.git: skipped (hidden folder)" in verbose.stderr
    assert f"{src}/pyproject.toml: skipped (not a document file)" in verbose.stderr
    assert f"{src}/docs/a.txt: news_article" in verbose.stderr


def test_glob_exclude_files_from_and_dry_run(tmp_path):
    src = tmp_path / "proj"
    make_project(src)
    dry = run("convert", str(src), "--glob", "*.md", "--glob", "docs/*.txt", "--dry-run")
    assert dry.exit_code == 0
    assert dry.stdout.splitlines() == [f"{src}/README.md", f"{src}/docs/a.txt"]
    assert not (tmp_path / "out").exists()
    excluded = run("convert", str(src), "--exclude", "docs", "--exclude", "NOTES", "--dry-run")
    assert excluded.stdout == ""
    assert "dry run: 0 files to convert" in excluded.stderr
    listing = tmp_path / "list.txt"
    listing.write_text(f"{src}/README.md\n{src}/docs/a.txt\n", encoding="utf-8")
    listed = run("convert", "--files-from", str(listing), "--jsonl", "-", "-j", "1")
    assert sorted(json.loads(line)["source"]["path"] for line in listed.stdout.splitlines()) == ["README.md", "a.txt"]
    piped = run("convert", "--files-from", "-", "--dry-run", input=f"{src}/pyproject.toml\n")
    assert piped.stdout.splitlines() == [f"{src}/pyproject.toml"]


@pytest.mark.parametrize("workers", [[], ["-j", "2"]], ids=["default-one-worker", "two-workers"])
def test_paths_fed_on_stdin_are_converted_as_they_arrive(tmp_path, workers):
    """A long-running ``convert --files-from - --jsonl -`` pays its start-up once: each path's record comes
    out before the next path is written (the list is not read to its end first; with paths on stdin one
    worker is the default, and more take each path as it comes instead of in batches)."""
    import subprocess
    import sys
    import threading

    docs = []
    for i, (title, body) in enumerate([("县政府工作报告", "今年完成投资12.5万元。"), ("会议纪要", "会议由张三主持。")]):
        doc = tmp_path / f"d{i}.txt"
        doc.write_text(f"2025年{title}\n{body}\n", encoding="utf-8")
        docs.append(doc)
    proc = subprocess.Popen([sys.executable, "-m", "converter", "convert", "--files-from", "-", "--jsonl", "-",
                             *workers], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, encoding="utf-8")

    def next_record() -> dict:
        line: list[str] = []
        reader = threading.Thread(target=lambda: line.append(proc.stdout.readline()), daemon=True)
        reader.start()
        reader.join(60)
        assert line and line[0], "no record while the next path was still to come"
        return json.loads(line[0])

    try:
        for doc in docs:
            proc.stdin.write(f"{doc}\n")
            proc.stdin.flush()
            assert next_record()["source"]["path"] == doc.name
        proc.stdin.close()
        assert proc.wait(60) == 0
    finally:
        proc.kill()


def test_paths_written_to_stdin_at_once_are_all_converted_in_order_by_two_workers(tmp_path):
    """Paths that come in one burst (read together from the pipe) are each sent on at once, not one
    after the other's record."""
    docs = []
    for i in range(7):
        doc = tmp_path / f"d{i}.txt"
        doc.write_text(f"2025年县政府工作报告\n县长 张{i}\n今年完成投资{i + 1}万元。\n", encoding="utf-8")
        docs.append(doc)
    listed = "".join(f"{doc}\n" for doc in docs)
    result = subprocess.run([sys.executable, "-m", "converter", "convert", "--files-from", "-", "--jsonl", "-",
                             "-j", "2"], input=listed, capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert result.returncode == 0, result.stderr
    assert [json.loads(line)["source"]["path"] for line in result.stdout.splitlines()] == [d.name for d in docs]


def test_a_path_on_stdin_that_is_not_utf8_is_converted_like_one_given_as_an_argument(tmp_path):
    """Paths written to stdin are bytes: one that is not UTF-8 (a Latin-1 name) names its file, as on the
    command line, instead of stopping the run."""
    raw_name = os.fsencode(tmp_path) + b"/caf\xe9.txt"
    try:
        with open(raw_name, "wb") as fh:
            fh.write("2025年县政府工作报告\n今年完成投资12.5万元。\n".encode())
    except OSError:
        pytest.skip("the file system refuses names that are not UTF-8")
    result = subprocess.run([sys.executable, "-m", "converter", "convert", "--files-from", "-", "--jsonl", "-"],
                            input=raw_name + b"\n", capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["documents"] and not record["errors"]


def test_a_path_listed_again_is_converted_again(tmp_path):
    """A resident converter fed the same path twice (the file changed in between) writes its record twice;
    two different files with one record path are still refused (tests/robustness/test_robust_files.py)."""
    doc = tmp_path / "a.txt"
    doc.write_text("2025年县政府工作报告\n今年完成投资12.5万元。\n", encoding="utf-8")
    listed = run("convert", "--files-from", "-", "--jsonl", "-", "-j", "1", input=f"{doc}\n{doc}\n")
    assert listed.exit_code == 0, listed.stderr
    assert [json.loads(line)["source"]["path"] for line in listed.stdout.splitlines()] == ["a.txt", "a.txt"]


def test_an_empty_input_is_a_warning(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "setup.py").write_text("print(1)\n", encoding="utf-8")
    result = run("convert", str(tmp_path / "in"), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0
    assert "0 files: 0 converted, 0 unclassified, 0 failed, 0 up to date, 1 skipped" in result.stderr
    assert "warning: no input files to convert (--verbose lists the files skipped)" in result.stderr


def test_the_jsonl_target_is_not_read_back(tmp_path):
    (tmp_path / "a.txt").write_text(NEWS, encoding="utf-8")
    target = tmp_path / "all.txt"  # named like a document, inside the input folder
    for _ in range(2):
        result = run("convert", str(tmp_path), "--jsonl", str(target), "-j", "1")
        assert result.exit_code == 0
        assert [json.loads(line)["source"]["path"] for line in target.read_text("utf-8").splitlines()] == ["a.txt"]
    assert f"warning: {target}: skipped (it is an output of this run)" in result.stderr


def test_quiet_prints_only_errors(tmp_path):
    (tmp_path / "a.txt").write_text(NEWS, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    result = run("convert", str(tmp_path), "--jsonl", str(tmp_path / "x.jsonl"), "-q", "-j", "1")
    assert result.exit_code == 1
    assert result.stderr == "error: b.txt: empty file\n"


def test_convert_skips_up_to_date_records_unless_forced(tmp_path):
    (tmp_path / "a.txt").write_text(NEWS, encoding="utf-8")
    out = tmp_path / "out"
    assert run("convert", str(tmp_path / "a.txt"), "--out", str(out), "-j", "1").exit_code == 0
    again = run("convert", str(tmp_path / "a.txt"), "--out", str(out), "-j", "1")
    assert "1 file: 0 converted, 0 unclassified, 0 failed, 1 up to date" in again.stderr
    forced = run("convert", str(tmp_path / "a.txt"), "--out", str(out), "-j", "1", "--force")
    assert "1 file: 1 converted, 0 unclassified, 0 failed, 0 up to date" in forced.stderr


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
    assert schema["$id"].startswith("urn:converter:schema:news_article:1:sha256-")
    assert run("schema", "nope").exit_code == 1


def test_classify_sees_the_documents_convert_emits(tmp_path):
    f = tmp_path / "two.txt"
    f.write_text(NEWS + "-" * 30 + "\n" + NEWS.replace("孙楠", "李强"), encoding="utf-8")
    shown = [line for line in run("classify", str(f)).output.splitlines() if line.startswith("document")]
    record = json.loads(run("convert", str(f), "--jsonl", "-").output.splitlines()[0])
    assert len(shown) == len(record["documents"]) == 2


def test_classify_says_when_convert_would_emit_no_document_for_lack_of_a_required_property(tmp_path):
    f = tmp_path / "meta.txt"  # a page's metadata lines alone: news cues, no headline
    f.write_text("\n稿件来源:城东街道办事处　发布时间:2023-11-02　浏览量:88\n", encoding="utf-8")
    lines = run("classify", str(f)).output.splitlines()
    assert lines[0].endswith(": news_article")
    assert "  but it holds no title, which a news_article document requires: convert emits no document here" in lines
    (doc,) = json.loads(run("classify", "--json", str(f)).output)[0]["documents"]
    assert doc["type"] == "news_article" and doc["lacks"] == ["title"]
    news = tmp_path / "news.txt"
    news.write_text(NEWS, encoding="utf-8")
    assert [d["lacks"] for d in json.loads(run("classify", "--json", str(news)).output)[0]["documents"]] == [[]]


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


def test_text_and_classify_read_stdin_and_classify_takes_several_files(tmp_path):
    assert run("text", "-", input=NEWS.encode()).output == NEWS
    (tmp_path / "a.txt").write_text(NEWS, encoding="utf-8")
    plain = "这是一段普通的文字，没有任何文体特征。"
    (tmp_path / "b.txt").write_text(plain + "\n", encoding="utf-8")
    lines = run("classify", "-", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), input=NEWS.encode()).output
    heads = [line for line in lines.splitlines() if not line.startswith(" ")]
    news = f"document 0 at [0, {len(NEWS.rstrip())}]: news_article"
    assert heads == [f"-: {news}", f"{tmp_path / 'a.txt'}: {news}",
                     f"{tmp_path / 'b.txt'}: document 0 at [0, {len(plain)}]: no type"]


def test_json_output_of_types_classify_and_rules(tmp_path):
    (tmp_path / "a.txt").write_text(NEWS, encoding="utf-8")
    types = json.loads(run("types", "--json").output)
    assert {t["type"] for t in types} >= {"news_article", "work_report", "meeting_minutes", "promotional_listing"}
    verdicts = json.loads(run("classify", "--json", str(tmp_path / "a.txt")).output)
    doc = verdicts[0]["documents"][0]
    assert verdicts[0]["file"] == str(tmp_path / "a.txt")
    assert (doc["type"], doc["span"]) == ("news_article", [0, len(NEWS.rstrip())])
    best = doc["scores"][0]
    assert best["type"] == "news_article" and any(c["name"] == "byline.staff_reporter" for c in best["cues"])
    listed = json.loads(run("rules", "list", "--json").output)
    assert {r["type"]: r["version"] for r in listed} == {t["type"]: t["version"] for t in types}
    tested = run("rules", "test", "--json")
    outcome = json.loads(tested.output)
    assert tested.exit_code == 0 and outcome["failed"] == 0 and outcome["passed"] == len(outcome["cases"]) > 10


def test_new_type_refuses_an_existing_name_unless_forced(tmp_path):
    refused = run("new-type", "news_article", "--dir", str(tmp_path / "a"))
    assert refused.exit_code == 1 and "'news_article' is taken by " in refused.stderr
    assert not (tmp_path / "a").exists()
    assert run("new-type", "record", "--dir", str(tmp_path / "a")).exit_code == 1
    forced = run("new-type", "news_article", "--dir", str(tmp_path / "b"), "--force")
    assert forced.exit_code == 0 and (tmp_path / "b" / "news_article.yaml").is_file()
    assert run("new-type", "my_notice", "--dir", str(tmp_path / "c")).exit_code == 0


def test_a_rules_folder_that_overrides_a_type_says_so(tmp_path):
    from pathlib import Path

    builtin = Path(__file__).resolve().parent.parent / "rules" / "news_article.yaml"
    (tmp_path / "news_article.yaml").write_text(builtin.read_text(encoding="utf-8"), encoding="utf-8")
    result = run("--rules", str(tmp_path), "types")
    assert result.exit_code == 0
    assert f"note: {tmp_path / 'news_article.yaml'}: overrides the rules of type 'news_article' from " in result.stderr
    assert "note:" not in run("types").stderr


PAGE = ("<html><head><title>城南新建三座口袋公园_某某区政府网</title></head><body>"
        "<div class='nav'><a href='/'>首页</a> <a href='/n'>新闻</a> <a href='/g'>政务</a></div>"
        "<h1>城南新建三座口袋公园</h1><p>近日，城南街道新建的三座口袋公园正式对市民开放，总面积1.2万平方米，"
        "园内设有健身步道、儿童游乐区和休憩座椅。</p><p>街道负责人介绍，明年还将新建两座口袋公园。</p>"
        "<div class='footer'>某某区人民政府 版权所有 备案号12345</div></body></html>")


def test_text_body_stops_where_the_pages_furniture_begins(tmp_path):
    f = tmp_path / "page.html"
    f.write_text(PAGE, encoding="utf-8")
    full, body = run("text", str(f)).output, run("text", "--body", str(f)).output
    assert "三座口袋公园正式对市民开放" in body and "版权所有" not in body
    assert full.startswith(body) and "版权所有" in full  # the same offsets; the furniture follows


def test_classify_explain_shows_the_type_models_view(tmp_path):
    f = tmp_path / "brief.txt"
    f.write_text("城关镇开展冬季森林防火巡查\n12月1日，城关镇组织干部群众开展冬季森林防火巡查，重点检查林区周边"
                 "的野外用火情况，发放宣传资料2000余份。\n", encoding="utf-8")
    out = run("classify", str(f), "--explain").output
    assert "type model (model decided): news_article p=" in out and "    ^ " in out
    (doc,) = json.loads(run("classify", "--json", str(f)).output)[0]["documents"]
    assert doc["method"] == "model" and doc["probabilities"]["news_article"] > 0.4 and doc["evidence"]
