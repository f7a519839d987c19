"""Word and WPS Office through COM automation (Windows): a .docx exported to PDF, or an old .doc/.wps saved
as .docx, in a child process.

Most Chinese government PCs have WPS, not Word; both answer the same Word object model (WPS 文字 registers
as KWps.Application). A COM call can hang on a dialog nobody sees (a licence prompt, a repair offer, a file in
use), so each export runs in a child process (multiprocessing's spawn, which the frozen exe supports because
main.py calls freeze_support first) that initialises COM for its own thread, turns alerts off, opens the
document read-only with macros forced off (an instance started by automation runs them by default, and an
old report from outside may carry an AutoOpen macro) and, in its own instance, with link updating off (a
picture linked on a server would be fetched: no network), and closes it without saving. The parent waits up to a timeout; on breach it kills the child
and the Office process the child started (the child reports its PID through the pipe), so no hidden
WINWORD.EXE or wps.exe keeps holding the document.

The COM protocol (`export_with`) and the child supervision (`run_in_child`) are plain functions, so the logic
is tested on any system with fake COM objects and a child that hangs; only the Windows workflow proves it
against a real Word or WPS.
"""

from __future__ import annotations

import logging
import multiprocessing
import subprocess
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core import clock
from core.errors import UserError
from core.reports.limits import BLOCKED_HINT, READY

log = logging.getLogger(__name__)

EXPORT_TIMEOUT = 120  # seconds for one document, Office's start-up included
WD_EXPORT_FORMAT_PDF = 17
WD_FORMAT_DOCUMENT_DEFAULT = 16  # .docx
WD_ALERTS_NONE = 0
WD_DO_NOT_SAVE_CHANGES = 0
MSO_AUTOMATION_SECURITY_FORCE_DISABLE = 3  # no macro runs, whatever the document or the settings say
# Given as the password of every document: ignored by one without a password, and a protected one fails
# at once instead of waiting for a password nobody can type.
NO_PASSWORD = "HonourDesk-no-password"
# Word updates links to other files (a picture on \\server or a web address, a linked object) when it opens
# a document, and before it prints one (which a PDF export may count as): off in our own instance.
OFFLINE_OPTIONS = ("UpdateLinksAtOpen", "UpdateLinksAtPrint")
_NO_WINDOW = 0x08000000  # CREATE_NO_WINDOW: tasklist/taskkill without a console flashing up


@dataclass(frozen=True)
class OfficeSuite:
    name: str  # as the user knows it
    prog_ids: tuple[str, ...]  # COM class names, the current one first
    process_names: tuple[str, ...]  # the executables a COM start launches


WORD = OfficeSuite("Word", ("Word.Application",), ("WINWORD.EXE",))
# WPS 2016 and later register KWps.Application; some older and OEM builds only Wps.Application.
WPS = OfficeSuite("WPS", ("KWps.Application", "Wps.Application"), ("wps.exe",))
SUITES = (WORD, WPS)


class OfficeError(UserError):
    """Word or WPS could not export the document; the caller may try another converter."""


# -- which suites this PC has ----------------------------------------------------------------------


def registered_prog_id(prog_id: str) -> bool:
    """True when the COM class is registered (HKEY_CLASSES_ROOT\\<ProgID>\\CLSID)."""
    if sys.platform != "win32":
        return False
    import winreg

    try:
        with winreg.OpenKey(winreg.HKEY_CLASSES_ROOT, rf"{prog_id}\CLSID"):
            return True
    except OSError:
        return False


def com_available() -> bool:
    if sys.platform != "win32":
        return False
    try:
        import pythoncom  # type: ignore[import-not-found]  # noqa: F401
        import win32com.client  # type: ignore[import-not-found]  # noqa: F401
    except ImportError:
        log.warning("没有 pywin32，无法通过 Word 或 WPS 转换")
        return False
    return True


def installed_suites(
    registered: Callable[[str], bool] = registered_prog_id, com: Callable[[], bool] = com_available
) -> list[OfficeSuite]:
    """The suites whose automation is registered here, Word first (its PDF export is the reference)."""
    if not com():
        return []
    return [suite for suite in SUITES if any(registered(prog_id) for prog_id in suite.prog_ids)]


# -- the COM protocol, run inside the child ----------------------------------------------------------


def export_with(application: Any, docx: str, pdf: str, missing: object = None) -> None:
    """Export docx to pdf through a Word-compatible Application object; always close and quit. missing:
    what COM takes for an argument left out (pythoncom.Missing in the child)."""
    _with_document(
        application,
        docx,
        lambda document: document.ExportAsFixedFormat(pdf, WD_EXPORT_FORMAT_PDF),
        missing,
    )


def save_as_docx_with(application: Any, source: str, docx: str, missing: object = None) -> None:
    """Save a copy of source (.doc, .wps, .rtf) as docx; the source itself is never changed."""
    _with_document(
        application,
        source,
        lambda document: document.SaveAs2(docx, WD_FORMAT_DOCUMENT_DEFAULT),
        missing,
    )


def _with_document(application: Any, path: str, action: Callable[[Any], object], missing: object) -> None:
    """Open path, act on it, close it unsaved and quit, whatever fails.

    Alerts off so that no dialog waits for a click nobody can give; the document opened read-only, not
    added to the recent files, and closed without saving, so the user's file is never changed. Our own
    instance updates no link (a picture on a server, another file) while it opens or prints the document:
    nothing is fetched over the network; those options are Word's saved settings, so they are put back
    before it quits. An instance that already holds documents is the user's own (an Office that hands its
    running copy to every caller): it is neither hidden, nor reset, nor quit, which would drop the user's
    unsaved work, its macro setting is put back as it was, and a document of theirs that Open handed
    back (the same file, open there) is left open.
    """
    held = _open_documents(application)
    shared = held > 0
    security = _setting(application, "AutomationSecurity") if shared else None
    options: dict[str, object] = {}
    try:
        if not shared:
            _quietly(application, "Visible", False)
            _quietly(application, "DisplayAlerts", WD_ALERTS_NONE)
        _quietly(application, "AutomationSecurity", MSO_AUTOMATION_SECURITY_FORCE_DISABLE)
        if not shared:
            options = _links_off(application)
        document = _open(application, path, missing)
        # the clerk has this very file open: Open hands over their document, unsaved edits and all
        theirs = shared and _open_documents(application) <= held
        try:
            action(document)
        finally:
            if not theirs:
                document.Close(WD_DO_NOT_SAVE_CHANGES)
    finally:
        if not shared:
            _put_back(application, options)
            application.Quit(WD_DO_NOT_SAVE_CHANGES)
        elif security is not None:  # the clerk's own instance: their macro setting as it was
            _quietly(application, "AutomationSecurity", security)


def _open(application: Any, path: str, missing: object) -> Any:
    """Documents.Open read-only, in no window, never repaired nor asking for an encoding; an older WPS
    that takes fewer arguments gets the first five."""
    documents = application.Documents
    try:
        return documents.Open(*_open_arguments(path, missing))
    except Exception:
        log.info("%s 无法以完整参数打开，改用基本参数", path, exc_info=True)
    return documents.Open(*_open_arguments(path, missing)[:5])


def _open_arguments(path: str, missing: object) -> tuple[object, ...]:
    return (
        path,  # FileName
        False,  # ConfirmConversions
        True,  # ReadOnly
        False,  # AddToRecentFiles
        NO_PASSWORD,  # PasswordDocument
        missing,  # PasswordTemplate
        False,  # Revert: a copy already open is not reloaded from disk
        missing,  # WritePasswordDocument
        missing,  # WritePasswordTemplate
        missing,  # Format: from the file
        missing,  # Encoding
        False,  # Visible: no document window
        False,  # OpenAndRepair: no repair offer
        missing,  # DocumentDirection
        True,  # NoEncodingDialog
    )


def _links_off(application: Any) -> dict[str, object]:
    """The link options turned off in our instance; those that were on, to put back."""
    options = _setting(application, "Options")
    if options is None:
        log.info("%r 没有 Options，未能关闭链接更新", application)
        return {}
    before: dict[str, object] = {}
    for name in OFFLINE_OPTIONS:
        value = _setting(options, name)
        _quietly(options, name, False)
        if value is None:
            log.info("未能读取选项 %s：关闭后无法恢复原值", name)
        elif value is not False:
            before[name] = value
    return before


def _put_back(application: Any, options: dict[str, object]) -> None:
    if options:
        target = _setting(application, "Options")
        for name, value in options.items():
            _quietly(target, name, value)


def _open_documents(application: Any) -> int:
    """How many documents the instance has open before we open ours (0 when it cannot say)."""
    try:
        return int(application.Documents.Count)
    except Exception:
        return 0


def _setting(application: Any, name: str) -> object | None:
    try:
        return getattr(application, name)
    except Exception:
        return None


def _quietly(application: Any, name: str, value: object) -> None:
    """Some WPS builds refuse setting Visible on a hidden instance, or lack an option; that is no reason
    to fail."""
    try:
        setattr(application, name, value)
    except Exception:
        log.info("设置 %s 失败", name, exc_info=True)


def _export_in_child(suite: OfficeSuite, docx: str, pdf: str, report_pid: Callable[[int], None]) -> None:
    _in_child(suite, export_with, docx, pdf, report_pid)


def _save_as_docx_in_child(
    suite: OfficeSuite, source: str, docx: str, report_pid: Callable[[int], None]
) -> None:
    _in_child(suite, save_as_docx_with, source, docx, report_pid)


def _in_child(
    suite: OfficeSuite,
    work: Callable[..., None],
    source: str,
    target: str,
    report_pid: Callable[[int], None],
) -> None:
    """COM for this thread, a private instance of the suite, its PID reported, then work(application, ...)."""
    import pythoncom  # type: ignore[import-not-found]
    import win32com.client  # type: ignore[import-not-found]

    pythoncom.CoInitialize()
    try:
        before = office_pids(suite)
        application = _dispatch(win32com.client, suite)
        for pid in office_pids(suite) - before:
            report_pid(pid)
        work(application, source, target, pythoncom.Missing)
    finally:
        pythoncom.CoUninitialize()


def _dispatch(client: Any, suite: OfficeSuite) -> Any:
    """A new, private instance (DispatchEx), never the user's open Word or WPS window."""
    failure: Exception | None = None
    for prog_id in suite.prog_ids:
        try:
            return client.DispatchEx(prog_id)
        except Exception as error:  # not registered under this name: the next one
            failure = error
    raise OfficeError(f"无法启动 {suite.name}。") from failure


def office_pids(suite: OfficeSuite, run: Callable[..., Any] = subprocess.run) -> set[int]:
    """PIDs of the suite's running executables, from tasklist's CSV (no psutil needed)."""
    pids: set[int] = set()
    for image in suite.process_names:
        result = run(
            ["tasklist", "/FO", "CSV", "/NH", "/FI", f"IMAGENAME eq {image}"],
            capture_output=True,
            creationflags=_NO_WINDOW,
        )
        pids |= set(
            _csv_pids(result.stdout.decode("mbcs" if sys.platform == "win32" else "utf-8", "replace"))
        )
    return pids


def _csv_pids(text: str) -> Iterable[int]:
    """Lines like "WINWORD.EXE","4242","Console","1","120,000 K"; "INFO: No tasks…" lines have no PID."""
    for line in text.splitlines():
        cells = [cell.strip('"') for cell in line.split('","')]
        if len(cells) >= 2 and cells[1].isdigit():
            yield int(cells[1])


def kill_process_tree(pid: int, run: Callable[..., Any] = subprocess.run) -> None:
    run(["taskkill", "/PID", str(pid), "/T", "/F"], capture_output=True, creationflags=_NO_WINDOW)


# -- the parent: a child process with a deadline ----------------------------------------------------


class ChildTimeout(Exception):
    pass


class ChildFailed(Exception):
    pass


class ChildNotStarted(ChildFailed):
    """The child never said it runs: refused by Windows or ended from outside as it started."""


def _child_main(target: Callable[..., Any], args: tuple[Any, ...], connection: Any) -> None:
    try:
        connection.send((READY, None))
        result = target(*args, report_pid=lambda pid: connection.send(("pid", pid)))
    except BaseException as error:  # the parent logs it; the child only reports
        connection.send(("error", f"{type(error).__name__}: {error}"))
    else:
        connection.send(("done", result))
    finally:
        connection.close()


def run_in_child(
    target: Callable[..., Any],
    args: tuple[Any, ...],
    timeout: float,
    kill_process: Callable[[int], None] = kill_process_tree,
) -> Any:
    """target(*args, report_pid=...) in a spawned child; its result, ChildFailed, or ChildTimeout.

    On timeout (or when the child dies without a word) the child is killed, and so is every process it
    reported through report_pid.
    """
    spawn = multiprocessing.get_context("spawn")
    receiver, sender = spawn.Pipe(duplex=False)
    child = spawn.Process(target=_child_main, args=(target, args, sender), daemon=True)
    try:
        child.start()
    except OSError as error:  # security software or a policy refused it
        receiver.close()
        raise ChildNotStarted(f"not started: {error!r}") from error
    finally:
        sender.close()
    heard = False
    reported: list[int] = []
    deadline = clock.awake() + timeout  # stands still while the PC sleeps
    try:
        while (remaining := deadline - clock.awake()) > 0:
            if not receiver.poll(min(remaining, 0.5)):
                if child.is_alive():
                    continue
                if not receiver.poll(0):
                    break  # died without a word
            try:
                kind, payload = receiver.recv()
            except EOFError:
                break
            heard = True
            if kind == READY:
                continue
            if kind == "pid":
                reported.append(payload)
            elif kind == "done":
                return payload
            else:
                raise ChildFailed(payload)
        _kill(child, reported, kill_process)
        if not heard:
            raise ChildNotStarted(f"gone before it was ready, exit code {child.exitcode}")
        raise ChildTimeout(f"no answer within {timeout:.0f} s")
    finally:
        receiver.close()
        child.join(5)
        if child.is_alive():
            child.kill()


def _kill(child: Any, reported: list[int], kill_process: Callable[[int], None]) -> None:
    child.kill()
    child.join(5)
    for pid in reported:
        try:
            kill_process(pid)
        except Exception:
            log.exception("无法结束进程 %s", pid)


class OfficeTimeout(OfficeError):
    """Word or WPS did not finish in time and was ended."""


def not_started(source: Path) -> str:
    return (
        f"未能转换“{source.name}”：HonourDesk 用来调用 Word/WPS 的进程（程序自身的一个副本）没能启动。"
        f"{BLOCKED_HINT}。"
    )


def save_as_docx(suite: OfficeSuite, source: Path, docx: Path, timeout: float = EXPORT_TIMEOUT) -> Path:
    """An old .doc/.wps/.rtf saved as docx by Word or WPS in a child process (COM initialised there, a
    dialog nobody sees ended by the timeout); OfficeTimeout or OfficeError when it hangs or fails."""
    docx.unlink(missing_ok=True)  # what a suite that failed before left there is not its answer
    try:
        run_in_child(_save_as_docx_in_child, (suite, str(source), str(docx)), timeout)
    except ChildTimeout as error:
        raise OfficeTimeout(
            f"{suite.name} 转换“{source.name}”超过 {timeout:.0f} 秒仍未完成，已结束它。"
        ) from error
    except ChildNotStarted as error:
        log.error("转换 %s 的子进程未能启动：%s", source.name, error)
        raise OfficeError(not_started(source)) from error
    except ChildFailed as error:
        log.error("%s 转换 %s 失败：%s", suite.name, source.name, error)
        raise OfficeError(f"{suite.name} 未能转换“{source.name}”（详情见日志）。") from error
    if not docx.is_file():
        raise OfficeError(f"{suite.name} 没有生成“{docx.name}”。")
    return docx


def export_pdf(suite: OfficeSuite, docx: Path, pdf: Path, timeout: float = EXPORT_TIMEOUT) -> Path:
    """docx → pdf with Word or WPS in a child process; OfficeError (Chinese) when it fails or hangs."""
    pdf.unlink(missing_ok=True)
    try:
        run_in_child(_export_in_child, (suite, str(docx), str(pdf)), timeout)
    except ChildTimeout as error:
        pdf.unlink(missing_ok=True)
        raise OfficeError(
            f"{suite.name} 转换“{docx.name}”超过 {timeout:.0f} 秒仍未完成，已结束它。"
            f"可能有 {suite.name} 的对话框在等待（如激活或修复提示），请打开 {suite.name} 处理后再试。"
        ) from error
    except ChildNotStarted as error:
        log.error("转换 %s 的子进程未能启动：%s", docx.name, error)
        raise OfficeError(not_started(docx)) from error
    except ChildFailed as error:
        log.error("%s 转换 PDF 失败：%s", suite.name, error)
        raise OfficeError(f"{suite.name} 未能把“{docx.name}”转换为 PDF（详情见日志）。") from error
    if not pdf.is_file():
        raise OfficeError(f"{suite.name} 没有生成“{pdf.name}”。")
    return pdf
