"""A time limit for linting one file, so that no document and no rule can hang a run.

A SIGALRM timer whose handler raises stops the work on a file that takes too long (rules'
``re:`` entries run on RE2 in linear time, so this is a backstop for very large input). Where
there is no SIGALRM (Windows) or outside the main thread, there is no limit.
"""
from __future__ import annotations

import math
import signal
import threading
from contextlib import contextmanager
from typing import Iterator


class LintTimeout(Exception):
    """Linting one file took longer than its limit."""


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    # No limit, too: 0, None, infinity or NaN, and more than a timer can hold (the API takes
    # any float; the command line refuses such values).
    usable = (seconds is not None and math.isfinite(seconds) and 0 < seconds <= 1e8
              and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return

    def expired(signum, frame):  # noqa: ARG001 - the signal handler's signature
        raise LintTimeout(f"gave up after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
