"""The one path for errors: a Chinese message to the user, the traceback to the log."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QMessageBox, QWidget

from core.errors import UserError
from core.progress import Cancelled

log = logging.getLogger("honourdesk.gui")

_log_path: str = ""


def set_log_path(path: str) -> None:
    global _log_path
    _log_path = path


def error_text(error: BaseException) -> str:
    """What the user reads: a UserError's message, a storage failure told in Chinese (core.db_errors),
    else only that something unexpected happened — never the SQL or a library's English text."""
    explained = _explained(error)
    if explained is not None:
        return explained.message
    where = f"\n\n详细信息已记录到日志文件：\n{_log_path}" if _log_path else ""
    return f"出现意外错误，操作未完成。{where}"


def _explained(error: BaseException) -> UserError | None:
    from core.db_errors import explain

    return explain(error)


def show_error(parent: QWidget | None, error: BaseException, title: str = "无法完成") -> None:
    """Tell the user what went wrong; log anything that is not an ordinary user error."""
    if isinstance(error, Cancelled):
        return
    explained = _explained(error)
    if explained is not None:
        log.info("%s：%s", title, explained.message, exc_info=None if explained is error else error)
        QMessageBox.warning(parent, title, explained.message)
    else:
        log.error("界面操作出错", exc_info=error)
        QMessageBox.critical(parent, "出现意外错误", error_text(error))
