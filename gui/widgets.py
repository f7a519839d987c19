"""Small widget conventions shared by the pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
    SignalInstance,
)
from PySide6.QtGui import QFocusEvent, QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QMessageBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from core.changes import Changes

if TYPE_CHECKING:
    from gui.context import AppContext

ROW_HEIGHT = 26
SELECT_ROW = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows


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
    # Whole rows are chosen: Tab goes on to the next field, not to the next cell.
    table.setTabKeyNavigation(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
    selection = table.selectionModel()
    if selection is not None:  # a view given its model later keeps Qt's own behaviour
        selection.currentChanged.connect(lambda current, _previous: _select_row(selection, current))
        table.installEventFilter(_ChooseOnFocus(table))
    return table


class _ChooseOnFocus(QObject):
    """Focus arriving by keys while Ctrl is still down (Ctrl+4 to 导入记录) makes a row current after
    _select_row has looked: once Qt has done so, the same rule."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.FocusIn
            and isinstance(event, QFocusEvent)
            and event.reason() != Qt.FocusReason.MouseFocusReason
        ):
            QTimer.singleShot(0, self._choose)
        return False

    def _choose(self) -> None:
        table = self.parent()
        selection = table.selectionModel() if isinstance(table, QAbstractItemView) else None
        if selection is not None and table.hasFocus():
            current = selection.currentIndex()
            if current.isValid() and not selection.hasSelection():
                selection.select(current, SELECT_ROW)


def _select_row(selection: QItemSelectionModel, current: QModelIndex) -> None:
    """Focus coming into a table (Tab, back from a dialog) makes a row current without selecting it: it
    looks chosen, yet 恢复, 删除 and the buttons see nothing. With nothing selected, select that row —
    unless a click or Ctrl is choosing rows itself (Ctrl+click toggles; Ctrl+arrow moves on its own)."""
    if (
        current.isValid()
        and not selection.hasSelection()
        and QGuiApplication.mouseButtons() == Qt.MouseButton.NoButton
        and not QGuiApplication.keyboardModifiers() & Qt.KeyboardModifier.ControlModifier
    ):
        selection.select(current, SELECT_ROW)


SCREEN_FRAME = (16, 48)  # room left on the screen for a window's frame and title bar


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Resize a dialog to width×height, or to the screen's free area when that is smaller (1024×768)."""
    area = window.screen().availableGeometry()
    window.resize(min(width, area.width() - SCREEN_FRAME[0]), min(height, area.height() - SCREEN_FRAME[1]))


DELETE_RETRY_MS = 250


def run_modal(dialog: QDialog) -> int:
    """exec() a dialog made for one use, then let Qt delete it. Parented to the window and kept, it lived
    on as the window's child (one more each time it was opened) and went on answering every change."""
    try:
        return dialog.exec()
    finally:
        delete_when_idle(dialog)


def delete_when_idle(dialog: QDialog) -> None:
    """Delete the dialog once no background work is running: work it started (a check, a reading) ends
    in a callback on its widgets, which must still be there."""
    from gui.ops import BackgroundOp

    if BackgroundOp.running:
        QTimer.singleShot(DELETE_RETRY_MS, dialog, lambda: delete_when_idle(dialog))
    else:
        dialog.deleteLater()


def fit_height_to_text(window: QWidget) -> None:
    """Make a window holding wrapped text as tall as that text needs at the window's width. Qt sizes a
    window by the text wrapped at a narrower width and leaves the difference as blank gaps around it."""
    layout = window.layout()
    if layout is None or not layout.hasHeightForWidth():
        return
    width = window.width()
    layout.activate()
    window.resize(width, max(layout.totalHeightForWidth(width), layout.totalMinimumSize().height()))


def elide(text: str, chars: int) -> str:
    """At most `chars` characters: a longer text keeps its start and ends with …."""
    return text if len(text) <= chars else text[: chars - 1] + "…"


class ElideLeftDelegate(QStyledItemDelegate):
    """Cuts a text too long for its column at the start, where a place name is widest ("…宁波市江东区")."""

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideLeft


class WrapDelegate(QStyledItemDelegate):
    """Wraps a text too long for its column onto further lines of a taller row (a title read whole),
    while the column still measures the text on one line: a fitted column gets its whole width where
    there is room, and wraps only what the room cuts."""

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        option.features |= QStyleOptionViewItem.ViewItemFeature.WrapText

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        wrapped = super().sizeHint(option, index)  # within the column's width
        line = QStyleOptionViewItem(option)
        line.rect = QRect()  # no width to wrap in: the text on one line
        return QSize(super().sizeHint(line, index).width(), wrapped.height())


def wrap_column(table: QTableView, column: int, fitted: SignalInstance) -> None:
    """A column whose text the room cuts goes on over further lines of a taller row: its cells wrap
    (WrapDelegate), and each time the columns are fitted every row gets the height its text needs at the
    column's width, never less than the table's own row height."""
    table.setItemDelegateForColumn(column, WrapDelegate(table))
    fitted.connect(lambda: fit_wrapped_rows(table, column))


def fit_wrapped_rows(table: QTableView, column: int) -> None:
    """Each row as tall as the wrapped column's text needs at that column's width, at least the default."""
    delegate = table.itemDelegateForColumn(column)
    header = table.verticalHeader()
    least = header.defaultSectionSize()
    option = QStyleOptionViewItem()
    option.initFrom(table)
    grid = 1 if table.showGrid() else 0  # a cell is drawn inside its grid line
    option.rect = QRect(0, 0, table.columnWidth(column) - grid, least)
    model = table.model()
    for row in range(model.rowCount()):
        height = delegate.sizeHint(option, model.index(row, column)).height() + grid
        header.resizeSection(row, max(least, height))


def ask_unsaved(parent: QWidget, text: str) -> str:
    """Ask 保存 / 不保存 / 取消 (Escape is 取消): "save", "discard" or "cancel"."""
    box = QMessageBox(
        QMessageBox.Icon.Question, "尚未保存", text, QMessageBox.StandardButton.NoButton, parent
    )
    answers = {
        box.addButton("保存", QMessageBox.ButtonRole.AcceptRole): "save",
        box.addButton("不保存", QMessageBox.ButtonRole.DestructiveRole): "discard",
    }
    cancel = box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(next(iter(answers)))
    box.setEscapeButton(cancel)
    box.exec()
    return answers.get(box.clickedButton(), "cancel")


def confirm_unsaved(
    parent: QWidget, text: str, save: Callable[[], bool], discard: Callable[[], object]
) -> bool:
    """Ask about unsaved changes; True when the caller may go on (saved or discarded)."""
    answer = ask_unsaved(parent, text)
    if answer == "save":
        return save()
    if answer == "discard":
        discard()
        return True
    return False


LINES_IN_A_MESSAGE = 16  # a longer message would push its button off a 1024×768 screen


def show_message(parent: QWidget, title: str, text: str, *, warning: bool = False) -> None:
    """A message box; a long one shows its first lines and the whole text under 显示详情…."""
    lines = text.splitlines()
    if len(lines) <= LINES_IN_A_MESSAGE:
        (QMessageBox.warning if warning else QMessageBox.information)(parent, title, text)
        return
    icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information
    shown = "\n".join([*lines[:LINES_IN_A_MESSAGE], "……（全文请点“显示详情”）"])
    box = QMessageBox(icon, title, shown, QMessageBox.StandardButton.Ok, parent)
    box.setDetailedText(text)
    box.exec()


def confirm(parent: QWidget, title: str, text: str) -> bool:
    """A yes/no question whose default and Escape answer is 否."""
    buttons = QMessageBox.StandardButton
    return QMessageBox.question(parent, title, text, buttons.Yes | buttons.No, buttons.No) == buttons.Yes


class LazyPage(QWidget):
    """A page that reads its data again after a change: at once while it is shown, else when it is next
    shown. Subclasses implement refresh() and name the Changes flags they watch."""

    watched: ClassVar[tuple[str, ...] | None] = None  # Changes flags that matter; None: every change

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._stale = True
        context.changes_applied.connect(self._on_changes)

    def refresh(self) -> None:
        raise NotImplementedError

    def mark_fresh(self) -> None:
        self._stale = False

    def announce(self, changes: Changes) -> None:
        """Tell the other views what this page changed, then refresh once."""
        self.context.apply(changes, self)
        self.refresh()

    def _on_changes(self, changes: Changes, initiator: object) -> None:
        if initiator is self or (self.watched is not None and not changes.touches(*self.watched)):
            return
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()


def may_discard(
    dialog: QDialog, has_input: bool, question: str = "关闭后，已填写的内容和名单都不会保留。确定关闭吗？"
) -> bool:
    """Whether to close a dialog holding what the user typed: asked (否 by default), since nothing of it
    is kept."""
    if not has_input:
        return True
    buttons = QMessageBox.StandardButton
    answer = QMessageBox.question(
        dialog, dialog.windowTitle(), question, buttons.Yes | buttons.No, buttons.No
    )
    return answer == buttons.Yes
