"""生成前检查: per unit, what each section of the report will be filled from and what is left out."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, QTimer
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QGroupBox,
    QLabel,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.reports.preflight import Preflight, UnitPlan

PLACEHOLDER_COLOUR = QColor("#b3261e")  # a section that will show the placeholder
LEFT_OUT_COLOUR = QColor("#6b6b6b")  # an honour the report will not state
FIRST_COLUMN_MAX = 260  # unit and section names; a long unit name is cut so that the contents stay in view
FIRST_COLUMN_SHARE = 0.45


class WrappingDelegate(QStyledItemDelegate):
    """Rows as tall as their text wrapped to the column's width (QTreeView measures them unwrapped)."""

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self.tree = tree

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        wrapped = QStyleOptionViewItem(option)
        self.initStyleOption(wrapped, index)
        wrapped.rect = QRect(0, 0, self.tree.columnWidth(index.column()), 10000)
        wrapped.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
        return self.tree.style().sizeFromContents(
            QStyle.ContentsType.CT_ItemViewItem, wrapped, QSize(), self.tree
        )


class PreflightView(QGroupBox):
    """A note (period, warnings, undated honours) above a tree: unit → sections and honour groups."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("生成前检查", parent)
        self.tree = QTreeWidget()
        self.tree.setObjectName("preflight")
        self.tree.setHeaderLabels(["单位 / 部分", "生成时的内容"])
        self.tree.setColumnWidth(0, FIRST_COLUMN_MAX)
        self.tree.setWordWrap(True)
        self.tree.setItemDelegateForColumn(1, WrappingDelegate(self.tree))
        # Rows re-wrap when a column is resized; through a timer (a C++ slot), as the header still
        # resizes while the dialog is being deleted.
        self._relayout = QTimer(self)
        self._relayout.setSingleShot(True)
        self._relayout.setInterval(0)
        self._relayout.timeout.connect(self.tree.doItemsLayout)
        self.tree.header().sectionResized.connect(self._relayout.start)
        self.note = QLabel()
        self.note.setObjectName("preflight_note")
        self.note.setWordWrap(True)
        column = QVBoxLayout(self)
        column.addWidget(self.note)
        column.addWidget(self.tree, 1)

    def show_message(self, text: str) -> None:
        self.tree.clear()
        self.note.setText(text)

    def show_plan(self, plan: Preflight, period_origin: str = "") -> None:
        """The plan; period_origin says where the years come from (近三年, 自选 …)."""
        summary = plan.summed_units
        counted = f"汇总 {summary} 个单位" if summary is not None else f"共 {len(plan.units)} 个单位"
        origin = f"（{period_origin}）" if period_origin else ""
        note = [f"期间 {plan.period.chinese()}{origin}，{counted}。"]
        note += [f"注意：{warning}" for warning in plan.warnings]
        if summary is not None:  # a summary template (summary_generate.py): undated honours never count
            if plan.undated:
                note.append(f"未注明获得时间的荣誉共 {plan.undated} 项，不计入任何数字。")
        elif plan.undated and not plan.options.list_undated:
            note.append(f"未注明获得时间的荣誉共 {plan.undated} 项，不写入汇报；需要时可选“单列”。")
        if plan.shows_certificates and plan.options.certificates:
            lacking = sum(len(u.without_certificate) for u in plan.units)
            note.append(
                f"证书复印件 {plan.certificates} 份附在落款之后的附件页"
                + (f"；{lacking} 项荣誉没有证书，不附。" if lacking else "。")
            )
        self.note.setText("\n".join(note))
        self.tree.clear()
        for unit in plan.units:
            self.tree.addTopLevelItem(unit_item(unit))
        if self.tree.topLevelItemCount() == 1:
            self.tree.expandAll()
        self._fit_first_column()

    def _fit_first_column(self) -> None:
        """As wide as the names need, up to FIRST_COLUMN_MAX and under half the tree's width."""
        room = int(self.tree.viewport().width() * FIRST_COLUMN_SHARE)
        wanted = self.tree.sizeHintForColumn(0) + 8
        self.tree.setColumnWidth(0, max(120, min(wanted, room, FIRST_COLUMN_MAX)))


def unit_item(unit: UnitPlan) -> QTreeWidgetItem:
    item = QTreeWidgetItem([unit.unit_name, unit.summary()])
    item.setToolTip(0, unit.unit_name)
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
        ("没有证书（附件中不出现）", unit.without_certificate if unit.certificates_wanted else (), False),
        ("已撤销（不写入）", unit.revoked, True),
        ("晚于成文日期（不写入）", unit.later, True),
        ("单位信息（不写入）", unit.facts_left_out, True),
        ("单位信息（请核对）", unit.facts_to_check, False),
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
