"""PDF pages read in bounded children: on Windows under a job object (a fake kernel32 here, as in
tests/core/reports/test_limits.py: only the Windows workflow proves the real kernel enforces it), and the
file's time budget, which stops a file of many heavy pages from taking hours."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

import core.pdf_bounded as bounded
from core.pdf_bounded import LIMITS, BoundedPdf, PdfError, file_seconds
from core.reports.limits import (
    JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE,
    JOB_OBJECT_LIMIT_PROCESS_MEMORY,
    WindowsJob,
)
from tests.core.hostile_pdf import pages_with_an_inflating_one
from tests.core.reports.test_limits import FakeKernel32


@pytest.fixture
def kernel(monkeypatch: pytest.MonkeyPatch) -> FakeKernel32:
    """What the PDF child's parent does on Windows, recorded by a fake kernel32; the child itself runs
    here, under its own POSIX limits as well."""
    fake = FakeKernel32()
    monkeypatch.setattr(bounded, "on_windows", lambda: True)
    monkeypatch.setattr(bounded, "WindowsJob", lambda limits: WindowsJob(limits, fake))
    return fake


def test_on_windows_the_pdf_child_runs_in_a_job_with_the_memory_limit(
    kernel: FakeKernel32, tmp_path: Path
) -> None:
    path = pages_with_an_inflating_one(tmp_path / "扫描.pdf", pages=3, heavy=0)
    with BoundedPdf(str(path)) as pdf:
        sizes = [pdf.render(index, 72, 1000)[:2] for index in range(pdf.page_count())]
        pid = pdf._child.process.pid  # type: ignore[union-attr]
    assert sizes == [(595, 842)] * 3
    assert kernel.opened is not None and kernel.opened[2] == pid
    # put in the job before the file was sent; each job (the opening, then each page) with its CPU budget
    assert kernel.calls[:4] == [
        "CreateJobObjectW",
        "OpenProcess",
        "SetInformationJobObject",
        "AssignProcessToJobObject",
    ]
    assert kernel.calls[4:].count("GetProcessTimes") == 4
    assert kernel.info is not None
    assert kernel.info.ProcessMemoryLimit == LIMITS.memory_bytes
    flags = kernel.info.BasicLimitInformation.LimitFlags
    assert flags & JOB_OBJECT_LIMIT_PROCESS_MEMORY and flags & JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE
    assert kernel.closed == [202, 101]  # the job closed with the child: nothing of it outlives the file


def test_a_pc_that_refuses_the_job_still_reads_the_pdf_within_the_wall_time(
    kernel: FakeKernel32, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    kernel.assign_ok = False
    path = pages_with_an_inflating_one(tmp_path / "扫描.pdf", pages=1, heavy=0)
    with caplog.at_level(logging.WARNING), BoundedPdf(str(path)) as pdf:
        assert pdf.render(0, 72, 1000)[:2] == (595, 842)
    assert "job object" in caplog.text
    assert kernel.closed == [202, 101]
    assert "GetProcessTimes" not in kernel.calls  # no job: no CPU budget asked of it


def test_the_file_budget_grows_with_its_pages_up_to_a_cap() -> None:
    assert file_seconds(1) >= LIMITS.wall_seconds  # one page keeps the whole of a page's limits
    assert file_seconds(10) > file_seconds(1)
    assert file_seconds(60) == file_seconds(1000) == bounded.FILE_SECONDS


def test_once_heavy_pages_used_the_files_time_the_rest_are_refused_without_a_child(tmp_path: Path) -> None:
    path = pages_with_an_inflating_one(tmp_path / "扫描.pdf", pages=3, heavy=0)
    with BoundedPdf(str(path)) as pdf:
        assert pdf.render(0, 72, 1000)[:2] == (595, 842)
        child = pdf._child
        pdf.spent = file_seconds(3)  # as after heavy pages that each ran to the wall time
        with pytest.raises(PdfError) as refused:
            pdf.render(1, 72, 1000)
        assert (refused.value.kind, refused.value.page) == ("budget", 2)
        assert child is not None and not child.process.is_alive()
        with pytest.raises(PdfError, match="budget"):
            pdf.render(2, 72, 1000)
        assert pdf._child is None
