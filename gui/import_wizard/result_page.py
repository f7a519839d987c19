"""The wizard's last page: the import itself, what it did and the rows it rejected."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from core.errors import UserError
from core.importing.apply import ImportResult, apply_import
from core.importing.register import RowProblem
from core.importing.rejects import write_rejected_rows
from gui.errors import error_text, show_error
from gui.import_wizard.common import ERROR_STYLE, FOLDER_KEY, REJECTS_FILTER, label
from gui.ops import ChangeOp
from gui.search_keys import fill_pending_keys
from gui.widgets import read_only_table

if TYPE_CHECKING:
    from gui.import_wizard.wizard import ImportWizard

log = logging.getLogger(__name__)


class ResultPage(QWizardPage):
    """导入: the import itself, then what it did and the rows it rejected."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self._done = False
        self.setTitle("导入")
        self.setSubTitle("把检查通过的行写入数据库；有错误的行不会导入。")
        self.status = label()
        self.counts = label()
        self.errors_label = QLabel("被拒绝的行：")
        self.errors_table = read_only_table(QTableWidget(0, 4))
        self.errors_table.setHorizontalHeaderLabels(["工作表", "Excel 行号", "列", "错误原因"])
        self.errors_table.horizontalHeader().setStretchLastSection(True)
        self.save_button = QPushButton("保存错误行…")
        self.saved_label = label()
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addWidget(self.saved_label, 1)
        self._layout = layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.counts)
        layout.addWidget(self.errors_label)
        layout.addWidget(self.errors_table, 1)
        layout.addLayout(row)
        layout.addStretch(0)  # takes the room the errors leave when there are none
        self.save_button.clicked.connect(self.save_rejected)
        self._show_errors([])

    def initializePage(self) -> None:
        wizard = self._wizard
        source = wizard.source
        assert source is not None
        self._done = False
        self.status.setText(f"正在导入“{source.path.name}”…")
        strict = wizard.preview_page.strict_check.isChecked()
        database = wizard.context.services.db
        op: ChangeOp[ImportResult] = ChangeOp(
            self,
            wizard.context,
            lambda progress: apply_import(database, source, strict=strict, progress=progress),
            "正在导入…",
        )
        wizard.launch(op, self._imported, self._failed, self._cancelled)

    def _finish(self, status: str, *, error: bool = False) -> None:
        self._done = True
        self.status.setText(status)
        self.status.setStyleSheet(ERROR_STYLE if error else "")
        self.completeChanged.emit()
        # The keys were on a page now hidden (the preview's filter): Enter then did nothing at all.
        finish = self._wizard.button(QWizard.WizardButton.FinishButton)
        if finish.isVisible() and finish.isEnabled():
            finish.setFocus()

    def _imported(self, result: ImportResult) -> None:
        wizard = self._wizard
        wizard.result = result
        source = wizard.source
        assert source is not None
        counts = result.counts
        self.counts.setText(_counts_text(counts, result))
        self._show_errors(result.errors)
        if result.applied:  # new units, and matched ones given a short name, have their keys pending
            fill_pending_keys(self._wizard.context)
            wizard.mapping_page.remember(corrected_only=False)  # confirmed by the import that used it
        if result.applied:
            sheets = "、".join(f"“{sheet}”" for sheet in source.sheets)
            self._finish(
                f"已导入“{source.path.name}”的工作表{sheets}。如有需要，可在导入记录中撤销这次导入。"
            )
        else:
            self._finish(
                f"严格模式：有 {counts['rejected']} 行错误，没有导入任何数据。请改正后重新导入。", error=True
            )

    def _failed(self, error: BaseException) -> None:
        if not isinstance(error, UserError):
            log.error("导入出错", exc_info=error)
        self._finish(f"导入没有完成，数据库没有任何改变。\n{error_text(error)}", error=True)

    def _cancelled(self) -> None:
        self._finish("已取消导入，数据库没有任何改变。", error=True)

    def _show_errors(self, errors: list[RowProblem]) -> None:
        self.errors_table.setRowCount(len(errors))
        for row, problem in enumerate(errors):
            for column, text in enumerate((problem.sheet, str(problem.row), problem.column, problem.message)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.errors_table.setItem(row, column, item)
        self.errors_table.setColumnHidden(0, len({problem.sheet for problem in errors}) < 2)
        self.errors_table.resizeColumnToContents(0)
        self.errors_table.resizeColumnToContents(1)
        for widget in (self.errors_label, self.errors_table, self.save_button, self.saved_label):
            widget.setVisible(bool(errors))
        self._layout.setStretch(self._layout.count() - 1, 0 if errors else 1)
        self.saved_label.clear()

    def save_rejected(self) -> None:
        """Ask where, then write the rejected rows with a 错误原因 column."""
        wizard = self._wizard
        source, result = wizard.source, wizard.result
        if source is None or result is None or not result.errors:
            return
        state = wizard.context.state
        suggested = Path(state.last_folder(FOLDER_KEY)) / f"{source.path.stem}_错误行.xlsx"
        chosen, _ = QFileDialog.getSaveFileName(self, "保存错误行", str(suggested), REJECTS_FILTER)
        if not chosen:
            return
        path = Path(chosen) if chosen.lower().endswith(".xlsx") else Path(chosen + ".xlsx")
        try:
            written = write_rejected_rows(source, result.errors, path)
        except Exception as error:
            show_error(self, error, "无法保存错误行")
            return
        state.set_last_folder(FOLDER_KEY, str(path))
        self.saved_label.setText(f"已把 {written} 行保存到“{path}”，改正后可再次导入。")

    def isComplete(self) -> bool:
        return self._done


def _counts_text(counts: dict[str, int], result: ImportResult) -> str:
    text = (
        f"新建单位 {counts['units_created']} 个，更新单位 {counts['units_updated']} 个，"
        f"新增荣誉 {counts['honours_created']} 项，"
        + (f"新增工作材料 {counts['materials_created']} 篇，" if counts.get("materials_created") else "")
        + f"重复（已跳过） {counts['duplicates']} 行，拒绝 {counts['rejected']} 行。"
    )
    plan = result.plan
    if plan is not None and len(plan.registers) > 1:
        for sheet in plan.register_sheets:
            share = plan.sheet_counts[sheet]
            materials = (
                f"新增工作材料 {share['materials_created']} 篇，" if share.get("materials_created") else ""
            )
            text += (
                f"\n工作表“{sheet}”：新建单位 {share['units_created']} 个，更新单位 {share['units_updated']} 个，"
                f"新增荣誉 {share['honours_created']} 项，{materials}拒绝 {share['rejected']} 行。"
            )
    return text
