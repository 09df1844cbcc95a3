"""``converter convert --sqlite FILE``: the tables a downstream system queries."""

from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner

from converter.cli import cli
from converter.sqlite_sink import SqliteSink

NEWS = "城南新建三座口袋公园\n本报记者 孙楠\n近日，城南街道新建的三座口袋公园正式对市民开放，总面积1.2万平方米。\n"
PLAIN = "这是一段普通的文字，没有任何文体特征。\n"


# A record of n0.txt by another converter: adding it replaces the rows a conversion wrote.
OTHER_N0 = json.dumps({"source": {"path": "n0.txt", "sha256": "0" * 64, "bytes": 1, "encoding": None, "format": None},
                       "converter": {"version": "x", "rules": {}}, "documents": [], "errors": [], "warnings": []})


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def make_inputs(folder, n=3):
    folder.mkdir()
    for i in range(n):
        (folder / f"n{i}.txt").write_text(NEWS.replace("三座", f"{i + 2}座"), encoding="utf-8")
    (folder / "plain.txt").write_text(PLAIN, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    return folder


def dump(db_path) -> dict[str, list]:
    with sqlite3.connect(db_path) as db:
        return {t: db.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in ("documents", "fields")} | {
            "files": db.execute("SELECT path, sha256, ok, errors FROM files ORDER BY path").fetchall()}


def test_records_land_in_files_documents_and_fields(tmp_path):
    src, db_path = make_inputs(tmp_path / "in"), tmp_path / "out.db"
    result = run("convert", str(src), "--sqlite", str(db_path), "-j", "1")
    assert result.exit_code == 1  # empty.txt
    db = sqlite3.connect(db_path)
    assert db.execute("SELECT path, ok FROM files ORDER BY path").fetchall() == [
        ("empty.txt", 0), ("n0.txt", 1), ("n1.txt", 1), ("n2.txt", 1), ("plain.txt", 1)]
    assert json.loads(db.execute("SELECT errors FROM files WHERE path = 'empty.txt'").fetchone()[0])[0]["kind"] \
        == "input"
    titles = db.execute("SELECT path, type, title FROM documents ORDER BY path").fetchall()
    assert titles == [(f"n{i}.txt", "news_article", f"城南新建{i + 2}座口袋公园") for i in range(3)]
    value, start, end = db.execute(
        "SELECT f.value, f.span_start, f.span_end FROM fields f JOIN documents d ON d.id = f.document_id "
        "WHERE d.path = 'n1.txt' AND f.pointer = '/authors/0/name'").fetchone()
    assert (value, NEWS[start:end]) == ("孙楠", "孙楠")
    numbers = [v for (v,) in db.execute("SELECT value FROM fields WHERE pointer LIKE '/quantities/%/value'")]
    assert 12000 in numbers and all(isinstance(v, int | float) for v in numbers)
    data = json.loads(db.execute("SELECT data FROM documents WHERE path = 'n0.txt'").fetchone()[0])
    assert data["title"] == "城南新建2座口袋公园"


def test_reruns_are_idempotent_and_replace_only_changed_files(tmp_path):
    src, db_path = make_inputs(tmp_path / "in"), tmp_path / "out.db"
    run("convert", str(src), "--sqlite", str(db_path), "-j", "2")
    first = dump(db_path)
    again = run("convert", str(src), "--sqlite", str(db_path), "-j", "1")
    assert "5 files: 0 converted, 0 unclassified, 1 failed, 4 up to date" in again.stderr
    assert dump(db_path) == first
    (src / "n1.txt").write_text(NEWS.replace("孙楠", "李强"), encoding="utf-8")
    changed = run("convert", str(src), "--sqlite", str(db_path), "-j", "1")
    assert "1 converted, 0 unclassified, 1 failed, 3 up to date" in changed.stderr
    with sqlite3.connect(db_path) as db:
        names = db.execute("SELECT f.value FROM fields f JOIN documents d ON d.id = f.document_id "
                           "WHERE f.pointer = '/authors/0/name' ORDER BY d.path").fetchall()
        assert names == [("孙楠",), ("李强",), ("孙楠",)]
        assert db.execute("SELECT count(*) FROM documents").fetchone()[0] == 3
        orphans = db.execute("SELECT count(*) FROM fields WHERE document_id NOT IN (SELECT id FROM documents)")
        assert orphans.fetchone()[0] == 0
    forced = run("convert", str(src), "--sqlite", str(db_path), "-j", "1", "--force")
    assert "5 files: 3 converted, 1 unclassified, 1 failed, 0 up to date" in forced.stderr


def test_parallel_runs_write_what_a_serial_run_writes(tmp_path):
    src = make_inputs(tmp_path / "in", 8)
    run("convert", str(src), "--sqlite", str(tmp_path / "one.db"), "-j", "1")
    run("convert", str(src), "--sqlite", str(tmp_path / "two.db"), "-j", "2")
    assert dump(tmp_path / "one.db") == dump(tmp_path / "two.db")


def test_an_interrupted_batch_is_rolled_back_whole(tmp_path):
    src, db_path = make_inputs(tmp_path / "in"), tmp_path / "out.db"
    run("convert", str(src), "--sqlite", str(db_path), "-j", "1")
    before = dump(db_path)
    sink = SqliteSink(db_path)
    sink.add(OTHER_N0)
    sink.abort()
    assert dump(db_path) == before


def test_a_database_of_another_layout_is_refused(tmp_path):
    db_path = tmp_path / "other.db"
    with sqlite3.connect(db_path) as db:
        db.execute("PRAGMA user_version = 99")
    (tmp_path / "a.txt").write_text(NEWS, encoding="utf-8")
    result = run("convert", str(tmp_path / "a.txt"), "--sqlite", str(db_path))
    assert result.exit_code == 1
    assert "cannot open the SQLite database: its tables are of layout 99" in result.stderr


def test_the_readme_query_runs_on_a_converted_database(tmp_path):
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    query = re.search(r'sqlite3 out\.db "(.+?)"', readme, re.S)[1]
    src, db_path = make_inputs(tmp_path / "in"), tmp_path / "out.db"
    run("convert", str(src), "--sqlite", str(db_path), "-j", "1")
    with sqlite3.connect(db_path) as db:
        assert sorted(db.execute(query).fetchall()) == [(f"n{i}.txt", "孙楠") for i in range(3)]


def _held(db_path):
    """Another connection in the middle of a write (another run's batch)."""
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    return holder


def test_a_run_opening_a_database_another_run_writes_waits_its_turn(tmp_path):
    """Another run's batch in progress: opening waits for its commit instead of failing at once (a deferred
    transaction that reads the schema and then writes is refused without waiting)."""
    import threading

    src, db_path = make_inputs(tmp_path / "in"), tmp_path / "out.db"
    run("convert", str(src), "--sqlite", str(db_path), "-j", "1")
    holder = _held(db_path)
    opened: list = []

    def open_sink() -> None:  # opened and closed in its thread (sqlite3 connections stay in theirs)
        try:
            SqliteSink(db_path).close()
            opened.append("opened")
        except Exception as exc:  # the test reports what opening raised
            opened.append(exc)

    opener = threading.Thread(target=open_sink)
    opener.start()
    opener.join(0.5)
    assert opener.is_alive(), f"opening did not wait: {opened}"
    holder.execute("COMMIT")  # the other run's batch is done
    opener.join(30)
    holder.close()
    assert opened == ["opened"]


def test_a_database_locked_past_the_wait_is_refused_with_its_name(tmp_path, monkeypatch):
    from converter import sqlite_sink

    monkeypatch.setattr(sqlite_sink, "LOCK_TIMEOUT_S", 0.2)
    src, db_path = make_inputs(tmp_path / "in"), tmp_path / "out.db"
    run("convert", str(src), "--sqlite", str(db_path), "-j", "1")
    before = dump(db_path)
    holder = _held(db_path)
    try:
        result = CliRunner().invoke(cli, ["convert", str(src), "--sqlite", str(db_path), "--force", "-j", "1"])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)  # a message, not a traceback
    assert f"{db_path}: cannot open the SQLite database: database is locked" in result.output
    assert dump(db_path) == before


def test_a_write_that_waits_past_the_lock_timeout_raises_sink_unwritable(tmp_path, monkeypatch):
    """The CLI stops on it (every later record would wait as long): the batch is rolled back whole."""
    from converter import sqlite_sink
    from converter.errors import SinkUnwritable

    monkeypatch.setattr(sqlite_sink, "LOCK_TIMEOUT_S", 0.2)
    src, db_path = make_inputs(tmp_path / "in"), tmp_path / "out.db"
    run("convert", str(src), "--sqlite", str(db_path), "-j", "1")
    before = dump(db_path)
    sink = SqliteSink(db_path)  # opened while the database is free
    holder = _held(db_path)
    try:
        with pytest.raises(SinkUnwritable, match="cannot write records: database is locked"):
            sink.add(OTHER_N0)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        sink.abort()
    assert dump(db_path) == before
