"""Convert many files: discover inputs, map them to output paths, write records atomically."""

from __future__ import annotations

import fnmatch
import json
import multiprocessing
import os
import tempfile
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .engine import Converter
from .errors import InputError
from .record import Record


@dataclass(frozen=True)
class Job:
    """One input file and the relative path its record is written under."""

    path: Path
    relpath: str


@dataclass
class Summary:
    files: int = 0
    skipped: int = 0
    failed: int = 0
    documents: dict[str, int] = field(default_factory=dict)

    def add(self, record: Record) -> None:
        self.files += 1
        self.failed += not record.ok
        for d in record.documents:
            self.documents[d.type] = self.documents.get(d.type, 0) + 1


def discover(inputs: Iterable[Path], glob: str | None = None) -> Iterator[Job]:
    """Regular files under ``inputs`` (folders recursively, symlinks and special files skipped),
    each with a safe relative path: relative to the folder given, or the file's own name."""
    for given in inputs:
        given = Path(given)
        if given.is_file():
            yield Job(given, given.name)
            continue
        for root, dirs, files in os.walk(given, followlinks=False):
            dirs.sort()
            for name in sorted(files):
                path = Path(root, name)
                if path.is_symlink() or not path.is_file():
                    continue
                rel = path.relative_to(given).as_posix()
                if glob and not (fnmatch.fnmatch(name, glob) or fnmatch.fnmatch(rel, glob)):
                    continue
                yield Job(path, rel)


def output_path(out_dir: Path, relpath: str) -> Path:
    """``out_dir/relpath.json``, refusing anything that would land outside ``out_dir``."""
    parts = [p for p in PurePosixPath(relpath.replace("\\", "/")).parts if p not in ("", ".", "/")]
    if not parts or any(p == ".." for p in parts):
        raise InputError(relpath, "unsafe output path")
    target = out_dir.joinpath(*parts[:-1], parts[-1] + ".json")
    root = out_dir.resolve()
    if not target.resolve().is_relative_to(root):
        raise InputError(relpath, "output path escapes --out")
    return target


def write_atomic(target: Path, text: str) -> None:
    """Write through a temporary file in the same folder and rename: readers never see half a record."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def up_to_date(target: Path, sha256: str, converter: dict) -> bool:
    """True when ``target`` already holds a record of the same source made by the same converter and rules."""
    try:
        old = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return old.get("source", {}).get("sha256") == sha256 and old.get("converter") == converter


# --- worker processes -----------------------------------------------------------------------------

_WORKER: Converter | None = None


def _init_worker(settings: dict) -> None:
    global _WORKER
    _WORKER = Converter(**settings)


def convert_job(job: Job, converter: Converter | None = None) -> Record:
    """Convert one file; unreadable files give an error record, never an exception."""
    conv = converter or _WORKER
    try:
        raw = job.path.read_bytes() if job.path.stat().st_size <= conv.max_bytes else None
    except OSError as exc:
        raw, error = None, f"{job.relpath}: cannot read: {exc.strerror or exc}"
    else:
        error = f"{job.relpath}: file is over the limit of {conv.max_bytes} bytes (--max-bytes)" if raw is None else ""
    if raw is None:
        from . import __version__

        return Record(source={"path": job.relpath, "sha256": "0" * 64, "bytes": 0, "encoding": None, "format": None},
                      converter={"version": __version__, "rules": conv.rule_versions},
                      errors=[{"kind": "input", "message": error}])
    return conv.convert_bytes(raw, job.relpath)


def run(jobs: Iterable[Job], converter: Converter, settings: dict, workers: int) -> Iterator[tuple[Job, Record]]:
    """Records in input order, converted in ``workers`` processes (in this one when 1)."""
    if workers <= 1:
        for job in jobs:
            yield job, convert_job(job, converter)
        return
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method),
                             initializer=_init_worker, initargs=(settings,)) as pool:
        pending = []
        for job in jobs:
            pending.append((job, pool.submit(convert_job, job)))
            if len(pending) >= workers * 4:
                j, fut = pending.pop(0)
                yield j, fut.result()
        for j, fut in pending:
            yield j, fut.result()
