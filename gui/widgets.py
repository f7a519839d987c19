"""Small widget conventions shared by the pages."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QAbstractItemView, QMessageBox, QTableView, QWidget

ROW_HEIGHT = 26


def read_only_table(table: QTableView, *, multi_select: bool = False) -> QTableView:
    """The house style of a list table: whole rows selected, no editing, compact rows, no row numbers."""
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(
        QAbstractItemView.SelectionMode.ExtendedSelection
        if multi_select
        else QAbstractItemView.SelectionMode.SingleSelection
    )
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
    return table


def confirm_unsaved(
    parent: QWidget, text: str, save: Callable[[], bool], discard: Callable[[], object]
) -> bool:
    """Ask 保存 / 不保存 / 取消 about unsaved changes. True when the caller may go on."""
    buttons = QMessageBox.StandardButton
    answer = QMessageBox.question(
        parent, "尚未保存", text, buttons.Save | buttons.Discard | buttons.Cancel, buttons.Save
    )
    if answer == buttons.Save:
        return save()
    if answer == buttons.Discard:
        discard()
        return True
    return False
