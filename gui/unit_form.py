"""The 基本信息 tab: every unit field in a form, saved through core with undo."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from core import former_names, former_regions
from core.errors import ConflictError, ValidationError
from core.fields import UNIT_FIELDS
from core.inferred import CATEGORY_MARK
from core.models import Unit
from gui.context import AppContext
from gui.errors import show_error
from gui.field_form import FieldForm
from gui.inferred_mark import mark_box
from gui.rename_dialog import MOVE, ask_rename
from gui.undo import CreateCommand, push_edit
from gui.widgets import confirm_unsaved


def unit_values(unit: Unit | None) -> dict[str, Any]:
    return {field.key: (getattr(unit, field.key) if unit else None) for field in UNIT_FIELDS}


class UnitFormTab(QWidget):
    saved = Signal(int)  # unit id
    dirty_changed = Signal(bool)

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.unit_id: int | None = None
        self.version: int | None = None
        self._loaded: dict[str, Any] = {}
        self._shown: dict[str, Any] = {}  # the form's values as loaded, to tell a real edit
        self._dirty = False

        self.heading = QLabel()
        self.heading.setObjectName("unit_heading")
        self.heading.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.heading.setWordWrap(True)  # a long name wraps instead of widening the window past the screen
        self.form = FieldForm(UNIT_FIELDS)
        self.form.changed.connect(self._edited)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        self.save_button = QPushButton("保存")
        self.save_button.setObjectName("save_unit")
        self.save_button.setToolTip("保存（Ctrl+S）")
        self.cancel_button = QPushButton("取消修改")
        self.cancel_button.setObjectName("cancel_unit")
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.revert)
        buttons = QHBoxLayout()
        buttons.addWidget(self.heading, 1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(scroll, 1)
        self._set_dirty(False)
        self.show_unit(None)

    # -- state ---------------------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        return self._dirty

    def _edited(self) -> None:
        """A field changed: unsaved only when the form is shown and differs from what was loaded."""
        if self.form.isVisible():
            self._set_dirty(self.form.raw_values() != self._shown)

    def _set_dirty(self, dirty: bool) -> None:
        self._dirty = dirty
        self.save_button.setEnabled(dirty)
        self.cancel_button.setEnabled(dirty)
        self.dirty_changed.emit(dirty)

    def show_unit(self, unit_id: int | None) -> None:
        """Load a unit (None: an empty form, disabled until 新建单位)."""
        unit = self.context.services.units.get(unit_id) if unit_id is not None else None
        self._load(unit)
        self.form.setEnabled(unit is not None)

    def _load(self, unit: Unit | None) -> None:
        self.unit_id = unit.id if unit else None
        self.version = unit.version if unit else None
        self._loaded = unit_values(unit)
        self.form.set_values(self._loaded)
        category = self.form.editors["category"]
        assert isinstance(category, QComboBox)
        mark_box(category, unit.extra if unit else None, CATEGORY_MARK, "类别", confirmable=False)
        self._shown = self.form.raw_values()
        self.heading.setText(unit.name if unit else "未选择单位")
        self._set_dirty(False)

    def start_new(self) -> None:
        self._load(None)
        self.heading.setText("新建单位")
        self.form.setEnabled(True)
        if self.form.isVisible():
            self.form.editors["name"].setFocus()

    def revert(self) -> None:
        if self.unit_id is None and self.form.isEnabled() and self.heading.text() == "新建单位":
            self.start_new()
        else:
            self.show_unit(self.unit_id)

    # -- saving --------------------------------------------------------------------------------

    def save(self) -> bool:
        """Save the form; on refusal show the problems beside the fields and keep the input."""
        if not self.form.isEnabled():
            return False
        units = self.context.services.units
        try:
            if self.unit_id is None:
                unit = units.create(self.form.raw_values())
                self.context.undo_stack.push(
                    CreateCommand(self.context, units, unit, f"新建单位“{unit.name}”")
                )
            else:
                assert self.version is not None
                edited = self._with_rename(self.form.edited_values())
                if edited is None:
                    return False
                unit = units.update(self.unit_id, edited, expected_version=self.version)
                push_edit(
                    self.context, units, unit.id, f"修改单位“{unit.name}”", self._loaded, unit_values(unit)
                )
        except ValidationError as error:
            self.form.show_problems(error.problems)
            return False
        except ConflictError as error:
            self._offer_newer(error)
            return False
        except Exception as error:
            show_error(self, error, "无法保存")
            return False
        self._load(unit)
        self.context.apply(units.changes, self)
        self.saved.emit(unit.id)
        return True

    def _with_rename(self, edited: dict[str, Any]) -> dict[str, Any] | None:
        """A rename asks whether it is one (the old name kept as a former one, with the date it was
        last used; undone with the edit) or a corrected typo; a new region likewise whether it is a
        区划调整 (the old region kept as a 原属地区) or a corrected mistake. None when the clerk cancels."""
        name = self._loaded.get("name") or ""
        new_name = former_names.renames_to(name, edited)
        stored = edited.get("former_names", self._loaded.get("former_names"))
        if new_name is not None and not former_names.lists(stored, name):
            answer = ask_rename(self, name, new_name)
            if answer is None:
                return None
            if answer.keep_old_name:
                edited = former_names.with_rename(
                    name, self._loaded.get("former_names"), edited, answer.until
                )
        return self._with_move(edited)

    def _with_move(self, edited: dict[str, Any]) -> dict[str, Any] | None:
        region = self._loaded.get("region") or ""
        new_region = former_regions.moves_to(region, edited)
        stored = edited.get(former_regions.FIELD, self._loaded.get(former_regions.FIELD))
        if new_region is None or former_regions.lists(stored, region):
            return edited
        answer = ask_rename(self, region, new_region, MOVE)
        if answer is None:
            return None
        if not answer.keep_old_name:
            return edited
        return former_regions.with_move(region, self._loaded.get(former_regions.FIELD), edited, answer.until)

    def _offer_newer(self, conflict: ConflictError) -> None:
        """Another PC (or the command line) saved the unit meanwhile: offer its newer record, with the
        fields the clerk edited kept on top of it, to check and save again."""
        answer = QMessageBox.question(
            self,
            "无法保存",
            # core's own way out ("请刷新后重新修改") is what this offers to do
            f"{conflict.message.removesuffix('请刷新后重新修改。')}\n\n"
            "载入最新的记录吗？您改动过的字段会保留在表单中，核对后再保存。",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        if answer != QMessageBox.StandardButton.Yes or self.unit_id is None:
            return
        edits = self.form.edited_values()
        try:
            unit = self.context.services.units.get(self.unit_id)
        except Exception as error:  # deleted meanwhile
            show_error(self, error, "无法载入")
            return
        self._load(unit)
        self.form.apply_edits(edits)

    def confirm_leave(self) -> bool:
        """Before showing another unit or closing: save, discard or stay. True when it may go on."""
        if not self._dirty:
            return True
        return confirm_unsaved(
            self, f"“{self.heading.text()}”的修改尚未保存。是否保存？", self.save, self.revert
        )
