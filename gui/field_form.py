"""A form built from a tuple of core.fields.Field: one widget per field, its problem shown beside it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core import former_names
from core.errors import FieldProblem
from core.fields import Field, Kind, history_of
from core.former_names import History
from core.partial_date import PartialDate

ERROR_STYLE = "color: #c0392b;"
_PLACEHOLDERS = {
    Kind.PARTIAL_DATE: "如 2019、2019-12 或 2019-12-05",
    Kind.DATE: "如 2027-12-31",
    Kind.CREDIT_CODE: "18 位代码",
    Kind.INTEGER: "整数",
    Kind.NUMBER: "数字",
}


def display_value(value: Any) -> str:
    """A stored value as the text a field widget shows."""
    if value is None:
        return ""
    if isinstance(value, PartialDate):
        return value.iso()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


class MappingEditor(QWidget):
    """Name → value rows (a unit's extra register columns)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 2, self)
        self.table.setHorizontalHeaderLabels(["名称", "内容"])
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setMinimumHeight(110)
        self.table.itemChanged.connect(lambda _item: self.changed.emit())
        add, remove = QPushButton("添加一行"), QPushButton("删除所选行")
        add.clicked.connect(self._add_row)
        remove.clicked.connect(self._remove_rows)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    def commit_typing(self) -> None:
        """A cell still being typed in (Ctrl+S pressed before Enter) goes into the table first."""
        typing = QApplication.focusWidget()
        if typing is not None and typing.parent() is self.table.viewport():
            self.table.commitData(typing)

    def value(self) -> dict[str, str]:
        self.commit_typing()
        result: dict[str, str] = {}
        for row in range(self.table.rowCount()):
            key, value = (self.table.item(row, c) for c in (0, 1))
            if key and key.text().strip():
                result[key.text().strip()] = value.text() if value else ""
        return result

    def set_value(self, mapping: dict[str, Any] | None) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for key, value in (mapping or {}).items():
            row = self.table.rowCount()
            self.table.insertRow(row)
            self.table.setItem(row, 0, QTableWidgetItem(str(key)))
            self.table.setItem(row, 1, QTableWidgetItem(str(value)))
        self.table.blockSignals(False)

    def _add_row(self) -> None:
        self.table.insertRow(self.table.rowCount())
        self.table.setCurrentCell(self.table.rowCount() - 1, 0)
        self.table.editItem(
            self.table.item(self.table.rowCount() - 1, 0) or self._blank(self.table.rowCount() - 1)
        )
        self.changed.emit()

    def _blank(self, row: int) -> QTableWidgetItem:
        item = QTableWidgetItem("")
        self.table.setItem(row, 0, item)
        return item

    def _remove_rows(self) -> None:
        for row in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)
        self.changed.emit()


class FormerNamesEditor(MappingEditor):
    """Rows of 曾用名 and 停用时间 (or 原属地区 and 调整时间: history); core checks them (a blank name, a date
    that is not a year or month)."""

    def __init__(self, parent: QWidget | None = None, history: History = former_names.NAMES) -> None:
        super().__init__(parent)
        self.table.setHorizontalHeaderLabels([history.label, f"{history.until_label}（年或年月）"])
        header = self.table.horizontalHeader()  # the name is the long one: it takes the room, not the date
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setMinimumHeight(80)

    def value(self) -> list[dict[str, str]]:  # type: ignore[override]
        self.commit_typing()
        rows = []
        for row in range(self.table.rowCount()):
            name, until = (self.table.item(row, column) for column in (0, 1))
            texts = [item.text().strip() if item else "" for item in (name, until)]
            if any(texts):
                rows.append({"name": texts[0], "until": texts[1]})
        return rows

    def set_value(self, stored: Any) -> None:  # type: ignore[override]
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for entry in former_names.entries(stored):
            row = self.table.rowCount()
            self.table.insertRow(row)
            self.table.setItem(row, 0, QTableWidgetItem(entry.name))
            self.table.setItem(row, 1, QTableWidgetItem(entry.until.iso() if entry.until else ""))
        self.table.blockSignals(False)


class FieldForm(QWidget):
    """Widgets for the given fields in a QFormLayout, with an error label under each."""

    changed = Signal()

    def __init__(self, fields: tuple[Field, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fields = fields
        self.editors: dict[str, QWidget] = {}
        self.error_labels: dict[str, QLabel] = {}
        self._loading = False
        self._shown: dict[str, Any] = {}  # what the editors held right after set_values
        layout = QFormLayout(self)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        for field in fields:
            editor = self._make_editor(field)
            editor.setObjectName(f"field_{field.key}")
            if field.help:
                editor.setToolTip(field.help)
            error = QLabel()
            error.setObjectName(f"error_{field.key}")
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.hide()
            cell = QVBoxLayout()
            cell.setSpacing(2)
            cell.addWidget(editor)
            cell.addWidget(error)
            unit = f"（{field.unit}）" if field.unit else ""
            label = QLabel(("* " if field.required else "") + field.label + unit + "：")
            label.setBuddy(editor)
            layout.addRow(label, cell)
            self.editors[field.key] = editor
            self.error_labels[field.key] = error

    def _make_editor(self, field: Field) -> QWidget:
        if field.kind is Kind.CHOICE:
            combo = QComboBox()
            combo.addItem("")
            combo.addItems(list(field.choices))
            combo.currentIndexChanged.connect(self._emit_changed)
            return combo
        if field.kind is Kind.LONG_TEXT:
            text = QPlainTextEdit()
            text.setTabChangesFocus(True)
            text.setFixedHeight(78)
            text.textChanged.connect(self._emit_changed)
            return text
        if field.kind in (Kind.MAPPING, Kind.FORMER_NAMES):
            mapping = (
                MappingEditor()
                if field.kind is Kind.MAPPING
                else FormerNamesEditor(history=history_of(field))
            )
            mapping.changed.connect(self._emit_changed)
            return mapping
        line = QLineEdit()
        line.setClearButtonEnabled(True)
        line.setPlaceholderText(_PLACEHOLDERS.get(field.kind, ""))
        if field.max_length:
            line.setMaxLength(field.max_length)
        line.textEdited.connect(self._emit_changed)
        return line

    def _emit_changed(self, *_args: object) -> None:
        if not self._loading:
            self.changed.emit()

    # -- values --------------------------------------------------------------------------------

    def raw_values(self) -> dict[str, Any]:
        """What the user typed, field by field (core cleans and checks it)."""
        return {field.key: self._read(self.editors[field.key]) for field in self.fields}

    @staticmethod
    def _read(editor: QWidget) -> Any:
        if isinstance(editor, QComboBox):
            return editor.currentText() or None
        if isinstance(editor, QPlainTextEdit):
            return editor.toPlainText()
        if isinstance(editor, MappingEditor):
            return editor.value()
        assert isinstance(editor, QLineEdit)
        return editor.text()

    def edited_values(self) -> dict[str, Any]:
        """Only the fields whose editor now differs from what set_values showed: an update sends these, so
        a field the user left alone is never rewritten in cleaned form (spaces, brackets) or emptied."""
        return {key: value for key, value in self.raw_values().items() if value != self._shown.get(key)}

    def set_values(self, values: dict[str, Any]) -> None:
        self._loading = True
        try:
            for field in self.fields:
                self._write(field, self.editors[field.key], values.get(field.key))
        finally:
            self._loading = False
        self._shown = self.raw_values()
        self.clear_problems()

    def apply_edits(self, values: dict[str, Any]) -> None:
        """Put what the user typed (edited_values()) back into their fields, as edits of what is shown."""
        for field in self.fields:
            if field.key in values:
                self._write(field, self.editors[field.key], values[field.key])
        if values:
            self.changed.emit()  # a line edit tells only of typing (textEdited)

    @staticmethod
    def _write(field: Field, editor: QWidget, value: Any) -> None:
        if isinstance(editor, QComboBox):
            while editor.count() > len(field.choices) + 1:  # a value outside the choices shown before
                editor.removeItem(editor.count() - 1)
            text = display_value(value)
            if text and editor.findText(text) < 0:  # stored by an older program or another tool: shown as is
                editor.addItem(text)
            editor.setCurrentIndex(max(editor.findText(text), 0))
        elif isinstance(editor, QPlainTextEdit):
            editor.setPlainText(display_value(value))
        elif isinstance(editor, MappingEditor):
            editor.set_value(value)
        else:
            assert isinstance(editor, QLineEdit)
            editor.setText(display_value(value))
            editor.setCursorPosition(0)

    # -- problems ------------------------------------------------------------------------------

    def show_problems(self, problems: list[FieldProblem]) -> None:
        self.clear_problems()
        for problem in problems:
            label = self.error_labels.get(problem.field)
            if label is None:
                continue
            label.setText(
                problem.reason if problem.value in (None, "") else f"“{problem.value}”{problem.reason}"
            )
            label.show()
        if problems and problems[0].field in self.editors:
            self.editors[problems[0].field].setFocus()

    def clear_problems(self) -> None:
        for label in self.error_labels.values():
            label.clear()
            label.hide()

    def problem_text(self, key: str) -> str:
        label = self.error_labels[key]
        return label.text() if not label.isHidden() else ""
