"""The wizard's second page: which sheets to import, and the header rows of each."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from core.importing.headers import HeaderGuess, map_columns
from core.importing.mapping import column_name, header_rows_text
from core.importing.normalise import cell_text
from core.importing.register import SheetPreview
from gui.import_wizard.common import ERROR_STYLE, HEADER_BACKGROUND, PREVIEW_ROWS, label
from gui.import_wizard.sheet_list import SheetList
from gui.widgets import read_only_table

if TYPE_CHECKING:
    from gui.import_wizard.wizard import ImportWizard


class SheetPage(QWizardPage):
    """工作表与表头: the sheets to import (all with a header, at first) and each one's header rows."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self._shown: list[SheetPreview] | None = None
        self.setTitle("工作表与表头")
        self.setSubTitle(
            "勾选要导入的工作表（一次导入，单位名册先于荣誉登记表）。选中一个工作表可查看它的前 "
            f"{PREVIEW_ROWS} 行，表头行以粗体和底色标出。"
        )
        self.sheets = SheetList()
        self.header_spin = QSpinBox()
        self.header_spin.setPrefix("第 ")
        self.header_spin.setSuffix(" 行")
        self.header_spin.setSpecialValueText("（请指定）")  # 0: no header row chosen
        self.header_caption = QLabel("表头所在行：")
        self.header_label = label()
        self.problem = label(error=True)
        self.table = read_only_table(QTableWidget())
        self.table.verticalHeader().show()  # the Excel row numbers
        self.table.setAlternatingRowColors(False)
        form = QFormLayout()
        form.addRow(self.header_caption, self.header_spin)
        layout = QVBoxLayout(self)
        layout.addWidget(self.sheets)
        layout.addWidget(self.problem)
        layout.addLayout(form)
        layout.addWidget(self.header_label)
        layout.addWidget(self.table, 1)
        self.sheets.currentCellChanged.connect(lambda row, _c, _r, _pc: self._show_sheet(row))
        self.sheets.checks_changed.connect(self._checks_changed)
        self.header_spin.valueChanged.connect(self._header_row_changed)
        wizard.previews_changed.connect(self._previews_changed)

    def initializePage(self) -> None:
        self._fill()

    def _previews_changed(self) -> None:
        if self._wizard.currentPage() is self:
            self._fill()

    def _fill(self) -> None:
        wizard = self._wizard
        if not wizard.ready:
            self._show_status(wizard.load_error or "正在读取文件…", error=bool(wizard.load_error))
            return
        if wizard.previews is self._shown:  # coming back: keep what the user chose
            return
        self._shown = wizard.previews
        wizard.headers = {p.sheet: p.header for p in wizard.previews if not p.hidden}
        self.sheets.fill(wizard.previews)
        first = next((i for i, p in enumerate(wizard.previews) if p.header is not None), 0)
        self.sheets.setCurrentCell(first, 0)
        self._show_sheet(first)
        self._checks_changed()

    def _show_status(self, text: str, *, error: bool) -> None:
        self._shown = None
        self.sheets.fill([])
        self.table.setRowCount(0)
        self.header_label.setText(text)
        self.header_label.setStyleSheet(ERROR_STYLE if error else "")
        self._wizard.sheet, self._wizard.header = None, None
        self.completeChanged.emit()

    # -- the sheet shown --------------------------------------------------------------------------

    def _show_sheet(self, index: int) -> None:
        previews = self._wizard.previews
        if not 0 <= index < len(previews) or previews is not self._shown:
            return
        preview = previews[index]
        self._wizard.sheet = preview
        self._fill_table(preview)
        self.header_spin.setEnabled(not preview.hidden)
        self.header_caption.setText(f"“{preview.sheet}”的表头所在行：")
        if preview.hidden:
            self.header_label.setText("这是隐藏的工作表，不会导入。")
            self._wizard.header = None
            return
        header = self._wizard.headers.get(preview.sheet)
        numbers = [row.number for row in preview.rows] or [1]
        self.header_spin.blockSignals(True)
        self.header_spin.setRange(0, numbers[-1])
        self.header_spin.setValue(header.row_number if header else 0)
        self.header_spin.blockSignals(False)
        self._set_header(header)

    def _fill_table(self, preview: SheetPreview) -> None:
        width = max((len(row.values) for row in preview.rows), default=0)
        self.table.clear()
        self.table.setRowCount(len(preview.rows))
        self.table.setColumnCount(width)
        self.table.setHorizontalHeaderLabels([column_name(c) for c in range(width)])
        self.table.setVerticalHeaderLabels([str(row.number) for row in preview.rows])
        for r, row in enumerate(preview.rows):
            for c, value in enumerate(row.values):
                text = cell_text(value) or ""
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        for column in range(width):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), 220))

    def _header_row_changed(self, row_number: int) -> None:
        preview = self._wizard.sheet
        if preview is None or preview.hidden:
            return
        if preview.header is not None and preview.header.row_number == row_number:
            header = preview.header
        else:
            header = self._header_at(preview, row_number)
        self._set_header(header)
        if self._wizard.headers.get(preview.sheet) is not None:  # a header picked: the sheet is wanted
            self.sheets.set_checked(preview.sheet, True)

    @staticmethod
    def _header_at(preview: SheetPreview, row_number: int) -> HeaderGuess | None:
        """A one-row header at the given Excel row, its columns mapped by the synonyms."""
        for index, row in enumerate(preview.rows):
            if row.number == row_number:
                labels = [cell_text(value) or "" for value in row.values]
                return HeaderGuess(index, row_number, 1, labels, map_columns(labels))
        return None

    def _set_header(self, header: HeaderGuess | None) -> None:
        wizard = self._wizard
        preview = wizard.sheet
        assert preview is not None
        wizard.header = header
        wizard.headers[preview.sheet] = header if header is not None and any(header.labels) else None
        self.sheets.show_header(self.sheets.row_of(preview.sheet), wizard.headers[preview.sheet])
        self._highlight(header)
        self.header_label.setStyleSheet("")
        self.header_label.setText(self._header_text(preview, header))
        self._checks_changed()

    def _highlight(self, header: HeaderGuess | None) -> None:
        rows = range(header.index - header.depth + 1, header.index + 1) if header else range(0)
        bold = QFont(self.table.font())
        bold.setBold(True)
        for r in range(self.table.rowCount()):
            for c in range(self.table.columnCount()):
                item = self.table.item(r, c)
                if item is None:
                    item = QTableWidgetItem("")
                    self.table.setItem(r, c, item)
                item.setFont(bold if r in rows else self.table.font())
                item.setBackground(QBrush(HEADER_BACKGROUND) if r in rows else QBrush())

    def _header_text(self, preview: SheetPreview, header: HeaderGuess | None) -> str:
        row_number = self.header_spin.value()
        if row_number and (header is None or not any(header.labels)):
            return f"第 {row_number} 行是空行，不能作为表头。"
        if header is None and preview.header is None:
            return (
                f"在工作表“{preview.sheet}”的前 {PREVIEW_ROWS} 行中没有找到可识别的表头"
                "（如“单位名称”“荣誉称号”），如要导入，请在上面指定表头所在的行。"
            )
        if header is None:
            return "请在上面指定表头所在的行。"
        how = "自动识别" if header is preview.header else "手动指定"
        text = f"表头：{header_rows_text(header)}（{how}）。"
        if header.kind == "honours":
            text += "这是一份荣誉登记表：每行是一项荣誉，库中没有的单位会自动新建。"
        elif header.kind == "materials":
            text += "这是一份工作材料登记表：每行是一个单位某年某个主题的材料，库中没有的单位会自动新建。"
        else:
            text += "这是一份单位登记表：每行是一个单位，库中已有的单位会按表中内容更新。"
        if "unit.name" not in header.mapping.values():
            text += "没有找到“单位名称”列，请在下一步中指定。"
        return text

    # -- which sheets -----------------------------------------------------------------------------

    def _checks_changed(self) -> None:
        problem = self._problem()
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        self.completeChanged.emit()

    def _problem(self) -> str:
        if not self._wizard.ready or self._shown is None:
            return ""
        checked = self.sheets.checked()
        if not checked:
            return "请至少勾选一个要导入的工作表。"
        missing = [p.sheet for p in checked if self._wizard.headers.get(p.sheet) is None]
        if missing:
            return f"工作表“{missing[0]}”还没有表头：请选中它，在下面指定表头所在的行，或取消勾选。"
        return ""

    def isComplete(self) -> bool:
        return self._wizard.ready and self._shown is not None and not self._problem()

    def validatePage(self) -> bool:
        if not self.isComplete():
            return False
        self._wizard.chosen = [p.sheet for p in self.sheets.checked()]
        return True
