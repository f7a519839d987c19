"""Time limits count the time the computer is awake: a laptop's lid closed (or an office PC asleep at
lunch) in the middle of a report batch does not make the work in progress overrun its limit.

Windows is simulated: time.monotonic() jumps by the hours asleep (as GetTickCount64 and
QueryPerformanceCounter do there), and a fake kernel32's QueryUnbiasedInterruptTime stands still.
"""

from __future__ import annotations

import ctypes
import time
from typing import Any

import pytest

from core import clock
from core.reports.office import run_in_child
from core.reports.sandbox import Budget, TemplateLimitError
from tests.core.reports.test_office import answer

TWO_HOURS = 7200.0


class FakeKernel32:
    """QueryUnbiasedInterruptTime's 100-nanosecond count, moved only by the test (awake time)."""

    def __init__(self) -> None:
        self.ticks = 123 * 10_000_000

    def QueryUnbiasedInterruptTime(self, pointer: Any) -> int:
        ctypes.cast(pointer, ctypes.POINTER(ctypes.c_ulonglong)).contents.value = self.ticks
        return 1

    def awake_for(self, seconds: float) -> None:
        self.ticks += int(seconds * 10_000_000)


@pytest.fixture
def windows_sleep(monkeypatch: pytest.MonkeyPatch) -> FakeKernel32:
    """The computer sleeps for two hours right after the work started (its first look at the clock)."""
    kernel32 = FakeKernel32()
    monkeypatch.setattr(clock, "_clock", lambda: clock.unbiased_seconds(kernel32))
    real = time.monotonic
    looks = {"count": 0}

    def monotonic() -> float:
        looks["count"] += 1
        return real() + (TWO_HOURS if looks["count"] > 1 else 0.0)

    monkeypatch.setattr(time, "monotonic", monotonic)
    return kernel32


def test_the_unbiased_clock_reads_windows_count_in_seconds() -> None:
    kernel32 = FakeKernel32()
    assert clock.unbiased_seconds(kernel32) == 123.0
    kernel32.awake_for(1.5)
    assert clock.unbiased_seconds(kernel32) == 124.5


def test_a_template_rendering_when_the_pc_went_to_sleep_is_not_stopped_on_waking(
    windows_sleep: FakeKernel32,
) -> None:
    budget = Budget()
    budget.start(10)
    for _ in range(4096):  # two hours later by Windows' monotonic clock, a moment by the awake one
        budget.step()
    windows_sleep.awake_for(11)  # a template that really runs too long is still stopped
    with pytest.raises(TemplateLimitError, match="生成超过 10 秒仍未完成"):
        for _ in range(4096):
            budget.step()


def test_word_converting_when_the_pc_went_to_sleep_is_not_killed_on_waking(
    windows_sleep: FakeKernel32,
) -> None:
    """The parent's wait for the Word/WPS child (run_in_child) counts awake time: the conversion answers
    after the sleep instead of being killed as "超过 120 秒仍未完成"."""
    assert run_in_child(answer, (21,), timeout=120) == 42


def test_a_certificate_pdf_read_when_the_pc_went_to_sleep_keeps_its_time_budget(
    windows_sleep: FakeKernel32, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The PDF's pages share one wall-time budget: the hours asleep while its first page was read are
    not charged to it, so the next page is still read instead of "too heavy"."""
    from core import pdf_bounded

    class Child:
        def __init__(self, limits: object) -> None:
            pass

        def await_start(self) -> None:
            pass

        def call(self, message: tuple[Any, ...], timeout: float) -> tuple[str, Any]:
            return ("ok", 2) if message[0] == "open" else ("ok", f"第{message[1] + 1}页")

        def close(self) -> None:
            pass

        kill = close

    monkeypatch.setattr(pdf_bounded, "_Child", Child)
    with pdf_bounded.BoundedPdf(b"%PDF-1.4 certificate") as pdf:
        assert [pdf.text(0), pdf.text(1)] == ["第1页", "第2页"]
