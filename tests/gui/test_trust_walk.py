"""A clerk's look round the demo data changes nothing: every unit walked with the keyboard, every tab and
page shown, every dialog opened and left with Esc, and afterwards every record of every table is as it
was, and no “尚未保存” question was asked.

Writes that are allowed without a change by the user, named here so that no other write hides behind
them:
- the built-in templates' rows, inserted once when templates are first listed (the program's own
  records, as at installation); the test registers them before it starts, so any later write is caught;
- the pinyin search keys of units an import left without them, filled in the background; the demo data
  has them, so here they are not written either.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import zip_longest
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import select

from core.demo import load_demo
from core.models import Base
from core.reports.library import TemplateLibrary
from core.services import Services
from gui.context import AppContext
from gui.main_window import MainWindow
from tests.gui.dialogs import on_next_dialog
from tests.gui.test_untouched_fields import click, click_row

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
Dump = dict[str, list[tuple[Any, ...]]]


def every_record(services: Services) -> Dump:
    """Every row of every table, in primary-key order."""
    with services.db.session() as session:
        return {
            table.name: [
                tuple(row)
                for row in session.execute(select(table).order_by(*table.primary_key.columns)).all()
            ]
            for table in Base.metadata.sorted_tables
        }


def changed_tables(before: Dump, after: Dump) -> dict[str, str]:
    return {
        name: f"{len(before[name])} → {len(after[name])} 行，"
        f"第一处不同：{next((a, b) for a, b in zip_longest(before[name], after[name]) if a != b)}"
        for name in before
        if before[name] != after[name]
    }


def settle() -> None:
    from gui import ops

    for pool in (QThreadPool.globalInstance(), ops._writers):
        if pool is not None:
            pool.waitForDone(20000)
    QApplication.processEvents()


@pytest.fixture
def demo_window(qtbot, context: AppContext, services: Services) -> MainWindow:  # type: ignore[no-untyped-def]
    load_demo(services)
    main = MainWindow(context)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    settle()
    return main


def leave_with_escape(qtbot, open_it: Callable[[], object], seen: list[str]) -> None:  # type: ignore[no-untyped-def]
    """open_it() opens a modal dialog; the dialog, once active, is left with Esc on its focused widget."""

    def leave(dialog: QWidget) -> None:
        seen.append(dialog.windowTitle())
        qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)

    problems = on_next_dialog(qtbot, leave)
    open_it()
    settle()
    assert problems == []
    window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
    window.activateWindow()  # as Windows does when a modal dialog closes (the offscreen screen does not)
    qtbot.waitUntil(window.isActiveWindow)


def press(qtbot, key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(QApplication.focusWidget(), key, modifiers)


def walk_units(qtbot, window: MainWindow) -> int:  # type: ignore[no-untyped-def]
    """Down the unit list with the arrow key; at each unit every tab, and Tab through every field."""
    table = window.unit_list.table
    details = window.details
    walked = 0
    click_row(qtbot, table, 0)
    for row in range(table.model().rowCount()):
        if row:
            click(qtbot, table) if QApplication.focusWidget() is not table else None
            press(qtbot, Qt.Key.Key_Down)
        qtbot.waitUntil(lambda row=row: table.currentIndex().row() == row)
        for tab in range(details.count()):
            bar = details.tabBar()
            qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(tab).center())
            assert details.currentIndex() == tab
        details.setCurrentWidget(window.unit_form)
        click(qtbot, window.unit_form.form.editors["name"])
        for _ in range(len(window.unit_form.form.editors) + 2):
            press(qtbot, Qt.Key.Key_Tab)
        assert not window.unit_form.dirty, window.unit_form.heading.text()
        assert not window.materials_tab.dirty, window.unit_form.heading.text()
        walked += 1
    return walked


def test_looking_round_the_demo_data_changes_no_record(
    qtbot,
    demo_window: MainWindow,
    services: Services,
    no_modal_dialogs: list[tuple[str, str]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = demo_window
    TemplateLibrary(services.db).ensure_builtins()
    before = every_record(services)
    assert sum(map(len, before.values())) > 100  # the demo data is there

    assert walk_units(qtbot, window) == len(before["units"]) > 10
    for key in (Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4, Qt.Key.Key_1):  # 统计概览, 回收站, 导入记录, back
        press(qtbot, key, CTRL)
    settle()

    seen: list[str] = []
    click_row(qtbot, window.unit_list.table, 0)
    window.details.setCurrentWidget(window.honours_tab)
    honours = window.honours_tab.table
    click_row(qtbot, honours, 0)
    leave_with_escape(qtbot, lambda: press(qtbot, Qt.Key.Key_Return), seen)  # an honour, to edit
    leave_with_escape(qtbot, lambda: press(qtbot, Qt.Key.Key_N, CTRL | SHIFT), seen)  # a new honour
    click_row(qtbot, window.unit_list.table, 0)
    for key, modifiers in (
        (Qt.Key.Key_G, CTRL),  # 生成汇报
        (Qt.Key.Key_T, CTRL),  # 模板管理
        (Qt.Key.Key_Comma, CTRL),  # 设置
        (Qt.Key.Key_P, CTRL | SHIFT),  # 打印预览
        (Qt.Key.Key_F1, Qt.KeyboardModifier.NoModifier),  # 使用说明
    ):
        leave_with_escape(qtbot, lambda key=key, modifiers=modifiers: press(qtbot, key, modifiers), seen)
    for entry in ("批量设置类别…", "批量设置地区…", "关于"):
        leave_with_escape(qtbot, window_action(window, entry).trigger, seen)
    leave_with_escape(qtbot, lambda: window_action(window, "按表彰文件批量录入").trigger(), seen)
    leave_with_escape(qtbot, lambda: window_action(window, "记录复查结果").trigger(), seen)
    seen.append(import_to_preview(qtbot, window, tmp_path))
    seen.append(certificates_to_review(qtbot, window, tmp_path, monkeypatch))
    click_row(qtbot, window.unit_list.table, 0)
    seen.append(old_report_to_review(qtbot, window, tmp_path))
    seen.append(backup_then_restore_to_its_question(qtbot, window, tmp_path, monkeypatch, no_modal_dialogs))
    for page in range(window.pages.count()):
        window.pages.setCurrentIndex(page)
        QApplication.processEvents()
    settle()

    assert len(seen) >= 15, seen
    assert [text for kind, text in no_modal_dialogs if kind in ("unsaved", "question")] == []
    assert changed_tables(before, every_record(services)) == {}


def window_action(window: MainWindow, words: str):  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QAction

    from gui.access_keys import plain_text

    return next(a for a in window.findChildren(QAction) if words in plain_text(a.text()))


def import_to_preview(qtbot, window: MainWindow, folder: Path) -> str:  # type: ignore[no-untyped-def]
    """The import wizard on a small register, on to its preview page, left there with Esc."""
    from PySide6.QtWidgets import QWizard

    from gui.ops import BackgroundOp
    from tests.gui.test_import_wizard import PAGE_MAPPING, PAGE_PREVIEW, honour_register

    path = honour_register(folder / "荣誉登记表.xlsx")

    def to_the_preview(wizard: QWidget) -> None:
        for page in (PAGE_MAPPING, PAGE_PREVIEW):
            qtbot.keyClick(
                QApplication.focusWidget() or wizard, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier
            )
            qtbot.waitUntil(lambda page=page: wizard.currentId() == page, timeout=30000)
            qtbot.waitUntil(lambda: not BackgroundOp.running, timeout=30000)
        reached.append(wizard.currentId())
        qtbot.keyClick(QApplication.focusWidget() or wizard, Qt.Key.Key_Escape)

    reached: list[int] = []
    problems = on_next_dialog(qtbot, to_the_preview, kind=QWizard)
    window.import_file(path)
    assert problems == [] and reached == [PAGE_PREVIEW]
    return "导入向导"


def certificates_to_review(qtbot, window: MainWindow, folder: Path, monkeypatch) -> str:  # type: ignore[no-untyped-def]
    """荣誉 → 从证书识别 on two pictures, through the worker, to the review dialog, left with Esc. The
    recogniser is the small-screen script's lines (no engine needed): what is read is not the point."""
    from core.certificates import engine
    from gui.certificate_dialog import start
    from tests.gui.small_screen import certificate_dialog

    made = certificate_dialog(window.context, folder)  # its results, built here: widgets only here
    results = made.results
    made.deleteLater()
    monkeypatch.setattr(start, "read_certificates", lambda *_a, **_k: results)
    monkeypatch.setattr(engine, "available", lambda: True)
    tab = window.honours_tab
    window.details.setCurrentWidget(tab)
    tab.recognise_certificates([folder / "证书.png"])
    with qtbot.waitSignal(tab.recognition.dialog_opened, timeout=30000) as opened:
        pass
    dialog = opened.args[0]
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    title = dialog.windowTitle()
    with qtbot.waitSignal(dialog.finished, timeout=5000):
        press(qtbot, Qt.Key.Key_Escape)
    settle()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return title


def old_report_to_review(qtbot, window: MainWindow, folder: Path) -> str:  # type: ignore[no-untyped-def]
    """导入往年材料 on a school's report, read and shown for review, left with Esc."""
    from gui.oldreport_wizard import OldReportDialog
    from tests.core.oldreports.written import SCHOOL, write_docx

    path = write_docx(folder / SCHOOL[0], SCHOOL[1])
    reached: list[int] = []

    def review(dialog: QWidget) -> None:
        qtbot.waitUntil(lambda: dialog.honours.rowCount() > 0, timeout=30000)
        reached.append(dialog.honours.rowCount())
        press(qtbot, Qt.Key.Key_Escape)

    problems = on_next_dialog(qtbot, review, kind=OldReportDialog)
    window.import_reports([path])
    settle()
    assert problems == [] and reached and reached[0] > 0
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return "导入往年材料"


def backup_then_restore_to_its_question(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, folder: Path, monkeypatch, shown: list[tuple[str, str]]
) -> str:
    """文件 → 备份数据库 to a file, then 从备份恢复 from it, answered 否 at its question."""
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    backup = folder / "备份.db"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(backup), "")))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(backup), "")))
    with qtbot.waitSignal(window.statusBar().messageChanged, timeout=30000):
        window.actions.backup.trigger()
    settle()
    assert backup.stat().st_size > 0
    asked: list[str] = []
    no = QMessageBox.StandardButton.No
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda _p, _t, text, *a, **k: asked.append(text) or no)
    )
    window.actions.restore.trigger()
    settle()
    assert len(asked) == 1 and "替换当前的全部数据" in asked[0]
    return "从备份恢复"
