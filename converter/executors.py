"""Run conversions on a Dask cluster: workers read inputs by path, the client writes records.

The local process pool lives in :func:`converter.batch.run`; this module is the same contract
over ``distributed`` (an optional extra: ``pip install '.[dask]'``). Records come back in input
order with a bounded number in flight, so memory stays flat however many files there are.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator

from .batch import Job, convert_job
from .engine import Converter
from .errors import ConverterError
from .record import Record

IN_FLIGHT_PER_WORKER = 8
_CONVERTERS: dict[str, Converter] = {}


def convert_on_worker(job: Job, settings: dict) -> Record:
    """Convert one job on a Dask worker, loading the converter once per worker process."""
    key = repr(sorted(settings.items()))
    conv = _CONVERTERS.get(key)
    if conv is None:
        conv = _CONVERTERS[key] = Converter(**settings)
    return convert_job(job, conv)


def run_dask(jobs: Iterable[Job], settings: dict, scheduler: str) -> Iterator[tuple[Job, Record]]:
    """Records in input order, converted by the workers of the Dask scheduler at ``scheduler``."""
    try:
        from distributed import Client
    except ImportError as exc:
        raise ConverterError("--executor dask needs the dask extra: pip install 'converter[dask]'") from exc
    with Client(scheduler, set_as_default=False) as client:
        window = IN_FLIGHT_PER_WORKER * max(1, len(client.scheduler_info().get("workers", {})))
        pending: deque = deque()
        for job in jobs:
            pending.append((job, client.submit(convert_on_worker, job, settings, pure=False)))
            if len(pending) >= window:
                done_job, future = pending.popleft()
                yield done_job, future.result()
        while pending:
            done_job, future = pending.popleft()
            yield done_job, future.result()
