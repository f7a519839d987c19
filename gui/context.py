"""What every page of the window shares: the services, the undo stack, and change notices."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from core.paths import DataDir
from core.services import Services
from core.settings import Settings
from gui.state import GuiState


class AppContext(QObject):
    data_changed = Signal(str)  # "unit", "honour", "material", "attachment" or "all"
    open_unit_requested = Signal(int)

    def __init__(self, services: Services, data_dir: DataDir, settings: Settings, state: GuiState) -> None:
        super().__init__()
        self.services = services
        self.data_dir = data_dir
        self.settings = settings
        self.state = state
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(100)

    def changed(self, entity: str) -> None:
        self.data_changed.emit(entity)

    def save_settings(self) -> None:
        self.settings.save(self.data_dir.settings_file)
