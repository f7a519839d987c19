"""The wizard's fourth page: every row checked against the database before anything is written."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QRegularExpression, QSortFilterProxyModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from core.errors import UserError
from core.importing.apply import preview_import
from core.importing.plan import STATUS_NAMES, ImportPlan, summarise
from core.importing.register import Register
from core.importing.review import choices, reapply
from core.importing.workbook import RegisterFile, SheetChoice, read_registers
from core.progress import Progress
from gui.context import AppContext
from gui.errors import error_text
from gui.import_wizard.common import ERROR_STYLE, FILTER_ALL, STRICT_TEXT, label
from gui.import_wizard.models import PlanModel
from gui.import_wizard.review_panels import ColumnsPanel, InferredPanel, WarningsPanel, review_summary
from gui.ops import BackgroundOp
from gui.widgets import read_only_table

if TYPE_CHECKING:
    from gui.import_wizard.wizard import ImportWizard

log = logging.getLogger(__name__)


def check_registers(
    context: AppContext,
    path: Path,
    choices: dict[str, SheetChoice],
    progress: Progress,
    previewed_hash: str | None = None,
) -> tuple[RegisterFile, ImportPlan]:
    """The chosen sheets read and checked; refused (ChangedSincePreview) where the file's bytes are no
    longer those previewed, on which the headers and columns were chosen."""
    source = read_registers(path, choices=choices, progress=progress, expected_hash=previewed_hash)
    progress(0, 0, "正在与库中记录比对…")
    return source, preview_import(context.services.db, source)


def summary_text(plan: ImportPlan) -> str:
    """What the check found, in all and (for several sheets) sheet by sheet."""
    statuses, counts = summarise(plan.rows), plan.counts()
    text = (
        f"共 {len(plan.rows)} 行：新增 {statuses['new']} 行，更新 {statuses['update']} 行，"
        f"重复 {statuses['duplicate']} 行，错误 {statuses['error']} 行"
        + (f"，跳过 {statuses['skipped']} 行。" if statuses["skipped"] else "。")
        + f"导入后将新建单位 {counts['units_created']} 个，更新单位 {counts['units_updated']} 个，"
        f"新增荣誉 {counts['honours_created']} 项"
        + (f"，新增工作材料 {counts['materials_created']} 篇。" if counts.get("materials_created") else "。")
    )
    if statuses["skipped"]:
        text += "跳过的是隐藏的行、合计行、重复的表头和表尾的填表人、说明等，不会导入。"
    text += review_summary(plan.registers, plan)
    if statuses["error"]:
        text += "有错误的行不会导入，导入后可把它们另存为 Excel 文件，改正后再导入。"
    if len(plan.registers) > 1:
        for register in plan.registers:
            sheet = plan.sheet_counts[register.sheet]
            text += (
                f"\n工作表“{register.sheet}”：新建单位 {sheet['units_created']} 个，"
                f"更新单位 {sheet['units_updated']} 个，新增荣誉 {sheet['honours_created']} 项，"
                f"错误 {sheet['rejected']} 行，跳过 {register.skipped} 行。"
            )
    for skipped in plan.skipped_sheets:
        text += f"\n工作表“{skipped.sheet}”不导入：{skipped.reason}。"
    return text


class PreviewPage(QWizardPage):
    """预览: every row as 新增 / 更新 / 重复 / 错误 / 跳过, before anything is written."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self._checking = False
        self._op: BackgroundOp[tuple[RegisterFile, ImportPlan]] | None = None
        # levels and categories chosen, by sheet, for a new check
        self._kept: dict[str, dict[tuple[str, str], str | None]] = {}
        self.setTitle("预览")
        self.setSubTitle("逐行检查的结果。此时还没有写入任何数据；点击“开始导入”后才会导入。")
        self.setCommitPage(True)
        self.summary = label()
        self.filter_combo = QComboBox()
        self.filter_combo.addItems([FILTER_ALL, *STATUS_NAMES.values()])
        self.recheck_button = QPushButton("重新检查")
        self.model = PlanModel()
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(PlanModel.STATUS_COLUMN)
        self.table = read_only_table(QTableView())
        self.table.setAlternatingRowColors(False)
        self.table.setModel(self.proxy)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.strict_check = QCheckBox(STRICT_TEXT)
        row = QHBoxLayout()
        row.addWidget(QLabel("显示："))
        row.addWidget(self.filter_combo)
        row.addStretch(1)
        row.addWidget(self.recheck_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        self.columns_panel = ColumnsPanel()
        self.inferred_panel = InferredPanel(self._inferred_changed)
        self.warnings_panel = WarningsPanel()
        self.tabs = QTabWidget()
        for widget, title in ((self.table, "逐行结果"), *self._review_tabs()):
            self.tabs.addTab(widget, title)
        layout.addLayout(row)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.strict_check)
        self.filter_combo.currentTextChanged.connect(self._filter)
        self.recheck_button.clicked.connect(self.check)

    def _review_tabs(self) -> list[tuple[QWidget, str]]:
        return [
            (self.columns_panel, "各列去向"),
            (self.inferred_panel, "推断"),
            (self.warnings_panel, "提醒"),
        ]

    def _show_review(self, registers: list[Register], plan: ImportPlan | None) -> None:
        """The review tabs for the checked registers, titled with how much each holds."""
        self.columns_panel.show_registers(registers)
        self.inferred_panel.show_plan(registers, plan)
        warnings = plan.warnings if plan is not None else [w for r in registers for w in r.warnings]
        self.warnings_panel.show_warnings(warnings, several=len(registers) > 1)
        inferred, warnings = len(self.inferred_panel.items), self.warnings_panel.table.rowCount()
        self.tabs.setTabText(2, f"推断（{inferred}）" if inferred else "推断")
        self.tabs.setTabText(3, f"提醒（{warnings}）" if warnings else "提醒")

    def _inferred_changed(self) -> None:
        if self._wizard.plan is not None:
            self.summary.setText(summary_text(self._wizard.plan))

    def initializePage(self) -> None:
        self.check()

    def check(self) -> None:
        wizard = self._wizard
        path = wizard.path
        assert path is not None
        choices_ = {}
        for sheet in wizard.chosen:
            header = wizard.headers[sheet]
            assert header is not None
            choices_[sheet] = SheetChoice(header, dict(wizard.mappings[sheet]))
        if wizard.source is not None:
            self._kept = {register.sheet: choices(register) for register in wizard.source.registers}
        wizard.source, wizard.plan = None, None
        self.model.set_rows([])
        self.table.setColumnHidden(PlanModel.SHEET_COLUMN, len(choices_) < 2)
        self._show_review([], None)
        self._set_checking(True, "正在检查每一行…")
        context, previewed = wizard.context, wizard.previewed_hash
        op: BackgroundOp[tuple[RegisterFile, ImportPlan]] = BackgroundOp(
            self,
            lambda progress: check_registers(context, path, choices_, progress, previewed),
            "正在检查登记表…",
        )
        self._op = op
        wizard.launch(
            op,
            self._if_current(op, self._checked),
            self._if_current(op, self._failed),
            self._if_current(op, self._cancelled),
        )

    def _if_current(self, op: BackgroundOp[Any], handler: Callable[..., None]) -> Callable[..., None]:
        """handler, unless the user went back (or checked again) while op was running."""

        def call(*args: Any) -> None:
            if op is self._op:
                self._op = None
                handler(*args)

        return call

    def cleanupPage(self) -> None:
        """Going back: a check still running is stopped and its outcome ignored."""
        if self._op is not None:
            self._op.cancel()
            self._op = None
        self._checking = False
        super().cleanupPage()

    def _set_checking(self, checking: bool, text: str, *, error: bool = False) -> None:
        self._checking = checking
        self.recheck_button.setEnabled(not checking)
        self.summary.setText(text)
        self.summary.setStyleSheet(ERROR_STYLE if error else "")
        self.completeChanged.emit()

    def _checked(self, outcome: tuple[RegisterFile, ImportPlan]) -> None:
        source, plan = outcome
        for register in source.registers:  # what the clerk chose before checking again
            reapply(register, plan, self._kept.get(register.sheet, {}))
        self._wizard.source, self._wizard.plan = source, plan
        self._show_review(source.registers, plan)
        self.model.set_rows(plan.rows)
        self.table.resizeColumnsToContents()
        self._set_checking(False, summary_text(plan))

    def _failed(self, error: BaseException) -> None:
        if not isinstance(error, UserError):
            log.error("检查登记表出错", exc_info=error)
        self._set_checking(False, error_text(error), error=True)

    def _cancelled(self) -> None:
        self._set_checking(False, "已取消检查。可点击“重新检查”再试，或返回上一步。", error=True)

    def _filter(self, text: str) -> None:
        pattern = "" if text == FILTER_ALL else f"^{QRegularExpression.escape(text)}$"
        self.proxy.setFilterRegularExpression(pattern)

    def isComplete(self) -> bool:
        return not self._checking and self._wizard.plan is not None

    def validatePage(self) -> bool:
        return self.isComplete()
