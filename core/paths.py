"""Where things live: the data directory and the bundled resources."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir

from core import APP_NAME

PORTABLE_MARKER = "portable"
DATABASE_FILE = "honourdesk.db"


def program_dir() -> Path:
    """The folder of the packaged executable, or of main.py when run from source."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parent.parent


def resource_path(*parts: str) -> Path:
    """A file under resources/, from source or from a PyInstaller bundle."""
    base = Path(getattr(sys, "_MEIPASS", program_dir()))
    return base.joinpath("resources", *parts)


def default_data_dir() -> Path:
    """./data beside the program in portable mode, else the user's data directory."""
    if (program_dir() / PORTABLE_MARKER).exists():
        return program_dir() / "data"
    return Path(user_data_dir(APP_NAME, appauthor=False, roaming=True))


@dataclass(frozen=True)
class DataDir:
    """The data directory and the fixed layout inside it."""

    root: Path

    @property
    def database(self) -> Path:
        return self.root / DATABASE_FILE

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def attachments(self) -> Path:
        return self.root / "attachments"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def settings_file(self) -> Path:
        return self.root / "settings.json"

    def create(self) -> DataDir:
        for folder in (self.root, self.backups, self.attachments, self.templates, self.logs):
            folder.mkdir(parents=True, exist_ok=True)
        return self

    @classmethod
    def resolve(cls, override: str | Path | None = None) -> DataDir:
        root = Path(override).expanduser() if override else default_data_dir()
        return cls(root.resolve())
