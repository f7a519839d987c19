"""Word and WPS automation, tested with fake COM objects and real child processes (only Windows can run the
real thing: the Windows workflow's preview step does)."""

from __future__ import annotations

import logging
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


class FakeOptions:
    """Application.Options as Word ships it: links updated when a document opens, not before printing.
    Options it lacks (as some WPS builds do) cannot be read or set."""

    def __init__(self, calls: list[tuple[Any, ...]], lacking: tuple[str, ...] = ()) -> None:
        object.__setattr__(self, "calls", calls)
        object.__setattr__(self, "lacking", lacking)
        object.__setattr__(self, "UpdateLinksAtOpen", True)
        object.__setattr__(self, "UpdateLinksAtPrint", False)

    def __getattribute__(self, name: str) -> Any:
        if name in object.__getattribute__(self, "lacking"):
            raise AttributeError(name)
        return object.__getattribute__(self, name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in self.lacking:
            raise AttributeError(name)
        self.calls.append(("option", name, value))
        object.__setattr__(self, name, value)


class FakeApplication:
    """Records what a Word-compatible Application is asked to do. max_open_arguments: an older WPS whose
    Documents.Open takes fewer arguments; lacking: options it does not have; already_open: files the
    user has open in it."""

    def __init__(
        self,
        *,
        fail_open: bool = False,
        fail_export: bool = False,
        max_open_arguments: int = 16,
        lacking: tuple[str, ...] = (),
        already_open: tuple[str, ...] = (),
    ) -> None:
        self.calls: list[tuple[Any, ...]] = []
        calls = self.calls

        def open_document(*args: Any) -> FakeDocument:
            calls.append(("open", *args))
            if len(args) > max_open_arguments:
                raise TypeError("Invalid number of parameters.")
            if fail_open:
                raise RuntimeError("file is damaged")
            if args[0] not in already_open:  # Word hands back a document it holds, Revert or not
                self.Documents.Count += 1
            return FakeDocument(calls, fail_export)

        self.Documents = SimpleNamespace(Open=open_document, Count=0)
        if "Options" not in lacking:
            self.Options = FakeOptions(calls, lacking)

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
MISSING = None  # what the protocol is given for an argument COM leaves out (pythoncom.Missing in the child)
# then: not reverted to the copy on disk, no window, no repair offer, no encoding question
QUIET_OPEN = (*READ_ONLY, MISSING, False, MISSING, MISSING, MISSING, MISSING, False, False, MISSING, True)
LINKS_OFF = [("option", "UpdateLinksAtOpen", False), ("option", "UpdateLinksAtPrint", False)]
LINKS_BACK = [("option", "UpdateLinksAtOpen", True)]  # Word keeps it in the user's settings


def test_an_old_report_is_saved_as_docx_with_macros_forced_off_before_it_opens() -> None:
    """An instance started by automation runs a document's AutoOpen macro unless told not to."""
    app = FakeApplication()
    office.save_as_docx_with(app, r"C:\往年\总结.doc", r"C:\临时\converted.docx")
    assert app.calls == [
        *QUIET,
        *LINKS_OFF,
        ("open", r"C:\往年\总结.doc", *QUIET_OPEN),
        ("save", r"C:\临时\converted.docx", WD_FORMAT_DOCUMENT_DEFAULT),
        ("close", 0),
        *LINKS_BACK,
        ("quit", 0),
    ]


def test_the_document_is_exported_read_only_with_alerts_off_and_closed_unsaved() -> None:
    app = FakeApplication()
    export_with(app, r"C:\报告\a.docx", r"C:\报告\a.pdf")
    assert app.calls == [
        *QUIET,
        *LINKS_OFF,
        ("open", r"C:\报告\a.docx", *QUIET_OPEN),
        ("export", r"C:\报告\a.pdf", WD_EXPORT_FORMAT_PDF),
        ("close", 0),
        *LINKS_BACK,
        ("quit", 0),
    ]


@pytest.mark.parametrize("failing", ["fail_open", "fail_export"])
def test_office_is_closed_and_quit_even_when_it_fails(failing: str) -> None:
    app = FakeApplication(**{failing: True})
    with pytest.raises(RuntimeError):
        export_with(app, "a.docx", "a.pdf")
    assert app.calls[-2:] == [*LINKS_BACK, ("quit", 0)]  # the user's link setting back even so
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
        ("open", r"C:\报告\a.docx", *QUIET_OPEN),  # and no option of theirs changed
        ("export", r"C:\报告\a.pdf", WD_EXPORT_FORMAT_PDF),
        ("close", 0),  # only the document it opened, unsaved
        ("set", "AutomationSecurity", 1),  # and the clerk's setting as it was
    ]


def test_a_wps_without_the_link_options_or_the_longer_open_still_converts(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """WPS answers Word's object model mostly: an option it lacks is logged and left, an Open that takes
    only Word 2000's first arguments is called with those."""
    app = FakeApplication(max_open_arguments=5, lacking=("UpdateLinksAtPrint",))
    with caplog.at_level(logging.INFO):
        office.save_as_docx_with(app, r"C:\往年\总结.wps", r"C:\临时\converted.docx")
    assert app.calls == [
        *QUIET,
        ("option", "UpdateLinksAtOpen", False),
        ("open", r"C:\往年\总结.wps", *QUIET_OPEN),
        ("open", r"C:\往年\总结.wps", *READ_ONLY),
        ("save", r"C:\临时\converted.docx", WD_FORMAT_DOCUMENT_DEFAULT),
        ("close", 0),
        *LINKS_BACK,
        ("quit", 0),
    ]
    assert "UpdateLinksAtPrint" in caplog.text and "完整参数" in caplog.text

    bare = FakeApplication(lacking=("Options",))  # no Options at all: converted all the same
    office.save_as_docx_with(bare, "a.wps", "a.docx")
    assert ("save", "a.docx", WD_FORMAT_DOCUMENT_DEFAULT) in bare.calls and bare.calls[-1] == ("quit", 0)


def test_the_child_leaves_out_the_arguments_it_does_not_give(monkeypatch: pytest.MonkeyPatch) -> None:
    """pythoncom.Missing, not None (a null COM would pass on), fills the arguments skipped in Open."""
    skipped = object()
    app = FakeApplication()
    fake_com = SimpleNamespace(CoInitialize=lambda: None, CoUninitialize=lambda: None, Missing=skipped)
    monkeypatch.setitem(sys.modules, "pythoncom", fake_com)
    client = SimpleNamespace(DispatchEx=lambda prog_id: app)
    monkeypatch.setitem(sys.modules, "win32com", SimpleNamespace(client=client))
    monkeypatch.setitem(sys.modules, "win32com.client", client)
    monkeypatch.setattr(office, "office_pids", lambda suite: set())
    office._save_as_docx_in_child(WPS, "a.doc", "a.docx", report_pid=lambda pid: None)
    [opened] = [call for call in app.calls if call[0] == "open"]
    assert (
        opened[6] is opened[8] is skipped and opened[7] is False
    )  # PasswordTemplate, Revert, WritePassword…


def test_a_file_the_clerk_has_open_in_their_office_is_not_closed_under_them() -> None:
    """Word's Open hands back the document the clerk is editing: closing it unsaved would lose their edits."""
    app = FakeApplication(already_open=(r"D:\材料\总结.doc",))
    app.Documents.Count = 1
    office.save_as_docx_with(app, r"D:\材料\总结.doc", r"C:\临时\converted.docx")
    assert ("save", r"C:\临时\converted.docx", WD_FORMAT_DOCUMENT_DEFAULT) in app.calls
    assert ("close", 0) not in app.calls and ("quit", 0) not in app.calls


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
