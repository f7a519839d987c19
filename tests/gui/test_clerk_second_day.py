"""What a clerk's first day in the real window asked for next: each test clicks and types as the clerk did."""

from __future__ import annotations

import gc
import os
import threading
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget
from sqlalchemy import func, select

from core.backup import backup_database
from core.changelog import local_time
from core.models import ChangeLog
from core.paths import DataDir
from core.services import Services
from gui.context import AppContext
from gui.main_window import MainWindow
from gui.oldreport_wizard import OldReportDialog
from gui.oldreport_wizard.dialog import HONOUR_HEADERS
from tests.core.oldreports.written import SCHOOL, write_docx
from tests.gui.test_layout import text_height
from tests.gui.test_main_window import when_dialog_opens
from tests.gui.test_untouched_fields import click_row

CTRL = Qt.KeyboardModifier.ControlModifier


def honours_of(qtbot, window: MainWindow, services: Services, **years: str):  # type: ignore[no-untyped-def]
    """宁波市荷花庄小学 with the honours (title=year), chosen in the list and its 荣誉 tab shown."""
    unit = services.units.create({"name": "宁波市荷花庄小学"})
    for title, year in years.items():
        services.honours.create(unit.id, {"title": title, "awarded": year})
    window.context.changed("all")
    click_row(qtbot, window.unit_list.table, 0)
    window.details.setCurrentWidget(window.honours_tab)
    return window.honours_tab.table


def test_ctrl_z_after_deleting_an_honour_selects_the_honour_that_came_back(
    qtbot, window: MainWindow, services: Services, no_modal_dialogs: list
) -> None:
    table = honours_of(qtbot, window, services, **{f"{y}年度先进集体": str(y) for y in range(1990, 2020)})
    table.scrollToBottom()  # the clerk scrolls down to an old honour
    click_row(qtbot, table, table.rowCount() - 3)
    assert QApplication.focusWidget() is table
    gone = window.honours_tab.selected_titles()
    with qtbot.waitSignal(window.context.changes_applied):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Delete)
    assert gone[0] not in [table.item(row, 1).text() for row in range(table.rowCount())]
    table.scrollToTop()
    click_row(qtbot, table, 0)  # the clerk looks elsewhere, then takes the deletion back

    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Z, CTRL)

    assert window.honours_tab.selected_titles() == gone
    row = table.currentRow()
    assert table.item(row, 1).text() == gone[0]
    assert table.viewport().rect().intersects(table.visualItemRect(table.item(row, 1)))


def test_the_honour_dialog_title_names_the_unit_when_adding_and_editing(
    qtbot, window: MainWindow, services: Services
) -> None:
    table = honours_of(qtbot, window, services, 市文明单位="2019")
    titles: list[str] = []

    def note_title(dialog: QWidget) -> None:
        titles.append(dialog.windowTitle())
        dialog.reject()

    when_dialog_opens(qtbot, note_title)
    qtbot.mouseClick(window.honours_tab.add_button, Qt.MouseButton.LeftButton)
    click_row(qtbot, table, 0)
    when_dialog_opens(qtbot, note_title)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)

    assert titles == ["添加荣誉 — 宁波市荷花庄小学", "编辑荣誉 — 宁波市荷花庄小学"]


def test_old_report_review_shows_each_honour_title_whole_over_more_lines(
    qtbot, context: AppContext, tmp_path: Path
) -> None:
    """1240×720, the honours tab beside the report's text: the titles were cut to four characters while
    授予单位 kept as much room; now a title the room cuts goes on over further lines of its row."""
    dialog = OldReportDialog(context, [write_docx(tmp_path / SCHOOL[0], SCHOOL[1])])
    qtbot.addWidget(dialog)
    dialog.resize(1240, 720)
    with qtbot.waitSignal(dialog.documents_read, timeout=20000):
        dialog.show()
    qtbot.waitExposed(dialog)
    tabs = dialog.tabs.tabBar()
    qtbot.mouseClick(
        tabs, Qt.MouseButton.LeftButton, pos=tabs.tabRect(dialog.tabs.indexOf(dialog.honours)).center()
    )
    table = dialog.honours
    assert table.isVisible() and table.rowCount() == 8
    title = HONOUR_HEADERS.index("称号")

    def readable() -> bool:
        return all(
            table.rowHeight(row) - 1 >= text_height(table, row, title) for row in range(table.rowCount())
        )

    qtbot.waitUntil(readable)


def test_the_restore_question_says_what_the_backup_holds_and_that_undo_is_cleared(
    qtbot, window: MainWindow, services: Services, tmp_path: Path, no_modal_dialogs: list, monkeypatch
) -> None:
    first = services.units.create({"name": "城关第一小学"})
    second = services.units.create({"name": "城关第二小学"})
    for title in ("市文明单位", "区先进集体"):
        services.honours.create(first.id, {"title": title, "awarded": "2019"})
    services.honours.create(second.id, {"title": "市平安校园", "awarded": "2020"})
    backup = backup_database(services.db, tmp_path / "备份.db")
    with services.db.session() as session:
        last_change = local_time(session.scalar(select(func.max(ChangeLog.at))))
    os.utime(backup, (datetime(2024, 3, 5, 9, 30).timestamp(),) * 2)  # a copy's time, not the data's
    services.units.create({"name": "城关第三小学"})  # only in the live records
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(backup), "")))

    with qtbot.waitSignal(window.context.changes_applied, timeout=30000):
        window.actions.restore.trigger()

    question = next(text for kind, text in no_modal_dialogs if kind == "question")
    assert "单位 2 个" in question and "荣誉 3 项" in question
    assert "备份文件保存于 2024年3月5日 09:30" in question
    assert (
        f"数据最后修改于 {last_change.year}年{last_change.month}月{last_change.day}日 {last_change:%H:%M}"
        in question
    )
    assert "撤销" in question
    assert sorted(row.unit.name for row in services.units.list()) == ["城关第一小学", "城关第二小学"]


def test_a_start_while_the_window_is_closing_opens_a_window_once_it_has_closed(
    qapp, tmp_path: Path, no_modal_dialogs: list, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """A clerk double-clicks the icon again while the closed window still finishes (its backup, its
    workers): the closing program no longer answers “bring your window forward” (it has none to show, so
    nothing appeared at all); the new start waits for the data folder and opens its own window."""
    from gui import single_instance
    from gui.app import run_gui

    data = DataDir(tmp_path / "data").create()
    closing = single_instance.SingleInstance(data)
    assert closing.claim()
    closing.listen(lambda files: None)
    closing.stop_listening()  # what run_gui does once its window has closed
    threading.Timer(0.6, closing.release).start()  # its last work done
    shown: list[str] = []

    def look(app) -> None:  # type: ignore[no-untyped-def]
        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
        shown.append(window.windowTitle())
        window.close()

    assert run_gui(str(data.root), None, when_ready=look) == 0
    assert shown == ["HonourDesk 单位荣誉档案与情况汇报"]
    assert not [text for kind, text in no_modal_dialogs if kind == "warning"]


def test_after_the_window_closes_the_last_collections_skip_the_days_objects(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Closing left the process 0.8 s (seconds on an office PC) with nothing on screen, the interpreter
    walking every object for its last garbage collections (py-spy: gc_collect_main); bench: 1.02 s → 0.28 s
    from Alt+F4 to the process's end after one report. Those objects are frozen once the window's run is
    over and all is saved (main.main, which then exits)."""
    import main
    from gui import app

    monkeypatch.setattr(app, "run_gui", lambda *a, **k: 0)
    try:
        assert main.main([]) == 0
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
