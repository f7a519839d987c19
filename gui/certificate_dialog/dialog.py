"""Review what the certificates say before anything is saved.

One certificate: its image (the recognised boxes drawn on it) beside the prefilled honour form. Several:
a table of proposals above them, each to accept or reject; the selected one is shown and edited below.
Saving writes the accepted ones in one transaction, recorded as an import batch that the import history
can undo, each certificate attached to its honour.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.certificates.apply import CertificateBatch, Proposal, apply_proposals, check_proposal
from core.certificates.reading import CertificateResult
from core.errors import ValidationError
from core.text import name_key
from gui.certificate_dialog.image_view import CertificateImage, legend_html
from gui.certificate_dialog.proposal_form import ProposalForm
from gui.column_fit import fit_columns
from gui.context import AppContext
from gui.errors import show_error
from gui.ops import BackgroundOp
from gui.widgets import ROW_HEIGHT, fit_to_screen

COLUMNS = ("接受", "文件", "单位", "称号", "年份", "授予单位", "说明")
ACCEPT, FILE, UNIT, TITLE, YEAR, BODY, NOTE = range(len(COLUMNS))


class CertificateDialog(QDialog):
    saved = Signal(object)  # the CertificateBatch written

    def __init__(
        self,
        context: AppContext,
        results: list[CertificateResult],
        proposals: list[Proposal],
        unit_names: list[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.results = results
        self.proposals = proposals
        self.unit_names = set(map(name_key, unit_names))
        self.current = -1
        self._saving = False
        self.setObjectName("certificate_dialog")
        self.setWindowTitle("从证书识别" if len(proposals) == 1 else f"从证书识别：{len(proposals)} 张")
        self.image = CertificateImage()
        legend = QLabel(legend_html())
        legend.setObjectName("certificate_legend")
        legend.setWordWrap(True)
        self.form = ProposalForm(unit_names)
        self.form.changed.connect(self._form_edited)
        self.table = self._make_table() if len(proposals) > 1 else None
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("save_certificates")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self._lay_out(legend)
        self._fill_table()
        self.select(0)

    # -- layout --------------------------------------------------------------------------------

    def _lay_out(self, legend: QLabel) -> None:
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.image, 1)
        left_layout.addWidget(legend)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.form)
        scroll.setMinimumWidth(400)
        beside = QSplitter(Qt.Orientation.Horizontal)
        beside.setObjectName("certificate_splitter")
        beside.addWidget(left)
        beside.addWidget(scroll)
        beside.setStretchFactor(0, 3)
        beside.setStretchFactor(1, 2)
        beside.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        if self.table is not None:
            above = QSplitter(Qt.Orientation.Vertical)
            above.addWidget(self._table_panel())
            above.addWidget(beside)
            above.setStretchFactor(1, 1)
            above.setSizes([190, 560])
            above.setChildrenCollapsible(False)
            layout.addWidget(above, 1)
        else:
            layout.addWidget(beside, 1)
        layout.addWidget(self.buttons)
        beside.setSizes([640, 460])
        fit_to_screen(self, 1160, 820 if self.table is not None else 700)

    def _make_table(self) -> QTableWidget:
        table = QTableWidget(len(self.proposals), len(COLUMNS))
        table.setObjectName("certificate_proposals")
        table.setHorizontalHeaderLabels(list(COLUMNS))
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        table.setWordWrap(False)
        fit_columns(table, {FILE: 1, UNIT: 2, TITLE: 3, BODY: 2, NOTE: 2})
        table.currentCellChanged.connect(lambda row, *_: self.select(row))
        table.itemChanged.connect(self._item_changed)
        return table

    def _table_panel(self) -> QWidget:
        assert self.table is not None
        accept_all, reject_all = QPushButton("全部接受"), QPushButton("全部不要")
        accept_all.clicked.connect(lambda: self._accept_all(True))
        reject_all.clicked.connect(lambda: self._accept_all(False))
        hint = QLabel("勾选“接受”的各项一起保存；点一行在下方核对、修改。")
        row = QHBoxLayout()
        row.addWidget(hint, 1)
        row.addWidget(accept_all)
        row.addWidget(reject_all)
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.table)
        return panel

    # -- the proposals -------------------------------------------------------------------------

    def select(self, index: int) -> None:
        if not 0 <= index < len(self.proposals) or index == self.current:
            return
        self.form.store()
        self.current = index
        result = self.results[index]
        shown = result.preview or result.image  # a large photo's shrunk copy: the boxes are in its pixels
        self.image.show_certificate(shown, result.reading.lines if result.reading else [])
        self.form.show_proposal(self.proposals[index], result.reading)
        if self.table is not None and self.table.currentRow() != index:
            self.table.setCurrentCell(index, FILE)

    def _fill_table(self) -> None:
        if self.table is None:
            self._update_save_button()
            return
        self.table.blockSignals(True)
        for row in range(len(self.proposals)):
            self._fill_row(row)
        self.table.blockSignals(False)
        self._update_save_button()

    def _fill_row(self, row: int) -> None:
        assert self.table is not None
        proposal, result = self.proposals[row], self.results[row]
        accept = QTableWidgetItem()
        accept.setFlags(
            Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        )
        accept.setCheckState(Qt.CheckState.Checked if proposal.accepted else Qt.CheckState.Unchecked)
        values = proposal.values
        awarded = str(values.get("awarded") or "")
        cells = {
            ACCEPT: accept,
            FILE: QTableWidgetItem(result.source.label),
            UNIT: QTableWidgetItem(proposal.unit_name),
            TITLE: QTableWidgetItem(values.get("title") or ""),
            YEAR: QTableWidgetItem(awarded[:4]),
            BODY: QTableWidgetItem(values.get("awarded_by") or ""),
            NOTE: QTableWidgetItem(self._note(proposal, result)),
        }
        for column, item in cells.items():
            if column != ACCEPT:
                item.setToolTip(item.text())
            self.table.setItem(row, column, item)

    def _note(self, proposal: Proposal, result: CertificateResult) -> str:
        if result.reading is None:
            return f"未能识别：{result.error}"
        if proposal.duplicate_of is not None:
            return "档案中已有"
        _values, problems = check_proposal(proposal)
        if problems:
            return f"有问题：{problems[0]}"
        if name_key(proposal.unit_name) not in self.unit_names:
            return "将新建单位"
        if result.reading.unit is None:
            return "证书未写单位，暂填当前单位"
        return ""

    def _form_edited(self) -> None:
        if self.table is not None and self.current >= 0:
            self.table.blockSignals(True)
            self._fill_row(self.current)
            self.table.blockSignals(False)

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() == ACCEPT:
            self.proposals[item.row()].accepted = item.checkState() == Qt.CheckState.Checked
            self._update_save_button()

    def _accept_all(self, accepted: bool) -> None:
        for proposal in self.proposals:
            proposal.accepted = accepted
        self._fill_table()

    def _update_save_button(self) -> None:
        count = sum(p.accepted for p in self.proposals)
        if self.table is None:
            self.save_button.setText("保存")
            self.save_button.setEnabled(True)
            return
        self.save_button.setText(f"保存已接受的 {count} 项")
        self.save_button.setEnabled(count > 0)

    # -- saving --------------------------------------------------------------------------------

    def save(self) -> None:
        self.form.store()
        if self.table is None:
            self.proposals[0].accepted = True
        database = self.context.services.db
        proposals = self.proposals
        label = self._label()
        self.save_button.setEnabled(False)
        self._saving = True
        BackgroundOp(
            self,
            lambda progress: apply_proposals(database, proposals, label, progress),
            "正在保存…",
            cancellable=False,
        ).success(self._saved).failure(self._save_failed).run_in_background()

    def _label(self) -> str:
        names = [
            result.source.label for result, p in zip(self.results, self.proposals, strict=True) if p.accepted
        ]
        if len(names) <= 1:
            return f"证书 {names[0]}" if names else "证书"
        return f"证书 {names[0]} 等 {len(names)} 张"

    def _saved(self, batch: CertificateBatch) -> None:
        self._saving = False
        self.context.apply(batch.changes, self)
        parts = [f"已保存荣誉 {batch.honours_created} 项（证书图片已附加）"]
        if batch.units_created:
            parts.append(f"新建单位 {batch.units_created} 个")
        if batch.duplicates:
            parts.append(f"{batch.duplicates} 项档案中已有，未重复保存")
        self.saved.emit(batch)
        self.accept()
        QMessageBox.information(
            self.parentWidget(),
            "已保存",
            "，".join(parts) + "。\n如需撤销，可在“导入记录”页整批撤销这次识别。",
        )

    def _save_failed(self, error: BaseException) -> None:
        self._saving = False
        self._update_save_button()
        if isinstance(error, ValidationError):
            bad = next((i for i, p in enumerate(self.proposals) if p.accepted and p.problems), 0)
            self.current = -1
            self.select(bad)
            self._fill_table()
            return
        show_error(self, error, "未能保存")

    def reject(self) -> None:
        if not self._saving:  # while saving, Esc and 取消 wait for it
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._saving:
            event.ignore()
        else:
            super().closeEvent(event)
