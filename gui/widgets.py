"""Small widget conventions shared by the pages."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QTableView

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
