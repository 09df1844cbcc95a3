"""The same records whatever runs the conversion: one process, a pool of two, or a Dask cluster."""

from __future__ import annotations

import builtins
import json
import os

import pytest
from click.testing import CliRunner

from converter.cli import cli

DOCS = {
    "a.txt": "城南新建三座口袋公园\n本报记者 孙楠\n近日，城南街道新建的三座口袋公园正式对市民开放。\n",
    "sub/b.txt": "南湖镇安全生产工作会议\n会议纪要\n2023年3月15日上午9:00，在镇政府会议室召开。\n出席:张国华 刘建军\n",
    "c.txt": "【赣州招商】赣州经开区签约新能源项目\n总投资12亿元的新能源项目在赣州经济技术开发区签约。\n2024-03-01\n",
    "d.txt": "市政府召开常务会议\n本报讯（记者 王芳）3月5日，市长李明主持召开市政府常务会议，研究部署春季植树工作。\n",
}


@pytest.fixture
def inputs(tmp_path):
    for rel, text in DOCS.items():
        path = tmp_path / "in" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path / "in"


def convert(*args, input=None):
    result = CliRunner().invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def records(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.json"))}


def test_dask_pool_and_serial_runs_write_identical_records(inputs, tmp_path):
    distributed = pytest.importorskip("distributed", reason="the dask extra is not installed: pip install '.[dask]'")
    j1 = convert("convert", inputs, "--out", tmp_path / "j1", "-j", "1", "--jsonl", tmp_path / "j1.jsonl")
    convert("convert", inputs, "--out", tmp_path / "j2", "-j", "2", "--jsonl", tmp_path / "j2.jsonl")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=":0") as c:
        convert("convert", inputs, "--out", tmp_path / "dask", "--jsonl", tmp_path / "dask.jsonl",
                "--executor", "dask", "--scheduler", c.scheduler_address)
    serial = records(tmp_path / "j1")
    assert len(serial) == len(DOCS)
    assert all(json.loads(text)["documents"] for text in serial.values())  # real records, not error records
    assert records(tmp_path / "j2") == serial
    assert records(tmp_path / "dask") == serial
    lines = (tmp_path / "j1.jsonl").read_bytes()
    assert len(lines.splitlines()) == len(DOCS)
    assert (tmp_path / "j2.jsonl").read_bytes() == lines
    assert (tmp_path / "dask.jsonl").read_bytes() == lines
    assert f"{len(DOCS)} files: {len(DOCS)} converted, 0 unclassified, 0 failed" in j1.stderr


def test_stdin_gives_the_record_of_the_same_file(inputs, tmp_path):
    text = (inputs / "a.txt").read_bytes()
    convert("convert", "-", "--out", tmp_path / "out", input=text)
    via_stdin = json.loads((tmp_path / "out" / "stdin.json").read_text(encoding="utf-8"))
    line = json.loads(convert("convert", "-", "--jsonl", "-", input=text).stdout)
    convert("convert", inputs / "a.txt", "--out", tmp_path / "file", "-j", "1")
    from_file = json.loads((tmp_path / "file" / "a.txt.json").read_text(encoding="utf-8"))
    assert via_stdin["source"]["path"] == "stdin"
    assert via_stdin["documents"] == line["documents"] == from_file["documents"]


def test_dask_without_scheduler_is_a_usage_error(inputs, tmp_path):
    result = CliRunner().invoke(cli, ["convert", str(inputs), "--out", str(tmp_path / "o"), "--executor", "dask"])
    assert result.exit_code == 2
    assert "--scheduler" in result.output


def test_dask_without_the_extra_says_how_to_install_it(inputs, tmp_path, monkeypatch):
    real_import = builtins.__import__

    def no_distributed(name, *args, **kwargs):
        if name == "distributed" or name.startswith("distributed."):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_distributed)
    result = CliRunner().invoke(cli, ["convert", str(inputs), "--out", str(tmp_path / "o"),
                                      "--executor", "dask", "--scheduler", "tcp://127.0.0.1:1"])
    assert result.exit_code == 2
    assert "pip install '.[dask]'" in result.output
    assert not (tmp_path / "o").exists()


def test_stdin_must_be_the_only_input(inputs, tmp_path):
    result = CliRunner().invoke(cli, ["convert", "-", str(inputs), "--out", str(tmp_path / "o")], input="x")
    assert result.exit_code == 2


def test_batches_bound_files_and_bytes(tmp_path):
    from converter.batch import Job
    from converter.executors import batches

    jobs = []
    for i, size in enumerate([10, 10, 600, 10, 10, 10, 10]):
        path = tmp_path / f"{i}.txt"
        path.write_bytes(b"x" * size)
        jobs.append(Job(path, path.name))
    groups = list(batches(jobs, max_bytes=500, max_files=3))
    assert [[j.relpath for j in g] for g in groups] == [["0.txt", "1.txt", "2.txt"], ["3.txt", "4.txt", "5.txt"],
                                                        ["6.txt"]]
    assert [len(g) for g in batches(jobs, max_bytes=15, max_files=64)] == [2, 1, 2, 2]


def test_a_task_lost_on_the_cluster_gives_error_records(converter, tmp_path):
    from converter.batch import Job
    from converter.executors import _results

    class Lost:
        def result(self):
            raise RuntimeError("worker killed")

    group = [Job(tmp_path / "a.txt", "a.txt"), Job(tmp_path / "b.txt", "b.txt")]
    out = list(_results(group, Lost(), converter))
    assert [job.relpath for job, _ in out] == ["a.txt", "b.txt"]
    assert all(not rec.ok and "worker killed" in rec.errors[0]["message"] for _, rec in out)


def test_rendered_answers_like_the_record(converter, inputs):
    from converter.batch import Job, convert_job
    from converter.executors import render

    record = convert_job(Job(inputs / "a.txt", "a.txt"), converter)
    rendered = render(record, (2,))
    assert rendered.to_json() == record.to_json()
    assert rendered.to_json(indent=None) == record.to_json(indent=None)  # re-rendered from the text
    assert rendered.ok == record.ok and [d.type for d in rendered.documents] == [d.type for d in record.documents]


def test_one_file_is_converted_without_starting_a_pool(tmp_path, monkeypatch):
    """Starting workers costs more than one small file: with -j 2 and one input no pool is made."""
    import concurrent.futures

    def no_pool(*args, **kwargs):
        raise AssertionError("a process pool was started for one file")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", no_pool)
    doc = tmp_path / "a.txt"
    doc.write_text("2025年县政府工作报告\n县长 张三\n今年完成投资12.5万元。\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["convert", str(doc), "--out", str(tmp_path / "out"), "-j", "2"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "out" / "a.txt.json").read_text(encoding="utf-8"))["documents"]


def test_a_record_file_holds_its_json_text_and_a_newline_in_utf8(tmp_path):
    """Records are written as the bytes orjson renders (never held as text too): the same JSON text the
    Python API gives, in UTF-8, with a final newline; a worker's rendering is the same."""
    from converter.engine import Converter
    from converter.executors import render

    doc = tmp_path / "a.txt"
    doc.write_text("2025年县政府工作报告\n县长 张三\n今年完成投资12.5万元。\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["convert", str(doc), "--out", str(tmp_path / "out"), "-j", "1"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    record = Converter().convert_file(doc)
    written = (tmp_path / "out" / "a.txt.json").read_bytes()
    assert written == (record.to_json() + "\n").encode("utf-8") == record.to_json_bytes()
    rendered = render(record, (2, None))
    assert rendered.to_json_bytes() == written and rendered.to_json(None) == record.to_json(None)
    assert "县政府工作报告" in written.decode("utf-8")  # characters as they are, not \u escapes


def test_a_line_feed_gives_each_line_of_a_pipe_whatever_the_chunks_it_comes_in():
    """Paths on stdin are read straight from the pipe: lines split across reads, a last line without its
    break, CRLF, bytes that are not UTF-8 (kept as surrogates, as file names are)."""
    import threading

    from converter.batch import LineFeed

    lines = [f"dir/file-{i:05d}.txt\n" for i in range(20000)] + ["crlf.txt\r\n", "caf\udce9.txt\n", "last.txt"]
    data = "".join(lines).encode("utf-8", "surrogateescape")
    read_end, write_end = os.pipe()

    def write() -> None:
        for at in range(0, len(data), 7919):  # pieces that end inside lines
            os.write(write_end, data[at:at + 7919])
        os.close(write_end)

    writer = threading.Thread(target=write)
    writer.start()
    feed = LineFeed(read_end)
    try:
        assert list(feed) == lines
        assert feed.ready(0) and list(feed) == []  # at its end: ready, and nothing more
    finally:
        writer.join()
        os.close(read_end)
