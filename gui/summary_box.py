"""The generate dialog's part for a summary template: which units it speaks for (the selection, the list's
filter, all units, a category, a region), how it names them, and who issues it (发文机关, 发文字号, 版头)."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QGroupBox, QLineEdit, QWidget

from core.reports.summary_generate import DEFAULT_SUBJECT, ScopeChoice, SummaryOptions, summary_scopes
from gui.context import AppContext

log = logging.getLogger(__name__)


class SummaryBox(QGroupBox):
    """汇总范围与发文: shown in place of the unit choice when the template is a summary."""

    changed = Signal()

    def __init__(
        self,
        context: AppContext,
        selected_ids: Sequence[int],
        filtered_ids: Sequence[int],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("汇总范围与发文", parent)
        self.context = context
        self._fixed: list[tuple[str, list[int]]] = []
        if len(selected_ids) > 1:
            self._fixed.append((f"选中的单位（{len(selected_ids)} 个）", list(selected_ids)))
        if filtered_ids:
            self._fixed.append((f"列表中筛选出的单位（{len(filtered_ids)} 个）", list(filtered_ids)))
        self.scope = QComboBox()
        self.scope.setObjectName("summary_scope")
        self.scope.setToolTip("汇总哪些单位：选中的、列表筛选出的、全部、某一类别或某一地区")
        for caption, _ids in self._fixed:
            self.scope.addItem(caption, None)
        try:
            self._choices = summary_scopes(context.services.db)
        except Exception:
            log.info("cannot list the summary scopes", exc_info=True)
            self._choices = []
        for choice in self._choices:
            self.scope.addItem(choice.caption, choice)
        all_units = self.scope.findText(self._choices[0].caption) if self._choices else 0
        self.scope.setCurrentIndex(max(all_units, 0))
        self.subject = QLineEdit(self._suggested_subject())
        self.subject.setObjectName("summary_subject")
        self.subject.setToolTip("汇报中称呼这些单位的主语，如“全区”“全区学校”“东湖区”")
        self._subject_suggested = self.subject.text()
        self.office = QLineEdit(context.settings.report_author)
        self.office.setObjectName("summary_office")
        self.office.setPlaceholderText(
            "如 东湖区精神文明建设委员会；联合发文用空格分隔，主办机关在前（落款、版头用）"
        )
        self.document_no = QLineEdit()
        self.document_no.setObjectName("summary_document_no")
        self.document_no.setPlaceholderText("如 东文明委〔2025〕1号（表彰决定用）")
        self.letterhead = QCheckBox("红色版头：发文机关标志、发文字号和红色分隔线（表彰决定）")
        self.letterhead.setObjectName("summary_letterhead")
        form = QFormLayout(self)
        form.addRow("汇总范围：", self.scope)
        form.addRow("称呼为：", self.subject)
        form.addRow("发文机关：", self.office)
        form.addRow("发文字号：", self.document_no)
        form.addRow("", self.letterhead)
        self.scope.currentIndexChanged.connect(self._scope_changed)
        for editor in (self.subject, self.office, self.document_no):
            editor.textChanged.connect(lambda _text: self.changed.emit())
        self.letterhead.toggled.connect(lambda _on: self.changed.emit())

    def _choice(self) -> ScopeChoice | None:
        data = self.scope.currentData()
        return data if isinstance(data, ScopeChoice) else None

    def _suggested_subject(self) -> str:
        choice = self._choice()
        return choice.subject if choice is not None else DEFAULT_SUBJECT

    def _scope_changed(self) -> None:
        if self.subject.text() == self._subject_suggested:  # a name the user typed stays
            self._subject_suggested = self._suggested_subject()
            self.subject.setText(self._subject_suggested)
        self.changed.emit()

    def unit_ids(self) -> list[int]:
        choice = self._choice()
        if choice is not None:
            return choice.unit_ids(self.context.services.db)
        index = self.scope.currentIndex()
        return list(self._fixed[index][1]) if 0 <= index < len(self._fixed) else []

    def options(self) -> SummaryOptions:
        return SummaryOptions(
            subject=self.subject.text().strip() or DEFAULT_SUBJECT,
            description=self.scope.currentText(),
            office=self.office.text().strip(),
            document_no=self.document_no.text().strip(),
            letterhead=self.letterhead.isChecked(),
            region=choice.region if (choice := self._choice()) is not None else None,
        )
