"""Small widget conventions shared by the pages."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, ClassVar

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QAbstractItemView, QMessageBox, QTableView, QWidget

if TYPE_CHECKING:
    from gui.context import AppContext

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


class LazyPage(QWidget):
    """A page that reads its data again after a change: at once while it is shown, else when it is next
    shown. Subclasses implement refresh() and may limit the changes they watch."""

    watched: ClassVar[frozenset[str] | None] = None  # entities whose changes matter; None: all

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._stale = True
        self._quiet = False  # while the page announces its own change
        context.data_changed.connect(self._on_data_changed)

    def refresh(self) -> None:
        raise NotImplementedError

    def mark_fresh(self) -> None:
        self._stale = False

    def announce(self, kinds: Iterable[str]) -> None:
        """Tell the other pages what this page changed, then refresh once."""
        self._quiet = True
        try:
            for kind in kinds:
                self.context.changed(kind)
        finally:
            self._quiet = False
        self.refresh()

    def _on_data_changed(self, entity: str) -> None:
        if self._quiet or (self.watched is not None and entity not in self.watched):
            return
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()
