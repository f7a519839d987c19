"""The wizard's third page: what each column of each chosen sheet is imported as."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from core.importing.columns import choose_columns, known_names
from core.importing.headers import TARGET_LABELS, HeaderGuess, extra_target, register_kind
from core.importing.history import remember_mapping, remembered_mapping
from core.importing.mapping import TARGET_ORDER, column_name, mapping_problem
from core.importing.normalise import cell_text
from core.importing.register import SheetPreview
from gui.import_wizard.common import label
from gui.widgets import read_only_table

if TYPE_CHECKING:
    from gui.import_wizard.wizard import ImportWizard

log = logging.getLogger(__name__)


class MappingPage(QWizardPage):
    """列对应: what each column of each chosen sheet is imported as, one sheet at a time."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self._built_for: dict[str, tuple[object, ...]] = {}  # sheet → the header its mapping is for
        self._notes: dict[str, str] = {}
        self._column_notes: dict[str, dict[int, str]] = {}  # sheet → why each column goes where it goes
        self._shown: str | None = None  # the sheet whose columns the table shows
        self._offered: dict[str, dict[int, str]] = {}  # sheet → the mapping the page filled in
        self.columns: list[int] = []
        self.combos: list[QComboBox] = []
        self.setTitle("列对应")
        self.setSubTitle(
            "确认每一列导入为哪一项。没有对应字段的列作为“其他信息”保存；确实不要的列选“不导入”。"
            "确认后的对应关系（包括“不导入”）会被记住，下次导入表头相同的文件时自动使用。"
        )
        self.sheet_combo = QComboBox()
        self.sheet_row = QWidget()
        row = QHBoxLayout(self.sheet_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("工作表："))
        row.addWidget(self.sheet_combo, 1)
        self.note = label()
        self.problem = label(error=True)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["列标题", "示例值", "导入为", "说明"])
        read_only_table(self.table)
        self.table.setAlternatingRowColors(False)
        self.table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        self.table.verticalHeader().show()  # the Excel column letters
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.addWidget(self.sheet_row)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.problem)
        self.sheet_combo.currentTextChanged.connect(self._switch)

    def initializePage(self) -> None:
        """Each chosen sheet's mapping: kept when its header is the one it was made for (coming back),
        else the one remembered for that header, else guessed from the labels."""
        wizard = self._wizard
        known = None
        for sheet in wizard.chosen:
            header = wizard.headers[sheet]
            assert header is not None
            key = (wizard.path, sheet, header.row_number, header.signature)
            if self._built_for.get(sheet) == key and sheet in wizard.mappings:
                continue
            self._built_for[sheet] = key
            remembered = remembered_mapping(wizard.context.services.db, header.signature)
            if remembered is None:
                preview = next(p for p in wizard.previews if p.sheet == sheet)
                below = [row.values for row in preview.rows[header.index + 1 :]]
                known = known or known_names(wizard.context.services.db)
                choice = choose_columns(header, below, known)
                wizard.mappings[sheet], self._column_notes[sheet] = choice.mapping, choice.notes
            else:
                wizard.mappings[sheet], self._column_notes[sheet] = remembered, {}
            self._offered[sheet] = dict(wizard.mappings[sheet])
            self._notes[sheet] = (
                "已按上次确认的对应关系填好，请核对。"
                if remembered is not None
                else "已按列标题自动填好，请核对。"
            )
        self._shown = None
        self.sheet_combo.blockSignals(True)
        self.sheet_combo.clear()
        self.sheet_combo.addItems(wizard.chosen)
        self.sheet_combo.blockSignals(False)
        several = len(wizard.chosen) > 1
        self.sheet_row.setVisible(several)
        # A hidden choice must not take the keyboard when the page opens: Enter would reach nothing.
        self.sheet_combo.setFocusPolicy(Qt.FocusPolicy.StrongFocus if several else Qt.FocusPolicy.NoFocus)
        self._switch(wizard.chosen[0])
        self.problem.clear()

    def _switch(self, sheet: str) -> None:
        """Show another sheet's columns, keeping what was chosen for the one shown so far."""
        wizard = self._wizard
        if not sheet or sheet == self._shown:
            return
        if self._shown is not None:
            self._keep_shown()
        self._shown = sheet
        self.sheet_combo.setCurrentText(sheet)
        preview = next(p for p in wizard.previews if p.sheet == sheet)
        header = wizard.headers[sheet]
        assert header is not None
        self._build(preview, header, wizard.mappings[sheet], self._column_notes.get(sheet, {}))
        self.note.setText(self._notes.get(sheet, ""))

    def _keep_shown(self) -> None:
        """What the table shows, kept for its sheet: the mapping and each column's note."""
        assert self._shown is not None
        self._wizard.mappings[self._shown] = self.mapping()
        notes = {column: self.table.item(row, 3).text() for row, column in enumerate(self.columns)}
        self._column_notes[self._shown] = {column: note for column, note in notes.items() if note}

    def _build(
        self, preview: SheetPreview, header: HeaderGuess, mapping: dict[int, str], notes: dict[int, str]
    ) -> None:
        samples = self._samples(preview, header)
        width = max(len(header.labels), max(samples, default=-1) + 1)
        self.columns = [c for c in range(width) if self._label_of(header, c) or c in samples]
        self.combos = []
        self.table.setRowCount(len(self.columns))
        for row, column in enumerate(self.columns):
            label = self._label_of(header, column) or f"（{column_name(column)} 列，无标题）"
            self.table.setItem(row, 0, QTableWidgetItem(label))
            sample = samples.get(column, "")
            item = QTableWidgetItem(sample)
            item.setToolTip(sample)
            self.table.setItem(row, 1, item)
            self.table.setVerticalHeaderItem(row, QTableWidgetItem(column_name(column)))
            combo = self._combo(mapping.get(column, extra_target(register_kind(mapping))))
            combo.currentIndexChanged.connect(lambda _index, at=row: self._chosen(at))
            self.table.setCellWidget(row, 2, combo)
            self.combos.append(combo)
            note = QTableWidgetItem(notes.get(column, ""))
            note.setToolTip(note.text())
            self.table.setItem(row, 3, note)
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(2)

    @staticmethod
    def _label_of(header: HeaderGuess, column: int) -> str:
        return header.labels[column] if column < len(header.labels) else ""

    @staticmethod
    def _samples(preview: SheetPreview, header: HeaderGuess) -> dict[int, str]:
        """Up to three values of each column from the rows below the header."""
        found: dict[int, list[str]] = {}
        for row in preview.rows[header.index + 1 :]:
            for column, value in enumerate(row.values):
                text = cell_text(value)
                values = found.setdefault(column, [])
                if text and len(values) < 3 and text not in values:
                    values.append(text)
        return {column: "；".join(values) for column, values in found.items() if values}

    def _combo(self, target: str) -> QComboBox:
        combo = QComboBox()
        for key in TARGET_ORDER:
            combo.addItem(TARGET_LABELS[key], key)
        combo.setCurrentIndex(max(combo.findData(target), 0))
        combo.currentIndexChanged.connect(lambda _index: self.problem.clear())
        return combo

    def _chosen(self, row: int) -> None:
        note = self.table.item(row, 3)
        if note is not None:
            note.setText("手动指定")
            note.setToolTip("")

    def mapping(self) -> dict[int, str]:
        return {column: combo.currentData() for column, combo in zip(self.columns, self.combos, strict=True)}

    def combo_for(self, label: str) -> QComboBox:
        """The 导入为 combo of the column with this header label, on the sheet shown."""
        assert self._shown is not None
        header = self._wizard.headers[self._shown]
        assert header is not None
        for column, combo in zip(self.columns, self.combos, strict=True):
            if self._label_of(header, column) == label:
                return combo
        raise KeyError(label)

    def validatePage(self) -> bool:
        wizard = self._wizard
        if self._shown is not None:
            self._keep_shown()
        for sheet in wizard.chosen:
            problem = mapping_problem(wizard.mappings[sheet])
            if problem:
                self._switch(sheet)
                self.problem.setText(f"工作表“{sheet}”：{problem}" if len(wizard.chosen) > 1 else problem)
                return False
        self.problem.clear()
        self.remember(corrected_only=True)
        return True

    def remember(self, *, corrected_only: bool) -> None:
        """Remember each chosen sheet's mapping for the next file with its header: the ones the clerk
        corrected as soon as they go on, the others once an import has used them. A mapping the page
        guessed, passed over and then cancelled is not written (leaving the wizard changes nothing)."""
        wizard = self._wizard
        for sheet in wizard.chosen:
            header = wizard.headers[sheet]
            mapping = wizard.mappings.get(sheet)
            if header is None or mapping is None:
                continue
            if corrected_only and mapping == self._offered.get(sheet):
                continue
            try:
                remember_mapping(wizard.context.services.db, header.signature, mapping)
            except Exception as error:  # not remembering is no reason to stop the import
                log.error("未能保存列对应关系", exc_info=error)
            self._offered[sheet] = dict(mapping)
