"""``converter evaluate``: the gold semantics on hand-made records with hand-counted figures, agreement
with the shared scorer, floors, and the command's outputs."""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import ROOT

from converter.cli import cli
from converter.evaluate import FILE_LEVEL, Tally, below_floors, converted, evaluate, load_floors, stored

HERE = Path(__file__).resolve().parent / "fixtures" / "evaluate"
SCORER = ROOT.parent / "shared" / "tools" / "score.py"
FLOORS = ROOT / "tests" / "accuracy_floors.yaml"


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.fixture(scope="module")
def fixture_evaluation():
    return evaluate(HERE / "gold", stored(HERE / "records"))


def test_figures_counted_by_hand(fixture_evaluation):
    ev = fixture_evaluation
    assert ev.overall == Tally(16, 30)
    assert ev.by_type() == {FILE_LEVEL: Tally(2, 7), "meeting_minutes": Tally(1, 5), "news_article": Tally(8, 10),
                            "promotional_listing": Tally(4, 6), "work_report": Tally(1, 2)}
    assert ev.by_file() == {"a.txt": Tally(11, 15), "b.txt": Tally(1, 7), "c.txt": Tally(0, 2), "d.txt": Tally(4, 6)}
    fields = ev.by_field()
    assert fields[FILE_LEVEL, "absent_text"] == Tally(1, 4)
    assert fields[FILE_LEVEL, "document_count"] == Tally(1, 3)
    assert fields["news_article", "/authors/name"] == Tally(1, 2)
    assert fields["meeting_minutes", "/absentees"] == Tally(1, 1)  # null holds where there is no document
    assert fields["promotional_listing", "/items/title"] == Tally(2, 3)
    assert fields["promotional_listing", "/year"] == Tally(0, 1)  # true is no number


def test_confusion_and_files_without_documents(fixture_evaluation):
    ev = fixture_evaluation
    assert ev.confusion() == {("news_article", "news_article"): 1, ("work_report", "news_article"): 1,
                              ("meeting_minutes", "none"): 1, ("promotional_listing", "promotional_listing"): 1}
    assert ev.without_documents == ["b.txt", "c.txt"]
    assert [f.file for f in ev.files if not f.has_record] == ["c.txt"]


def test_each_miss_says_what_was_expected_and_what_came(fixture_evaluation):
    misses = {(c.file, c.name): (c.expected, c.got) for c in fixture_evaluation.misses}
    assert len(misses) == 14
    assert misses["a.txt", "doc[0] /authors[1]/name"] == ("李明", "周海")  # 陈立新 was taken by the first author
    assert misses["a.txt", "doc[1] type"] == ("work_report", "news_article")
    assert misses["a.txt", "absent_text"] == ("打印本页", "打印 本页")
    assert misses["d.txt", "doc[0] /items[1]/title"] == ("丙项目", "乙项目")
    assert ("d.txt", "doc[0] /items[2]/title") not in misses  # the item 丙项目 did not match stayed free


def _load_scorer():
    if not SCORER.is_file():
        pytest.skip(f"the shared scorer is not at {SCORER}")
    spec = importlib.util.spec_from_file_location("shared_score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _scorer_totals(scorer, gold_dir: Path, record_for) -> dict[str, tuple[int, int]]:
    """Per-type (passed, total) as the shared scorer counts them, and ``overall``."""
    overall, by_type = scorer.Tally(), {}
    for path in sorted(gold_dir.glob("*.yaml")):
        gold = yaml.safe_load(path.read_text(encoding="utf-8"))
        scorer.score_file(gold, record_for(gold["file"]), overall, by_type)
    return {"overall": (overall.passed, overall.total), **{k: (t.passed, t.total) for k, t in by_type.items()}}


def _totals(ev) -> dict[str, tuple[int, int]]:
    return {"overall": (ev.overall.passed, ev.overall.total),
            **{k: (t.passed, t.total) for k, t in ev.by_type().items()}}


def test_same_totals_as_the_shared_scorer_on_the_fixtures(fixture_evaluation):
    scorer = _load_scorer()
    assert _totals(fixture_evaluation) == _scorer_totals(scorer, HERE / "gold", stored(HERE / "records"))


SETS = {"seeds": ("seeds", "gold"), "dev": ("dev/docs", "dev/gold")}  # the sets of tests/accuracy_floors.yaml


@pytest.fixture(scope="module", params=sorted(SETS))
def corpus_set(request, converter, shared_corpus):
    """(name, gold folder, records) of a shared-corpus set, each file converted once."""
    docs, gold = SETS[request.param]
    record_for, records = converted(converter, shared_corpus / docs), {}

    def once(name: str):
        if name not in records:
            records[name] = record_for(name)
        return records[name]

    return request.param, shared_corpus / gold, once


def test_same_totals_as_the_shared_scorer_on_the_corpus(corpus_set):
    scorer = _load_scorer()
    _name, gold, record_for = corpus_set
    ev = evaluate(gold, record_for)
    assert ev.overall.total > 100
    assert _totals(ev) == _scorer_totals(scorer, gold, record_for)


def test_corpus_meets_its_floors(corpus_set):
    name, gold, record_for = corpus_set
    assert below_floors(evaluate(gold, record_for), load_floors(FLOORS, name)) == []


def test_cli_scores_stored_records_and_prints_json():
    result = run("evaluate", str(HERE), str(HERE / "gold"), "--out", str(HERE / "records"), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["overall"] == {"passed": 16, "total": 30, "percent": 53.33}
    assert report["fields"]["news_article"]["/authors/role"] == {"passed": 1, "total": 2, "percent": 50.0}
    assert report["confusion"]["work_report"] == {"news_article": 1}
    assert report["no_document"] == ["b.txt", "c.txt"]
    assert {"file": "d.txt", "check": "doc[0] /year", "type": "promotional_listing", "expected": 2023,
            "got": True} in report["misses"]
    assert "warning: no record c.txt.json" in result.stderr


def test_cli_text_report_ends_with_the_score_and_lists_misses_with_v():
    result = run("evaluate", str(HERE), str(HERE / "gold"), "--out", str(HERE / "records"), "-v")
    lines = result.stdout.splitlines()
    assert lines[-1] == "score: 16/30 checks (53.3%)"
    assert "    miss doc[1] type: want \"work_report\", got \"news_article\"" in lines
    assert "  work_report            1/2 (50.0%)" in lines
    assert "miss" not in run("evaluate", str(HERE), str(HERE / "gold"), "--out", str(HERE / "records")).stdout


def test_cli_markdown_tables():
    result = run("evaluate", str(HERE), str(HERE / "gold"), "--out", str(HERE / "records"), "--markdown",
                 "--set", "fixtures")
    md = result.stdout
    assert md.startswith("## fixtures\n")
    assert "| **overall** | 16 | 30 | 53.3 % |" in md
    assert "| news_article | `/authors/name` | 1 | 2 | 50.0 % |" in md
    assert "| gold \\ output | meeting_minutes | news_article | promotional_listing | work_report | none |" in md
    assert "| work_report |  | 1 |  |  |  |" in md
    assert "- `b.txt`" in md


def test_cli_converts_docs_in_process(tmp_path):
    docs, gold = tmp_path / "docs", tmp_path / "gold"
    docs.mkdir()
    gold.mkdir()
    shutil.copy(ROOT / "examples" / "news_article_sample.txt", docs / "sample.txt")
    (gold / "sample.yaml").write_text(yaml.safe_dump({
        "file": "sample.txt", "document_count": 1,
        "documents": [{"type": "news_article", "data": {"title": "我县农机合作社开足马力保春播",
                                                        "authors": [{"name": "陈立新", "role": "reporter"}]}}],
    }, allow_unicode=True), encoding="utf-8")
    (gold / "outside.yaml").write_text("file: ../gold/sample.yaml\ndocument_count: 1\n", encoding="utf-8")
    result = run("evaluate", str(docs), str(gold))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "score: 5/6 checks (83.3%)"
    assert f"warning: no file ../gold/sample.yaml in {docs}; its checks fail" in result.stderr  # not read


def _floors(tmp_path: Path, floors: dict) -> Path:
    path = tmp_path / "floors.yaml"
    path.write_text(yaml.safe_dump(floors), encoding="utf-8")
    return path


def test_floors_gate_names_each_figure_below_its_floor(tmp_path):
    floors = _floors(tmp_path, {"fixtures": {"overall": 53.3, "news_article": 80.0, "work_report": 50.1,
                                             FILE_LEVEL: 30.0}})
    result = run("evaluate", str(HERE), str(HERE / "gold"), "--out", str(HERE / "records"), "--floors", str(floors),
                 "--set", "fixtures")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert sorted(errors) == [f"error: fixtures: (file): 28.57 % (2/7) is below its floor 30 % ({floors})",
                              f"error: fixtures: work_report: 50.00 % (1/2) is below its floor 50.1 % ({floors})"]


def test_floors_met_exit_zero(tmp_path):
    floors = _floors(tmp_path, {"fixtures": {"overall": 53.3, "promotional_listing": 66.6}, "other": {"overall": 99}})
    result = run("evaluate", str(HERE), str(HERE / "gold"), "--out", str(HERE / "records"), "--floors", str(floors),
                 "--set", "fixtures")
    assert result.exit_code == 0, result.output
    assert "fixtures: all 2 floors" in result.stderr


def test_floors_of_a_type_the_set_lacks_fail(tmp_path):
    floors = _floors(tmp_path, {"fixtures": {"notice": 10.0}})
    result = run("evaluate", str(HERE), str(HERE / "gold"), "--out", str(HERE / "records"), "--floors", str(floors),
                 "--set", "fixtures")
    assert result.exit_code == 1
    assert "notice: no checks of it in this set" in result.stderr


@pytest.mark.parametrize("content, message", [
    ({"dev": {"overall": 50}}, "no set named 'fixtures'; it has 'dev'"),
    ({"fixtures": {"overall": "high"}}, "set 'fixtures': the floor of overall is not a number"),
    (["overall"], "a floors file maps each set name"),
])
def test_bad_floors_file_is_a_usage_error_naming_it(tmp_path, content, message):
    floors = _floors(tmp_path, content)
    result = run("evaluate", str(HERE), str(HERE / "gold"), "--out", str(HERE / "records"), "--floors", str(floors),
                 "--set", "fixtures")
    assert result.exit_code == 2
    assert str(floors) in result.stderr and message in result.stderr


def test_floors_need_a_set():
    result = run("evaluate", str(HERE), str(HERE / "gold"), "--out", str(HERE / "records"), "--floors",
                 str(FLOORS))
    assert result.exit_code == 2 and "--set NAME" in result.stderr


def test_unreadable_gold_file_is_named_and_the_rest_scored(tmp_path):
    gold = tmp_path / "gold"
    shutil.copytree(HERE / "gold", gold)
    (gold / "0-broken.yaml").write_text("file: [unclosed\n", encoding="utf-8")
    (gold / "0-nofile.yaml").write_text("documents: []\n", encoding="utf-8")
    (gold / "0-count.yaml").write_text("file: a.txt\ndocument_count: one\n", encoding="utf-8")
    (gold / "0-absent.yaml").write_text("file: a.txt\nabsent_text: [[nested]]\n", encoding="utf-8")
    result = run("evaluate", str(HERE), str(gold), "--out", str(HERE / "records"))
    assert result.exit_code == 1
    assert f"error: {gold / '0-broken.yaml'}: cannot read gold file" in result.stderr
    assert f"error: {gold / '0-nofile.yaml'}: not a gold file" in result.stderr
    assert f"error: {gold / '0-count.yaml'}: 'document_count' must be a number" in result.stderr
    assert f"error: {gold / '0-absent.yaml'}: 'absent_text' must be a list of strings" in result.stderr
    assert result.stdout.splitlines()[-1] == "score: 16/30 checks (53.3%)"


def test_accuracy_doc_rewrites_only_its_figures():
    spec = importlib.util.spec_from_file_location("accuracy_doc", ROOT / "tools" / "accuracy_doc.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    doc = f"# Accuracy\nintro\n{tool.BEGIN}\n## old figures\n{tool.END}\n\n## What is still wrong\nnotes\n"
    new = tool.replace_figures(doc, "## dev: 60.0 %\n| a |\n")
    assert new == (f"# Accuracy\nintro\n{tool.BEGIN}\n\n## dev: 60.0 %\n| a |\n\n{tool.END}\n\n"
                   "## What is still wrong\nnotes\n")
    assert tool.replace_figures(new, "## dev: 60.0 %\n| a |\n") == new
    with pytest.raises(ValueError, match="needs a <!-- figures --> line"):
        tool.replace_figures("# Accuracy\nno markers\n", "x")
    assert tool.BEGIN in (ROOT / "docs" / "accuracy.md").read_text(encoding="utf-8")
