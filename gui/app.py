"""Start the window, step by step: the data directory and its log; the claim on the data folder (one
window per folder: a second start brings the first window forward instead); the window itself; then the
database, opened off the GUI thread.

The window appears before the database layer (SQLAlchemy, a large import) is loaded; it fills in
once the database is open.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from core import APP_NAME, __version__
from core.logs import setup_logging
from core.paths import DataDir, given_path, resource_path
from gui.access_keys import install_button_keys
from gui.errors import error_text, set_log_path
from gui.location_notice import warn_about_location
from gui.main_window import MainWindow
from gui.ops import BackgroundOp, wait_for_all
from gui.qt_phrases import install_missing_phrases
from gui.search_keys import fill_pending_keys
from gui.single_instance import SingleInstance
from gui.start_notices import warn_about_clock, warn_about_program_place

if TYPE_CHECKING:
    from gui.context import AppContext

log = logging.getLogger(__name__)

AppHook = Callable[[QApplication], None]
LISTEN_AFTER_MS = 2000
LISTEN_AFTER_READY_MS = 300
QUIT_WAIT_MS = 30000


def make_application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1] or [APP_NAME])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    _set_ui_font(app)
    _install_qt_translation(app)
    install_button_keys(app)  # before the first dialog (a database that cannot be opened asks at once)
    icon = resource_path("icons", "honourdesk.png")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    return app  # type: ignore[return-value]


# Chinese interface fonts, best first: Windows', then macOS', then the sans-serif CJK faces of Linux. The
# interface asks for this list, never for whatever fontconfig made "sans-serif" (a calligraphic face
# installed by another program can take that name).
UI_FONTS = (
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "PingFang SC",
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Droid Sans Fallback",
)


def ui_font_families() -> list[str]:
    """The installed faces of UI_FONTS, in order."""
    installed = set(QFontDatabase.families())
    return [family for family in UI_FONTS if family in installed]


def _set_ui_font(app: QApplication) -> None:
    families = ui_font_families()
    if not families:
        log.warning("未找到中文界面字体（%s），使用系统默认字体", "、".join(UI_FONTS))
        return
    font = QFont(app.font())
    font.setFamilies(families)
    if sys.platform == "win32":
        font.setPointSize(9)
    app.setFont(font)


def _install_qt_translation(app: QApplication) -> None:
    """Qt's own Chinese: the standard buttons (是/否/确定/取消) and the file and print dialogs."""
    if getattr(app, "_honourdesk_translator", None) is not None:
        return
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(QLocale.Language.Chinese, QLocale.Country.China), "qtbase", "_", folder):
        app.installTranslator(translator)
        app._honourdesk_translator = translator  # type: ignore[attr-defined]
    else:
        log.warning("未找到 Qt 的中文翻译（%s），标准按钮将显示英文", folder)
    install_missing_phrases(app)


def _show_uncaught(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    """Errors escaping a slot: logged with traceback, shown in Chinese, the program keeps running."""
    log.error("界面中未处理的异常", exc_info=(kind, error, tb))
    if QApplication.instance() is not None:
        QMessageBox.critical(None, "出现意外错误", error_text(error))


def open_services(
    data_dir: DataDir, database_url: str | None, password: str | None = None
) -> tuple[Any, Any]:
    """Open the database (migrating it) and build the services; safe to run off the GUI thread.

    A server's password is the one given, else the remembered one (never the settings file's).
    """
    from core import database_url as urls
    from core.db import open_database
    from core.services import Services
    from core.settings import Settings

    settings = Settings.load(data_dir.settings_file)
    url = database_url or settings.database_url or None
    if url:
        url = urls.with_password(url, password) if password else urls.connect_url(url)
    database = open_database(data_dir, url)
    services = Services.over(database)
    if not database.read_only:  # a read-only data folder keeps its keys; searches still work
        try:
            services.units.refresh_pinyin_keys()  # once after an upgrade that reads names differently
        except Exception:  # derived data: the records open all the same, found by name until next time
            log.warning("未能按新的读音规则重新计算拼音排序键", exc_info=True)
    return services, settings


def make_context(data_dir: DataDir, services: Any, settings: Any) -> AppContext:
    """The window's shared state; a QObject, so made on the GUI thread."""
    from gui.context import AppContext
    from gui.state import GuiState

    return AppContext(services, data_dir, settings, GuiState(data_dir.root / "gui.ini"))


def build_context(data_dir: DataDir, database_url: str | None) -> AppContext:
    return make_context(data_dir, *open_services(data_dir, database_url))


def run_gui(
    data_dir_arg: str | None,
    database_url: str | None,
    *,
    open_files: Sequence[Path] = (),
    when_shown: AppHook | None = None,
    when_ready: AppHook | None = None,
) -> int:
    """Open the window and run until it closes.

    open_files: spreadsheets and old reports to import once the data is shown (dragged onto the program's
    icon). when_shown runs once the (still empty) window is on screen, when_ready once it shows the data;
    without when_ready (and without open_files) an empty database gets the demo-data offer.
    """
    data_dir = prepare_data_dir(data_dir_arg)
    if data_dir is None:
        return 2
    open_files = [given_path(path) for path in open_files]  # the running window's folder is another
    app = make_application()
    instance = SingleInstance(data_dir)
    if not instance.claim():
        handed = hand_over(instance, list(open_files))
        if handed is not None:
            return handed
    # From here on an unexpected error is logged and shown in Chinese with the log's path (a packaged
    # windowed program has no console, and PyInstaller's own crash dialog is English and logs nothing).
    sys.excepthook = _show_uncaught
    window = show_window()
    if window is None:
        instance.release()
        return 3
    start = StartUp(app, window, data_dir, database_url, open_files, when_ready, instance)
    if when_shown is not None:
        QTimer.singleShot(0, lambda: when_shown(app))
    # Started once the window has been painted: the worker's imports would otherwise hold the GIL first.
    QTimer.singleShot(0, start.start_opening)
    QTimer.singleShot(LISTEN_AFTER_MS, start.listen)  # or as soon as the data is shown
    code = app.exec()
    instance.stop_listening()  # the window is gone: a start meanwhile waits for the folder, not for it
    wait_for_all(QUIT_WAIT_MS)  # e.g. the database still opening when the window was closed
    # Delete the window and its dialogs now, in Qt's order, while the application still exists; left to
    # the interpreter's exit they were destroyed in any order ("shared QObject was deleted directly",
    # then a segmentation fault).
    for widget in QApplication.topLevelWidgets():
        widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    start.close()
    instance.release()
    log.info("程序退出，状态 %s", code)
    return code


def prepare_data_dir(data_dir_arg: str | None) -> DataDir | None:
    """The data directory, created, with the log set up (in a temporary folder when it cannot be
    written); None, after telling the user, when it cannot even be created."""
    data_dir = DataDir.resolve(data_dir_arg)
    too_long = data_dir.too_long()
    if too_long:
        make_application()
        QMessageBox.critical(None, "无法使用数据目录", f"{too_long}\n\n可以用 --data-dir 指定另一个目录。")
        return None
    try:
        data_dir.create()
    except OSError as error:  # e.g. portable mode on a read-only medium without its data folder
        from core.files import why_not_written

        make_application()
        QMessageBox.critical(
            None,
            "无法使用数据目录",
            f"无法创建数据目录“{data_dir.root}”：{why_not_written(data_dir.root, error)}\n\n"
            "可以用 --data-dir 指定一个可写的目录。",
        )
        return None
    log_path = setup_logging(data_dir.logs)
    set_log_path(str(log_path) if log_path else "")
    data_dir.log_moved()
    return data_dir


def hand_over(instance: SingleInstance, files: list[Path]) -> int | None:
    """Another window has the data folder: bring it forward (with the files to open), or say who has it;
    None when that window finished closing meanwhile and this start has the folder."""
    if instance.held_elsewhere:
        QMessageBox.warning(
            None,
            "数据正在被另一台电脑使用",
            f"数据目录“{instance.data_dir.root}”正在被另一台电脑（{instance.owner[1]}）上的 HonourDesk 使用。"  # type: ignore[index]
            "\n\n放在网络文件夹中的数据同一时间只能由一台电脑打开；多台电脑共用同一套档案，请改用 PostgreSQL "
            "服务器（“文件 → 设置”中的数据库地址）。\n\n如果那台电脑上的程序已经关闭（如死机后重启），"
            f"请删除“{instance.data_dir.lock_file}”后再打开。",
        )
        return 2
    if instance.hand_over(files):
        log.info("程序已在运行，已请它显示窗口")
        return 0
    if instance.claimed_late:
        log.info("之前的窗口刚刚关闭，打开新窗口")
        return None
    pid = instance.owner[0] if instance.owner else 0
    QMessageBox.warning(
        None,
        "HonourDesk 已在运行",
        f"HonourDesk 已经在使用这个数据目录（进程 {pid}），但没有回应。\n\n"
        "如果这台电脑上还登录着另一位 Windows 用户，可能是他正在使用这个数据目录（同一时间只能由一人打开）："
        "请他关闭程序后再试。\n\n否则请稍候再试；如果程序已无响应，可以在任务管理器中结束它。",
    )
    return 2


def show_window() -> MainWindow | None:
    try:
        window = MainWindow()
        window.show()
    except Exception as error:
        _show_uncaught(type(error), error, error.__traceback__)
        return None
    return window


def show_usage_error(text: str) -> None:
    """A usage error of the windowed program (no console to print it to), in a message box."""
    make_application()
    QMessageBox.warning(None, f"{APP_NAME} 命令行参数有误", text)


class StartUp:
    """Opening the database off the GUI thread once the window is shown, and what follows: the data
    in the window, a dragged spreadsheet's import, or the choice when a server cannot be reached."""

    def __init__(
        self,
        app: QApplication,
        window: MainWindow,
        data_dir: DataDir,
        database_url: str | None,
        open_files: Sequence[Path],
        when_ready: AppHook | None,
        instance: SingleInstance,
    ) -> None:
        self.app, self.window, self.data_dir, self.instance = app, window, data_dir, instance
        self.listening = False
        self.url, self.password = database_url, None
        self.pending: list[Path] = list(open_files)
        self.when_ready = when_ready
        self.opened: list[AppContext] = []

    def start_opening(self) -> None:
        BackgroundOp(
            self.window,
            lambda _progress: open_services(self.data_dir, self.url, self.password),
            "正在打开数据库…",
            cancellable=False,
            show_dialog=False,
        ).success(self.ready).failure(self.failed).run_in_background()

    def listen(self) -> None:
        """Answer later starts; after the data is shown (QtNetwork's import then costs the start nothing)."""
        if not self.listening:
            self.listening = True
            self.instance.listen(self.requested)

    def ready(self, result: tuple[Any, Any]) -> None:
        if not self.window.isVisible():  # closed (Ctrl+Q) while the database was opening
            result[0].db.dispose()
            return
        context = make_context(self.data_dir, *result)
        self.opened.append(context)
        self.window.attach(context)
        fill_pending_keys(context)  # units the command line imported since the last start
        QTimer.singleShot(0, lambda: warn_about_location(self.window, context))
        QTimer.singleShot(0, lambda: warn_about_clock(self.window, context))
        QTimer.singleShot(0, lambda: warn_about_program_place(self.window))
        QTimer.singleShot(LISTEN_AFTER_READY_MS, self.listen)  # not in the way of the first paint
        if self.pending:
            QTimer.singleShot(0, self.open_pending)
        elif self.when_ready is None:
            QTimer.singleShot(0, self.window.offer_demo_if_empty)
        if self.when_ready is not None:
            hook = self.when_ready
            QTimer.singleShot(0, lambda: hook(self.app))

    def requested(self, files: list[Path]) -> None:
        """A later start asked for the window (and perhaps to import a spreadsheet)."""
        window = self.window
        if window.isMinimized():
            window.showNormal()
        window.raise_()
        window.activateWindow()
        self.pending.extend(files)
        if self.opened and files:
            QTimer.singleShot(0, self.open_pending)

    def open_pending(self) -> None:
        """Each spreadsheet through the import wizard, then the old reports together (导入往年材料)."""
        from core.oldreports.reader import SUFFIXES as REPORT_SUFFIXES

        files, self.pending = self.pending, []
        reports = [path for path in files if path.suffix.lower() in REPORT_SUFFIXES]
        for path in files:
            if path not in reports:
                self.window.import_file(path)
        if reports:
            self.window.import_reports(reports)

    def failed(self, error: BaseException) -> None:
        from core.db import ServerUnreachable

        log.error("无法打开数据库", exc_info=error)
        if isinstance(error, ServerUnreachable):
            self.retry_or_switch(error)
            return
        QMessageBox.critical(
            self.window, "无法打开数据库", f"{error_text(error)}\n\n数据目录：{self.data_dir.root}"
        )
        self.app.exit(1)

    def retry_or_switch(self, error: BaseException) -> None:
        from core.db import sqlite_url
        from core.settings import Settings
        from gui.database_dialogs import Unreachable, ask_when_unreachable

        url = self.url or Settings.load(self.data_dir.settings_file).database_url
        choice, password = ask_when_unreachable(self.window, error, url)
        if choice is Unreachable.QUIT:
            self.app.exit(1)
            return
        if choice is Unreachable.LOCAL:  # for this session; the settings keep the server
            self.url, self.password = sqlite_url(self.data_dir.database), None
        else:
            self.password = password or self.password
        self.start_opening()

    def close(self) -> None:
        for context in self.opened:
            context.services.db.dispose()
