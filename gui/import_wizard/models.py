"""The import wizard's table models."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from core.importing.plan import STATUS_NAMES, RowPlan

STATUS_COLOURS = {
    "new": QColor("#e4f4e2"),
    "update": QColor("#e2ecfa"),
    "duplicate": QColor("#ececec"),
    "error": QColor("#fbe2df"),
    "skipped": QColor("#f6f1df"),
}


class PlanModel(QAbstractTableModel):
    """The preview's rows: 工作表 | Excel 行号 | 单位 | 结果 | 说明, coloured by result."""

    HEADERS = ("工作表", "Excel 行号", "单位", "结果", "说明")
    SHEET_COLUMN = 0
    STATUS_COLUMN = 3

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[RowPlan] = []

    def set_rows(self, rows: list[RowPlan]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(STATUS_COLOURS[row.status])
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor("#202020"))
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            values = (row.sheet, row.number, row.unit_name or "", STATUS_NAMES[row.status], row.message)
            return values[index.column()]
        return None
