"""The 工作材料 tab: a unit's materials by year and topic, with a multi-paragraph editor."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.errors import ValidationError
from core.models import Material
from core.vocab import MATERIAL_TOPICS
from gui.context import AppContext
from gui.errors import show_error
from gui.field_form import ERROR_STYLE
from gui.undo import CreateCommand, DeleteCommand, push_edit
from gui.widgets import confirm, confirm_unsaved, read_only_table

LAST_TOPIC_KEY = "materials/last_topic"
FIRST_YEAR = 1949


def material_values(material: Material) -> dict[str, object]:
    return {"year": material.year, "topic": material.topic, "text": material.text}


class MaterialsTab(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.unit_id: int | None = None
        self.material: Material | None = None
        self._touched = False  # the user edited while the editor was shown
        self._loaded: dict[str, object] = {}

        self.table = QTableWidget(0, 3)
        self.table.setObjectName("material_table")
        self.table.setHorizontalHeaderLabels(["年度", "主题", "字数"])
        read_only_table(self.table)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 60)
        self.table.setColumnWidth(2, 60)
        self.table.currentCellChanged.connect(self._row_changed)

        self.year = QSpinBox()
        self.year.setObjectName("material_year")
        self._year_range()
        self.year.setValue(dt.date.today().year)
        self.topic = QComboBox()
        self.topic.setObjectName("material_topic")
        self.topic.addItems(list(MATERIAL_TOPICS))
        self.text = QPlainTextEdit()
        self.text.setObjectName("material_text")
        self.text.setPlaceholderText("每段一行；段落之间直接换行。生成汇报时每一行成为一个段落。")
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        for signal in (self.year.valueChanged, self.topic.currentIndexChanged, self.text.textChanged):
            signal.connect(self._mark_dirty)

        self.new_button = QPushButton("新建材料")
        self.new_button.setObjectName("new_material")
        self.save_button = QPushButton("保存材料")
        self.save_button.setObjectName("save_material")
        self.delete_button = QPushButton("删除材料")
        self.new_button.clicked.connect(lambda: self.start_new(focus=True))
        self.save_button.clicked.connect(self.save)
        self.delete_button.clicked.connect(self.delete_current)

        editor = QWidget()
        heading = QHBoxLayout()
        heading.addWidget(QLabel("年度"))
        heading.addWidget(self.year)
        heading.addWidget(QLabel("主题"))
        heading.addWidget(self.topic, 1)
        buttons = QHBoxLayout()
        buttons.addStretch()
        for button in (self.new_button, self.delete_button, self.save_button):
            buttons.addWidget(button)
        editor_layout = QVBoxLayout(editor)
        editor_layout.setContentsMargins(0, 0, 0, 0)
        editor_layout.addLayout(heading)
        editor_layout.addWidget(self.text, 1)
        editor_layout.addWidget(self.error)
        editor_layout.addLayout(buttons)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(editor)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([220, 500])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.show_unit(None)

    # -- loading -------------------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        """Unsaved: the user edited while the editor was shown, and the text now differs from the stored one."""
        return self._touched and self.unit_id is not None and self._values() != self._loaded

    def _mark_dirty(self, *_args: object) -> None:
        if not self.text.isVisible():  # only an edit the user could see counts
            return
        self._touched = True
        self.save_button.setEnabled(self.dirty)

    def show_unit(self, unit_id: int | None) -> None:
        self.unit_id = unit_id
        self.material = None
        self.refresh()
        if self.table.rowCount():
            self.table.selectRow(0)
        else:
            self.start_new()

    def refresh(self) -> None:
        """Read the unit's materials again; the shown one is reloaded unless the user is editing it."""
        current = self.material.id if self.material else None
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        materials = self.context.services.materials.list(self.unit_id) if self.unit_id is not None else []
        for material in materials:
            row = self.table.rowCount()
            self.table.insertRow(row)
            for column, text in enumerate((str(material.year), material.topic, str(len(material.text)))):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, material.id)
                self.table.setItem(row, column, item)
            if material.id == current:
                self.table.selectRow(row)
        self.table.blockSignals(False)
        self.setEnabled(self.unit_id is not None)
        stored = next((m for m in materials if m.id == current), None)
        if current is not None and stored is None:
            self.start_new()
        elif stored is not None and not self.dirty:  # e.g. after undo: the editor shows the stored text
            self._load(stored)

    def _row_changed(self, row: int, *_args: int) -> None:
        item = self.table.item(row, 0)
        if item is not None:
            self._load(self.context.services.materials.get(int(item.data(Qt.ItemDataRole.UserRole))))

    def _load(self, material: Material | None) -> None:
        self.material = material
        for widget in (self.year, self.topic, self.text):
            widget.blockSignals(True)
        self._year_range(material.year if material is not None else None)
        while self.topic.count() > len(MATERIAL_TOPICS):  # a topic outside the list, shown before
            self.topic.removeItem(self.topic.count() - 1)
        if material is not None:
            self.year.setValue(material.year)
            if self.topic.findText(material.topic) < 0:  # stored by another tool: shown, kept as it is
                self.topic.addItem(material.topic)
            self.topic.setCurrentText(material.topic)
            self.text.setPlainText(material.text)
        else:
            self.text.clear()
        for widget in (self.year, self.topic, self.text):
            widget.blockSignals(False)
        self.error.hide()
        self._loaded = self._values() if material is not None else {}
        self._touched = False
        self.save_button.setEnabled(False)
        self.delete_button.setEnabled(material is not None)

    def _year_range(self, stored: int | None = None) -> None:
        """The usual years, widened to a stored one outside them (a plan for years ahead, an old record):
        a spin box would clamp it, and saving the text would then move the material to another year."""
        first, last = FIRST_YEAR, dt.date.today().year + 1
        if stored is not None:
            first, last = min(first, stored), max(last, stored)
        self.year.setRange(first, last)

    def start_new(self, focus: bool = False) -> None:
        """An empty material of this year and the topic last used; the editor takes focus only when asked
        (a click on 新建材料), never while the tab is hidden."""
        self.table.clearSelection()
        self._load(None)
        for widget in (self.year, self.topic):
            widget.blockSignals(True)
        self.year.setValue(dt.date.today().year)
        self.topic.setCurrentText(str(self.context.state.value(LAST_TOPIC_KEY, MATERIAL_TOPICS[0])))
        for widget in (self.year, self.topic):
            widget.blockSignals(False)
        self._loaded = self._values()
        if focus and self.text.isVisible():
            self.text.setFocus()

    # -- saving --------------------------------------------------------------------------------

    def _values(self) -> dict[str, object]:
        return {"year": self.year.value(), "topic": self.topic.currentText(), "text": self.text.toPlainText()}

    def save(self) -> bool:
        if self.unit_id is None:
            return False
        materials = self.context.services.materials
        values = self._values()
        try:
            if self.material is None:
                saved = materials.create(self.unit_id, values)
                self.context.undo_stack.push(
                    CreateCommand(
                        self.context, materials, saved, f"新建工作材料 {saved.year}年“{saved.topic}”"
                    )
                )
            else:
                before = material_values(self.material)
                edited = {key: value for key, value in values.items() if value != self._loaded.get(key)}
                saved = materials.update(self.material.id, edited, expected_version=self.material.version)
                push_edit(
                    self.context,
                    materials,
                    saved.id,
                    f"修改工作材料 {saved.year}年“{saved.topic}”",
                    before,
                    material_values(saved),
                )
        except ValidationError as error:
            self.error.setText("；".join(str(p) for p in error.problems))
            self.error.show()
            return False
        except Exception as error:
            show_error(self, error, "无法保存")
            return False
        self.material = saved
        self.context.state.set_value(LAST_TOPIC_KEY, saved.topic)
        self._load(saved)
        self.context.apply(materials.changes, self)
        self.refresh()
        return True

    def delete_current(self) -> None:
        if self.material is None:
            return
        what = f"{self.material.year}年“{self.material.topic}”"
        if not confirm(
            self, "删除工作材料", f"把工作材料{what}移到回收站吗？\n可以用“撤销”（Ctrl+Z）或在回收站中恢复。"
        ):
            return
        materials = self.context.services.materials
        try:
            deleted = materials.delete(self.material.id)
        except Exception as error:
            show_error(self, error, "无法删除")
            return
        self.context.undo_stack.push(
            DeleteCommand(self.context, materials, deleted, f"删除工作材料 {deleted.year}年“{deleted.topic}”")
        )
        self.material = None
        self.context.apply(materials.changes, self)
        self.refresh()

    def confirm_leave(self) -> bool:
        if not self.dirty:
            return True
        return confirm_unsaved(
            self, "工作材料的修改尚未保存。是否保存？", self.save, lambda: self._load(self.material)
        )
