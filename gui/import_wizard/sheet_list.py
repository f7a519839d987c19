"""The list of a workbook's sheets on the 工作表与表头 page: tick the ones to import."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem

from core.importing.headers import HeaderGuess
from core.importing.mapping import header_rows_text
from core.importing.register import SheetPreview
from gui.widgets import read_only_table

KIND_NAMES = {"honours": "荣誉登记表", "units": "单位名册", "materials": "工作材料"}
HIDDEN_NOTE = "隐藏的工作表，不导入"
NO_HEADER_NOTE = "没有找到表头；如要导入，请勾选并在下面指定表头所在的行"
GREY = QColor("#808080")
VISIBLE_ROWS = 5


class SheetList(QTableWidget):
    """One row per sheet: ☑ 工作表 | 表头 | 类型 | 数据行数 | 说明. Hidden sheets cannot be ticked."""

    COLUMNS = ("工作表", "表头", "类型", "数据行数", "说明")
    checks_changed = Signal()

    def __init__(self) -> None:
        super().__init__(0, len(self.COLUMNS))
        read_only_table(self)
        self.setHorizontalHeaderLabels(self.COLUMNS)
        self.horizontalHeader().setSectionResizeMode(len(self.COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.previews: list[SheetPreview] = []
        self.itemChanged.connect(self._item_changed)

    def fill(self, previews: list[SheetPreview]) -> None:
        """One row per sheet; the visible sheets with a header ticked."""
        self.blockSignals(True)
        self.previews = previews
        self.setRowCount(len(previews))
        for row, preview in enumerate(previews):
            item = QTableWidgetItem(preview.sheet)
            if preview.hidden:
                item.setFlags(Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled)
            else:
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                checked = preview.header is not None
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.setItem(row, 0, item)
            self.show_header(row, preview.header)
        self.blockSignals(False)
        self.resizeColumnsToContents()
        height = self.horizontalHeader().height() + self.rowHeight(0) * min(len(previews), VISIBLE_ROWS) + 4
        self.setFixedHeight(height)

    def show_header(self, row: int, header: HeaderGuess | None) -> None:
        """The header, kind, row count and note of one sheet, for the header it has now."""
        preview = self.previews[row]
        if preview.hidden:
            cells = ("", "", "", HIDDEN_NOTE)
        elif header is None:
            cells = ("（未找到）", "", _count(preview.data_rows(None)), NO_HEADER_NOTE)
        else:
            kind = KIND_NAMES.get(header.kind, header.kind)
            cells = (header_rows_text(header), kind, _count(preview.data_rows(header)), "")
        self.blockSignals(True)
        for column, text in enumerate(cells, start=1):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            if preview.hidden:
                item.setForeground(QBrush(GREY))
            self.setItem(row, column, item)
        if preview.hidden:
            self.item(row, 0).setForeground(QBrush(GREY))
        self.blockSignals(False)
        for column in range(1, len(self.COLUMNS) - 1):  # a header chosen later: 类型 was empty, and narrow
            self.resizeColumnToContents(column)

    def is_checked(self, row: int) -> bool:
        item = self.item(row, 0)
        return item is not None and item.checkState() == Qt.CheckState.Checked

    def set_checked(self, sheet: str, checked: bool) -> None:
        row = self.row_of(sheet)
        self.item(row, 0).setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def row_of(self, sheet: str) -> int:
        return next(row for row, preview in enumerate(self.previews) if preview.sheet == sheet)

    def checked(self) -> list[SheetPreview]:
        """The ticked sheets, in the workbook's order."""
        return [preview for row, preview in enumerate(self.previews) if self.is_checked(row)]

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() == 0:
            self.checks_changed.emit()


def _count(rows: int | None) -> str:
    return "" if rows is None else str(rows)
