"""A wall-clock limit on a block of Python code (SIGALRM), for plugin imports and for each file."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager


def available() -> bool:
    """True where a limit can be set: POSIX, in the main thread (not in a Dask worker's threads)."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_limit(seconds: float | None, expired: Callable[[], BaseException]) -> Iterator[None]:
    """Raise ``expired()`` inside the block once ``seconds`` have passed (no limit when None or where
    :func:`available` is False). The signal interrupts Python code; a long call into C (a regular
    expression, a parser) is interrupted when it returns. A limit set around this one is restored."""
    if not seconds or not available():
        yield
        return

    def expire(signum, frame):
        raise expired()

    started = time.monotonic()
    previous = signal.signal(signal.SIGALRM, expire)
    outer, _interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer:
            signal.setitimer(signal.ITIMER_REAL, max(outer - (time.monotonic() - started), 1e-3))
