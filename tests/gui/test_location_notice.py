"""A database in OneDrive (or another sync folder, or on a share) is warned about in the window and where
a database file is chosen, and nothing is refused: the window stays usable while the warning shows.
OneDrive's folder is given through its own environment variable, as Windows sets it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from core.db import sqlite_url
from gui.context import AppContext
from gui.database_dialogs import CopyDatabaseDialog
from gui.dialogs import SettingsDialog
from gui.location_notice import warn_about_location
from tests.gui.test_clerk_desk import type_chinese


@pytest.fixture
def in_onedrive(monkeypatch: pytest.MonkeyPatch, context: AppContext) -> Path:
    """OneDrive's folder is the one holding the test's data directory."""
    folder = context.data_dir.root.parent
    monkeypatch.setenv("OneDrive", str(folder))
    return folder


def test_a_database_in_onedrive_is_warned_about_without_stopping_the_window(
    qtbot, window, context: AppContext, in_onedrive: Path
) -> None:  # type: ignore[no-untyped-def]
    box = warn_about_location(window, context)
    assert box is not None
    qtbot.waitExposed(box)
    assert not box.isModal() and box.windowModality() == Qt.WindowModality.NonModal
    assert "OneDrive 同步文件夹" in box.text() and str(context.services.db.sqlite_path) in box.text()
    assert "PostgreSQL" in box.text()
    mark = window.statusBar().findChild(QLabel, "location_risk")
    assert mark is not None and mark.isVisible() and "OneDrive" in mark.toolTip()
    # The clerk goes on searching while the warning is up.
    qtbot.mouseClick(window.unit_list.search, Qt.MouseButton.LeftButton)
    type_chinese("荷花")
    assert window.unit_list.search.text() == "荷花"
    box.checkBox().setChecked(True)
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert not box.isVisible()
    assert (
        warn_about_location(window, context) is None
    )  # 不再提示 for this file; the status bar still says it
    assert window.statusBar().findChild(QLabel, "location_risk") is not None


def test_a_local_database_gets_no_warning(window, context: AppContext) -> None:  # type: ignore[no-untyped-def]
    assert warn_about_location(window, context) is None
    assert window.statusBar().findChild(QLabel, "location_risk") is None


def test_choosing_a_database_file_in_a_sync_folder_is_warned_about_and_still_saved(
    qtbot, context: AppContext, tmp_path: Path, no_modal_dialogs
) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    warning = dialog.database.location_warning
    assert not warning.isVisible()
    dialog.database.url.setText(sqlite_url(tmp_path / "我的坚果云" / "档案.db"))
    assert warning.isVisible() and "坚果云 同步文件夹" in warning.text()
    dialog.database.url.setText(sqlite_url(tmp_path / "档案.db"))
    assert not warning.isVisible()
    dialog.database.url.setText(sqlite_url(tmp_path / "我的坚果云" / "档案.db"))
    dialog.accept()
    assert "我的坚果云" in context.settings.database_url  # warned, never refused


def test_a_copy_target_in_a_sync_folder_is_warned_about_as_it_is_typed(
    qtbot, context: AppContext, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    dialog = CopyDatabaseDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.mouseClick(dialog.target.url, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.target.url)
    type_chinese(str(tmp_path / "BaiduSyncdisk" / "副本.db"))
    assert dialog.target.location_warning.isVisible()
    assert "百度网盘同步盘 同步文件夹" in dialog.target.location_warning.text()
