"""Word and WPS automation, tested with fake COM objects and real child processes (only Windows can run the
real thing: the Windows workflow's preview step does)."""

from __future__ import annotations

import os
import stat
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from core.errors import UserError
from core.reports import office, pdf
from core.reports.office import (
    MSO_AUTOMATION_SECURITY_FORCE_DISABLE,
    NO_PASSWORD,
    WD_ALERTS_NONE,
    WD_EXPORT_FORMAT_PDF,
    WD_FORMAT_DOCUMENT_DEFAULT,
    WPS,
    ChildFailed,
    ChildTimeout,
    OfficeError,
    export_with,
    installed_suites,
    office_pids,
    run_in_child,
)


class FakeDocument:
    def __init__(self, calls: list[tuple[Any, ...]], fail_export: bool) -> None:
        self.calls = calls
        self.fail_export = fail_export

    def ExportAsFixedFormat(self, path: str, fmt: int) -> None:
        self.calls.append(("export", path, fmt))
        if self.fail_export:
            raise RuntimeError("licence dialog")

    def SaveAs2(self, path: str, fmt: int) -> None:
        self.calls.append(("save", path, fmt))

    def Close(self, save: int) -> None:
        self.calls.append(("close", save))


class FakeApplication:
    """Records what a Word-compatible Application is asked to do."""

    def __init__(self, *, fail_open: bool = False, fail_export: bool = False) -> None:
        self.calls: list[tuple[Any, ...]] = []
        calls = self.calls

        def open_document(*args: Any) -> FakeDocument:
            calls.append(("open", *args))
            if fail_open:
                raise RuntimeError("file is damaged")
            return FakeDocument(calls, fail_export)

        self.Documents = SimpleNamespace(Open=open_document)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in ("Visible", "DisplayAlerts", "AutomationSecurity"):
            self.calls.append(("set", name, value))
        super().__setattr__(name, value)

    def Quit(self, save: int) -> None:
        self.calls.append(("quit", save))


QUIET = [
    ("set", "Visible", False),
    ("set", "DisplayAlerts", WD_ALERTS_NONE),
    ("set", "AutomationSecurity", MSO_AUTOMATION_SECURITY_FORCE_DISABLE),  # before anything is opened
]
# no conversion prompt, read-only, not in recent files, a password so that a protected file fails at once
READ_ONLY = (False, True, False, NO_PASSWORD)


def test_an_old_report_is_saved_as_docx_with_macros_forced_off_before_it_opens() -> None:
    """An instance started by automation runs a document's AutoOpen macro unless told not to."""
    app = FakeApplication()
    office.save_as_docx_with(app, r"C:\往年\总结.doc", r"C:\临时\converted.docx")
    assert app.calls == [
        *QUIET,
        ("open", r"C:\往年\总结.doc", *READ_ONLY),
        ("save", r"C:\临时\converted.docx", WD_FORMAT_DOCUMENT_DEFAULT),
        ("close", 0),
        ("quit", 0),
    ]


def test_the_document_is_exported_read_only_with_alerts_off_and_closed_unsaved() -> None:
    app = FakeApplication()
    export_with(app, r"C:\报告\a.docx", r"C:\报告\a.pdf")
    assert app.calls == [
        *QUIET,
        ("open", r"C:\报告\a.docx", *READ_ONLY),
        ("export", r"C:\报告\a.pdf", WD_EXPORT_FORMAT_PDF),
        ("close", 0),
        ("quit", 0),
    ]


@pytest.mark.parametrize("failing", ["fail_open", "fail_export"])
def test_office_is_closed_and_quit_even_when_it_fails(failing: str) -> None:
    app = FakeApplication(**{failing: True})
    with pytest.raises(RuntimeError):
        export_with(app, "a.docx", "a.pdf")
    assert app.calls[-1] == ("quit", 0)
    if failing == "fail_export":
        assert ("close", 0) in app.calls


def test_an_office_already_holding_the_users_documents_is_left_visible_and_running() -> None:
    """Should WPS hand its running copy to the export (a single-process build), the clerk's window stays
    as it was: not hidden, its settings kept, not quit with their unsaved work."""
    app = FakeApplication()
    app.Documents.Count = 2  # the clerk's own documents, open and perhaps unsaved
    object.__setattr__(app, "AutomationSecurity", 1)  # the clerk's macro setting (msoAutomationSecurityLow)
    export_with(app, r"C:\报告\a.docx", r"C:\报告\a.pdf")
    assert app.calls == [
        ("set", "AutomationSecurity", MSO_AUTOMATION_SECURITY_FORCE_DISABLE),  # no macro of ours runs
        ("open", r"C:\报告\a.docx", *READ_ONLY),
        ("export", r"C:\报告\a.pdf", WD_EXPORT_FORMAT_PDF),
        ("close", 0),  # only the document it opened, unsaved
        ("set", "AutomationSecurity", 1),  # and the clerk's setting as it was
    ]


def test_installed_suites_follow_the_registry_word_first() -> None:
    assert installed_suites(lambda prog_id: prog_id == "KWps.Application", lambda: True) == [WPS]
    assert [s.name for s in installed_suites(lambda prog_id: True, lambda: True)] == ["Word", "WPS"]
    assert installed_suites(lambda prog_id: True, lambda: False) == []  # no pywin32: no COM at all


def test_office_pids_read_tasklist_csv() -> None:
    answers = {
        "wps.exe": b'"wps.exe","4242","Console","1","120,000 K"\r\n"wps.exe","77","Console","1","9 K"\r\n',
    }

    def tasklist(command: list[str], **_kwargs: Any) -> SimpleNamespace:
        image = command[-1].removeprefix("IMAGENAME eq ")
        return SimpleNamespace(stdout=answers.get(image, b"INFO: No tasks are running which match.\r\n"))

    assert office_pids(WPS, run=tasklist) == {4242, 77}
    assert office_pids(office.WORD, run=tasklist) == set()


# -- the child process with a deadline --------------------------------------------------------------


def hang_after_reporting(seconds: float, report_pid: Any) -> None:
    report_pid(31337)
    time.sleep(seconds)


def answer(value: int, report_pid: Any) -> int:
    return value * 2


def fail(report_pid: Any) -> None:
    raise ValueError("Word 说：文件已损坏")


def test_a_hanging_child_is_killed_with_the_office_process_it_started() -> None:
    killed: list[int] = []
    started = time.monotonic()
    with pytest.raises(ChildTimeout):
        run_in_child(hang_after_reporting, (60,), timeout=3, kill_process=killed.append)
    assert time.monotonic() - started < 20
    assert killed == [31337]


def test_a_child_returns_its_result_or_its_failure() -> None:
    assert run_in_child(answer, (21,), timeout=60) == 42
    with pytest.raises(ChildFailed, match="文件已损坏"):
        run_in_child(fail, (), timeout=60)


# -- choosing the converter -------------------------------------------------------------------------


def test_wps_takes_over_when_word_fails_and_the_last_failure_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tried: list[str] = []

    def export(suite: office.OfficeSuite, docx: Path, target: Path, timeout: float = 1) -> Path:
        tried.append(suite.name)
        if suite.name == "Word":
            raise OfficeError("Word 未能转换")
        target.write_bytes(b"%PDF-1.7")
        return target

    monkeypatch.setattr(office, "installed_suites", lambda: [office.WORD, office.WPS])
    monkeypatch.setattr(office, "export_pdf", export)
    made = pdf.to_pdf(tmp_path / "a.docx")
    assert tried == ["Word", "WPS"] and made.read_bytes().startswith(b"%PDF")
    assert pdf.converter_name() == "Word"

    monkeypatch.setattr(office, "installed_suites", lambda: [office.WORD])
    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    with pytest.raises(OfficeError, match="Word 未能转换"):
        pdf.to_pdf(tmp_path / "a.docx")


def _fake_soffice(folder: Path, exit_code: int) -> Path:
    """A stand-in for soffice that speaks GBK, as LibreOffice does on a Chinese Windows console."""
    script = folder / "soffice"
    script.write_text(
        "#!" + sys.executable + "\n"
        "import sys, pathlib\n"
        "args = sys.argv[1:]\n"
        "out = pathlib.Path(args[args.index('--outdir') + 1])\n"
        "source = pathlib.Path(args[-1])\n"
        f"if {exit_code} == 0:\n"
        "    (out / (source.stem + '.pdf')).write_bytes(b'%PDF-1.7')\n"
        "sys.stdout.buffer.write(('convert ' + source.name + ' -> 汇报.pdf using filter').encode('gbk'))\n"
        f"sys.exit({exit_code})\n",
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


@pytest.mark.skipif(os.name != "posix", reason="the stand-in is a script with a #! line")
def test_libreoffice_output_in_gbk_does_not_fail_a_good_conversion(tmp_path: Path) -> None:
    docx = tmp_path / "宁波市荷花庄小学-情况汇报.docx"
    docx.write_bytes(b"PK")
    made = pdf._libreoffice_to_pdf(_fake_soffice(tmp_path, 0), docx, tmp_path / "out" / "a.pdf")
    assert made.read_bytes() == b"%PDF-1.7"
    with pytest.raises(UserError, match=r"LibreOffice 未能把“宁波市荷花庄小学-情况汇报\.docx”转换为 PDF"):
        pdf._libreoffice_to_pdf(_fake_soffice(tmp_path, 1), docx, tmp_path / "out" / "b.pdf")
