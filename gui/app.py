"""Start the window: the data directory and log, the window itself, then the database off the GUI thread.

The window appears before the database layer (SQLAlchemy, a large import) is loaded; it fills in
once the database is open.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from core import APP_NAME, __version__
from core.logs import setup_logging
from core.paths import DataDir, resource_path
from gui.errors import error_text, set_log_path
from gui.main_window import MainWindow
from gui.ops import BackgroundOp, wait_for_all

if TYPE_CHECKING:
    from gui.context import AppContext

log = logging.getLogger(__name__)

AppHook = Callable[[QApplication], None]
QUIT_WAIT_MS = 30000


def make_application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1] or [APP_NAME])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    _set_ui_font(app)
    _install_qt_translation(app)
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
    services.units.refresh_pinyin_keys()  # once after an upgrade that reads names differently
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
    when_shown: AppHook | None = None,
    when_ready: AppHook | None = None,
) -> int:
    """Open the window and run until it closes.

    when_shown runs once the (still empty) window is on screen, when_ready once it shows the
    data; without when_ready an empty database gets the demo-data offer.
    """
    try:
        data_dir = DataDir.resolve(data_dir_arg).create()
        set_log_path(str(setup_logging(data_dir.logs)))
    except OSError as error:  # e.g. portable mode on a read-only folder: there is nowhere to log to
        make_application()
        QMessageBox.critical(
            None,
            "无法使用数据目录",
            f"无法创建或写入数据目录：{error}\n\n可以用 --data-dir 指定一个可写的目录。",
        )
        return 3
    app = make_application()
    # From here on an unexpected error is logged and shown in Chinese with the log's path (a packaged
    # windowed program has no console, and PyInstaller's own crash dialog is English and logs nothing).
    sys.excepthook = _show_uncaught
    try:
        window = MainWindow()
        window.show()
    except Exception as error:
        _show_uncaught(type(error), error, error.__traceback__)
        return 3
    if when_shown is not None:
        QTimer.singleShot(0, lambda: when_shown(app))
    opened: list[AppContext] = []

    def ready(result: tuple[Any, Any]) -> None:
        if not window.isVisible():  # closed (Ctrl+Q) while the database was opening
            result[0].db.dispose()
            return
        context = make_context(data_dir, *result)
        opened.append(context)
        window.attach(context)
        if when_ready is not None:
            QTimer.singleShot(0, lambda: when_ready(app))
        else:
            QTimer.singleShot(0, window.offer_demo_if_empty)

    target: dict[str, str | None] = {"url": database_url, "password": None}

    def failed(error: BaseException) -> None:
        log.error("无法打开数据库", exc_info=error)
        from core.db import ServerUnreachable

        if isinstance(error, ServerUnreachable):
            retry_or_switch(error)
            return
        QMessageBox.critical(window, "无法打开数据库", f"{error_text(error)}\n\n数据目录：{data_dir.root}")
        app.exit(1)

    def retry_or_switch(error: BaseException) -> None:
        from core.db import sqlite_url
        from core.settings import Settings
        from gui.database_dialogs import Unreachable, ask_when_unreachable

        url = target["url"] or Settings.load(data_dir.settings_file).database_url
        choice, password = ask_when_unreachable(window, error, url)
        if choice is Unreachable.QUIT:
            app.exit(1)
            return
        if choice is Unreachable.LOCAL:  # for this session; the settings keep the server
            target["url"], target["password"] = sqlite_url(data_dir.database), None
        else:
            target["password"] = password or target["password"]
        start_opening()

    def start_opening() -> None:
        BackgroundOp(
            window,
            lambda _progress: open_services(data_dir, target["url"], target["password"]),
            "正在打开数据库…",
            cancellable=False,
            show_dialog=False,
        ).success(ready).failure(failed).run_in_background()

    # Started once the window has been painted: the worker's imports would otherwise hold the GIL first.
    QTimer.singleShot(0, start_opening)
    code = app.exec()
    wait_for_all(QUIT_WAIT_MS)  # e.g. the database still opening when the window was closed
    # Delete the window and its dialogs now, in Qt's order, while the application still exists; left to
    # the interpreter's exit they were destroyed in any order ("shared QObject was deleted directly",
    # then a segmentation fault).
    for widget in QApplication.topLevelWidgets():
        widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    for context in opened:
        context.services.db.dispose()
    log.info("程序退出，状态 %s", code)
    return code
