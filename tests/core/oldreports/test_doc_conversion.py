"""Old .doc/.wps reports converted by LibreOffice, or by Word or WPS through COM, as a Chinese Windows PC
does it: LibreOffice speaking the console's code page (GBK), COM used from a background thread."""

from __future__ import annotations

import os
import shutil
import stat
import sys
import threading
import types
from pathlib import Path

import pytest

from core.oldreports import reader
from core.oldreports.reader import UnreadableReportError, read_source
from core.reports import office
from tests.core.oldreports.written import write_docx

OLE_DOC = bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 512


def _fake_soffice(folder: Path, converted: Path, exit_code: int = 0) -> Path:
    """A stand-in for soffice that writes the converted file and, as LibreOffice does on a Chinese Windows,
    reports the paths it worked on in GBK (here a temporary folder under a Chinese user name)."""
    script = folder / "soffice"
    script.write_text(
        "#!" + sys.executable + "\n"
        "import shutil, sys, pathlib\n"
        "args = sys.argv[1:]\n"
        "out = pathlib.Path(args[args.index('--outdir') + 1])\n"
        "source = pathlib.Path(args[-1])\n"
        f"if {exit_code} == 0:\n"
        "    out.mkdir(parents=True, exist_ok=True)\n"
        f"    shutil.copyfile({str(converted)!r}, out / (source.stem + '.docx'))\n"
        "message = 'convert C:\\\\Users\\\\张三\\\\AppData\\\\Local\\\\Temp\\\\' + source.name + ' using filter'\n"
        "sys.stdout.buffer.write(message.encode('gbk'))\n"
        "sys.stderr.buffer.write('警告：字体替换'.encode('gbk'))\n"
        f"sys.exit({exit_code})\n",
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


@pytest.mark.skipif(os.name != "posix", reason="the stand-in is a script with a #! line")
def test_a_doc_converted_by_libreoffice_speaking_gbk_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    converted = write_docx(tmp_path / "converted.docx", ["城关镇中心小学工作总结", "一、基本情况"])
    monkeypatch.setattr("core.reports.pdf.find_soffice", lambda: _fake_soffice(tmp_path, converted))
    monkeypatch.setattr(office, "installed_suites", lambda: [])  # no Word or WPS on this PC
    old = tmp_path / "旧材料.doc"
    old.write_bytes(OLE_DOC)
    source = read_source(old)
    assert [block.text for block in source.blocks] == ["城关镇中心小学工作总结", "一、基本情况"]
    assert "旧版 Word/WPS 文件，已转换后读取" in source.notes


@pytest.mark.skipif(os.name != "posix", reason="the stand-in is a script with a #! line")
def test_a_failed_libreoffice_conversion_says_so_not_that_the_file_is_damaged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    converted = write_docx(tmp_path / "converted.docx", ["x"])
    monkeypatch.setattr("core.reports.pdf.find_soffice", lambda: _fake_soffice(tmp_path, converted, 1))
    monkeypatch.setattr(office, "installed_suites", lambda: [])  # no Word or WPS on this PC
    old = tmp_path / "旧材料.doc"
    old.write_bytes(OLE_DOC)
    with pytest.raises(UnreadableReportError) as caught:
        read_source(old)
    assert caught.value.message == f"文件“旧材料.doc”{reader.CONVERT_FAILED}。"


# -- Word and WPS through COM -----------------------------------------------------------------------


class FakeCom:
    """pythoncom and win32com.client as on Windows: COM works only on a thread that called CoInitialize."""

    def __init__(self, converted: Path, failing: tuple[str, ...] = ()) -> None:
        self.converted = converted
        self.failing = failing
        self.initialised: set[int] = set()
        self.calls: list[tuple[object, ...]] = []

    def modules(self) -> dict[str, types.ModuleType]:
        pythoncom = types.ModuleType("pythoncom")
        pythoncom.CoInitialize = lambda: self.initialised.add(threading.get_ident())  # type: ignore[attr-defined]
        pythoncom.CoUninitialize = lambda: self.initialised.discard(threading.get_ident())  # type: ignore[attr-defined]
        pythoncom.Missing = object()  # type: ignore[attr-defined]  # an argument left out
        client = types.ModuleType("win32com.client")
        client.DispatchEx = self.dispatch  # type: ignore[attr-defined]
        package = types.ModuleType("win32com")
        package.client = client  # type: ignore[attr-defined]
        return {"pythoncom": pythoncom, "win32com": package, "win32com.client": client}

    def dispatch(self, prog_id: str) -> object:
        if threading.get_ident() not in self.initialised:
            raise OSError(-2147221008, "CoInitialize has not been called.")
        if prog_id in self.failing:
            raise OSError(-2147221005, "Invalid class string")
        return FakeApplication(self.calls, self.converted)


class FakeDocument:
    def __init__(self, calls: list[tuple[object, ...]], converted: Path) -> None:
        self.calls, self.converted = calls, converted

    def SaveAs2(self, target: str, file_format: int) -> None:
        self.calls.append(("save as", file_format))
        shutil.copyfile(self.converted, target)

    def Close(self, save: int) -> None:
        self.calls.append(("close", save))


class FakeApplication:
    """A Word-compatible Application that records what it is asked to do."""

    def __init__(self, calls: list[tuple[object, ...]], converted: Path) -> None:
        object.__setattr__(self, "calls", calls)

        def open_document(path: str, *flags: object) -> FakeDocument:
            calls.append(("open", Path(path).name, *flags[:4]))  # the rest: tests/core/reports/test_office.py
            return FakeDocument(calls, converted)

        object.__setattr__(self, "Documents", types.SimpleNamespace(Open=open_document))

    def __setattr__(self, name: str, value: object) -> None:
        self.calls.append(("set", name, value))

    def Quit(self, save: int) -> None:
        self.calls.append(("quit", save))


def in_another_thread(target, args, timeout, **_kwargs):  # type: ignore[no-untyped-def]
    """run_in_child's stand-in: the work runs on a thread of its own, as in a child process."""
    answer: list[object] = []
    failure: list[BaseException] = []

    def work() -> None:
        try:
            answer.append(target(*args, report_pid=lambda pid: None))
        except Exception as error:
            failure.append(error)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(timeout)
    if failure:
        raise office.ChildFailed(str(failure[0]))
    return answer[0]


@pytest.fixture
def com(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakeCom:
    converted = write_docx(tmp_path / "converted.docx", ["实验幼儿园工作总结", "一、主要做法"])
    fake = FakeCom(converted)
    for name, module in fake.modules().items():
        monkeypatch.setitem(sys.modules, name, module)
    monkeypatch.setattr(office, "installed_suites", lambda: [office.WORD, office.WPS])
    monkeypatch.setattr(office, "office_pids", lambda suite: set())
    monkeypatch.setattr(office, "run_in_child", in_another_thread)
    monkeypatch.setattr("core.reports.pdf.find_soffice", lambda: None)
    return fake


def test_a_doc_is_converted_by_word_with_com_set_up_where_it_runs_and_the_original_untouched(
    tmp_path: Path, com: FakeCom
) -> None:
    old = tmp_path / "实验幼儿园2019年总结.doc"
    old.write_bytes(OLE_DOC)
    source = read_source(old)  # called from this thread, which never set up COM (like a background task)
    assert [block.text for block in source.blocks] == ["实验幼儿园工作总结", "一、主要做法"]
    assert com.calls == [
        ("set", "Visible", False),
        ("set", "DisplayAlerts", office.WD_ALERTS_NONE),
        ("set", "AutomationSecurity", office.MSO_AUTOMATION_SECURITY_FORCE_DISABLE),  # no AutoOpen macro
        # no conversion prompt, read-only, not in recent files, a protected file fails instead of asking;
        # a private copy of the bytes read (and hashed), not the file on the share, which may change meanwhile
        ("open", "source.doc", False, True, False, office.NO_PASSWORD),
        ("save as", office.WD_FORMAT_DOCUMENT_DEFAULT),
        ("close", office.WD_DO_NOT_SAVE_CHANGES),
        ("quit", office.WD_DO_NOT_SAVE_CHANGES),
    ]
    assert old.read_bytes() == OLE_DOC


def test_word_failing_hands_over_to_wps(tmp_path: Path, com: FakeCom) -> None:
    com.failing = ("Word.Application",)
    old = tmp_path / "旧材料.wps"
    old.write_bytes(OLE_DOC)
    assert read_source(old).blocks[0].text == "实验幼儿园工作总结"


def test_word_and_wps_failing_is_not_told_as_no_converter_on_this_pc(tmp_path: Path, com: FakeCom) -> None:
    com.failing = ("Word.Application", "KWps.Application", "Wps.Application")
    old = tmp_path / "旧材料.doc"
    old.write_bytes(OLE_DOC)
    with pytest.raises(UnreadableReportError) as caught:
        read_source(old)
    assert caught.value.message == f"文件“旧材料.doc”{reader.CONVERT_FAILED}。"
    assert "没有找到" not in caught.value.message


def test_word_hanging_on_a_dialog_is_told_as_too_slow(
    tmp_path: Path, com: FakeCom, monkeypatch: pytest.MonkeyPatch
) -> None:
    def hangs(*_args: object, **_kwargs: object) -> None:
        raise office.ChildTimeout("no answer")

    monkeypatch.setattr(office, "run_in_child", hangs)
    old = tmp_path / "旧材料.doc"
    old.write_bytes(OLE_DOC)
    with pytest.raises(UnreadableReportError) as caught:
        read_source(old)
    assert caught.value.message == f"文件“旧材料.doc”{reader.CONVERT_SLOW}。"
