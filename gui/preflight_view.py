"""生成前检查: per unit, what each section of the report will be filled from and what is left out."""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QGroupBox, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from core.reports.preflight import Preflight, UnitPlan

PLACEHOLDER_COLOUR = QColor("#b3261e")  # a section that will show the placeholder
LEFT_OUT_COLOUR = QColor("#6b6b6b")  # an honour the report will not state


class PreflightView(QGroupBox):
    """A note (period, warnings, undated honours) above a tree: unit → sections and honour groups."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("生成前检查", parent)
        self.tree = QTreeWidget()
        self.tree.setObjectName("preflight")
        self.tree.setHeaderLabels(["单位 / 部分", "生成时的内容"])
        self.tree.setColumnWidth(0, 260)
        self.tree.setWordWrap(True)
        self.note = QLabel()
        self.note.setObjectName("preflight_note")
        self.note.setWordWrap(True)
        column = QVBoxLayout(self)
        column.addWidget(self.note)
        column.addWidget(self.tree, 1)

    def show_message(self, text: str) -> None:
        self.tree.clear()
        self.note.setText(text)

    def show_plan(self, plan: Preflight) -> None:
        note = [f"期间 {plan.period.chinese()}，共 {len(plan.units)} 个单位。"]
        note += [f"注意：{warning}" for warning in plan.warnings]
        if plan.undated and not plan.options.list_undated:
            note.append(f"未注明获得时间的荣誉共 {plan.undated} 项，不写入汇报；需要时可选“单列”。")
        self.note.setText("\n".join(note))
        self.tree.clear()
        for unit in plan.units:
            self.tree.addTopLevelItem(unit_item(unit))
        if self.tree.topLevelItemCount() == 1:
            self.tree.expandAll()


def unit_item(unit: UnitPlan) -> QTreeWidgetItem:
    item = QTreeWidgetItem([unit.unit_name, unit.summary()])
    item.setToolTip(1, unit.summary())
    for section in unit.sections:
        child = QTreeWidgetItem([section.name, section.describe()])
        child.setToolTip(1, section.describe())
        if section.placeholder:
            child.setForeground(1, QBrush(PLACEHOLDER_COLOUR))
        item.addChild(child)
    undated = "单列，写明时间未记录" if unit.undated_listed else "不写入"
    for caption, labels, left_out in (
        ("个人荣誉（写明获得者）", unit.personal, False),
        (f"未注明获得时间（{undated}）", unit.undated, not unit.undated_listed),
        ("期间以外（不写入）", unit.outside, True),
        ("已撤销（不写入）", unit.revoked, True),
    ):
        if not labels:
            continue
        group = QTreeWidgetItem([caption, f"{len(labels)} 项"])
        for label in labels:
            entry = QTreeWidgetItem(["", label])
            if left_out:
                entry.setForeground(1, QBrush(LEFT_OUT_COLOUR))
            group.addChild(entry)
        item.addChild(group)
    return item
