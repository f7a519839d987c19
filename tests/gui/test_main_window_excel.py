"""Excel in and out from the main window: the import menu, dropping a file, exporting."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QFileDialog

from core.db import open_database
from core.importing.apply import apply_import
from core.importing.register import read_register
from core.paths import DataDir
from core.services import Services
from gui import import_wizard
from gui.context import AppContext
from gui.main_window import MainWindow
from gui.ops import BackgroundOp
from tests.core.importing import registers


@pytest.fixture
def opened_wizards(monkeypatch: pytest.MonkeyPatch) -> list[Path | None]:
    """Record the wizards the window opens instead of running their event loop."""
    opened: list[Path | None] = []

    class RecordingWizard:
        def __init__(self, context: AppContext, path: Path | None = None, parent: object = None) -> None:
            opened.append(path)

        def exec(self) -> int:
            return 0

        def deleteLater(self) -> None:  # the window deletes a dialog once it is closed
            pass

    monkeypatch.setattr(import_wizard, "ImportWizard", RecordingWizard)
    return opened


def test_import_menu_opens_the_wizard(qtbot, window: MainWindow, opened_wizards: list) -> None:  # type: ignore[no-untyped-def]
    assert window.actions.import_file.isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert opened_wizards == [None]


def test_dropping_a_register_on_the_window_opens_the_wizard_with_it(
    qtbot, window: MainWindow, opened_wizards: list, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    path = registers.honour_register(tmp_path / "荣誉登记表.xlsx")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    drop = QDropEvent(
        QPointF(100, 100),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(drop)  # what Qt calls when the file is let go over the window
    assert drop.isAccepted()
    qtbot.waitUntil(lambda: opened_wizards == [path])


def test_dropping_something_else_is_ignored(
    qtbot, window: MainWindow, opened_wizards: list, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    other = tmp_path / "照片.png"
    other.write_bytes(b"png")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(other))])
    drop = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(drop)
    qtbot.wait(50)
    assert opened_wizards == []


def test_export_all_writes_a_workbook_that_imports_back(
    qtbot, window: MainWindow, services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    apply_import(services.db, read_register(registers.honour_register(tmp_path / "r.xlsx")))
    target = tmp_path / "导出"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.actions.export_all.trigger()
    qtbot.waitUntil(lambda: not BackgroundOp.running)
    written = target.with_suffix(".xlsx")
    assert written.exists() and "已导出单位 4 个、荣誉 5 项" in window.statusBar().currentMessage()

    other = Services.over(open_database(DataDir(tmp_path / "other").create()))
    apply_import(other.db, read_register(written, "单位"))
    result = apply_import(other.db, read_register(written, "荣誉"))
    assert result.counts["honours_created"] == 5 and result.counts["units_created"] == 0
    other.db.dispose()


def test_export_of_the_filtered_honours(
    qtbot, window: MainWindow, services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    apply_import(services.db, read_register(registers.honour_register(tmp_path / "r.xlsx")))
    window.context.changed("all")
    window.unit_list.search.setText("东鲁")
    window.unit_list.refresh()
    target = tmp_path / "东鲁.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.actions.export_honours.trigger()
    qtbot.waitUntil(lambda: not BackgroundOp.running)
    register = read_register(target)
    assert [row.honour["title"] for row in register.rows] == ["人民满意派出所"]


def test_import_history_page_is_a_tab(window: MainWindow) -> None:
    assert window.pages.tabText(3) == "导入记录"
