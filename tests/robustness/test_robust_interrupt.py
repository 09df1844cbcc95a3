"""An interrupted run leaves only complete records, and the next run picks up where it stopped."""

from __future__ import annotations

import json
import os
import re
import signal
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
