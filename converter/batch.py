"""Convert many files: discover inputs, map them to output paths, write records atomically."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from .alarm import time_limit
from .engine import Converter
from .errors import InputError, PatternTimeout
from .names import display_path, printable
from .record import Record
from .safeio import Identity, open_regular, read_regular
from .selection import Selection

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor


@dataclass(frozen=True)
class Job:
    """One input file and the relative path its record is written under.

    A file found in a folder is read without following a symbolic link (``follow`` False) and only
    while it is still the file discovered (``identity``, its device and inode)."""

    path: Path
    relpath: str
    follow: bool = True
    identity: Identity | None = None


@dataclass
class Summary:
    """What a run did with each file, for the line ``converter convert`` ends with."""

    converted: int = 0  # without errors, with at least one document
    unclassified: int = 0  # without errors, but no text of any known type
    failed: int = 0
    up_to_date: int = 0
    skipped: int = 0  # not converted: not document files, excluded, links, special files
    skipped_folders: int = 0
    documents: dict[str, int] = field(default_factory=dict)

    def add(self, record: Record) -> None:
        if not record.ok:
            self.failed += 1
        elif record.documents:
            self.converted += 1
        else:
            self.unclassified += 1
        for d in record.documents:
            self.documents[d.type] = self.documents.get(d.type, 0) + 1

    @property
    def files(self) -> int:
        """Files found to convert (skipped ones not counted)."""
        return self.converted + self.unclassified + self.failed + self.up_to_date

    def line(self) -> str:
        """``3 files: 1 converted, 1 unclassified, 1 failed, 0 up to date, 2 skipped; documents: …``."""
        folders = f", {plural(self.skipped_folders, 'folder')} not entered" if self.skipped_folders else ""
        per_type = ", ".join(f"{k} {v}" for k, v in sorted(self.documents.items())) or "none"
        return (f"{plural(self.files, 'file')}: {self.converted} converted, {self.unclassified} unclassified, "
                f"{self.failed} failed, {self.up_to_date} up to date, {self.skipped} skipped{folders}; "
                f"documents: {per_type}")


def plural(n: int, noun: str) -> str:
    """``1 file``, ``2 files``."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _warn_skip(path: str, why: str) -> None:
    print(printable(f"warning: {path}: skipped ({why})"), file=sys.stderr, flush=True)


def _fail_collision(path: str, why: str) -> None:
    print(printable(f"error: {path}: not converted: {why}"), file=sys.stderr, flush=True)


def discover(inputs: Iterable[Path], selection: Selection | None = None,
             on_skip: Callable[[str, str], None] = _warn_skip, exclude: Iterable[Path] = (),
             on_collision: Callable[[str, str], None] = _fail_collision, listed: Iterable[Path] = ()) -> Iterator[Job]:
    """Regular files under ``inputs`` (folders recursively), each with a safe relative path: relative
    to the folder given, or the file's own name; ``listed`` files (``--files-from``) keep the
    relative path they are listed under.

    Inside folders, ``selection`` chooses the files (by default document files only, see
    :mod:`converter.selection`, which counts what it leaves out); symbolic links are not followed,
    special files (FIFOs, sockets, devices) are not opened and the ``exclude`` paths (the --out
    folder, the --jsonl and --sqlite files: outputs are not inputs) are not read. Each skipped
    link, special file or output is reported to ``on_skip(path, why)`` (by default a
    ``warning:`` line on stderr); a file whose record path another input already took, to
    ``on_collision(path, why)`` (by default an ``error:`` line): it is not converted, and the
    caller counts it as failed.

    Paths inside one folder cannot collide, so with a single input nothing is remembered per file
    and memory stays flat however many files there are; with several, or with ``listed`` files, each
    output path is kept to detect collisions between them. ``listed`` is read one path at a time, as
    the jobs are taken: a caller feeding paths on stdin gets each file's job as its line arrives.
    """
    selection = selection or Selection()
    inputs, exclude = list(inputs), [Path(p) for p in exclude]
    listed = iter(listed)  # read lazily: paths may arrive on stdin while earlier files convert
    first_listed = next(listed, None)
    several = len(inputs) > 1 or first_listed is not None  # listed files are remembered: how many is unknown
    taken: dict[str, str] = {}  # output path → the input that claimed it, only with several inputs
    excluded = {_identity(p) for p in exclude} - {None}

    def claim(path: Path, rel: str) -> bool:
        if not several:
            return True
        if rel in taken and taken[rel] != str(path):  # the same path again (listed twice) is converted again
            on_collision(str(path), f"its record path {display_path(rel)} is that of {display_path(taken[rel])}")
            return False
        taken[rel] = str(path)
        return True

    def given_file(given: Path, rel: str) -> Iterator[Job]:
        if _identity(given) in excluded:
            on_skip(str(given), "it is an output of this run")
        elif given.is_file():
            if claim(given, rel):
                yield Job(given, rel, identity=Identity.of(given.stat()))
        else:
            on_skip(str(given), "not a regular file or folder")

    for given in map(Path, chain(() if first_listed is None else (first_listed,), listed)):
        yield from given_file(given, listed_relpath(given))
    for given in map(Path, inputs):
        if not given.is_dir():
            yield from given_file(given, given.name)
            continue
        if any(given.resolve().is_relative_to(Path(x).resolve()) for x in exclude if Path(x).is_dir()):
            on_skip(str(given), "it is in the --out folder")
            continue
        for root, dirs, files in os.walk(given, followlinks=False):
            dirs.sort()
            for name in list(dirs):
                folder = Path(root, name)
                if folder.is_symlink():
                    on_skip(str(folder), "symbolic link to a folder; not followed")
                elif _identity(folder) in excluded:
                    on_skip(str(folder), "it is the --out folder")
                    dirs.remove(name)
                elif not selection.enter(str(folder), folder.relative_to(given).as_posix(), name):
                    dirs.remove(name)
            for name in sorted(files):
                path = Path(root, name)
                try:
                    info = path.lstat()
                except OSError as exc:  # gone since the folder was listed
                    on_skip(str(path), exc.strerror or str(exc))
                    continue
                if Identity.of(info) in excluded:
                    on_skip(str(path), "it is an output of this run")
                elif stat.S_ISLNK(info.st_mode):
                    on_skip(str(path), "symbolic link; not followed")
                elif not stat.S_ISREG(info.st_mode):
                    on_skip(str(path), "not a regular file")
                else:
                    rel = path.relative_to(given).as_posix()
                    if selection.wants(str(path), rel) and claim(path, rel):
                        yield Job(path, rel, follow=False, identity=Identity.of(info))


def _identity(path: Path) -> Identity | None:
    """The device and inode of ``path``, to recognise it under any name; None if it does not exist."""
    try:
        return Identity.of(os.stat(path))
    except OSError:
        return None


def listed_relpath(path: Path) -> str:
    """The record path of a file named in ``--files-from``: as listed when relative and inside, else its name."""
    if path.is_absolute() or ".." in path.parts:
        return path.name
    return path.as_posix()


def output_path(out_dir: Path, relpath: str) -> Path:
    """``out_dir/relpath.json``, refusing anything that would land outside ``out_dir``."""
    parts = [p for p in PurePosixPath(relpath.replace("\\", "/")).parts if p.strip("/") not in ("", ".")]
    if not parts or any(p == ".." for p in parts):
        raise InputError(relpath, "unsafe output path")
    target = out_dir.joinpath(*parts[:-1], parts[-1] + ".json")
    root = out_dir.resolve()
    if not target.resolve().is_relative_to(root):
        raise InputError(relpath, "output path escapes --out")
    return target


TEMP_PREFIX = ".converter-"  # temporary records: .converter-<pid>-<random>.tmp, short whatever the record's name
TEMP_SUFFIX = ".tmp"
MAX_RECORD_BYTES = 1 << 30  # read back to decide whether a record is up to date
# Errors after which no later record can be written either: the run stops instead of converting in vain.
FATAL_WRITE_ERRORS = frozenset({errno.ENOSPC, errno.EROFS, errno.EDQUOT})


class OutputUnwritable(OSError):
    """--out cannot take records (read-only, full, over quota): every later write would fail too."""


def write_atomic(target: Path, content: str | bytes) -> None:
    """Write ``content`` (text as UTF-8, or bytes as they are) through a temporary file in the same
    folder and rename: readers never see half a record.

    The temporary name is short (a record's name may be as long as the file system allows) and
    holds this process's id, so :func:`remove_stale_temp_files` can tell a dead run's leftovers
    from a live run's. It is chosen before the file is created, inside the ``try``, so an
    interrupt at any point leaves no temporary file behind (``tempfile.mkstemp`` could be
    interrupted after creating its file and before returning its name). Raises
    :class:`OSError` with a message that says what is in the way, or :class:`OutputUnwritable`.
    """
    tmp = target.parent / f"{TEMP_PREFIX}{os.getpid()}-{os.urandom(6).hex()}{TEMP_SUFFIX}"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "xb") as fh:
            fh.write(content.encode("utf-8") if isinstance(content, str) else content)
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _write_error(exc, target) from exc
        raise


def _write_error(exc: OSError, target: Path) -> OSError:
    """``exc`` explained: what stands where the record should go."""
    if exc.errno in FATAL_WRITE_ERRORS:
        return OutputUnwritable(exc.errno, f"cannot write records under {target.parent}: {exc.strerror}")
    if exc.errno in (errno.EISDIR, errno.ENOTEMPTY, errno.EEXIST) and target.is_dir():
        why = f"{target} is a folder (the records of an input folder of that name), not a record"
    elif exc.errno in (errno.EEXIST, errno.ENOTDIR):
        file = next((p for p in target.parents if p.is_file()), target.parent)
        why = f"{file} is a file (a record), so no folder of that name can hold this record"
    elif exc.errno == errno.ENAMETOOLONG:
        why = f"the record's name, {len(os.fsencode(target.name))} bytes, is too long for the file system"
    else:
        return exc
    return OSError(exc.errno, why)


def check_writable(out_dir: Path) -> None:
    """Raise :class:`OutputUnwritable` unless records can be written into ``out_dir``: a probe file is
    written there (a full or read-only folder fails), or, when it does not exist yet, the nearest
    folder it would be made in must be writable."""
    if not out_dir.is_dir():
        parent = next((p for p in Path(os.path.abspath(out_dir)).parents if p.is_dir()), None)
        if parent is not None and not os.access(parent, os.W_OK):
            raise OutputUnwritable(errno.EACCES, f"cannot create {out_dir}: {parent} is not writable")
        return
    probe = out_dir / f"{TEMP_PREFIX}{os.getpid()}-probe{TEMP_SUFFIX}"
    try:
        probe.write_bytes(b"{}\n")
    except OSError as exc:
        raise OutputUnwritable(exc.errno, f"cannot write records into {out_dir}: {exc.strerror or exc}") from exc
    finally:
        with contextlib.suppress(OSError):
            probe.unlink()


def remove_stale_temp_files(out_dir: Path) -> int:
    """Remove the temporary records a run that no longer exists left in ``out_dir`` (killed with SIGKILL,
    a power cut); a live run's, another ``converter convert`` into the same folder, are kept.
    Returns how many were removed."""
    removed = 0
    for root, _dirs, files in os.walk(out_dir):
        for name in files:
            if name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX) and not _alive(name):
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(root, name))
                    removed += 1
    return removed


def _alive(temp_name: str) -> bool:
    pid = temp_name[len(TEMP_PREFIX):].split("-", 1)[0]
    if not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's live process
        return True
    return True


def up_to_date(target: Path, sha256: str, converter: dict) -> bool:
    """True when ``target`` already holds an error-free record of the same source made by the same
    converter and rules (a record with errors is redone: the problem may be fixed by now)."""
    return record_status(target, sha256, converter) == "current"


def record_status(target: Path, sha256: str, converter: dict) -> str:
    """What ``target`` holds: ``missing`` (nothing, or not a record), ``current`` (see :func:`up_to_date`),
    ``stale`` (a record of other bytes, or one with errors, or one the same converter and rule versions
    made with other rule-file contents, plugins or options: another ``fingerprint``) or ``other-rules``
    (a record made by another converter version or other rule versions)."""
    try:
        old = json.loads(read_regular(target, str(target), MAX_RECORD_BYTES))  # a FIFO there never blocks
    except (InputError, ValueError):
        return "missing"
    if not isinstance(old, dict) or not isinstance(old.get("source"), dict) or not isinstance(old.get("converter"),
                                                                                              dict):
        return "missing"
    made_by = old["converter"]
    if (made_by.get("version"), made_by.get("rules")) != (converter.get("version"), converter.get("rules")):
        return "other-rules"
    if made_by.get("fingerprint") == converter.get("fingerprint") and old["source"].get("sha256") == sha256 \
            and not old.get("errors"):
        return "current"
    return "stale"


# --- worker processes -----------------------------------------------------------------------------

_WORKER: Converter | None = None


def _init_worker(settings: dict) -> None:
    global _WORKER
    _WORKER = Converter(**settings)


def convert_job(job: Job, converter: Converter | None = None, formats: tuple[int | None, ...] = (2,)) -> Record:
    """Convert one file and render its JSON for each of ``formats`` (JSON indents: 2 for --out, None
    for --jsonl); unreadable files, and records JSON cannot carry, give an error record, never an exception."""
    conv = converter or _WORKER
    name = display_path(job.relpath)
    try:
        raw = read_input(job.path, name, conv.max_bytes, job.follow, job.identity)
    except InputError as exc:
        return _error_record(name, conv, "input", str(exc), facts=file_facts(job))
    budget = file_budget(len(raw), conv.file_timeout)
    try:
        with time_limit(budget, FileTimeout):
            record = conv.convert_bytes(raw, name)
    except FileTimeout:
        return _error_record(name, conv, "timeout", f"{name}: conversion took longer than {budget:g}s, the budget "
                                                     f"for a file of its size (--file-timeout); not converted", raw)
    except PatternTimeout as exc:  # a rule file's pattern ran away on this file: the run goes on
        return _error_record(name, conv, "rule", f"{name}: {exc}", raw)
    except Exception as exc:  # a bug must cost one file, not the run
        return _error_record(name, conv, "internal", f"{name}: conversion failed: {exc!r}", raw)
    return rendered(record, formats)


class FileTimeout(BaseException):
    """A file took longer than its budget (:func:`file_budget`). Not an ``Exception``: the engine's
    per-field error handling must not swallow it."""


def file_budget(size: int, seconds_per_mb: float | None) -> float | None:
    """The seconds a file of ``size`` bytes may take: ``seconds_per_mb`` for each MB, for 1 MB at least
    (None or 0: no limit)."""
    return seconds_per_mb * max(1.0, size / 1_000_000) if seconds_per_mb else None


def rendered(record: Record, formats: tuple[int | None, ...] = (2,)) -> Record:
    """``record`` with its JSON rendered for each of ``formats``, or, when a value cannot be written as
    JSON (a plugin's integer beyond 64 bits, a lone surrogate), an error record of the same file:
    writing, like converting, costs that file and never the run."""
    try:
        for indent in formats or (2,):
            record.to_json(indent)
    except Exception as exc:  # orjson.JSONEncodeError (a TypeError) and whatever a plugin's value raises
        name = record.source.get("path", "?")
        return Record(source=dict(record.source), converter=record.converter,
                      errors=[{"kind": "internal", "message": f"{name}: cannot write the record as JSON: {exc}"}])
    return record


def read_input(path: Path, name: str, max_bytes: int, follow: bool = True, identity: Identity | None = None) -> bytes:
    """The bytes of the regular file ``path``; never blocks on a FIFO or device, never reads past
    ``max_bytes`` (see :func:`converter.safeio.read_regular` for ``follow`` and ``identity``)."""
    return read_regular(path, name, max_bytes, follow=follow, identity=identity)


def file_facts(job: Job) -> tuple[int | None, str | None]:
    """``(size, sha256)`` of the job's file, hashed by streaming whatever its size (an over-size file's
    record still tells it apart from others); ``(None, None)`` when it cannot be read."""
    try:
        with open_regular(job.path, job.relpath, follow=job.follow, identity=job.identity) as (fh, _info):
            digest, size = hashlib.sha256(), 0
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
                size += len(block)
    except (OSError, InputError):
        return None, None
    return size, digest.hexdigest()


def _error_record(name: str, conv: Converter, kind: str, message: str, raw: bytes | None = None,
                  facts: tuple[int | None, str | None] = (None, None)) -> Record:
    """The record of a file that could not be converted; ``raw``: its bytes if read, else ``facts``
    (:func:`file_facts`)."""
    size, sha256 = (len(raw), hashlib.sha256(raw).hexdigest()) if raw is not None else facts
    return Record(source={"path": name, "sha256": sha256, "bytes": size, "encoding": None, "format": None},
                  converter=conv.info,
                  errors=[{"kind": kind, "message": message}])


def run(jobs: Iterable[Job], converter: Converter, settings: dict, workers: int,
        formats: tuple[int | None, ...] = (2,), window: int | None = None,
        batch_files: int = 8, batch_bytes: int = 128 * 1024,
        input_ready: Callable[[float], bool] | None = None) -> Iterator[tuple[Job, Record]]:
    """Records in input order, converted in ``workers`` processes (in this one when 1).

    Jobs go to the workers in batches of up to ``batch_files`` files or about ``batch_bytes`` of
    input (one task per small file costs the pool more than the file). A worker renders each
    record's JSON for every indent in ``formats`` (2 for --out, None for --jsonl) and sends back
    only that text and what the summary needs (:class:`converter.executors.Rendered`, which
    answers ``to_json`` like a record).

    At most ``window`` batches (default ``6 × workers``) are in flight, so memory stays flat; the
    window is wide enough that one large file at its head does not leave the other workers idle.
    With the ``fork`` start method the workers inherit ``converter`` as it is (no second load of
    rule files, plugins and schemas); with ``spawn`` each builds its own from ``settings``. On
    Linux the workers end with this process, however it ends. A single job is converted in this
    process whatever ``workers`` says: starting a pool would cost more than the file.

    ``input_ready(seconds)`` says whether the next job can be read without waiting, waiting up to
    ``seconds`` (jobs that arrive one at a time: paths written to stdin by a caller who waits for each
    record). Then the pool starts at once, each job goes to it alone as it comes, and each record is
    yielded as soon as it and those before it are done.
    """
    jobs = iter(jobs)
    if input_ready is not None and workers > 1:
        yield from _pooled(jobs, converter, settings, workers, formats, window, input_ready=input_ready)
        return
    head = [] if workers <= 1 else list(islice(jobs, 2))  # with one worker, nothing waits for a second job
    if len(head) < 2:
        for job in chain(head, jobs):
            yield job, convert_job(job, converter, formats)
        return
    yield from _pooled(chain(head, jobs), converter, settings, workers, formats, window, batch_files, batch_bytes)


# How often a run fed one job at a time looks again whether its next record is done or its next job readable.
POLL_S = 0.02


def _pooled(jobs: Iterator[Job], converter: Converter, settings: dict, workers: int, formats: tuple[int | None, ...],
            window: int | None, batch_files: int = 8, batch_bytes: int = 128 * 1024,
            input_ready: Callable[[float], bool] | None = None) -> Iterator[tuple[Job, Record]]:
    """:func:`run`'s worker processes: batches of jobs, or with ``input_ready`` each job as it comes."""
    import multiprocessing  # here, not at the top: a one-file run would pay ~10 ms to import the pool
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor, wait

    from .executors import adopt_converter, batches, convert_batch, load_converter

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    init, arg = (adopt_converter, converter) if method == "fork" else (load_converter, settings)
    window = window or 6 * workers
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method),
                             initializer=init, initargs=(arg,)) as pool:
        pending: deque = deque()
        try:
            if input_ready is None:
                for group in batches(jobs, batch_bytes, batch_files):
                    pending.append((group, pool.submit(convert_batch, group, formats)))
                    if len(pending) >= window:
                        group, fut = pending.popleft()
                        yield from zip(group, fut.result(), strict=True)
            else:
                more = True
                while more:
                    while pending and pending[0][1].done():  # each record as soon as those before it are out
                        group, fut = pending.popleft()
                        yield from zip(group, fut.result(), strict=True)
                    if len(pending) >= window:
                        wait([pending[0][1]], timeout=POLL_S)
                    elif not pending or input_ready(POLL_S):
                        job = next(jobs, None)
                        more = job is not None
                        if more:
                            pending.append(([job], pool.submit(convert_batch, [job], formats)))
            while pending:
                group, fut = pending.popleft()
                yield from zip(group, fut.result(), strict=True)
        except BaseException:  # interrupted, or the caller stopped: do not convert what nobody will write
            _stop(pool)
            raise


class LineFeed:
    """The lines of a stream that a caller writes as it goes (paths on stdin), read straight from its
    descriptor: :meth:`ready` can then tell whether a whole line is there without waiting, which a text
    stream's own buffer hides. Lines are decoded as file names are (UTF-8, undecodable bytes kept as
    surrogates) and keep their line break."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self._buffer = b""
        self._at = 0  # where the next line starts in the buffer
        self._ended = False

    @classmethod
    def of(cls, stream: Any) -> LineFeed | None:
        """The feed of ``stream``'s descriptor, or None for a stream that has none (one in memory)."""
        try:
            return cls(stream.fileno())
        except (AttributeError, OSError, ValueError):  # io.UnsupportedOperation is both of the last two
            return None

    def ready(self, seconds: float) -> bool:
        """Whether the next line (or the end) can be read without waiting, waiting up to ``seconds``."""
        if self._ended or self._buffer.find(b"\n", self._at) >= 0:
            return True
        import select

        try:
            return bool(select.select([self.fd], [], [], seconds)[0])
        except (OSError, ValueError):  # a descriptor select cannot watch (a pipe on Windows): reading waits
            return True

    def __iter__(self) -> Iterator[str]:
        while True:
            end = self._buffer.find(b"\n", self._at)
            if end >= 0:
                line, self._at = self._buffer[self._at:end + 1], end + 1
                yield line.decode("utf-8", "surrogateescape")
                continue
            pieces = [self._buffer[self._at:]]  # a line that goes on in the chunks still to come
            self._buffer, self._at = b"", 0
            while not self._ended:
                chunk = os.read(self.fd, 65536)
                self._ended = not chunk
                end = chunk.find(b"\n")
                if end >= 0:
                    pieces.append(chunk[:end + 1])
                    self._buffer, self._at = chunk, end + 1
                    break
                pieces.append(chunk)
            line = b"".join(pieces)
            if not line:
                return
            yield line.decode("utf-8", "surrogateescape")


def _stop(pool: ProcessPoolExecutor) -> None:
    """End ``pool`` soon: queued batches are cancelled and each worker finishes the batch it holds (the
    workers ignore SIGINT). Killing them instead could cut a result in half on its pipe and leave the
    pool's thread waiting for the rest forever."""
    pool.shutdown(wait=True, cancel_futures=True)
