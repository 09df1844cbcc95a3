"""``converter convert --sqlite FILE``: records into a SQLite database that sqlite-utils and datasette open as is.

Tables (see README, "SQLite"):

- ``files``: one row per input file (``path`` is the record's ``source.path``), its hash, size,
  encoding and format, the converter and rule versions that made its record, ``ok`` and the
  record's ``errors`` and ``warnings`` (JSON arrays).
- ``documents``: one row per document of a file, ``idx`` its position in the record, its
  ``type``, ``schema``, span, ``parent`` (``idx`` of the listing it belongs to), ``title`` and
  its ``data`` and ``classification`` as JSON.
- ``fields``: one row per value in a document's data (every leaf): its JSON ``pointer``,
  ``value`` (text, number or, for an empty list or object, JSON) and the ``[span_start,
  span_end)`` of the source it came from (that of the nearest enclosing value that has one).

Only the process that runs ``converter convert`` writes (workers send their records back), in
one transaction per batch of records, so ``-j N`` and the Dask executor are safe and an
interrupted run leaves the database as it was after the last whole batch. A file's rows are
replaced together when it is converted again. Two runs into one database take turns, a batch at a
time; one that waits more than :data:`LOCK_TIMEOUT_S` for the other stops with
:class:`converter.errors.SinkUnwritable`, its batch rolled back.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from .errors import SinkUnwritable

LAYOUT_VERSION = 1
BATCH_RECORDS = 200
LOCK_TIMEOUT_S = 60.0  # how long a write waits for another run's batch to be committed
TABLES = """
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,
    sha256 TEXT,
    bytes INTEGER,
    encoding TEXT,
    format TEXT,
    converter_version TEXT NOT NULL,
    rules TEXT NOT NULL,
    ok INTEGER NOT NULL,
    errors TEXT NOT NULL,
    warnings TEXT NOT NULL,
    converted_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL REFERENCES files(path) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    type TEXT NOT NULL,
    schema TEXT NOT NULL,
    span_start INTEGER NOT NULL,
    span_end INTEGER NOT NULL,
    parent INTEGER,
    title TEXT,
    data TEXT NOT NULL,
    classification TEXT NOT NULL,
    UNIQUE (path, idx)
);
CREATE INDEX IF NOT EXISTS documents_type ON documents(type);
CREATE TABLE IF NOT EXISTS fields (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    pointer TEXT NOT NULL,
    value,
    span_start INTEGER,
    span_end INTEGER,
    PRIMARY KEY (document_id, pointer)
);
"""


class SqliteSink:
    """Writes records into the database at ``path`` (created with the tables if need be)."""

    def __init__(self, path: Path, batch_records: int = BATCH_RECORDS) -> None:
        self.db = sqlite3.connect(path, timeout=LOCK_TIMEOUT_S, isolation_level=None)
        self.batch_records = batch_records
        self.pending = 0
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version not in (0, LAYOUT_VERSION):
            self.db.close()
            raise ValueError(f"its tables are of layout {version}, this converter writes layout {LAYOUT_VERSION}")
        self.db.execute("PRAGMA foreign_keys = ON")
        # IMMEDIATE: take the write lock first, waiting for another run to release it (a deferred transaction
        # that reads the schema, then writes, is refused at once when another connection is writing)
        self.db.executescript(f"BEGIN IMMEDIATE; {TABLES} PRAGMA user_version = {LAYOUT_VERSION}; COMMIT;")

    def has(self, path: str) -> bool:
        """True when the database holds a record of ``path``."""
        return self.db.execute("SELECT 1 FROM files WHERE path = ?", (path,)).fetchone() is not None

    def is_current(self, path: str, sha256: str, converter: dict) -> bool:
        """True when the row of ``path`` is an error-free record of these bytes by this converter and rules."""
        row = self.db.execute("SELECT sha256, converter_version, rules, ok FROM files WHERE path = ?",
                              (path,)).fetchone()
        return (row is not None and row[0] == sha256 and row[1] == converter["version"]
                and orjson.loads(row[2]) == converter["rules"] and bool(row[3]))

    def add(self, record_json: str) -> None:
        """Replace the rows of the record's file with this record (``record_json``: the record as JSON)."""
        record = orjson.loads(record_json)
        try:
            if not self.db.in_transaction:
                self.db.execute("BEGIN IMMEDIATE")
            self._replace(record)
        except sqlite3.OperationalError as exc:  # locked past the wait, disk full, read-only: so is every later one
            raise SinkUnwritable(f"cannot write records: {exc}") from exc
        self.pending += 1
        if self.pending >= self.batch_records:
            self.commit()

    def _replace(self, record: dict) -> None:
        source, path = record["source"], record["source"]["path"]
        self.db.execute("DELETE FROM fields WHERE document_id IN (SELECT id FROM documents WHERE path = ?)", (path,))
        self.db.execute("DELETE FROM documents WHERE path = ?", (path,))
        self.db.execute("DELETE FROM files WHERE path = ?", (path,))
        self.db.execute(
            "INSERT INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (path, source["sha256"], source["bytes"], source["encoding"], source["format"],
             record["converter"]["version"], _json(record["converter"]["rules"]), int(not record["errors"]),
             _json(record["errors"]), _json(record["warnings"]),
             datetime.now(UTC).isoformat(timespec="seconds")))
        for idx, doc in enumerate(record["documents"]):
            title = doc["data"].get("title")
            cursor = self.db.execute(
                "INSERT INTO documents (path, idx, type, schema, span_start, span_end, parent, title, data,"
                " classification) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (path, idx, doc["type"], doc["schema"], doc["span"][0], doc["span"][1], doc.get("parent"),
                 title if isinstance(title, str) else None, _json(doc["data"]), _json(doc["classification"])))
            self.db.executemany("INSERT INTO fields VALUES (?, ?, ?, ?, ?)",
                                ((cursor.lastrowid, pointer, value, *span)
                                 for pointer, value, span in field_rows(doc["data"], doc["provenance"])))

    def commit(self) -> None:
        try:
            if self.db.in_transaction:
                self.db.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            raise SinkUnwritable(f"cannot commit records: {exc}") from exc
        self.pending = 0

    def close(self) -> None:
        """Commit what is pending and close."""
        self.commit()
        self.db.close()

    def abort(self) -> None:
        """Drop the batch in progress (an interrupted run) and close: the database stays as after the last batch."""
        if self.db.in_transaction:
            self.db.execute("ROLLBACK")
        self.db.close()


def field_rows(data: Any, provenance: dict[str, list[int]], pointer: str = "",
               span: tuple[int | None, int | None] = (None, None)) -> Iterator[tuple[str, Any, tuple]]:
    """``(pointer, value, (start, end))`` for every leaf of ``data``; the span is the leaf's provenance or,
    failing that, the nearest enclosing value's."""
    if pointer in provenance:
        span = tuple(provenance[pointer])
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else None
    if items is None:
        yield pointer, int(data) if isinstance(data, bool) else data, span
        return
    empty = True
    for key, value in items:
        empty = False
        escaped = str(key).replace("~", "~0").replace("/", "~1")
        yield from field_rows(value, provenance, f"{pointer}/{escaped}", span)
    if empty and pointer:
        yield pointer, _json(data), span


def _json(value: Any) -> str:
    return orjson.dumps(value).decode("utf-8")
