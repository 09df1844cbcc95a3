"""Where conversions run: local worker processes (the default) or a Dask cluster.

:func:`run_jobs` is what ``converter convert`` iterates: ``(job, record)`` pairs in input order,
whatever the executor. ``local`` is the process pool of :func:`converter.batch.run`; ``dask``
submits the input paths, in batches, to a ``distributed`` scheduler (an optional extra:
``pip install '.[dask]'``; see docs/scaling.md). Either way the workers read each input by path,
convert it and render the record's JSON themselves; the caller only writes the text it gets
back, so records are byte-identical to an in-process run. Results are taken in input order (so
``--jsonl`` output does not depend on the executor) from a bounded window of tasks in flight,
so memory stays flat however many files there are.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, NamedTuple

from . import batch, cache
from .batch import Job, convert_job
from .engine import Converter
from .errors import ConverterError
from .record import Record, dumps_line

EXECUTORS = ("local", "dask")
IN_FLIGHT_PER_DASK_WORKER = 4  # batches
BATCH_BYTES = 512 * 1024
BATCH_FILES = 64
DASK_EXTRA = "pip install '.[dask]'"


class DocumentType(NamedTuple):
    """What the run summary needs of a document: its type."""

    type: str


@dataclass(frozen=True)
class Rendered:
    """A record as a worker sends it back: its JSON, rendered there as UTF-8 lines, and what the summary needs.

    Duck-types :class:`converter.record.Record` for the caller (``ok``, ``errors``, ``documents``
    with ``.type``, ``to_json(indent)``, ``to_json_bytes(indent)``), without shipping the record's
    data twice.
    """

    lines: dict[Any, bytes]
    errors: list[dict[str, Any]]
    documents: tuple[DocumentType, ...]

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_json_bytes(self, indent: int | None = 2) -> bytes:
        """What :meth:`Record.to_json_bytes` gives for ``indent`` (re-indented here if the worker did not render it)."""
        if indent in self.lines:
            return self.lines[indent]
        return dumps_line(json.loads(next(iter(self.lines.values()))), indent)

    def to_json(self, indent: int | None = 2) -> str:
        """The JSON :meth:`Record.to_json` gives for ``indent``."""
        return self.to_json_bytes(indent)[:-1].decode("utf-8")


def render(record: Record, formats: tuple[int | None, ...] = (2,)) -> Rendered:
    """``record`` as JSON lines in each of ``formats`` (JSON indents: 2 for --out, None for --jsonl)."""
    return Rendered({indent: record.to_json_bytes(indent) for indent in formats or (2,)}, record.errors,
                    tuple(DocumentType(d.type) for d in record.documents))


# --- local worker processes -----------------------------------------------------------------------


def die_with_parent() -> None:
    """Make this worker process end when the process that started it does (Linux ``PR_SET_PDEATHSIG``).

    Without it, a ``converter convert`` killed by SIGTERM or SIGKILL (a job scheduler's timeout)
    leaves its workers blocked on the task queue forever. Elsewhere this does nothing.
    """
    # The parent stops the workers on Ctrl-C and SIGTERM (its handler, a clean stop, is not theirs).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if not sys.platform.startswith("linux"):
        return
    parent = os.getppid()
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)


def save_caches_at_exit() -> None:
    """Have this worker write the start-up cache as it ends (what it compiled, :mod:`converter.sre_cache`): a
    pool's worker ends without running ``atexit``, but multiprocessing runs its finalizers."""
    from multiprocessing import util

    util.Finalize(None, cache.save_all, exitpriority=0)


def adopt_converter(converter: Converter) -> None:
    """Pool initializer under ``fork``: use the parent's converter, already loaded, as this worker's."""
    die_with_parent()
    save_caches_at_exit()
    batch._WORKER = converter


def load_converter(settings: dict) -> None:
    """Pool initializer under ``spawn``: load this worker's converter from ``settings``."""
    die_with_parent()
    save_caches_at_exit()
    batch._init_worker(settings)


def convert_batch(jobs: list[Job], formats: tuple[int | None, ...] = (2,)) -> list[Rendered]:
    """In a worker process: convert files and render their JSON, so the parent only writes it."""
    return [render(convert_job(job, formats=formats), formats) for job in jobs]


# --- Dask -----------------------------------------------------------------------------------------

_CONVERTERS: dict[str, Converter] = {}
_CONVERTERS_LOCK = threading.Lock()


def convert_on_worker(tasks: list[Job], settings: dict, formats: tuple[int | None, ...] = (2,)) -> list[Rendered]:
    """On a Dask worker: read each job's file by path, convert it and render the record's JSON.

    The converter (rule files, plugins, schemas) is loaded once per worker process and settings.
    """
    key = repr(sorted(settings.items()))
    with _CONVERTERS_LOCK:
        conv = _CONVERTERS.get(key)
        if conv is None:
            conv = _CONVERTERS[key] = Converter(**settings)
    return [render(convert_job(job, conv, formats), formats) for job in tasks]


def connect(scheduler: str):
    """A ``distributed.Client`` for ``scheduler``; :class:`ConverterError` when the extra is missing or
    the scheduler cannot be reached."""
    try:
        from distributed import Client
    except ImportError as exc:
        raise ConverterError(f"--executor dask needs the dask extra: {DASK_EXTRA}") from exc
    try:
        return Client(scheduler, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ConverterError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc


def batches(jobs: Iterable[Job], max_bytes: int = BATCH_BYTES, max_files: int = BATCH_FILES) -> Iterator[list[Job]]:
    """Consecutive jobs grouped into tasks of at most ``max_files`` files or about ``max_bytes`` of input.

    One task per small file would cost more than converting it: ~1-2 ms of a Dask scheduler's CPU
    per task, and pickling, queues and a thread hand-off in a local pool's parent.
    """
    group: list[Job] = []
    size = 0
    for job in jobs:
        group.append(job)
        with contextlib.suppress(OSError):  # the worker reports it
            size += os.stat(job.path).st_size
        if size >= max_bytes or len(group) >= max_files:
            yield group
            group, size = [], 0
    if group:
        yield group


def run_dask(jobs: Iterable[Job], converter: Converter, settings: dict, scheduler: str,
             formats: tuple[int | None, ...] = (2,)) -> Iterator[tuple[Job, Record | Rendered]]:
    """Records in input order, converted by the workers of the Dask scheduler at ``scheduler``.

    Connects at once (so a missing extra or an unreachable scheduler is reported before any work),
    then returns an iterator. Jobs go out in batches (:func:`batches`), at most
    ``IN_FLIGHT_PER_DASK_WORKER`` per worker at a time. A task that fails on the cluster (a worker
    killed by a huge file, a converter missing on a worker) gives its files error records; the run
    goes on.
    """
    client = connect(scheduler)

    def results() -> Iterator[tuple[Job, Record | Rendered]]:
        try:
            window = IN_FLIGHT_PER_DASK_WORKER * max(1, len(client.scheduler_info().get("workers", {})))
            pending: deque = deque()
            for group in batches(jobs):
                # Absolute paths: a worker has its own working folder.
                tasks = [replace(job, path=Path(os.path.abspath(job.path))) for job in group]
                pending.append((group, client.submit(convert_on_worker, tasks, settings, formats, pure=False)))
                if len(pending) >= window:
                    yield from _results(*pending.popleft(), converter)
            while pending:
                yield from _results(*pending.popleft(), converter)
        finally:
            client.close()

    return results()


def _results(group: list[Job], future, converter: Converter) -> Iterator[tuple[Job, Record | Rendered]]:
    try:
        rendered = future.result()
    except Exception as exc:  # the cluster lost this task: error records, not a lost run
        for job in group:
            name = batch.display_path(job.relpath)
            yield job, batch._error_record(name, converter, "internal",
                                           f"{name}: conversion failed on the Dask cluster: {exc!r}")
        return
    del future  # the cluster may forget the result now
    yield from zip(group, rendered, strict=True)


# --- the entry point of ``converter convert`` -------------------------------------------------------


def run_jobs(jobs: Iterable[Job], converter: Converter, settings: dict, *, executor: str = "local",
             workers: int = 1, scheduler: str | None = None, formats: tuple[int | None, ...] = (2,),
             input_ready: Callable[[float], bool] | None = None) -> Iterator[tuple[Job, Record | Rendered]]:
    """``(job, record)`` in input order from the chosen executor; ``record.to_json(indent)`` is the text to
    write for each of ``formats``; ``input_ready``: jobs arrive one at a time (:func:`converter.batch.run`).
    Raises :class:`ConverterError` for an unusable executor."""
    if executor == "local":
        return batch.run(jobs, converter, settings, workers, formats, input_ready=input_ready)
    if executor == "dask":
        if not scheduler:
            raise ConverterError("--executor dask needs --scheduler ADDRESS (see docs/scaling.md)")
        return run_dask(jobs, converter, settings, scheduler, formats)
    raise ConverterError(f"unknown executor {executor!r}; choose from {', '.join(EXECUTORS)}")
