"""A child process that security software stops as it starts (360 or 火绒 refusing to let HonourDesk.exe
start a copy of itself, a quarantined file of the bundle) is told as that, with what to do: not as a raw
OSError, not as a template "too complex or malicious" or a certificate or old report "too complex" that was
never read, and not as Word "taking more than 120 seconds". Windows' refusals are faked with their
winerror; a child killed at start is a child that exits before it says it is ready (limits.READY)."""

from __future__ import annotations

import multiprocessing
import multiprocessing.context
import os
from pathlib import Path
from typing import Any

import pytest

from core import pdf_bounded
from core.reports import worker
from core.reports.limits import Limits
from tests.core.windows_errors import windows_error

LIMITS = Limits(cpu_seconds=20, wall_seconds=30.0)


def killed_at_start(connection: Any, limits: Limits) -> None:
    """In the child: ended from outside before it could say anything (exit code 1, as TerminateProcess)."""
    os._exit(1)


def dies_in_its_first_job(connection: Any, limits: Limits) -> None:
    """In the child: started, then gone while the template is in its hands (out of memory)."""
    connection.send((worker.READY, None, ""))
    connection.recv()
    os._exit(1)


def no_worker_left() -> bool:
    return no_child_left("honourdesk-template")


@pytest.mark.parametrize(
    ("winerror", "text"),
    [
        (225, "Operation did not complete successfully because the file contains a virus"),
        (5, "Access is denied"),
        (1260, "This program is blocked by group policy"),
    ],
)
def test_a_worker_windows_refuses_to_start_is_told_as_security_softwares_doing(
    monkeypatch: pytest.MonkeyPatch, winerror: int, text: str
) -> None:
    def refused(self: Any) -> None:
        raise windows_error(winerror, text, errno=13 if winerror == 5 else 22)

    monkeypatch.setattr(multiprocessing.context.SpawnProcess, "start", refused)
    with pytest.raises(worker.TemplateStopped) as stopped:
        worker.inspect_in_worker("外来.docx", "外来模板", LIMITS)
    message = stopped.value.message
    assert message.startswith("模板“外来模板”未打开：处理模板的进程")
    assert f"错误代码 {winerror}" in message and "安全软件" in message and "信任" in message
    assert "恶意" not in message and text not in message


@pytest.mark.parametrize(
    ("serve", "told"),
    [
        # killed before it said it runs: security software, not the template
        (killed_at_start, ("没能启动（退出代码 1）", "安全软件", "模板还没有被读取")),
        # gone with the template in hand: the template's doing, as before
        (dies_in_its_first_job, ("模板“外来模板”检查时处理进程意外退出", "模板可能含有过于复杂或恶意的内容")),
    ],
)
def test_a_worker_killed_as_it_starts_is_told_apart_from_one_the_template_stopped(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, serve: Any, told: tuple[str, ...]
) -> None:
    monkeypatch.setattr(worker, "serve", serve)
    with pytest.raises(worker.TemplateStopped) as stopped:
        worker.inspect_in_worker(str(tmp_path / "外来.docx"), "外来模板", LIMITS)
    message = stopped.value.message
    assert all(words in message for words in told)
    assert ("安全软件" in message) is (serve is killed_at_start)
    assert no_worker_left()


def file_child_killed_at_start(connection: Any, limits: Limits, job: Any = None) -> None:
    os._exit(1)


@pytest.fixture
def file_children_killed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every PDF and image child is ended from outside as it starts."""
    monkeypatch.setattr(pdf_bounded, "_serve", file_child_killed_at_start)


def told_as_blocked(message: str) -> bool:
    return "处理文件的进程（HonourDesk 程序自身的一个副本）没能启动" in message and "信任区" in message


def certificate_photo(folder: Path) -> Path:
    from PIL import Image

    photo = folder / "证书.png"
    Image.new("RGB", (60, 40), "white").save(photo)
    return photo


def certificate_pdf(folder: Path) -> Path:
    from tests.core.hostile_pdf import pages_with_an_inflating_one

    return pages_with_an_inflating_one(folder / "证书.pdf", pages=2, heavy=0)


@pytest.mark.parametrize(
    ("make", "start"),
    [(certificate_photo, "无法读取图片“证书.png”："), (certificate_pdf, "无法读取 PDF 文件“证书.pdf”：")],
)
def test_a_certificate_is_not_called_too_complex_when_its_child_was_killed(
    tmp_path: Path, file_children_killed: None, make: Any, start: str
) -> None:
    from core.certificates.images import sources
    from core.errors import UserError

    with pytest.raises(UserError) as refused:
        sources(make(tmp_path))
    message = refused.value.message
    assert message.startswith(start) and told_as_blocked(message)
    assert "过于复杂" not in message


def test_an_old_report_pdf_is_not_called_too_complex_when_its_child_was_killed(
    tmp_path: Path, file_children_killed: None
) -> None:
    from core.oldreports.reader import UnreadableReportError, read_source
    from tests.core.hostile_pdf import pages_with_an_inflating_one

    pdf = pages_with_an_inflating_one(tmp_path / "2023年工作总结.pdf", pages=1, heavy=0)
    with pytest.raises(UnreadableReportError) as refused:
        read_source(pdf)
    message = refused.value.message
    assert message.startswith("文件“2023年工作总结.pdf”未读取：") and told_as_blocked(message)
    assert no_child_left("honourdesk-pdf")


def test_a_pdf_child_windows_refuses_to_start_is_told_as_blocked(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(self: Any) -> None:
        raise windows_error(225, "Operation did not complete successfully because the file contains a virus")

    monkeypatch.setattr(multiprocessing.context.SpawnProcess, "start", refused)
    with pytest.raises(pdf_bounded.PdfError) as stopped:
        pdf_bounded.page_texts(b"%PDF-1.4 certificate", 10)
    assert stopped.value.kind == "blocked"
    assert pdf_bounded.page_counts(["a.pdf", "b.pdf"])[0].kind == "blocked"  # type: ignore[union-attr]


def no_child_left(name: str) -> bool:
    return not [child for child in multiprocessing.active_children() if child.name == name]


def office_child_killed_at_start(target: Any, args: Any, connection: Any) -> None:
    os._exit(1)


@pytest.mark.parametrize("how", ["killed", "refused"])
def test_a_word_conversion_child_stopped_as_it_starts_is_not_told_as_word_timing_out(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, how: str
) -> None:
    """An old .doc through Word: its child killed as it starts read “Word 转换…超过 120 秒仍未完成” within a
    second; Windows refusing to start it was a raw OSError."""
    from core.reports import office

    if how == "killed":
        monkeypatch.setattr(office, "_child_main", office_child_killed_at_start)
    else:

        def refused(self: Any) -> None:
            raise windows_error(5, "Access is denied", errno=13)

        monkeypatch.setattr(multiprocessing.context.SpawnProcess, "start", refused)
    with pytest.raises(office.OfficeError) as failed:
        office.save_as_docx(office.WORD, tmp_path / "2019年总结.doc", tmp_path / "out.docx", timeout=60)
    message = failed.value.message
    assert (
        message.startswith("未能转换“2019年总结.doc”：HonourDesk 用来调用 Word/WPS 的进程")
        and "信任区" in message
    )
    assert "秒仍未完成" not in message


def test_a_worker_gone_before_windows_could_hold_it_is_told_as_not_started(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """On Windows the new worker goes into a job object first: when security software has already ended
    it, that refusal is not told as Windows declining the limits."""

    class TooLate:
        def __init__(self, limits: Limits) -> None:
            pass

        def assign(self, pid: int) -> None:
            for child in multiprocessing.active_children():
                if child.pid == pid:
                    child.join(30)  # ended from outside before the job object could take it
            raise windows_error(5, "Access is denied", errno=13)

        def close(self) -> None:
            pass

    monkeypatch.setattr(worker, "serve", killed_at_start)
    monkeypatch.setattr(worker, "on_windows", lambda: True)
    monkeypatch.setattr(worker, "WindowsJob", TooLate)
    with pytest.raises(worker.TemplateStopped) as stopped:
        worker.WorkerSession("外来模板", LIMITS)
    message = stopped.value.message
    assert "没能启动（退出代码 1）" in message and "系统没有接受" not in message
