"""荣誉 → 记录复查结果…: one title's 复查 result (合格 or 撤销) for many units at once, from a pasted list,
the records, or the units whose title is due; the title's term (复查周期) is set here too."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from core.decisions.names import UnitRef
from core.decisions.review import PASSED, REVOKE, Review, ReviewResult, apply_review
from core.decisions.terms import MAX_TERM_YEARS, Terms, reviews_due, set_term, titles_with_terms
from core.reports.prose import chinese_date
from gui.context import AppContext
from gui.date_box import DateBox
from gui.decision_dialog import UNDO_HINT, _names, ask_then_apply, enter_presses_nothing
from gui.errors import show_error
from gui.name_list import NameListPanel
from gui.screen_fit import resize_within_screen
from gui.undo import EntryBatchCommand
from gui.widgets import may_discard

DUE_WITHIN_DAYS = 365  # 列出到期单位: titles due within a year of the review date (or overdue)


class ReviewDialog(QDialog):
    """记录复查结果: the title, the result and its date once, then the units."""

    def __init__(
        self,
        context: AppContext,
        title: str = "",
        units: Sequence[UnitRef] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.result_: ReviewResult | None = None
        self.setWindowTitle("记录复查结果")
        resize_within_screen(self, 980, 680)
        self.names = NameListPanel(context)
        self.names.changed.connect(self._update_button)
        layout = QVBoxLayout(self)
        layout.setSpacing(4)  # with the name list below, 472 pixels high: a 1366×768 screen at 150 %
        layout.addWidget(self._review_box(title))
        names_box = QGroupBox("复查的单位（粘贴复查结果名单，列出到期的单位，或从档案中选择）")
        names_layout = QVBoxLayout(names_box)
        names_layout.addWidget(self.names)
        layout.addWidget(names_box, 1)
        self.apply_button = QPushButton("记录…")
        self.apply_button.setObjectName("apply_review")
        buttons = QDialogButtonBox()
        buttons.addButton(self.apply_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.apply)
        buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        hint = QLabel(UNDO_HINT.replace("录入", "记录"))
        hint.setStyleSheet("color: palette(mid);")
        bottom.addWidget(hint, 1)
        bottom.addWidget(buttons)
        layout.addLayout(bottom)
        if units:
            self.names.add_units(units)
        self.names.mark_given()
        self._title_changed()
        enter_presses_nothing(self)

    def reject(self) -> None:
        typed = bool(self.document_no.text().strip()) or self.names.has_input()
        if self.result_ is not None or may_discard(self, typed):
            super().reject()

    def _review_box(self, title: str) -> QGroupBox:
        self.title = QComboBox()
        self.title.setObjectName("review_title")
        self.title.setEditable(True)
        self.title.setMinimumWidth(260)
        try:
            with self.context.services.db.session() as session:
                self.title.addItems(titles_with_terms(session))
        except Exception as error:
            show_error(self, error, "无法读取称号")
        self.title.setCurrentText(title)
        self.title.currentTextChanged.connect(lambda _text: self._title_changed())
        self.term = QLabel()
        self.term.setObjectName("review_term")
        change_term = QPushButton("设定复查周期…")
        change_term.clicked.connect(self._set_term)
        self.passed = QRadioButton("复查合格（有效期顺延一个周期）")
        self.passed.setObjectName("review_passed")
        self.revoked = QRadioButton("撤销称号")
        self.revoked.setObjectName("review_revoked")
        self.passed.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.passed)
        group.addButton(self.revoked)
        self.on = DateBox("复查日期")
        self.on.setObjectName("review_date")
        self.document_no = QLineEdit()
        self.document_no.setObjectName("review_doc_no")
        self.document_no.setPlaceholderText("复查结果通报的文号，可不填")
        due = QPushButton("列出到期的单位")
        due.setObjectName("list_due_units")
        due.setToolTip(f"加入此称号已过期或在复查日期后 {DUE_WITHIN_DAYS} 天内到期的单位")
        due.clicked.connect(self._add_due_units)

        title_row = QHBoxLayout()
        title_row.addWidget(self.title, 1)
        title_row.addWidget(self.term)
        title_row.addWidget(change_term)
        result_row = QHBoxLayout()
        result_row.addWidget(self.passed)
        result_row.addWidget(self.revoked)
        result_row.addStretch(1)
        form = QFormLayout()
        form.addRow("称号：", title_row)
        form.addRow("复查结果：", result_row)
        date_row = QHBoxLayout()
        date_row.addWidget(self.on)
        date_row.addSpacing(16)
        date_row.addWidget(QLabel("文号："))
        date_row.addWidget(self.document_no, 1)
        form.addRow("复查日期：", date_row)
        form.addRow(self.on.hint)
        box = QGroupBox("复查")
        column = QVBoxLayout(box)
        column.addLayout(form)
        due_row = QHBoxLayout()
        due_row.addWidget(due)
        due_row.addStretch(1)
        column.addLayout(due_row)
        return box

    # -- the title's term ---------------------------------------------------------------------

    def _years(self) -> int | None:
        with self.context.services.db.session() as session:
            return Terms.load(session).years_for(self.title.currentText())

    def _title_changed(self) -> None:
        title = self.title.currentText().strip()
        years = self._years() if title else None
        self.term.setText(f"复查周期：{years} 年" if years else "复查周期：未设定")
        self._update_button()

    def _set_term(self) -> None:
        title = self.title.currentText().strip()
        if not title:
            QMessageBox.information(self, self.windowTitle(), "请先填写称号。")
            return
        years, ok = QInputDialog.getInt(
            self,
            "设定复查周期",
            f"“{title}”每隔几年复查一次（0 表示不复查）：",
            self._years() or 3,
            0,
            MAX_TERM_YEARS,
        )
        if not ok:
            return
        try:
            set_term(self.context.services.db, title, years)
        except Exception as error:
            show_error(self, error, "无法设定复查周期")
            return
        self._title_changed()
        self.context.changed("honour")  # due days change with the term

    def _add_due_units(self) -> None:
        title = self.title.currentText().strip()
        if not title:
            QMessageBox.information(self, self.windowTitle(), "请先填写称号。")
            return
        on = self.on.date().toPython()
        with self.context.services.db.session() as session:
            due = reviews_due(session, today=on, within_days=DUE_WITHIN_DAYS, title=title)
        if not due:
            QMessageBox.information(self, self.windowTitle(), f"没有“{title}”到期待复查的单位。")
            return
        self.names.add_units([UnitRef(d.unit_id, d.unit_name) for d in due])

    # -- applying -----------------------------------------------------------------------------

    def _update_button(self) -> None:
        waiting = self.names.unresolved()
        ready = bool(self.title.currentText().strip()) and bool(self.names.unit_ids())
        self.apply_button.setEnabled(ready and not waiting)
        self.apply_button.setToolTip(
            f"还有 {len(waiting)} 个名称未确定对应的单位"
            if waiting
            else "核对后记录"
            if ready
            else "请填写称号并给出单位"
        )

    def review(self) -> Review:
        on: dt.date = self.on.date().toPython()
        result = PASSED if self.passed.isChecked() else REVOKE
        return Review(self.title.currentText().strip(), result, on, self.document_no.text().strip() or None)

    def apply(self) -> None:
        try:
            review = self.review()
        except Exception as error:
            show_error(self, error, "复查的内容有误")
            return
        database = self.context.services.db
        unit_ids = self.names.unit_ids()
        skipped = self.names.skipped()

        def write() -> ReviewResult:
            return apply_review(database, review, unit_ids, unmatched=skipped)

        def applied(result: ReviewResult) -> None:
            if result.applied:  # one step of 编辑→撤销; redo records it again
                step = f"记录{review.describe()}（{result.honours_updated} 项）"
                self.context.undo_stack.push(EntryBatchCommand(self.context, step, write, result))
            self._applied(result)

        ask_then_apply(
            self,
            self.context,
            lambda: apply_review(database, review, unit_ids, unmatched=skipped, dry_run=True),
            lambda result: self._confirm_text(review, result),
            write,
            applied,
            "正在记录复查结果…",
        )

    def _confirm_text(self, review: Review, result: ReviewResult) -> str | None:
        if not result.updated:
            text = "没有需要记录的单位。"
            if result.unchanged:
                text += f"\n已记录过这次复查的单位 {len(result.unchanged)} 个。"
            if result.missing:
                text += f"\n没有此称号（或已撤销）的单位：{_names(result.missing)}"
            QMessageBox.information(self, self.windowTitle(), text)
            return None
        if review.result == PASSED:
            what = f"复查合格，有效期顺延至{chinese_date(result.valid_until)}"
        else:
            what = "撤销称号，此后生成的汇报不再计入"
        text = f"{review.describe()}\n\n将为 {len(result.updated)} 个单位记录：{what}。"
        if result.unchanged:
            text += f"\n已记录过这次复查的单位 {len(result.unchanged)} 个，不再改动。"
        if result.missing:
            text += f"\n没有此称号（或已撤销）的单位 {len(result.missing)} 个：{_names(result.missing)}"
        return text + "\n\n确定记录吗？"

    def _applied(self, result: ReviewResult) -> None:
        self.result_ = result
        text = f"已记录复查结果：荣誉 {result.honours_updated} 项"
        QMessageBox.information(self, self.windowTitle(), f"{text}。\n\n{UNDO_HINT.replace('录入', '记录')}")
        self.context.status_message.emit(f"{text}。{UNDO_HINT.replace('录入', '记录')}")
        self.accept()
