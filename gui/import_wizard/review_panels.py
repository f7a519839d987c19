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

    def show_registers(self, registers: list[Register]) -> None:
        """Every column of every sheet (the column letters led by the sheet's name when there are several)."""
        several = len(registers) > 1
        _fill(
            self.table,
            [
                (
                    f"{register.sheet} {d.letter}" if several else d.letter,
                    d.label,
                    d.destination,
                    f"{d.how}：{d.note}" if d.note else d.how,
                )
                for register in registers
                for d in column_destinations(register)
            ],
        )


class InferredPanel(QWidget):
    """推断: the levels and categories the register did not give, each with its rule; select some, pick a
    value and apply it to them."""

    def __init__(self, changed: Callable[[], None]) -> None:
        super().__init__()
        self._changed = changed
        self._plan: ImportPlan | None = None
        self.items: list[InferredValue] = []
        self._owners: list[Register] = []  # the register (sheet) of each item
        self._registers: list[Register] = []
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

    def show_plan(self, registers: list[Register], plan: ImportPlan | None) -> None:
        """The inferred values of every sheet of the plan (their rows led by the sheet when there are
        several)."""
        self._plan = plan
        found = (
            [(r, item) for r in registers for item in inferred_values(r, plan)] if plan is not None else []
        )
        self._owners, self.items = [r for r, _ in found], [item for _, item in found]
        several = len(registers) > 1
        _fill(
            self.table,
            [
                (
                    KIND_NAMES[item.kind],
                    item.subject,
                    item.value or NONE_CHOICE,
                    item.rule,
                    (f"{owner.sheet} " if several else "") + "、".join(str(number) for number in item.rows),
                )
                for owner, item in found
            ],
        )
        self._registers = registers
        self._selection_changed()

    def _selected_rows(self) -> list[int]:
        return sorted({index.row() for index in self.table.selectionModel().selectedRows()})

    def selected(self) -> list[InferredValue]:
        return [self.items[row] for row in self._selected_rows()]

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
        rows = self._selected_rows()
        if not rows or self._plan is None:
            return
        text = self.value_combo.currentText()
        value = None if text == NONE_CHOICE else text
        owners = {self._owners[row].sheet: self._owners[row] for row in rows}
        for sheet, owner in owners.items():  # each sheet's own items
            items = [self.items[row] for row in rows if self._owners[row].sheet == sheet]
            choose(owner, self._plan, items, value)
        keys = {(self._owners[row].sheet, self.items[row].kind, self.items[row].key) for row in rows}
        self.show_plan(self._registers, self._plan)
        for row, item in enumerate(self.items):  # keep the same rows selected
            if (self._owners[row].sheet, item.kind, item.key) in keys:
                self.table.selectionModel().select(
                    self.table.model().index(row, 0),
                    self.table.selectionModel().SelectionFlag.Select
                    | self.table.selectionModel().SelectionFlag.Rows,
                )
        self._changed()


class WarningsPanel(QWidget):
    """提醒: cells read, but worth a second look (a numeric 2019.1: January or October?), and unit facts
    that differ from the records (kept as recorded)."""

    def __init__(self) -> None:
        super().__init__()
        self.table = read_only_table(QTableWidget(0, 3))
        self.table.setHorizontalHeaderLabels(["Excel 行号", "列", "提醒"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)

    def show_warnings(self, warnings: list[RowProblem], *, several: bool = False) -> None:
        """The warnings (their rows led by the sheet when the import has several)."""
        _fill(
            self.table,
            [(f"{w.sheet} {w.row}" if several else str(w.row), w.column, w.message) for w in warnings],
        )
        self.table.resizeRowsToContents()


def review_summary(registers: list[Register], plan: ImportPlan) -> str:
    """The sentences the preview's summary gives about columns, inferred values and warnings."""
    destinations = [d for register in registers for d in column_destinations(register)]
    extras = sum(1 for d in destinations if d.how == "其他信息")
    guessed = sum(1 for d in destinations if d.how in ("推断", "按内容判断"))
    inferred = [item for register in registers for item in inferred_values(register, plan)]
    warnings = len(plan.warnings)
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
    if warnings:
        text += f"有 {warnings} 条提醒，见“提醒”。"
    return text
