"""Start-up warnings, the window staying usable: a PC whose date is clearly wrong (a flat CMOS battery's
2008 at every start; a clock behind the newest backup until the clerk says it is right), and the program
double-clicked inside an archive's window (its temporary folder is deleted with it)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox

from core import paths, system_date
from gui.context import AppContext
from gui.start_notices import warn_about_clock, warn_about_program_place
from tests.gui.test_clerk_desk import type_chinese


def set_clock(monkeypatch: pytest.MonkeyPatch, now: dt.datetime) -> None:
    monkeypatch.setattr(system_date, "_now", lambda: now)


def test_a_pc_in_2008_is_told_at_every_start_without_stopping_the_window(
    qtbot, window, context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    set_clock(monkeypatch, dt.datetime(2008, 1, 1, 8, 2))
    box = warn_about_clock(window, context)
    assert box is not None
    qtbot.waitExposed(box)
    assert not box.isModal() and box.windowModality() == Qt.WindowModality.NonModal
    assert "这台电脑的日期是2008年1月1日" in box.text() and "日期和时间" in box.text()
    assert box.checkBox() is None  # nothing to dismiss: the date cannot be right
    mark = window.statusBar().findChild(QLabel, "clock_wrong")
    assert mark is not None and mark.isVisible() and "2008年1月1日" in mark.toolTip()
    qtbot.mouseClick(window.unit_list.search, Qt.MouseButton.LeftButton)
    type_chinese("荷花")  # the clerk goes on while the warning is up
    assert window.unit_list.search.text() == "荷花"
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert not box.isVisible()
    assert warn_about_clock(window, context) is not None  # the next start tells it again


def test_a_clock_behind_the_newest_backup_may_be_stopped_for_that_time(
    qtbot, window, context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    backups = context.data_dir.backups
    backups.mkdir(parents=True, exist_ok=True)
    (backups / "honourdesk-20261130-214329-205122-before-import.db").write_bytes(b"")
    set_clock(monkeypatch, dt.datetime(2026, 5, 4, 9, 0))
    box = warn_about_clock(window, context)
    assert box is not None
    qtbot.waitExposed(box)
    assert "最新自动备份的时间（2026年11月30日）" in box.text()
    qtbot.mouseClick(box.checkBox(), Qt.MouseButton.LeftButton)
    assert box.checkBox().isChecked()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert warn_about_clock(window, context) is None  # not again for that backup's time
    assert window.statusBar().findChild(QLabel, "clock_wrong") is not None  # the status bar still says it
    (backups / "honourdesk-20261201-080000-000000-exit.db").write_bytes(b"")
    assert warn_about_clock(window, context) is not None  # a newer time is told again


def test_a_right_clock_gets_no_warning(window, context: AppContext) -> None:  # type: ignore[no-untyped-def]
    assert warn_about_clock(window, context) is None
    assert window.statusBar().findChild(QLabel, "clock_wrong") is None


def test_a_program_started_inside_an_archives_window_is_told_to_be_unpacked_first(
    qtbot, window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    program = tmp_path / "Temp" / "Temp1_HonourDesk-0.1.0-windows-x64.zip" / "HonourDesk"
    monkeypatch.setattr(paths, "program_dir", lambda: program)
    box = warn_about_program_place(window)
    assert box is not None
    qtbot.waitExposed(box)
    assert not box.isModal() and box.windowTitle() == "请先解压再运行"
    assert "Temp1_HonourDesk-0.1.0-windows-x64.zip" in box.text() and "解压到本机硬盘" in box.text()
    qtbot.mouseClick(window.unit_list.search, Qt.MouseButton.LeftButton)
    type_chinese("荷花")
    assert window.unit_list.search.text() == "荷花"
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert not box.isVisible()


def test_a_program_unpacked_properly_is_not_told(window) -> None:  # type: ignore[no-untyped-def]
    assert warn_about_program_place(window) is None
