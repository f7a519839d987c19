"""The import wizard remembers the last register: it offers the file again and browses from its folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from gui.context import AppContext
from gui.import_wizard import PAGE_FILE, PAGE_SHEET
from tests.gui.test_import_wizard import go_next, honour_register, open_wizard, settle


def test_the_last_register_is_offered_and_browsing_starts_in_its_folder(
    qtbot, context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "2023年登记表"
    folder.mkdir()
    dropped = honour_register(folder / "荣誉登记表.xlsx")
    first = open_wizard(qtbot, context, dropped)  # dropped on the window: read at once
    assert first.currentId() == PAGE_SHEET
    first.reject()

    again = open_wizard(qtbot, context, None)
    page = again.file_page
    assert again.currentId() == PAGE_FILE and not page.isComplete()
    assert page.last_file_offer.isVisible()
    assert "荣誉登记表.xlsx" in page.last_file_label.text() and str(folder) in page.last_file_label.text()
    starts: list[str] = []
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda _p, _c, start, _f: starts.append(start) or ("", "")
    )
    qtbot.mouseClick(page.browse_button, Qt.MouseButton.LeftButton)
    assert starts == [str(folder)]

    qtbot.mouseClick(page.use_last_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert page.isComplete() and page.path_edit.text() == str(dropped.resolve())
    assert not page.last_file_offer.isVisible()
    go_next(qtbot, again, PAGE_SHEET)


def test_a_register_gone_since_is_not_offered(qtbot, context: AppContext, tmp_path: Path) -> None:
    path = honour_register(tmp_path / "荣誉登记表.xlsx")
    open_wizard(qtbot, context, path).reject()
    path.unlink()
    again = open_wizard(qtbot, context, None)
    assert not again.file_page.last_file_offer.isVisible()


def test_an_unreadable_file_is_not_offered(qtbot, context: AppContext, tmp_path: Path) -> None:
    good = honour_register(tmp_path / "荣誉登记表.xlsx")
    open_wizard(qtbot, context, good).reject()
    broken = tmp_path / "损坏.xlsx"
    broken.write_bytes(b"\x00\x01\x02 not a workbook \x00" * 20)
    open_wizard(qtbot, context, broken).reject()
    again = open_wizard(qtbot, context, None)
    assert "荣誉登记表.xlsx" in again.file_page.last_file_label.text()
