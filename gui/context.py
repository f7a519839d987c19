"""What every page of the window shares: the services, the undo stack, and change notices."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from core.changes import Changes
from core.paths import DataDir
from core.services import Services
from core.settings import Settings
from gui.state import GuiState


class AppContext(QObject):
    """Shared state of one window. Every write ends in one `apply(changes, initiator)`; views connect to
    `changes_applied` and refresh when a flag they watch is set."""

    changes_applied = Signal(object, object)  # Changes, the initiator (a view or None)
    data_changed = Signal(str)  # legacy: Changes.legacy_name() of each applied value
    status_message = Signal(str)  # a line for the status bar
    open_unit_requested = Signal(int)

    def __init__(self, services: Services, data_dir: DataDir, settings: Settings, state: GuiState) -> None:
        super().__init__()
        self.services = services
        self.data_dir = data_dir
        self.settings = settings
        self.state = state
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(100)
        # The period each kind of report was last generated for, this session only (gui/report_period.py).
        self.report_periods: dict[str, object] = {}
        self.report_dates: dict[str, object] = {}  # 成文日期 last used per kind, this session

    def apply(self, changes: Changes, initiator: object | None = None) -> None:
        """Broadcast what one operation changed, once; nothing when it changed nothing."""
        if not changes:
            return
        self.changes_applied.emit(changes, initiator)
        self.data_changed.emit(changes.legacy_name())

    def changed(self, entity: str) -> None:
        """Compatibility shim for code that still names a change by string ("unit", "all", …)."""
        self.apply(Changes.of(entity))

    def clear_undo(self, reason: str) -> None:
        """Forget the undo history after a change it cannot step over, and say so."""
        if self.undo_stack.count():
            self.undo_stack.clear()
            self.status_message.emit(f"{reason}，撤销记录已清空。")

    def save_settings(self) -> None:
        self.settings.save(self.data_dir.settings_file)
