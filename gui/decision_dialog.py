"""荣誉 → 按表彰文件批量录入…: one decision's title, level, body, date and 文号 once, its units from a
pasted name list or the records, applied as one batch that the import history can undo."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.decisions.award import Decision, DecisionResult, NewUnit, apply_decision
from core.decisions.names import UnitRef
from core.importing.infer import infer_category, infer_level
from core.vocab import HONOUR_CATEGORIES, LEVELS, UNIT_CATEGORIES
from gui.context import AppContext
from gui.errors import show_error
from gui.name_list import NameListPanel
from gui.ops import ChangeOp, QueryOp
from gui.screen_fit import resize_within_screen
from gui.undo import EntryBatchCommand
from gui.widgets import may_discard

# The batch is one step of 编辑→撤销 (gui.undo.EntryBatchCommand), and a batch of the import history.
UNDO_HINT = "可按 Ctrl+Z（编辑→撤销）撤销这次录入，也可在“导入记录”页整批撤销。"


def combo(choices: Sequence[str], blank: str = "（未填）") -> QComboBox:
    box = QComboBox()
    box.addItem(blank, None)
    for choice in choices:
        box.addItem(choice, choice)
    return box


def enter_presses_nothing(dialog: QDialog) -> None:
    """Enter typed in a field (文号, 日期) pressed the dialog's first button, 关闭, and threw away the
    decision and its list: no button of the dialog is pressed by Enter; the buttons are clicked."""
    for button in dialog.findChildren(QPushButton):
        button.setAutoDefault(False)
        button.setDefault(False)
    # A QDialogButtonBox makes its first accept button the default as it is shown (Enter in 文号 then
    # started 记录…): Enter that no field takes stops at the dialog.
    dialog.installEventFilter(_EnterStops(dialog))


class _EnterStops(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        return (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and watched is self.parent()
        )


def ask_then_apply(
    parent: QWidget,
    context: AppContext,
    preview: Callable[[], Any],
    confirm_text: Callable[[Any], str | None],
    apply: Callable[[], Any],
    done: Callable[[Any], None],
    label: str,
) -> None:
    """A dry run off the GUI thread, its figures to confirm, then the write as one ChangeOp."""

    def confirmed(result: Any) -> None:
        text = confirm_text(result)
        if text is None:
            return
        buttons = QMessageBox.StandardButton
        if (
            QMessageBox.question(parent, parent.windowTitle(), text, buttons.Yes | buttons.No, buttons.Yes)
            != buttons.Yes
        ):
            return
        ChangeOp(parent, context, lambda _p: apply(), label, cancellable=False).success(
            done
        ).run_in_background()

    QueryOp(parent, lambda _p: preview(), "正在核对…", cancellable=False).success(
        confirmed
    ).run_in_background()


class DecisionDialog(QDialog):
    """按表彰文件批量录入: the decision once, then the units it names."""

    def __init__(
        self, context: AppContext, units: Sequence[UnitRef] = (), parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.result_: DecisionResult | None = None
        self.setWindowTitle("按表彰文件批量录入荣誉")
        resize_within_screen(self, 980, 680)
        self.names = NameListPanel(context)
        self.names.changed.connect(self._update_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self._decision_box())
        names_box = QGroupBox("表彰的单位（粘贴名单，或从档案中选择）")
        names_layout = QVBoxLayout(names_box)
        names_layout.addWidget(self.names)
        layout.addWidget(names_box, 1)
        self.buttons = QDialogButtonBox()
        self.apply_button = QPushButton("录入…")
        self.apply_button.setObjectName("apply_decision")
        self.apply_button.setDefault(False)
        self.buttons.addButton(self.apply_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        hint = QLabel(UNDO_HINT)
        hint.setStyleSheet("color: palette(mid);")
        bottom.addWidget(hint, 1)
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)
        if units:
            self.names.add_units(units)
        self.names.mark_given()
        self._update_button()
        enter_presses_nothing(self)

    def has_input(self) -> bool:
        typed = (self.title, self.awarded_by, self.awarded, self.document_no)
        return any(editor.text().strip() for editor in typed) or self.names.has_input()

    def reject(self) -> None:
        if self.result_ is not None or may_discard(self, self.has_input()):
            super().reject()

    def _decision_box(self) -> QGroupBox:
        honours = self.context.services.honours
        self.title = QLineEdit()
        self.title.setObjectName("decision_title")
        self.title.setPlaceholderText("如 区级文明单位")
        self.level = combo(LEVELS)
        self.level.setObjectName("decision_level")
        self.awarded_by = QLineEdit()
        self.awarded_by.setObjectName("decision_body")
        self.awarded_by.setPlaceholderText("如 中共东湖区委、东湖区人民政府")
        try:
            bodies = honours.awarding_bodies()
        except Exception:  # completion is a convenience; the dialog works without it
            bodies = []
        completer = QCompleter(bodies, self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.awarded_by.setCompleter(completer)
        self.awarded = QLineEdit()
        self.awarded.setObjectName("decision_date")
        self.awarded.setPlaceholderText("如 2023-12-05、2023-12 或 2023")
        self.document_no = QLineEdit()
        self.document_no.setObjectName("decision_doc_no")
        self.document_no.setPlaceholderText("如 东文明委〔2023〕5号")
        self.category = combo(HONOUR_CATEGORIES)
        self.category.setObjectName("decision_category")
        box = QGroupBox("表彰文件")
        form = QFormLayout()
        form.addRow("荣誉称号：", self.title)
        form.addRow("授予单位：", self.awarded_by)
        form.addRow("文号：", self.document_no)
        self.level_hint = QLabel()
        self.level_hint.setObjectName("decision_level_hint")
        self.level_hint.setStyleSheet("color: palette(mid);")
        self.level_hint.setWordWrap(True)
        self.level.activated.connect(self._level_chosen_by_user)
        self._level_chosen = False
        side = QFormLayout()
        side.addRow("级别：", self.level)
        side.addRow("", self.level_hint)
        side.addRow("表彰日期：", self.awarded)
        side.addRow("荣誉类别：", self.category)
        row = QHBoxLayout(box)
        row.addLayout(form, 3)
        row.addSpacing(16)
        row.addLayout(side, 2)
        for editor in (self.title, self.awarded):
            editor.textChanged.connect(self._update_button)
        for editor in (self.title, self.awarded_by):
            editor.textChanged.connect(self._suggest_level)
        return box

    def _level_chosen_by_user(self) -> None:
        self._level_chosen = True
        self.level_hint.clear()

    def _suggest_level(self) -> None:
        """The level the body and title imply (core/importing/infer.py), until the user picks one."""
        if self._level_chosen:
            return
        guess = infer_level(self.awarded_by.text().strip() or None, self.title.text().strip() or None)
        self.level.setCurrentIndex(max(self.level.findData(guess.value), 0) if guess else 0)
        self.level_hint.setText(f"按授予单位和称号推断为{guess.value}，可改" if guess else "")
        self.level_hint.setToolTip(guess.rule if guess else "")

    def values(self) -> dict[str, Any]:
        return {
            "title": self.title.text(),
            "level": self.level.currentData(),
            "awarded_by": self.awarded_by.text(),
            "awarded": self.awarded.text(),
            "document_no": self.document_no.text(),
            "category": self.category.currentData(),
        }

    def _update_button(self) -> None:
        waiting = self.names.unresolved()
        ready = bool(self.title.text().strip() and self.awarded.text().strip())
        has_units = bool(self.names.unit_ids() or self.names.new_names())
        self.apply_button.setEnabled(ready and has_units and not waiting)
        if waiting:
            tip = f"还有 {len(waiting)} 个名称未确定对应的单位"
        elif not ready:
            tip = "请填写荣誉称号和表彰日期"
        elif not has_units:
            tip = "请粘贴名单或从档案中选择单位"
        else:
            tip = "核对后录入"
        self.apply_button.setToolTip(tip)

    def apply(self) -> None:
        try:
            decision = Decision.checked(self.values())
        except Exception as error:
            show_error(self, error, "表彰文件的内容有误")
            return
        database = self.context.services.db
        unit_ids = self.names.unit_ids()
        new_units = [NewUnit(name, _category_of(name)) for name in self.names.new_names()]
        skipped = self.names.skipped()

        def run(dry_run: bool) -> DecisionResult:
            return apply_decision(
                database, decision, unit_ids, new_units=new_units, unmatched=skipped, dry_run=dry_run
            )

        def applied(result: DecisionResult) -> None:
            if result.applied:
                step = f"录入{decision.describe()}（{result.honours_created} 个单位）"
                self.context.undo_stack.push(
                    EntryBatchCommand(self.context, step, lambda: run(False), result)
                )
            self._applied(result)

        ask_then_apply(
            self,
            self.context,
            lambda: run(True),
            lambda result: self._confirm_text(decision, result),
            lambda: run(False),
            applied,
            "正在录入…",
        )

    def _confirm_text(self, decision: Decision, result: DecisionResult) -> str | None:
        if not result.recipients:
            QMessageBox.information(
                self, self.windowTitle(), f"所选的 {len(result.duplicates)} 个单位都已有这项荣誉，无需录入。"
            )
            return None
        text = f"{decision.describe()}\n\n将为 {len(result.recipients)} 个单位录入这项荣誉"
        if result.units_created:
            text += f"（其中新建单位 {result.units_created} 个）"
        text += "。"
        if result.duplicates:
            text += f"\n已有此荣誉、不再重复录入的单位 {len(result.duplicates)} 个：" + _names(
                result.duplicates
            )
        if result.unmatched:
            text += f"\n跳过的名称 {len(result.unmatched)} 个：" + _names(result.unmatched)
        return text + "\n\n确定录入吗？"

    def _applied(self, result: DecisionResult) -> None:
        self.result_ = result
        text = f"已录入荣誉 {result.honours_created} 项"
        if result.units_created:
            text += f"，新建单位 {result.units_created} 个"
        QMessageBox.information(self, self.windowTitle(), f"{text}。\n\n{UNDO_HINT}")
        self.context.status_message.emit(f"{text}。{UNDO_HINT}")
        self.accept()


def _category_of(name: str) -> str | None:
    """A new unit's category as its name says it (第一小学 → 学校), or none."""
    guess = infer_category(name)
    return guess.value if guess is not None and guess.value in UNIT_CATEGORIES else None


def _names(names: Sequence[str], shown: int = 8) -> str:
    return "、".join(names[:shown]) + (f"等 {len(names)} 个" if len(names) > shown else "")
