"""Actions on the selected rows of a table: delete them (asked once, undoable) or set one field of all."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from core.services.batch import BatchResult, delete_records, set_field
from core.services.records import RecordService
from gui.context import AppContext
from gui.ops import ChangeOp
from gui.undo import delete_command, edit_many_command
from gui.widgets import confirm, run_modal

NAMES_SHOWN = 3


def named(noun: str, names: Sequence[str]) -> str:
    """单位“甲” / 3 个单位（“甲”、“乙”、“丙”） / 5 个单位（“甲”、“乙”、“丙”等）"""
    quoted = "、".join(f"“{name}”" for name in names[:NAMES_SHOWN])
    if len(names) == 1:
        return f"{noun}{quoted}"
    more = "等" if len(names) > NAMES_SHOWN else ""
    return f"{counted(noun, len(names))}（{quoted}{more}）"


def counted(noun: str, count: int) -> str:
    """3 项荣誉 / 2 个单位 / 4 篇工作材料"""
    measure = "项" if noun == "荣誉" else "个" if noun == "单位" else "篇"
    return f"{count} {measure}{noun}"


def delete_selected(
    parent: QWidget,
    context: AppContext,
    service: RecordService[Any],
    ids: Sequence[int],
    names: Sequence[str],
) -> bool:
    """Ask once, naming what goes, then move it to the recycle bin off the GUI thread; undoable."""
    if not ids:
        return False
    what = named(service.noun, names)
    extra = "\n单位的荣誉和工作材料随单位一起进入回收站。" if service.entity == "unit" else ""
    if not confirm(
        parent, "删除", f"把{what}移到回收站吗？{extra}\n可以用“撤销”（Ctrl+Z）或在回收站中恢复。"
    ):
        return False
    ids = list(ids)

    def done(result: BatchResult) -> None:
        context.undo_stack.push(delete_command(context, service, result.before, f"删除{what}"))
        context.status_message.emit(f"已把{what}移到回收站，可按 Ctrl+Z 撤销。")

    ChangeOp(
        parent, context, lambda _p: delete_records(service, ids), "正在删除…", cancellable=False
    ).success(done).run_in_background()
    return True


class SetFieldDialog(QDialog):
    """批量设置: one field, one value, for every selected record."""

    def __init__(
        self, parent: QWidget | None, caption: str, what: str, choices: Sequence[str], editable: bool
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"批量设置{caption}")
        self.value = QComboBox()
        self.value.setObjectName("batch_value")
        self.value.setEditable(editable)
        self.value.addItems(["", *choices])
        self.value.setMinimumContentsLength(16)
        note = QLabel(f"把选中的 {what}的“{caption}”都设为下面的值（留空即清除）。可以撤销。")
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(f"{caption}：", self.value)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setDefault(True)  # Enter in the box is 确定
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(buttons)


def set_field_of_selected(
    parent: QWidget,
    context: AppContext,
    service: RecordService[Any],
    ids: Sequence[int],
    key: str,
    choices: Sequence[str],
    *,
    editable: bool = False,
) -> bool:
    """Ask for the value, then set it on every selected record (one undoable step)."""
    if not ids:
        return False
    caption = next(f.label for f in service.fields if f.key == key)
    what = counted(service.noun, len(ids))
    dialog = SetFieldDialog(parent, caption, what, choices, editable)
    if run_modal(dialog) != QDialog.DialogCode.Accepted:
        return False
    value = dialog.value.currentText().strip() or None
    ids = list(ids)
    text = f"把{what}的{caption}设为“{value or '空'}”"

    def done(result: BatchResult) -> None:
        context.undo_stack.push(edit_many_command(context, service, text, result.before, result.after))
        context.status_message.emit(f"已{text}，可按 Ctrl+Z 撤销。")

    ChangeOp(
        parent, context, lambda _p: set_field(service, ids, key, value), "正在修改…", cancellable=False
    ).success(done).run_in_background()
    return True
