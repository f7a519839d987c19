"""GUI fixtures: an AppContext over a temporary data directory."""

from __future__ import annotations

import pytest

from core.paths import DataDir
from core.services import Services
from core.settings import Settings
from gui.context import AppContext
from gui.state import GuiState


@pytest.fixture
def context(qapp, services: Services, data_dir: DataDir) -> AppContext:  # type: ignore[no-untyped-def]
    return AppContext(services, data_dir, Settings(), GuiState(data_dir.root / "gui.ini"))


@pytest.fixture
def window(qtbot, context: AppContext):  # type: ignore[no-untyped-def]
    """The main window over the context, shown (a module with records to show first has its own)."""
    from gui.main_window import MainWindow

    main = MainWindow(context)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main


@pytest.fixture(autouse=True)
def no_modal_dialogs(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Message boxes would block an offscreen test: record them instead, answering Yes/OK."""
    from PySide6.QtWidgets import QMessageBox

    shown: list[tuple[str, str]] = []

    def record(kind: str, answer: QMessageBox.StandardButton):  # type: ignore[no-untyped-def]
        def box(parent, title, text, *args, **kwargs):  # type: ignore[no-untyped-def]
            shown.append((kind, text))
            return answer

        return staticmethod(box)

    monkeypatch.setattr(QMessageBox, "warning", record("warning", QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "critical", record("critical", QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "information", record("information", QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "question", record("question", QMessageBox.StandardButton.Yes))
    monkeypatch.setattr(
        "gui.widgets.ask_unsaved", lambda parent, text: shown.append(("unsaved", text)) or "save"
    )
    return shown
