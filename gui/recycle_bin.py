"""The recycle bin page: deleted units, honours and materials, to restore or remove for good.

Restoring is an undoable step (undo moves the records back to the bin); removing for good cannot be
undone, is confirmed first, and clears the undo history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.changelog import local_time
from core.changes import Changes
from core.errors import NotFoundError, UserError
from core.models import Honour, Material, Unit
from core.services import Services
from core.services.records import RecordService
from gui.column_fit import fit_columns
from gui.context import AppContext
from gui.errors import show_error
from gui.undo import restore_command
from gui.widgets import LazyPage, read_only_table

KIND_NAMES: dict[str, str] = {"unit": "单位", "honour": "荣誉", "material": "工作材料"}
_SERVICE_NAMES: dict[str, str] = {"unit": "units", "honour": "honours", "material": "materials"}
_HEADERS = ("类型", "内容", "所属单位", "删除时间")
_TIME_COLUMN = 3
_NO_UNIT = "—"


@dataclass(frozen=True)
class BinEntry:
    """One row of the recycle bin."""

    kind: str  # "unit", "honour" or "material"
    id: int
    content: str
    unit_name: str
    deleted_at: dt.datetime

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind, self.id)

    @property
    def description(self) -> str:
        return f"{KIND_NAMES[self.kind]}“{self.content}”"


def bin_entries(services: Services) -> list[BinEntry]:
    """Everything in the recycle bin, most recently deleted first."""
    unit_name = _unit_names(services)
    entries = [BinEntry("unit", u.id, u.name, _NO_UNIT, _deleted(u)) for u in services.units.list_deleted()]
    entries += [
        BinEntry("honour", h.id, honour_text(h), unit_name(h.unit_id), _deleted(h))
        for h in services.honours.list_deleted()
    ]
    entries += [
        BinEntry("material", m.id, material_text(m), unit_name(m.unit_id), _deleted(m))
        for m in services.materials.list_deleted()
    ]
    return sorted(entries, key=lambda entry: entry.deleted_at, reverse=True)


def honour_text(honour: Honour) -> str:
    return f"{honour.awarded_year}年 {honour.title}" if honour.awarded_year else honour.title


def material_text(material: Material) -> str:
    return f"{material.year}年 {material.topic}"


def _deleted(record: Unit | Honour | Material) -> dt.datetime:
    assert record.deleted_at is not None  # list_deleted only gives deleted records
    return record.deleted_at


def _unit_names(services: Services) -> Callable[[int], str]:
    """A cached lookup of unit names; a unit that is itself in the bin says so."""
    names: dict[int, str] = {}

    def name(unit_id: int) -> str:
        if unit_id not in names:
            try:
                unit = services.units.get(unit_id, include_deleted=True)
            except NotFoundError:
                names[unit_id] = _NO_UNIT
            else:
                names[unit_id] = f"{unit.name}（在回收站中）" if unit.is_deleted else unit.name
        return names[unit_id]

    return name


class RecycleBinPage(LazyPage):
    watched = ("units", "honours", "materials")

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._entries: dict[tuple[str, int], BinEntry] = {}
        self._build()

    # -- building -------------------------------------------------------------------------------

    def _build(self) -> None:
        self.filter_combo = QComboBox(objectName="bin_filter")
        self.filter_combo.addItem("全部", None)
        for kind, name in KIND_NAMES.items():
            self.filter_combo.addItem(name, kind)
        self.filter_combo.currentIndexChanged.connect(self.refresh)
        self.restore_action = self._action("恢复", QKeySequence("Ctrl+R"), self.restore_selected)
        # No shortcut of its own: Delete is the window's one 删除, which purges here (and the table's
        # event filter takes Delete first); two actions on one key would make Qt ignore both.
        self.purge_action = self._action("彻底删除", QKeySequence(), self.purge_selected)
        self.restore_button = self._button(self.restore_action, "restore_button")
        self.purge_button = self._button(self.purge_action, "purge_button")
        self.table = self._build_table()
        self.hint = QLabel("回收站是空的", alignment=Qt.AlignmentFlag.AlignCenter)
        self.hint.setStyleSheet("color: palette(mid); font-size: 14pt;")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.hint)

        bar = QHBoxLayout()
        bar.addWidget(QLabel("显示："))
        bar.addWidget(self.filter_combo)
        bar.addStretch(1)
        bar.addWidget(self.restore_button)
        bar.addWidget(self.purge_button)
        note = QLabel("删除的记录先放在回收站里；恢复后回到原处，彻底删除后不能再找回。")
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        layout.addWidget(note)
        self._update_buttons()

    def _action(self, text: str, shortcut: QKeySequence, slot: Callable[[], None]) -> QAction:
        action = QAction(text, self)
        action.setShortcut(shortcut)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _button(self, action: QAction, name: str) -> QPushButton:
        button = QPushButton(action.text(), objectName=name)
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText) or "Delete"
        button.setToolTip(f"{action.text()}（{keys}）")
        button.clicked.connect(action.trigger)
        return button

    def _build_table(self) -> QTableWidget:
        table = QTableWidget(0, len(_HEADERS), objectName="bin_table")
        table.setHorizontalHeaderLabels(list(_HEADERS))
        read_only_table(table, multi_select=True)
        table.setSortingEnabled(True)
        table.sortByColumn(_TIME_COLUMN, Qt.SortOrder.DescendingOrder)
        fit_columns(table, {1: 2, 2: 1})  # 内容 and 所属单位 share the room
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        table.addActions([self.restore_action, self.purge_action])
        table.selectionModel().selectionChanged.connect(self._update_buttons)
        table.installEventFilter(self)
        return table

    # -- refreshing -----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the recycle bin again and show what the filter lets through."""
        self.mark_fresh()
        kind = self.filter_combo.currentData()
        try:
            entries = [e for e in bin_entries(self.context.services) if kind in (None, e.kind)]
        except Exception as error:  # a failing read must not leave a half-drawn page
            show_error(self, error, "无法读取回收站")
            entries = []
        self._entries = {entry.key: entry for entry in entries}
        self._fill(entries)
        self.hint.setText("回收站是空的" if kind is None else f"回收站中没有{KIND_NAMES[kind]}")
        self.stack.setCurrentWidget(self.table if entries else self.hint)
        self._update_buttons()

    def _fill(self, entries: list[BinEntry]) -> None:
        self.table.setSortingEnabled(False)
        self.table.clearContents()
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            texts = (
                KIND_NAMES[entry.kind],
                entry.content,
                entry.unit_name,
                f"{local_time(entry.deleted_at):%Y-%m-%d %H:%M}",
            )
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, entry.key)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.table.setSortingEnabled(True)

    # -- selection and keys ---------------------------------------------------------------------

    def selected_entries(self) -> list[BinEntry]:
        """The selected rows, top to bottom as shown."""
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        keys = [self.table.item(row, 0).data(Qt.ItemDataRole.UserRole) for row in rows]
        return [self._entries[tuple(key)] for key in keys if tuple(key) in self._entries]

    def _update_buttons(self) -> None:
        has_selection = self.table.selectionModel().hasSelection()
        for control in (self.restore_action, self.purge_action, self.restore_button, self.purge_button):
            control.setEnabled(has_selection)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Delete, Enter and Return on the table act here, before any window-wide shortcut."""
        if watched is self.table and isinstance(event, QKeyEvent):
            handler = self._key_handler(event)
            if handler is not None:
                if event.type() == QEvent.Type.ShortcutOverride:
                    event.accept()
                    return True
                if event.type() == QEvent.Type.KeyPress:
                    handler()
                    return True
        return super().eventFilter(watched, event)

    def _key_handler(self, event: QKeyEvent) -> Callable[[], None] | None:
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return None
        if event.key() == Qt.Key.Key_Delete:
            return self.purge_selected
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return self.restore_selected
        return None

    # -- actions --------------------------------------------------------------------------------

    def restore_selected(self) -> None:
        """Bring the selected records back; units first, so that their honours can follow."""
        entries = sorted(self.selected_entries(), key=lambda e: list(KIND_NAMES).index(e.kind))
        if entries:
            self._run(entries, "restore", "以下记录未能恢复，仍留在回收站中：")

    def purge_selected(self) -> None:
        """Remove the selected records for good, after confirmation."""
        entries = self.selected_entries()
        if not entries or not self._confirm_purge(entries):
            return
        entries.sort(key=lambda e: e.kind == "unit")  # a unit's purge takes its honours with it
        self._run(entries, "purge", "以下记录未能彻底删除：")

    def _confirm_purge(self, entries: list[BinEntry]) -> bool:
        which = f"（{entries[0].description}）" if len(entries) == 1 else ""
        text = f"确定要彻底删除选中的 {len(entries)} 条记录{which}吗？"
        if any(entry.kind == "unit" for entry in entries):
            text += "\n\n单位的全部荣誉和工作材料也会随之一并删除。"
        text += "\n\n彻底删除后无法恢复，也不能撤销。"
        answer = QMessageBox.question(
            self,
            "彻底删除",
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return bool(answer == QMessageBox.StandardButton.Yes)

    def _run(self, entries: Iterable[BinEntry], method: str, refused_intro: str) -> None:
        """Apply restore or purge to each entry, going on past refusals, then report them together.

        A restore is one undo step (undo puts the records back in the bin); a purge cannot be undone,
        so the undo history, whose steps may name the purged records, is cleared with a message."""
        done: dict[str, list[BinEntry]] = {}
        refusals: list[str] = []
        try:
            for entry in entries:
                try:
                    getattr(self._service(entry.kind), method)(entry.id)
                except UserError as error:
                    refusals.append(f"{entry.description}：{error.message}")
                else:
                    done.setdefault(entry.kind, []).append(entry)
        except Exception as error:  # unexpected: stop, but still show what did change
            show_error(self, error)
        finally:
            self._record(method, done)
            changed = Changes()
            for kind in done:
                changed |= self._service(kind).changes
            self.announce(changed)
        if refusals:
            QMessageBox.warning(self, "未能完成", "\n\n".join([refused_intro, *refusals]))

    def _record(self, method: str, done: dict[str, list[BinEntry]]) -> None:
        if not done:
            return
        if method == "purge":
            self.context.clear_undo("已彻底删除，不能撤销")
            return
        stack = self.context.undo_stack
        restored = [entry for entries in done.values() for entry in entries]
        text = f"恢复{restored[0].description}" if len(restored) == 1 else f"恢复 {len(restored)} 条记录"
        stack.beginMacro(text)
        for kind, entries in done.items():
            service = self._service(kind)
            stack.push(restore_command(self.context, service, [e.id for e in entries], text))
        stack.endMacro()
        self.context.status_message.emit(f"已{text}，回到原处；可按 Ctrl+Z 撤销。")

    def _service(self, kind: str) -> RecordService[Any]:
        service: RecordService[Any] = getattr(self.context.services, _SERVICE_NAMES[kind])
        return service
