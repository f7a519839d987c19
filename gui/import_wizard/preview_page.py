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
from core.importing.headers import HeaderGuess
from core.importing.plan import STATUS_NAMES, ImportPlan, summarise
from core.importing.register import Register, SheetPreview, read_register
from core.importing.review import choices, reapply
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


def check_register(
    context: AppContext,
    path: Path,
    preview: SheetPreview,
    header: HeaderGuess,
    mapping: dict[int, str],
    progress: Progress,
) -> tuple[Register, ImportPlan]:
    register = read_register(path, preview.sheet, mapping, progress, header=header)
    progress(0, 0, "正在与库中记录比对…")
    return register, preview_import(context.services.db, register)


class PreviewPage(QWizardPage):
    """预览: every row as 新增 / 更新 / 重复 / 错误, before anything is written."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self._checking = False
        self._op: BackgroundOp[tuple[Register, ImportPlan]] | None = None
        self._kept: dict[tuple[str, str], str | None] = {}  # levels and categories chosen, for a new check
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

    def _show_review(self, register: Register | None, plan: ImportPlan | None) -> None:
        """The review tabs for a checked register, titled with how much each holds."""
        self.columns_panel.show_register(register)
        self.inferred_panel.show_plan(register, plan)
        self.warnings_panel.show_warnings(register.warnings if register is not None else [])
        inferred, warnings = len(self.inferred_panel.items), self.warnings_panel.table.rowCount()
        self.tabs.setTabText(2, f"推断（{inferred}）" if inferred else "推断")
        self.tabs.setTabText(3, f"提醒（{warnings}）" if warnings else "提醒")

    def _inferred_changed(self) -> None:
        self.summary.setText(self._summary_text(self._wizard.register, self._wizard.plan))  # type: ignore[arg-type]

    def initializePage(self) -> None:
        self.check()

    def check(self) -> None:
        wizard = self._wizard
        path, preview, header, mapping = wizard.path, wizard.sheet, wizard.header, dict(wizard.mapping)
        assert path is not None and preview is not None and header is not None
        self._kept = choices(wizard.register) if wizard.register is not None else {}
        wizard.register, wizard.plan = None, None
        self.model.set_rows([])
        self._show_review(None, None)
        self._set_checking(True, "正在检查每一行…")
        context = wizard.context
        op: BackgroundOp[tuple[Register, ImportPlan]] = BackgroundOp(
            self,
            lambda progress: check_register(context, path, preview, header, mapping, progress),
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

    def _checked(self, outcome: tuple[Register, ImportPlan]) -> None:
        register, plan = outcome
        reapply(register, plan, self._kept)  # what the clerk chose before checking again
        self._wizard.register, self._wizard.plan = register, plan
        self._show_review(register, plan)
        self.model.set_rows(plan.rows)
        self.table.resizeColumnsToContents()
        self._set_checking(False, self._summary_text(register, plan))

    def _failed(self, error: BaseException) -> None:
        if not isinstance(error, UserError):
            log.error("检查登记表出错", exc_info=error)
        self._set_checking(False, error_text(error), error=True)

    def _cancelled(self) -> None:
        self._set_checking(False, "已取消检查。可点击“重新检查”再试，或返回上一步。", error=True)

    @staticmethod
    def _summary_text(register: Register, plan: ImportPlan) -> str:
        statuses, counts = summarise(plan.rows), plan.counts()
        text = (
            f"共 {len(plan.rows)} 行：新增 {statuses['new']} 行，更新 {statuses['update']} 行，"
            f"重复 {statuses['duplicate']} 行，错误 {statuses['error']} 行。"
            f"导入后将新建单位 {counts['units_created']} 个，更新单位 {counts['units_updated']} 个，"
            f"新增荣誉 {counts['honours_created']} 项。"
        )
        if counts.get("materials_created"):
            text = text.removesuffix("。") + f"，新增工作材料 {counts['materials_created']} 篇。"
        if register.skipped:
            text += f"另有 {register.skipped} 行空行、合计行或重复的表头已跳过。"
        text += review_summary(register, plan)
        if statuses["error"]:
            text += "有错误的行不会导入，导入后可把它们另存为 Excel 文件，改正后再导入。"
        return text

    def _filter(self, text: str) -> None:
        pattern = "" if text == FILTER_ALL else f"^{QRegularExpression.escape(text)}$"
        self.proxy.setFilterRegularExpression(pattern)

    def isComplete(self) -> bool:
        return not self._checking and self._wizard.plan is not None

    def validatePage(self) -> bool:
        return self.isComplete()
