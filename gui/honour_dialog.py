"""Add or edit one honour: the fields, awarding-body completion, and its scanned certificates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from core.changes import Changes
from core.errors import UserError, ValidationError
from core.fields import HONOUR_FIELDS
from core.inferred import LEVEL_MARK
from core.models import Honour
from gui.context import AppContext
from gui.errors import show_error
from gui.field_form import FieldForm
from gui.inferred_mark import confirmed, mark_box
from gui.undo import CreateCommand, push_edit
from gui.widgets import fit_to_screen, may_discard

SCROLL_ROOM = 40  # the dialog's margins and a vertical scroll bar beside the fields
BUTTONS_ROOM = 70  # the dialog's margins and the 保存/取消 row under the fields
CERTIFICATE_FILTER = "证书扫描件 (*.jpg *.jpeg *.png *.bmp *.gif *.tif *.tiff *.pdf)"


def honour_values(honour: Honour | None) -> dict[str, Any]:
    values = {field.key: (getattr(honour, field.key) if honour else None) for field in HONOUR_FIELDS}
    if honour is None:
        values["status"] = "有效"
    return values


def open_file(path: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


_UNSAVED = (
    "刚才填写或修改的内容还没有保存，关闭就会丢失。确定关闭吗？\n（要保留它们，请选“否”，再点“保存”。）"
)


class HonourDialog(QDialog):
    def __init__(
        self, context: AppContext, unit_id: int, honour_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.unit_id = unit_id
        self.honour: Honour | None = context.services.honours.get(honour_id) if honour_id else None
        self.pending_files: list[Path] = []
        self.pending_removals: list[int] = []  # stored certificates 移除 marked: removed on 保存 only
        unit_name = context.services.units.get(unit_id).name
        self.setWindowTitle(f"{'编辑荣誉' if self.honour else '添加荣誉'} — {unit_name}")
        self.setMinimumWidth(560)

        self.form = FieldForm(HONOUR_FIELDS)
        self.form.set_values(honour_values(self.honour))
        level = self.form.editors["level"]
        assert isinstance(level, QComboBox)
        mark_box(level, self.honour.extra if self.honour else None, LEVEL_MARK, "级别")
        self.level = level
        awarded_by = self.form.editors["awarded_by"]
        assert isinstance(awarded_by, QLineEdit)
        completer = QCompleter(context.services.honours.awarding_bodies(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        awarded_by.setCompleter(completer)

        self.attachments = QListWidget()
        self.attachments.setObjectName("attachment_list")
        self.attachments.setMaximumHeight(90)
        self.attachments.itemDoubleClicked.connect(self._open_item)
        add, open_, remove = QPushButton("添加证书…"), QPushButton("打开"), QPushButton("移除")
        add.setObjectName("add_attachment")
        add.clicked.connect(self._choose_files)
        open_.clicked.connect(lambda: self._open_item(self.attachments.currentItem()))
        remove.clicked.connect(self._remove_selected)
        row = QHBoxLayout()
        for button in (add, open_, remove):
            row.addWidget(button)
        row.addStretch()
        group = QGroupBox("证书扫描件（图片或 PDF，复制到数据目录保存）")
        group_layout = QVBoxLayout(group)
        group_layout.addWidget(self.attachments)
        group_layout.addLayout(row)
        self._fill_attachments()

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        # Ctrl+S saves here as it saves 基本信息 in the window: pressed in the dialog it did nothing.
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        buttons.button(QDialogButtonBox.StandardButton.Save).setToolTip("保存（Ctrl+S）")
        # The fields scroll and the buttons stay put: the whole form is taller than a 1366×768 screen.
        fields = QWidget()
        fields_layout = QVBoxLayout(fields)
        fields_layout.setContentsMargins(0, 0, 0, 0)
        fields_layout.addWidget(self.form)
        fields_layout.addWidget(group)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys go to the first field, not the frame
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(fields)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(buttons)
        fit_to_screen(
            self, fields.sizeHint().width() + SCROLL_ROOM, fields.sizeHint().height() + BUTTONS_ROOM
        )

    # -- attachments ---------------------------------------------------------------------------

    def _fill_attachments(self) -> None:
        self.attachments.clear()
        if self.honour is not None:
            service = self.context.services.attachments
            for attachment in service.list(self.honour.id):
                if attachment.id in self.pending_removals:
                    continue
                item = QListWidgetItem(attachment.original_name)
                item.setData(Qt.ItemDataRole.UserRole, ("stored", attachment.id, attachment))
                self.attachments.addItem(item)
        for path in self.pending_files:
            item = QListWidgetItem(f"{path.name}（保存后复制）")
            item.setData(Qt.ItemDataRole.UserRole, ("pending", None, str(path)))
            self.attachments.addItem(item)

    def _choose_files(self) -> None:
        state = self.context.state
        files, _ = QFileDialog.getOpenFileNames(
            self, "选择证书扫描件", state.last_folder("certificates"), CERTIFICATE_FILTER
        )
        if files:
            state.set_last_folder("certificates", files[0])
            self.add_files([Path(f) for f in files])

    def add_files(self, files: list[Path]) -> None:
        self.pending_files += files
        self._fill_attachments()

    def _open_item(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        kind, _, where = item.data(Qt.ItemDataRole.UserRole)
        try:  # a stored one is resolved now: a record naming a file outside attachments/ is refused
            open_file(Path(where) if kind == "pending" else self.context.services.attachments.path(where))
        except UserError as error:
            show_error(self, error)

    def _remove_selected(self) -> None:
        item = self.attachments.currentItem()
        if item is None:
            return
        kind, attachment_id, path = item.data(Qt.ItemDataRole.UserRole)
        if kind == "stored":  # like every change in this dialog, it takes effect on 保存; 取消 keeps it
            self.pending_removals.append(attachment_id)
        else:
            self.pending_files.remove(Path(path))
        self._fill_attachments()

    # -- saving --------------------------------------------------------------------------------

    def save(self) -> None:
        honours = self.context.services.honours
        verb = "添加" if self.honour is None else "保存"
        try:
            if self.honour is None:
                honour = honours.create(self.unit_id, self.form.raw_values())
                self.context.undo_stack.push(
                    CreateCommand(self.context, honours, honour, f"添加荣誉“{honour.title}”")
                )
            else:
                before = honour_values(self.honour)
                edited = self.form.edited_values()  # none: 保存 writes nothing (pending files aside)
                if confirmed(self.level):  # the inferred level picked as it is: no longer a guess
                    extra = dict(edited.get("extra", self.honour.extra) or {})
                    extra.pop(LEVEL_MARK, None)
                    edited["extra"] = extra
                honour = (
                    honours.update(self.honour.id, edited, expected_version=self.honour.version)
                    if edited
                    else self.honour
                )
                push_edit(
                    self.context,
                    honours,
                    honour.id,
                    f"修改荣誉“{honour.title}”",
                    before,
                    honour_values(honour),
                )
        except ValidationError as error:
            self.form.show_problems(error.problems)
            return
        except Exception as error:
            show_error(self, error, "无法保存")
            return
        self.honour = honour
        self._copy_pending()
        self._remove_pending()
        self.context.apply(honours.changes)
        self.context.status_message.emit(f"已{verb}荣誉“{honour.title}”")
        self.accept()

    def has_input(self) -> bool:
        """Whether closing now would drop something the user typed or chose."""
        return bool(
            self.form.edited_values() or self.pending_files or self.pending_removals or confirmed(self.level)
        )

    def reject(self) -> None:
        """取消, Escape or the close box: asked first when something typed would be lost."""
        if may_discard(self, self.has_input(), _UNSAVED):
            super().reject()

    def _remove_pending(self) -> None:
        removed = False
        for attachment_id in list(self.pending_removals):
            try:
                self.context.services.attachments.remove(attachment_id)
                removed = True
            except Exception as error:
                show_error(self, error, "证书未能移除")
            self.pending_removals.remove(attachment_id)
        if removed:
            self.context.apply(Changes(attachments=True))

    def _copy_pending(self) -> None:
        assert self.honour is not None
        for path in list(self.pending_files):
            try:
                self.context.services.attachments.add(self.honour.id, path)
                self.pending_files.remove(path)
            except Exception as error:
                show_error(self, error, "证书未能附加")
