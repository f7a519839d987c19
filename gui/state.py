"""Remembered window layout and last-used folders (QSettings, in the data directory)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings


class GuiState:
    """A QSettings INI file in the data directory, so portable mode leaves nothing on the PC."""

    def __init__(self, path: Path) -> None:
        self.settings = QSettings(str(path), QSettings.Format.IniFormat)

    def bytes(self, key: str) -> QByteArray | None:
        value = self.settings.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_bytes(self, key: str, value: QByteArray) -> None:
        self.settings.setValue(key, value)

    def int_list(self, key: str) -> list[int]:
        value = self.settings.value(key)
        if isinstance(value, str):
            value = [value]
        try:
            return [int(v) for v in value] if value else []
        except (TypeError, ValueError):
            return []

    def set_int_list(self, key: str, values: list[int]) -> None:
        self.settings.setValue(key, [str(v) for v in values])

    def value(self, key: str, default: object = None) -> object:
        return self.settings.value(key, default)

    def set_value(self, key: str, value: object) -> None:
        self.settings.setValue(key, value)

    def last_folder(self, purpose: str) -> str:
        """The folder last used for this purpose; Documents when it is gone (Windows' own answer: moved
        into OneDrive or onto a server by folder redirection), else the home folder. A disconnected
        network drive is given up on within half a second instead of blocking the file dialog."""
        from core.drives import folder_reachable
        from core.paths import documents_dir

        folder = str(self.settings.value(f"folders/{purpose}", "") or "")
        if folder and folder_reachable(folder):
            return folder
        documents = documents_dir()
        return str(documents if folder_reachable(documents) else Path.home())

    def set_last_folder(self, purpose: str, file_or_folder: str) -> None:
        path = Path(file_or_folder)
        self.settings.setValue(f"folders/{purpose}", str(path if path.is_dir() else path.parent))

    def sync(self) -> None:
        self.settings.sync()
