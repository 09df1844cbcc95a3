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
def time_limit(seconds: float | None, expired: Callable[[], BaseException | None]) -> Iterator[None]:
    """Raise ``expired()`` inside the block once ``seconds`` have passed, unless it gives None (no limit
    when None or where :func:`available` is False). The signal interrupts Python code and the regular
    expression engines; another long call into C (a parser) is interrupted when it returns. A limit
    set around this one is restored."""
    if not seconds or not available():
        yield
        return
    started = time.monotonic()
    outer = signal.getitimer(signal.ITIMER_REAL)[0]
    if outer and outer <= seconds:  # the limit around this one ends first, and bounds the block
        yield
        return
    pending = True

    def restore() -> None:
        nonlocal pending
        pending = False
        signal.signal(signal.SIGALRM, previous)
        if outer:
            signal.setitimer(signal.ITIMER_REAL, max(outer - (time.monotonic() - started), 1e-3))

    def expire(signum, frame):
        exc = expired()
        if exc is None:  # nothing to stop: the limit around this one goes on
            restore()
            return
        raise exc

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        if pending:
            signal.setitimer(signal.ITIMER_REAL, 0)
            restore()
