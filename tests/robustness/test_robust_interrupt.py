"""An interrupted run leaves only complete records, and the next run picks up where it stopped."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "schemas" / "record.schema.json").read_text("utf-8"))
N_FILES = 200


def make_inputs(folder: Path) -> None:
    folder.mkdir()
    for i in range(N_FILES):  # ~16 KB each, no document type: every record is error-free
        (folder / f"f{i:03d}.txt").write_text(f"第{i}份材料\n这是一段普通的文字，用来测试中断之后的续跑。\n" * 200,
                                              encoding="utf-8")


def converter_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "converter", "convert", *args]


def complete_records(out: Path) -> dict[str, dict]:
    """Every file under ``out`` must be a whole, valid record of its input."""
    validator = Draft202012Validator(SCHEMA)
    records = {}
    for path in sorted(out.rglob("*")):
        assert path.name.endswith(".txt.json"), f"stray file {path.name}"  # no *.tmp left behind
        record = json.loads(path.read_text(encoding="utf-8"))
        assert not list(validator.iter_errors(record)), path
        assert record["source"]["path"] == path.name.removesuffix(".json")
        assert record["errors"] == []
        records[path.name] = record
    return records


def resumed(stderr: str) -> tuple[int, int]:
    """From a run's summary: how many files it converted (with or without a type) and found up to date."""
    summary = re.search(r"(\d+) converted, (\d+) unclassified, 0 failed, (\d+) up to date", stderr)
    assert summary, stderr
    return int(summary[1]) + int(summary[2]), int(summary[3])


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_sigint_mid_run_leaves_complete_records_and_the_rerun_resumes(tmp_path, jobs):
    src, out = tmp_path / "in", tmp_path / "out"
    make_inputs(src)
    # Ctrl-C reaches the whole process group: the parent and its workers.
    proc = subprocess.Popen(converter_cmd(str(src), "--out", str(out), "-j", jobs), stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    deadline = time.monotonic() + 60
    while len(list(out.glob("*.json"))) < 20 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    assert proc.poll() is None, "the run ended before it could be interrupted"
    os.killpg(proc.pid, signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert re.search(r"^interrupted: \d+ files: ", stderr, re.M), stderr
    done = complete_records(out)
    assert 20 <= len(done) < N_FILES

    rerun = subprocess.run(converter_cmd(str(src), "--out", str(out), "-j", jobs), capture_output=True, text=True,
                           timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert resumed(rerun.stderr) == (N_FILES - len(done), len(done))
    after = complete_records(out)
    assert len(after) == N_FILES
    assert all(after[name] == record for name, record in done.items())  # skipped, not redone


def interrupt_after(src: Path, out: Path, jobs: str, how: signal.Signals, group: bool) -> subprocess.CompletedProcess:
    """Start a run, send ``how`` (to the whole group or only to the parent) after 20 records, wait for its end."""
    proc = subprocess.Popen(converter_cmd(str(src), "--out", str(out), "-j", jobs), stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    deadline = time.monotonic() + 60
    while len(list(out.glob("*.json"))) < 20 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    assert proc.poll() is None, "the run ended before it could be interrupted"
    (os.killpg if group else os.kill)(proc.pid, how)
    _, stderr = proc.communicate(timeout=60)
    return subprocess.CompletedProcess(proc.args, proc.returncode, "", stderr)


def test_sigterm_to_the_parent_alone_stops_cleanly_and_the_rerun_resumes(tmp_path):
    """What timeout(1), systemd and Kubernetes send: handled like Ctrl-C, workers stopped, no temp files."""
    src, out = tmp_path / "in", tmp_path / "out"
    make_inputs(src)
    ended = interrupt_after(src, out, "2", signal.SIGTERM, group=False)
    assert ended.returncode == 128 + signal.SIGTERM and ended.stderr.startswith("interrupted: "), ended.stderr
    done = complete_records(out)
    assert 20 <= len(done) < N_FILES
    rerun = subprocess.run(converter_cmd(str(src), "--out", str(out), "-j", "2"), capture_output=True, text=True,
                           timeout=120)
    assert resumed(rerun.stderr) == (N_FILES - len(done), len(done))
    assert len(complete_records(out)) == N_FILES


def test_sigkill_mid_run_then_a_rerun_redoes_exactly_the_unfinished_files(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    make_inputs(src)
    ended = interrupt_after(src, out, "2", signal.SIGKILL, group=False)
    assert ended.returncode == -signal.SIGKILL
    written = {p.name for p in out.glob("*.txt.json")}
    rerun = subprocess.run(converter_cmd(str(src), "--out", str(out), "-j", "2"), capture_output=True, text=True,
                           timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert resumed(rerun.stderr) == (N_FILES - len(written), len(written))
    assert len(complete_records(out)) == N_FILES  # and no temporary file left, whatever the kill left


N_DB_FILES = 500  # more than two of the sink's 200-record batches


def _db_rows(db_path: Path) -> dict[str, list]:
    """What a downstream system reads, without row ids or times: files, documents, fields by document."""
    with sqlite3.connect(db_path, timeout=30) as db:
        return {
            "files": db.execute("SELECT path, sha256, ok, errors FROM files ORDER BY path").fetchall(),
            "documents": db.execute("SELECT path, idx, type, title, data FROM documents ORDER BY path, idx").fetchall(),
            "fields": db.execute("SELECT d.path, d.idx, f.pointer, f.value, f.span_start, f.span_end FROM fields f"
                                 " JOIN documents d ON d.id = f.document_id ORDER BY 1, 2, 3").fetchall(),
            "orphans": db.execute("SELECT count(*) FROM documents WHERE path NOT IN (SELECT path FROM files)")
                         .fetchall(),
        }


def test_sigkill_mid_run_into_sqlite_keeps_whole_batches_and_the_rerun_does_the_rest(tmp_path):
    """The database after a SIGKILL holds whole batches of whole records; the next run converts exactly the
    files it lacks and ends with what an uninterrupted run writes."""
    src, db_path = tmp_path / "in", tmp_path / "out.db"
    src.mkdir()
    for i in range(N_DB_FILES):  # one news article each, ~6 KB
        (src / f"n{i:03d}.txt").write_text(f"城南新建第{i}座口袋公园\n本报记者 孙楠\n"
                                           + "近日，城南街道新建的口袋公园正式对市民开放，总面积1.2万平方米。\n" * 60,
                                           encoding="utf-8")
    # Progress is read from a --jsonl file written in the same step as each row, not from the database:
    # a reader polling it can wait out whole batches (the writer takes the lock again at once).
    lines = tmp_path / "records.jsonl"
    proc = subprocess.Popen(converter_cmd(str(src), "--sqlite", str(db_path), "--jsonl", str(lines), "-j", "2"),
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 120
    while (not lines.exists() or lines.read_bytes().count(b"\n") < 250) and proc.poll() is None \
            and time.monotonic() < deadline:  # past the first 200-record commit, short of the second
        time.sleep(0.005)
    assert proc.poll() is None, "the run ended before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    with sqlite3.connect(db_path, timeout=30) as db:  # the kill's rollback journal is rolled back on opening
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    killed = _db_rows(db_path)
    kept = len(killed["files"])
    assert kept % 200 == 0 and 0 < kept < N_DB_FILES, kept  # whole batches, nothing of the one in progress
    assert len(killed["documents"]) == kept and killed["orphans"] == [(0,)]

    rerun = subprocess.run(converter_cmd(str(src), "--sqlite", str(db_path), "-j", "2"), capture_output=True,
                           text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert resumed(rerun.stderr) == (N_DB_FILES - kept, kept)
    fresh = tmp_path / "fresh.db"
    subprocess.run(converter_cmd(str(src), "--sqlite", str(fresh), "-j", "2"), capture_output=True, timeout=300,
                   check=True)
    assert _db_rows(db_path) == _db_rows(fresh)


def test_two_runs_into_the_same_out_both_finish_with_whole_records(tmp_path):
    """Two runs started together over the same files into one --out: each record is written atomically by
    one of them, neither removes the other's temporary files, both exit 0, a third finds all up to date."""
    src, out = tmp_path / "in", tmp_path / "out"
    make_inputs(src)
    runs = [subprocess.Popen(converter_cmd(str(src), "--out", str(out), "-j", "2"), stderr=subprocess.PIPE,
                             text=True) for _ in range(2)]
    for proc in runs:
        _, stderr = proc.communicate(timeout=300)
        assert proc.returncode == 0, stderr
        assert "temporary files" not in stderr  # a live run's are not another run's leftovers
    assert len(complete_records(out)) == N_FILES  # and no temporary file left
    third = subprocess.run(converter_cmd(str(src), "--out", str(out), "-j", "1"), capture_output=True, text=True,
                           timeout=120)
    assert resumed(third.stderr) == (0, N_FILES)
