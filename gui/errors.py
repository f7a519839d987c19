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
    if isinstance(error, UserError):
        return error.message
    where = f"\n\n详细信息已记录到日志文件：\n{_log_path}" if _log_path else ""
    return f"出现意外错误：{error}{where}"


def show_error(parent: QWidget | None, error: BaseException, title: str = "无法完成") -> None:
    """Tell the user what went wrong; log anything that is not an ordinary user error."""
    if isinstance(error, Cancelled):
        return
    if isinstance(error, UserError):
        log.info("%s：%s", title, error.message)
        QMessageBox.warning(parent, title, error.message)
    else:
        log.error("界面操作出错", exc_info=error)
        QMessageBox.critical(parent, "出现意外错误", error_text(error))
