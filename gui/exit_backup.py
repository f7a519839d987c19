"""The backup made when the window closes, off the GUI thread: on a big database it takes seconds, and a
window that stops painting meanwhile is shown by Windows as 未响应 (and often killed by the user). A small
progress dialog appears when it takes longer than a moment; a failure is logged and never stops closing.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

if TYPE_CHECKING:
    from gui.context import AppContext

log = logging.getLogger(__name__)

SHOW_DIALOG_AFTER_MS = 500


class _Done(QObject):
    finished = Signal()


def backup_on_exit(parent: QWidget | None, context: AppContext) -> None:
    """Back up the local database (when the settings ask for it), keeping the window responsive."""
    database = context.services.db
    if not context.settings.backup_on_exit or database.sqlite_path is None or database.read_only:
        return
    if _running.is_set():  # closed again while the first close is still backing up
        return
    _running.set()
    try:
        _run(parent, database)
    finally:
        _running.clear()


_running = threading.Event()


def _run(parent: QWidget | None, database) -> None:  # type: ignore[no-untyped-def]
    done = _Done()
    loop = QEventLoop()
    done.finished.connect(loop.quit, Qt.ConnectionType.QueuedConnection)
    worker = threading.Thread(target=_work, args=(database, done), name="backup-on-exit", daemon=True)
    dialog = QProgressDialog("正在备份数据库，请稍候…", "", 0, 0, parent)
    dialog.setObjectName("exit_backup_progress")
    dialog.setWindowTitle("正在退出")
    dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(0)
    dialog.reset()  # not shown until the timer says so
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(dialog.show)
    timer.start(SHOW_DIALOG_AFTER_MS)
    worker.start()
    loop.exec()
    timer.stop()
    dialog.close()
    dialog.deleteLater()


def _work(database, done: _Done) -> None:  # type: ignore[no-untyped-def]
    from core.backup import backup_database

    try:
        backup_database(database, reason="exit")
    except Exception:
        log.exception("退出时自动备份失败")
    finally:
        done.finished.emit()
