"""Progress reporting and cancellation for long work, without Qt.

Core functions take a `progress` callable; the GUI connects it to a Qt signal and a
cancel button, the command line ignores it.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Protocol


class Cancelled(Exception):
    """The user asked to stop; the work undid what it had begun."""


class Progress(Protocol):
    def __call__(self, done: int, total: int, label: str = "") -> None:
        """Report progress; raises Cancelled when the user asked to stop."""


def no_progress(done: int, total: int, label: str = "") -> None:
    return None


class ProgressTracker:
    """A Progress that forwards to a sink and raises Cancelled once cancel() was called."""

    def __init__(self, sink: Callable[[int, int, str], None] | None = None) -> None:
        self._sink = sink
        self._cancelled = False

    def cancel(self) -> None:
        self._cancelled = True

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def __call__(self, done: int, total: int, label: str = "") -> None:
        if self._cancelled:
            raise Cancelled()
        if self._sink is not None:
            self._sink(done, total, label)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a bulk job allocates many small objects that stay
    alive anyway (a register's rows); it would otherwise rescan them again and again."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
