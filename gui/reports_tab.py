"""The 汇报记录 tab: reports generated for this unit (report generation fills the history)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.changelog import local_time
from core.errors import UserError
from gui.context import AppContext
from gui.errors import show_error
from gui.honour_dialog import open_file
from gui.widgets import read_only_table


class ReportsTab(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.unit_id: int | None = None
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("report_table")
        self.table.setHorizontalHeaderLabels(["生成时间", "模板", "文件"])
        read_only_table(self.table)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 140)
        self.table.setColumnWidth(1, 140)
        self.table.cellDoubleClicked.connect(self._open)
        self.hint = QLabel("还没有为这个单位生成过汇报。生成的文件会列在这里，双击即可打开。")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.hint)

    def show_unit(self, unit_id: int | None) -> None:
        self.unit_id = unit_id
        self.refresh()

    def refresh(self) -> None:
        reports = self.context.services.reports.for_unit(self.unit_id) if self.unit_id is not None else []
        self.table.setRowCount(0)
        for report in reports:
            row = self.table.rowCount()
            self.table.insertRow(row)
            texts = (
                f"{local_time(report.created_at):%Y-%m-%d %H:%M}",
                report.template_name,
                report.output_path,
            )
            for column, text in enumerate(texts):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.setVisible(bool(reports))
        self.hint.setVisible(not reports)

    def _open(self, row: int, _column: int) -> None:
        path = Path(self.table.item(row, 2).text())
        if not path.exists():
            show_error(self, UserError(f"文件「{path}」已不存在，可能被移动或删除。"))
            return
        open_file(path)
