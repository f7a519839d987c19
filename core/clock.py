"""Seconds the computer has been awake, for the time limits of work in progress.

A clerk closes the laptop's lid with a batch of reports running; the office PC goes to sleep at lunch.
On Windows time.monotonic() counts the hours asleep (GetTickCount64 and QueryPerformanceCounter go on
across sleep and hibernation), so every deadline running at that moment had passed on waking: a template
"took more than 10 seconds", Word "gave no answer within 120 seconds" and was killed, a certificate PDF
was "too heavy". QueryUnbiasedInterruptTime stops while the computer sleeps. Elsewhere time.monotonic()
(CLOCK_MONOTONIC on Linux) already leaves out a suspend.
"""

from __future__ import annotations

import ctypes
import sys
import time
from collections.abc import Callable
from typing import Any

WINDOWS = sys.platform == "win32"
_TICKS_PER_SECOND = 10_000_000  # QueryUnbiasedInterruptTime counts 100-nanosecond units


def unbiased_seconds(kernel32: Any) -> float:
    """QueryUnbiasedInterruptTime through kernel32 (a fake in tests), in seconds."""
    ticks = ctypes.c_ulonglong()
    if not kernel32.QueryUnbiasedInterruptTime(ctypes.byref(ticks)):
        return time.monotonic()
    return ticks.value / _TICKS_PER_SECOND


def _windows_clock() -> Callable[[], float]:  # pragma: no cover - Windows only
    kernel32 = ctypes.WinDLL("kernel32")  # type: ignore[attr-defined]
    kernel32.QueryUnbiasedInterruptTime.argtypes = [ctypes.POINTER(ctypes.c_ulonglong)]
    return lambda: unbiased_seconds(kernel32)


_clock: Callable[[], float] = _windows_clock() if WINDOWS else time.monotonic


def awake() -> float:
    """A monotonic count of seconds that stands still while the computer sleeps."""
    return _clock()
