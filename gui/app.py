"""Start the window: the data directory, the log, the database, then the main window."""

from __future__ import annotations

import logging
import sys
from types import TracebackType

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QMessageBox

from core import APP_NAME, __version__
from core.db import open_database
from core.logs import setup_logging
from core.paths import DataDir
from core.services import Services
from core.settings import Settings
from gui.context import AppContext
from gui.errors import error_text, set_log_path
from gui.state import GuiState

log = logging.getLogger(__name__)


def make_application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1] or [APP_NAME])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    if sys.platform == "win32":
        app.setFont(QFont("Microsoft YaHei UI", 9))
    return app  # type: ignore[return-value]


def _show_uncaught(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    """Errors escaping a slot: logged with traceback, shown in Chinese, the program keeps running."""
    log.error("界面中未处理的异常", exc_info=(kind, error, tb))
    if QApplication.instance() is not None:
        QMessageBox.critical(None, "出现意外错误", error_text(error))


def build_context(data_dir: DataDir, database_url: str | None) -> AppContext:
    settings = Settings.load(data_dir.settings_file)
    database = open_database(data_dir, database_url or settings.database_url or None)
    return AppContext(Services.over(database), data_dir, settings, GuiState(data_dir.root / "gui.ini"))


def run_gui(data_dir_arg: str | None, database_url: str | None) -> int:
    data_dir = DataDir.resolve(data_dir_arg).create()
    log_path = setup_logging(data_dir.logs)
    set_log_path(str(log_path))
    app = make_application()
    try:
        context = build_context(data_dir, database_url)
    except Exception as error:
        log.exception("无法打开数据库")
        QMessageBox.critical(None, "无法打开数据库", f"{error_text(error)}\n\n数据目录：{data_dir.root}")
        return 1
    sys.excepthook = _show_uncaught

    from gui.main_window import MainWindow

    window = MainWindow(context)
    window.show()
    QTimer.singleShot(0, window.offer_demo_if_empty)
    code = app.exec()
    context.services.db.dispose()
    log.info("程序正常退出")
    return code
