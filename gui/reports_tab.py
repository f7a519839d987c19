"""The 汇报记录 tab: reports generated for this unit, to open, preview or find again."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.changelog import local_time
from core.errors import UserError
from core.services.reports import report_file
from gui.column_fit import fit_columns
from gui.context import AppContext
from gui.errors import show_error
from gui.folders import open_folder
from gui.honour_dialog import open_file
from gui.widgets import ElideLeftDelegate, read_only_table

NO_REPORTS = "还没有为这个单位生成过汇报。用“文件 → 生成汇报…”（Ctrl+G）生成，生成的文件会列在这里。"
NO_UNIT = "未选择单位。在左边的列表中选择一个单位，这里列出为它生成的汇报。"


class ReportsTab(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.unit_id: int | None = None
        self._previews: list[QWidget] = []
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("report_table")
        self.table.setHorizontalHeaderLabels(["生成时间", "模板", "期间", "文件"])
        read_only_table(self.table)
        fit_columns(self.table, {1: 1, 3: 2})
        self.table.setItemDelegateForColumn(
            3, ElideLeftDelegate(self.table)
        )  # a long path keeps its file name
        self.table.cellDoubleClicked.connect(lambda _row, _column: self.open_selected())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.open_button = QPushButton("打开")
        self.preview_button = QPushButton("预览与打印…")
        self.folder_button = QPushButton("打开所在文件夹")
        self.open_button.clicked.connect(self.open_selected)
        self.preview_button.clicked.connect(self.preview_selected)
        self.folder_button.clicked.connect(self.open_folder)
        buttons = QHBoxLayout()
        for button in (self.open_button, self.preview_button, self.folder_button):
            buttons.addWidget(button)
        buttons.addStretch()
        self.hint = QLabel(NO_UNIT)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        layout.addWidget(self.hint)
        self._update_buttons()

    def show_unit(self, unit_id: int | None) -> None:
        self.unit_id = unit_id
        self.refresh()

    def refresh(self) -> None:
        reports = self.context.services.reports.for_unit(self.unit_id) if self.unit_id is not None else []
        self.table.setRowCount(0)
        for report in reports:
            row = self.table.rowCount()
            self.table.insertRow(row)
            first, last = report.parameters.get("from"), report.parameters.get("to")
            period = f"{first}–{last}" if first and last and first != last else str(last or "")
            texts = (
                f"{local_time(report.created_at):%Y-%m-%d %H:%M}",
                report.template_name,
                period,
                report.output_path,
            )
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.table.setVisible(bool(reports))
        self.hint.setText(NO_REPORTS if self.unit_id is not None else NO_UNIT)
        self.hint.setVisible(not reports)
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = bool(self.table.selectedItems())
        for button in (self.open_button, self.preview_button, self.folder_button):
            button.setEnabled(chosen)

    def selected_path(self) -> Path | None:
        items = self.table.selectedItems()
        if not items:
            return None
        try:
            return report_file(self.table.item(items[0].row(), 3).text())
        except UserError as error:
            show_error(self, error)
            return None

    def open_selected(self) -> None:
        path = self.selected_path()
        if path is not None:
            open_file(path)

    def open_folder(self) -> None:
        path = self.selected_path()
        if path is not None:
            open_folder(self, path.parent)

    def preview_selected(self) -> None:
        from gui.preview import PreviewWindow

        path = self.selected_path()
        if path is None:
            return
        window = PreviewWindow(self.context, path, self.window())
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.destroyed.connect(lambda: self._previews.remove(window) if window in self._previews else None)
        self._previews.append(window)
        window.show()
