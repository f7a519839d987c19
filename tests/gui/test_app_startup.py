"""Starting the window (issue 19): one window per data folder, a second start bringing the first forward
and handing it a dragged spreadsheet; a spreadsheet on the command line opening the import wizard; a
usage error of the windowed program in a message box; a data folder held by another computer; the exit
backup off the GUI thread; a disconnected drive remembered as the last folder.

Windows' foreground rules (AllowSetForegroundWindow) and the packaged HonourDesk.exe are proved only in
the Windows workflow; here the windows run offscreen in child processes.
"""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from docx import Document
from PySide6.QtCore import QLockFile, QTimer

from core import cli
from core.db import open_database
from core.instance_lock import FolderLock
from core.paths import DataDir, given_path
from core.services import Services
from gui.context import AppContext
from tests.conftest import REPO
from tests.core.cli.test_commands import run
from tests.core.importing import registers

LINE_TIMEOUT_S = 90

WINDOW = """
import sys
sys.path.insert(0, {repo!r})
from PySide6.QtWidgets import QApplication
from gui import app as gui_app
from gui.import_wizard import ImportWizard

def wizard_opened(self, *args):
    print("wizard:", self.windowTitle(), flush=True)
    QApplication.instance().exit(0)
    return 0

ImportWizard.exec = wizard_opened
from gui.oldreport_wizard.dialog import OldReportDialog

shown = []  # the dialog outlives import_reports while it reads

def reports_opened(self, *args):
    shown.append(self)

    def read(count):
        names = [self.documents.item(i).text() for i in range(self.documents.count())]
        print("reports:", count, names, flush=True)
        QApplication.instance().exit(0)

    self.documents_read.connect(read)
    return 0

OldReportDialog.exec = reports_opened
original = gui_app.StartUp.requested

def requested(self, files):
    print("requested:", [f.name for f in files], flush=True)
    original(self, files)

gui_app.StartUp.requested = requested

def ready(app):
    print("ready", flush=True)

{start}
"""


def start_window(code: str) -> tuple[subprocess.Popen[str], queue.Queue[str]]:
    process = subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        cwd=REPO,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line.strip()) for line in process.stdout], daemon=True).start()  # type: ignore[union-attr]
    return process, lines


def next_line(lines: queue.Queue[str], process: subprocess.Popen[str]) -> str:
    try:
        return lines.get(timeout=LINE_TIMEOUT_S)
    except queue.Empty:
        process.kill()
        pytest.fail(f"no answer from the window: {process.stderr.read() if process.stderr else ''}")


@pytest.fixture
def demo_data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    assert run("--data-dir", str(data), "demo")[0] == 0
    return data


def test_a_second_start_brings_the_first_window_forward_with_the_dragged_file(
    demo_data: Path, tmp_path: Path
) -> None:
    register = registers.honour_register(tmp_path / "荣誉登记表.xlsx")
    start = f"sys.exit(gui_app.run_gui({str(demo_data)!r}, None, when_ready=ready))"
    first, lines = start_window(WINDOW.format(repo=str(REPO), start=start))
    try:
        assert next_line(lines, first) == "ready"
        second = subprocess.run(
            [sys.executable, str(REPO / "main.py"), "--data-dir", str(demo_data), str(register)],
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=LINE_TIMEOUT_S,
            cwd=REPO,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )
        assert second.returncode == 0, second.stderr
        assert next_line(lines, first) == "requested: ['荣誉登记表.xlsx']"
        assert next_line(lines, first).startswith("wizard:")  # the first window imports it
        assert first.wait(LINE_TIMEOUT_S) == 0
    finally:
        first.kill()


def test_a_second_start_from_another_folder_hands_over_the_file_by_its_full_path(
    demo_data: Path, tmp_path: Path
) -> None:
    """`HonourDesk.exe 荣誉登记表.xlsx` typed in the register's folder: the running window, whose working
    folder is another, gets the whole path (it looked for the file in its own folder and did not find it)."""
    folder = tmp_path / "张 三的桌面"
    folder.mkdir()
    register = registers.honour_register(folder / "荣誉登记表.xlsx")
    start = (
        "def with_paths(self, files):\n"
        "    print('paths:', [str(f) for f in files], flush=True)\n"
        "    original(self, files)\n"
        "gui_app.StartUp.requested = with_paths\n"
        f"sys.exit(gui_app.run_gui({str(demo_data)!r}, None, when_ready=ready))"
    )
    first, lines = start_window(WINDOW.format(repo=str(REPO), start=start))
    try:
        assert next_line(lines, first) == "ready"
        second = subprocess.run(
            [sys.executable, str(REPO / "main.py"), "--data-dir", str(demo_data), register.name],
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=LINE_TIMEOUT_S,
            cwd=folder,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )
        assert second.returncode == 0, second.stderr
        assert next_line(lines, first) == f"paths: {[str(register)]}"
        assert next_line(lines, first).startswith("wizard:")
        assert first.wait(LINE_TIMEOUT_S) == 0
    finally:
        first.kill()


def test_a_short_name_given_on_the_command_line_is_taken_in_its_long_form() -> None:
    long_names = {r"C:\Users\ZHANGS~1\Desktop\荣誉登~1.XLS": r"C:\Users\张 三\Desktop\荣誉登记表2019.xls"}
    given = given_path(
        r"C:\Users\ZHANGS~1\Desktop\荣誉登~1.XLS", windows=True, long_name=lambda s: long_names.get(s, "")
    )
    assert str(given) == r"C:\Users\张 三\Desktop\荣誉登记表2019.xls"
    missing = given_path(r"C:\Users\ZHANGS~1\gone~1.xls", windows=True, long_name=lambda s: "")
    assert str(missing) == r"C:\Users\ZHANGS~1\gone~1.xls"  # as given when Windows has no long form
    assert given_path("登记表.xlsx", windows=False) == Path.cwd() / "登记表.xlsx"


def test_a_spreadsheet_on_the_command_line_opens_the_import_wizard(demo_data: Path, tmp_path: Path) -> None:
    register = registers.honour_register(tmp_path / "荣誉登记表.xlsx")
    start = f"import main\nsys.exit(main.main(['--data-dir', {str(demo_data)!r}, {str(register)!r}]))"
    window, lines = start_window(WINDOW.format(repo=str(REPO), start=start))
    try:
        assert next_line(lines, window).startswith("wizard:")
        assert window.wait(LINE_TIMEOUT_S) == 0
    finally:
        window.kill()


def test_files_dropped_on_the_icon_are_split_from_the_window_options() -> None:
    assert cli.split_dropped_files(["--data-dir", "D:\\数据", "C:\\登记表.XLSX"]) == (
        [Path("C:\\登记表.XLSX")],
        ["--data-dir", "D:\\数据"],
    )
    several = ["C:\\2022年.xlsx", "C:\\2023年.xls", "D:\\旧材料\\总结.doc", "说明.txt"]
    assert cli.split_dropped_files(several) == ([Path(name) for name in several], [])
    assert cli.split_dropped_files(["import", "登记表.xlsx"]) == ([], ["import", "登记表.xlsx"])
    assert cli.split_dropped_files(["--data-dir", "登记表.xlsx"]) == ([], ["--data-dir", "登记表.xlsx"])
    assert cli.split_dropped_files(["登记表.xlsx", "照片.exe"]) == ([], ["登记表.xlsx", "照片.exe"])


def test_old_reports_dropped_on_the_icon_open_in_the_old_report_dialog(
    demo_data: Path, tmp_path: Path
) -> None:
    """Word reports dragged onto the program's icon were handed to the command line, which answered with
    “命令行参数有误” in a message box; they now open in 导入往年材料, read."""
    report = tmp_path / "实验小学2023年工作总结.docx"
    document = Document()
    for line in ("实验小学2023年工作总结", "一、主要做法", "我校坚持立德树人。"):
        document.add_paragraph(line)
    document.save(str(report))
    start = f"import main\nsys.exit(main.main(['--data-dir', {str(demo_data)!r}, {str(report)!r}]))"
    window, lines = start_window(WINDOW.format(repo=str(REPO), start=start))
    try:
        line = next_line(lines, window)
        assert line.startswith("reports: 1 ") and "实验小学2023年工作总结" in line
        assert window.wait(LINE_TIMEOUT_S) == 0
    finally:
        window.kill()


def test_a_usage_error_of_the_windowed_program_is_shown_in_a_message_box(
    qapp,
    monkeypatch: pytest.MonkeyPatch,
    no_modal_dialogs: list[tuple[str, str]],
    capsys: pytest.CaptureFixture[str],
) -> None:  # type: ignore[no-untyped-def]
    import main

    monkeypatch.setattr(cli.sys, "platform", "win32")
    monkeypatch.setattr(cli.sys, "frozen", True, raising=False)
    monkeypatch.setattr(cli.sys, "executable", "C:\\Program Files\\HonourDesk\\HonourDesk.exe")
    assert cli.windowed()
    assert main.main(["--no-such-option"]) == 2
    [(kind, text)] = no_modal_dialogs
    assert kind == "warning" and text.startswith("命令行参数有误：无法识别的参数：--no-such-option")
    assert "HonourDesk --help" in text and "main.py" not in text


def test_the_console_program_is_not_windowed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli.sys, "platform", "win32")
    monkeypatch.setattr(cli.sys, "frozen", True, raising=False)
    monkeypatch.setattr(cli.sys, "executable", "C:\\Program Files\\HonourDesk\\HonourDesk-cli.exe")
    assert not cli.windowed()
    assert cli.build_parser().prog == "HonourDesk-cli"


def test_help_names_the_program_never_main_py(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.parse(["--help"])
    out = capsys.readouterr().out
    assert out.startswith("用法： HonourDesk-cli") and "main.py" not in out


def test_a_data_folder_held_by_another_computer_is_said_so(
    qapp, tmp_path: Path, no_modal_dialogs: list[tuple[str, str]]
) -> None:  # type: ignore[no-untyped-def]
    from gui.app import run_gui

    data = DataDir(tmp_path / "共享盘" / "data").create()
    data.lock_file.write_text("4242\nHonourDesk.exe\nOFFICE-PC-07\n", encoding="utf-8")
    assert run_gui(str(data.root), None) == 2
    [(kind, text)] = no_modal_dialogs
    assert kind == "warning" and "正在被另一台电脑（OFFICE-PC-07）上的 HonourDesk 使用" in text
    assert "PostgreSQL" in text


def test_the_window_and_a_command_line_restore_exclude_each_other(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "data"
    assert run("--data-dir", str(data), "demo")[0] == 0
    backup = tmp_path / "备份.db"
    assert run("--data-dir", str(data), "backup", str(backup))[0] == 0
    folder = DataDir(data)

    window_lock = QLockFile(str(folder.lock_file))  # as the running window holds it
    window_lock.setStaleLockTime(0)
    assert window_lock.tryLock(0)
    code, _, err = run("--data-dir", str(data), "restore", str(backup))
    assert code == 2 and "程序窗口正在使用数据目录" in err and "请先关闭" in err
    window_lock.unlock()

    with FolderLock(folder.lock_file, folder.root, "恢复数据库"):  # a restore running from the command line
        other = QLockFile(str(folder.lock_file))
        other.setStaleLockTime(0)
        assert not other.tryLock(0)  # Qt does not take the command's lock for a stale one
    assert run("--data-dir", str(data), "restore", str(backup))[0] == 0


def test_the_exit_backup_runs_off_the_gui_thread_with_a_progress_dialog(
    qtbot, context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """A backup that takes a while: meanwhile the GUI thread keeps handling events and shows progress."""
    from PySide6.QtWidgets import QApplication, QProgressDialog

    from core import backup
    from gui.exit_backup import SHOW_DIALOG_AFTER_MS, backup_on_exit

    release = threading.Event()
    seen: dict[str, object] = {}

    def slow_backup(database, target=None, *, reason="manual"):  # type: ignore[no-untyped-def]
        seen["thread"] = threading.current_thread().name
        seen["reason"] = reason
        release.wait(60)
        return Path("backup.db")

    def look() -> None:  # runs on the GUI thread while the backup is still going
        dialogs = [
            w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()
        ]
        seen["dialog"] = [d.labelText() for d in dialogs]
        release.set()

    monkeypatch.setattr(backup, "backup_database", slow_backup)
    QTimer.singleShot(SHOW_DIALOG_AFTER_MS + 300, look)
    backup_on_exit(None, context)
    assert seen["reason"] == "exit" and seen["thread"] == "backup-on-exit"
    assert seen["dialog"] == ["正在备份数据库，请稍候…"]


def test_a_disconnected_drive_remembered_as_the_last_folder_falls_back_to_documents(
    context: AppContext, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from core import drives, paths

    documents = tmp_path / "Documents"
    documents.mkdir()
    monkeypatch.setattr(paths, "documents_dir", lambda: documents)
    context.state.settings.setValue("folders/export", "Z:\\科室共享\\导出")
    monkeypatch.setattr(drives, "is_network_path", lambda path: str(path).startswith("Z:"))
    real_isdir = os.path.isdir
    monkeypatch.setattr(  # the share never answers in time
        drives.os.path,
        "isdir",
        lambda path: threading.Event().wait(30) if path.startswith("Z:") else real_isdir(path),
    )
    assert context.state.last_folder("export") == str(documents)


def test_documents_redirected_to_a_server_that_is_gone_falls_back_to_the_home_folder(
    context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Folder redirection may put 文档 on a server share; off the network, looking at it takes half a
    minute, which must not hold up the file dialog."""
    from core import drives, paths

    share = "\\\\服务器\\用户\\张三\\文档"
    monkeypatch.setattr(paths, "documents_dir", lambda: Path(share))
    monkeypatch.setattr(drives, "is_network_path", lambda path: str(path).startswith("\\\\"))

    def slow(path: object) -> bool:  # answers (yes) only after the file dialog should have opened
        return threading.Event().wait(5) or True

    monkeypatch.setattr(drives.os.path, "isdir", slow)
    monkeypatch.setattr(Path, "is_dir", slow)
    assert context.state.last_folder("export") == str(Path.home())


def test_the_window_tells_storage_failures_in_chinese_without_sql() -> None:
    import sqlite3

    from sqlalchemy.exc import OperationalError

    from gui.errors import error_text

    locked = sqlite3.OperationalError("database is locked")
    locked.sqlite_errorcode = sqlite3.SQLITE_BUSY  # type: ignore[attr-defined]
    text = error_text(OperationalError("INSERT INTO honours (title) VALUES (?)", ("省级文明单位",), locked))
    assert "正被另一个程序使用" in text and "INSERT" not in text and "省级文明单位" not in text
    assert "boom" not in error_text(RuntimeError("boom"))


SEARCH_BY_PINYIN = """
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from gui.main_window import MainWindow

def search(app):
    window = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow))
    units = window.unit_list
    QTest.mouseClick(units.search, Qt.MouseButton.LeftButton)
    QTest.keyClicks(app.focusWidget(), "dongxiaoqu")
    waited = []

    def look():
        waited.append(1)
        if units.count_label.text() == "共 1 个单位" or len(waited) > 300:
            print(units.count_label.text(), units.model.index(0, 0).data(), flush=True)
            app.exit(0)
        else:
            QTimer.singleShot(100, look)

    look()

sys.exit(gui_app.run_gui({data!r}, None, when_ready=search))
"""


def test_units_the_command_line_imported_are_found_by_pinyin_in_the_window(tmp_path: Path) -> None:
    """The import command leaves new units' pinyin keys (pypinyin is slow to load); the window computes
    them once it shows the data, and the list the clerk has already filtered picks the unit up."""
    data = tmp_path / "d"
    assert run("--data-dir", str(data), "demo")[0] == 0
    database = open_database(DataDir(data))
    assert Services.over(database).units.refresh_pinyin_keys() is not None  # as the window's first start
    database.dispose()
    assert run("--data-dir", str(data), "import", str(registers.honour_register(tmp_path / "r.xlsx")))[0] < 2
    start = SEARCH_BY_PINYIN.format(data=str(data))
    window, lines = start_window(WINDOW.format(repo=str(REPO), start=start))
    try:
        assert next_line(lines, window) == "共 1 个单位 XX中学（东校区）"
        assert window.wait(LINE_TIMEOUT_S) == 0
    finally:
        window.kill()


def test_a_window_that_does_not_answer_may_be_another_windows_users(
    qapp, tmp_path: Path, no_modal_dialogs: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """The lock is held by a live HonourDesk on this PC that does not answer: on a shared PC that is most
    often another Windows user's window (it listens under that user's name), which this user cannot end."""
    from core.instance_lock import program_file_name, this_host
    from gui import single_instance
    from gui.app import run_gui

    monkeypatch.setattr(single_instance, "CONNECT_PATIENCE_S", 0.2)
    data = DataDir(tmp_path / "data").create()
    data.lock_file.write_text(f"{os.getpid()}\n{program_file_name()}\n{this_host()}\n", encoding="utf-8")
    assert run_gui(str(data.root), None) == 2
    [(kind, text)] = no_modal_dialogs
    assert kind == "warning" and f"（进程 {os.getpid()}），但没有回应" in text
    assert "另一位 Windows 用户" in text and "任务管理器" in text
    assert data.lock_file.read_text(encoding="utf-8").startswith(f"{os.getpid()}\n")  # left as it was
