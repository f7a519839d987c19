"""The preview's review tabs: where each column goes, the values the import inferred (with the rule that gave
each, changeable one by one or for a selection), and the cells worth a second look."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.importing.plan import ImportPlan
from core.importing.register import Register, RowProblem
from core.importing.review import CATEGORY, LEVEL, InferredValue, choose, column_destinations, inferred_values
from core.vocab import LEVELS, UNIT_CATEGORIES
from gui.import_wizard.common import label
from gui.widgets import read_only_table

NONE_CHOICE = "（不填）"
KIND_NAMES = {LEVEL: "荣誉级别", CATEGORY: "单位类别"}


def _fill(table: QTableWidget, rows: list[tuple[str, ...]]) -> None:
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, text in enumerate(values):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            table.setItem(r, c, item)
    table.resizeColumnsToContents()


class ColumnsPanel(QWidget):
    """各列去向: every column, where its values go and why."""

    def __init__(self) -> None:
        super().__init__()
        self.table = read_only_table(QTableWidget(0, 4))
        self.table.setHorizontalHeaderLabels(["列", "列标题", "导入为", "依据"])
        self.table.horizontalHeader().setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)

    def show_register(self, register: Register | None) -> None:
        destinations = column_destinations(register) if register is not None else []
        _fill(
            self.table,
            [
                (d.letter, d.label, d.destination, f"{d.how}：{d.note}" if d.note else d.how)
                for d in destinations
            ],
        )


class InferredPanel(QWidget):
    """推断: the levels and categories the register did not give, each with its rule; select some, pick a
    value and apply it to them."""

    def __init__(self, changed: Callable[[], None]) -> None:
        super().__init__()
        self._changed = changed
        self._register: Register | None = None
        self._plan: ImportPlan | None = None
        self.items: list[InferredValue] = []
        self.table = read_only_table(QTableWidget(0, 5))
        self.table.setHorizontalHeaderLabels(["项目", "对象", "推断为", "依据", "Excel 行"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.value_combo = QComboBox()
        self.value_combo.setObjectName("inferred_value")
        self.apply_button = QPushButton("改为所选值")
        self.apply_button.setObjectName("apply_inferred")
        self.hint = label("选中一行或多行（同为级别或同为类别），选择新的值，再点“改为所选值”。")
        row = QHBoxLayout()
        row.addWidget(QLabel("改为："))
        row.addWidget(self.value_combo)
        row.addWidget(self.apply_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.apply_button.clicked.connect(self.apply)
        self._selection_changed()

    def show_plan(self, register: Register | None, plan: ImportPlan | None) -> None:
        self._register, self._plan = register, plan
        self.items = inferred_values(register, plan) if register is not None and plan is not None else []
        _fill(
            self.table,
            [
                (
                    KIND_NAMES[item.kind],
                    item.subject,
                    item.value or NONE_CHOICE,
                    item.rule,
                    "、".join(str(number) for number in item.rows),
                )
                for item in self.items
            ],
        )
        self._selection_changed()

    def selected(self) -> list[InferredValue]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.items[row] for row in rows]

    def _selection_changed(self) -> None:
        kinds = {item.kind for item in self.selected()}
        self.value_combo.clear()
        if len(kinds) == 1:
            choices = LEVELS if kinds == {LEVEL} else UNIT_CATEGORIES
            self.value_combo.addItems([*choices, NONE_CHOICE])
            self.value_combo.setCurrentText(self.selected()[0].value or NONE_CHOICE)
        self.value_combo.setEnabled(len(kinds) == 1)
        self.apply_button.setEnabled(len(kinds) == 1)

    def apply(self) -> None:
        items = self.selected()
        if not items or self._register is None or self._plan is None:
            return
        text = self.value_combo.currentText()
        choose(self._register, self._plan, items, None if text == NONE_CHOICE else text)
        keys = {(item.kind, item.key) for item in items}
        self.show_plan(self._register, self._plan)
        for row, item in enumerate(self.items):  # keep the same rows selected
            if (item.kind, item.key) in keys:
                self.table.selectionModel().select(
                    self.table.model().index(row, 0),
                    self.table.selectionModel().SelectionFlag.Select
                    | self.table.selectionModel().SelectionFlag.Rows,
                )
        self._changed()


class WarningsPanel(QWidget):
    """提醒: cells read, but worth a second look (a numeric 2019.1: January or October?)."""

    def __init__(self) -> None:
        super().__init__()
        self.table = read_only_table(QTableWidget(0, 3))
        self.table.setHorizontalHeaderLabels(["Excel 行号", "列", "提醒"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)

    def show_warnings(self, warnings: list[RowProblem]) -> None:
        _fill(self.table, [(str(w.row), w.column, w.message) for w in warnings])
        self.table.resizeRowsToContents()


def review_summary(register: Register, plan: ImportPlan) -> str:
    """The sentences the preview's summary gives about columns, inferred values and warnings."""
    extras = sum(1 for d in column_destinations(register) if d.how == "其他信息")
    guessed = sum(1 for d in column_destinations(register) if d.how in ("推断", "按内容判断"))
    inferred = inferred_values(register, plan)
    text = ""
    if extras:
        text += f"{extras} 列没有对应的字段，作为其他信息保存。"
    if guessed:
        text += f"{guessed} 列是按列标题的字词或列中内容推断的，请在“各列去向”中核对。"
    if inferred:
        levels = sum(1 for item in inferred if item.kind == LEVEL)
        categories = len(inferred) - levels
        parts = [
            f"{levels} 项荣誉的级别" if levels else "",
            f"{categories} 个新单位的类别" if categories else "",
        ]
        text += f"{'和 '.join(p for p in parts if p)}是推断的，可在“推断”中查看依据并修改。"
    if register.warnings:
        text += f"有 {len(register.warnings)} 条提醒，见“提醒”。"
    return text
