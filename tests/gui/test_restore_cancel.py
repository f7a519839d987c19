"""Restoring from a backup in the window: the progress dialog's cancel button stops even a check that
would run for minutes (a crafted backup of hundreds of megabytes), and nothing is changed."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QProgressDialog, QPushButton

from core.backup import backup_database
from core.services import Services
from gui.main_window import MainWindow
from tests.core.test_restore import endless_check

pytestmark = pytest.mark.sqlite_only


def progress_dialog() -> QProgressDialog | None:
    shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()]
    return shown[0] if shown else None


def test_cancel_in_the_progress_dialog_stops_the_restore_and_changes_nothing(
    qtbot, window: MainWindow, services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    services.units.create({"name": "城关第一小学", "category": "学校"})
    backup = backup_database(services.db, tmp_path / "备份.db")
    services.units.create({"name": "城关第二小学", "category": "学校"})  # only in the live records
    started: list[str] = []
    endless_check(monkeypatch, started)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(backup), "")))

    window.actions.restore.trigger()
    qtbot.waitUntil(lambda: progress_dialog() is not None, timeout=10000)
    dialog = progress_dialog()
    assert dialog is not None and "正在检查备份文件" in dialog.labelText()
    with qtbot.waitSignal(window.statusBar().messageChanged, timeout=30000) as said:
        qtbot.mouseClick(dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)
    assert said.args == ["已取消恢复，当前数据库未改动。"]
    assert started == ["integrity_check"]
    assert progress_dialog() is None
    names = sorted(row.unit.name for row in services.units.list())
    assert names == ["城关第一小学", "城关第二小学"]
    assert not list(services.db.data_dir.backups.glob("*before-restore*"))
