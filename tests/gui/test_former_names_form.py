"""Renaming a unit in the window keeps its old name as a 曾用名 (undone with the rename), and the clerk keeps
the list of former names in the unit form."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QPushButton

from core.services import Services
from gui.field_form import FormerNamesEditor
from gui.main_window import MainWindow
from tests.gui.test_clerk_desk import type_chinese
from tests.gui.test_untouched_fields import click, click_row

OLD, NEW = "武侯区第二小学", "武侯区棕北小学"


def former_editor(window: MainWindow) -> FormerNamesEditor:
    editor = window.unit_form.form.editors["former_names"]
    assert isinstance(editor, FormerNamesEditor)
    return editor


def shown_rows(editor: FormerNamesEditor) -> list[tuple[str, str]]:
    table = editor.table
    return [
        tuple(table.item(row, column).text() if table.item(row, column) else "" for column in (0, 1))  # type: ignore[misc]
        for row in range(table.rowCount())
    ]


def button(editor: FormerNamesEditor, text: str) -> QPushButton:
    return next(b for b in editor.findChildren(QPushButton) if b.text() == text)


def press(qtbot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def type_text(qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    """Digits by key, Chinese as the input method commits it."""
    if text.isascii():
        qtbot.keyClicks(QApplication.focusWidget(), text)
    else:
        type_chinese(text)


def when_asked(qtbot, answer: Callable[[], None], asked: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Answer the rename question, once it is shown, with the keys answer() presses."""

    def step() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or not dialog.isAncestorOf(QApplication.focusWidget()):
            QTimer.singleShot(20, step)  # until it is shown and has the keyboard
            return
        try:
            asked.append(dialog.windowTitle())
            answer()
        finally:
            if dialog.isVisible():
                dialog.reject()  # not left open on a failed step

    QTimer.singleShot(0, step)


def rename_in_form(qtbot, window: MainWindow, new: str, answer: Callable[[], None]) -> list[str]:  # type: ignore[no-untyped-def]
    asked: list[str] = []
    click(qtbot, window.unit_form.form.editors["name"])
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, new)
    when_asked(qtbot, answer, asked)
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    return asked


def test_a_rename_keeps_the_old_name_this_year_and_undo_takes_both_back(
    qtbot, window: MainWindow, services: Services
) -> None:
    unit = services.units.create({"name": OLD, "category": "学校"})
    window.context.changed("all")
    click_row(qtbot, window.unit_list.table, 0)
    year = str(dt.date.today().year)

    asked = rename_in_form(
        qtbot, window, NEW, lambda: press(qtbot, Qt.Key.Key_Return)
    )  # this year, as offered
    assert asked == ["单位名称已修改"]

    stored = services.units.get(unit.id)
    assert (stored.name, stored.former_names) == (NEW, [{"name": OLD, "until": year}])
    assert shown_rows(former_editor(window)) == [(OLD, year)]
    assert window.unit_form.heading.text() == NEW
    step = window.context.undo_stack.undoText()
    click_row(qtbot, window.unit_list.table, 0)  # out of the text field: Ctrl+Z is the window's

    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    stored = services.units.get(unit.id)
    assert (stored.name, stored.former_names) == (OLD, [])
    assert shown_rows(former_editor(window)) == []
    assert window.statusBar().currentMessage() == f"已撤销：{step}"

    press(qtbot, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    stored = services.units.get(unit.id)
    assert (stored.name, stored.former_names) == (NEW, [{"name": OLD, "until": year}])


def test_the_clerk_adds_and_removes_former_names_with_their_end_date(
    qtbot, window: MainWindow, services: Services
) -> None:
    unit = services.units.create({"name": NEW, "category": "学校"})
    window.context.changed("all")
    click_row(qtbot, window.unit_list.table, 0)
    editor = former_editor(window)

    qtbot.mouseClick(button(editor, "添加一行"), Qt.MouseButton.LeftButton)
    assert QApplication.focusWidget().parent().parent() is editor.table  # the new row's name cell, editing
    type_text(qtbot, OLD)
    name_cell = QApplication.focusWidget()
    press(qtbot, Qt.Key.Key_Tab)  # on to 停用时间, whose editor opens
    qtbot.waitUntil(lambda: QApplication.focusWidget() not in (name_cell, editor.table))
    type_text(qtbot, "2015-13")
    assert window.unit_form.dirty
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert (
        window.unit_form.form.problem_text("former_names") == f"“{OLD}”的停用时间：月份 13 应在 1 到 12 之间"
    )
    assert services.units.get(unit.id).former_names == []  # nothing stored

    click_row(qtbot, editor.table, 0)
    press(qtbot, Qt.Key.Key_Tab)  # from 曾用名 to 停用时间
    press(qtbot, Qt.Key.Key_F2)
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, "2015-09")
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert services.units.get(unit.id).former_names == [{"name": OLD, "until": "2015-09"}]
    assert shown_rows(editor) == [(OLD, "2015-09")]

    click_row(qtbot, editor.table, 0)
    qtbot.mouseClick(button(editor, "删除所选行"), Qt.MouseButton.LeftButton)
    assert shown_rows(editor) == []
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert services.units.get(unit.id).former_names == []
    click_row(qtbot, window.unit_list.table, 0)
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the removal is undone like any edit
    assert services.units.get(unit.id).former_names == [{"name": OLD, "until": "2015-09"}]


def test_a_rename_is_dated_by_the_clerk_and_a_corrected_typo_keeps_no_former_name(
    qtbot, window: MainWindow, services: Services
) -> None:
    """A rename recorded years late is dated when it happened, so honours of the years between keep the
    new name in documents; a corrected typo never becomes a name the unit “bore”."""
    unit = services.units.create({"name": OLD, "category": "学校"})
    window.context.changed("all")
    click_row(qtbot, window.unit_list.table, 0)

    def dated_2019() -> None:
        press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # the year field has the focus
        type_text(qtbot, "2019-08")
        press(qtbot, Qt.Key.Key_Return)

    rename_in_form(qtbot, window, NEW, dated_2019)
    assert services.units.get(unit.id).former_names == [{"name": OLD, "until": "2019-08"}]

    def a_typo() -> None:
        press(qtbot, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)  # 更正错字(&C)
        qtbot.waitUntil(lambda: QApplication.focusWidget().isChecked())  # an access key clicks after a beat
        press(qtbot, Qt.Key.Key_Return)

    rename_in_form(qtbot, window, "武侯区棕北小校", a_typo)  # a slip, then its correction
    rename_in_form(qtbot, window, NEW, a_typo)
    stored = services.units.get(unit.id)
    assert (stored.name, stored.former_names) == (NEW, [{"name": OLD, "until": "2019-08"}])

    def cancelled() -> None:
        press(qtbot, Qt.Key.Key_Escape)

    rename_in_form(qtbot, window, "另一个名称", cancelled)
    assert services.units.get(unit.id).name == NEW  # nothing saved
    assert window.unit_form.dirty  # and the typed name kept in the form
    window.unit_form.revert()  # so that closing the window asks nothing
