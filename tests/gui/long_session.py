"""A clerk's long session with the real window, run in a child process by test_long_session.py (a crash
ends the process, not the test run):

    python -m tests.gui.long_session DIR PRESSES

Loads the demo data, shows the main window, and goes up and down the unit list with the arrow keys
PRESSES times (each unit shown in the form), typed into whatever has focus; then closes the window and
prints how many units were shown.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

UNITS_PER_SWEEP = 12  # fewer than the demo's 14: the arrows always move


def main(folder: Path, presses: int) -> int:
    from core.db import open_database
    from core.demo import load_demo
    from core.paths import DataDir
    from core.services import Services
    from core.settings import Settings
    from gui.app import make_application
    from gui.context import AppContext
    from gui.main_window import MainWindow
    from gui.state import GuiState

    app = make_application()
    data_dir = DataDir(folder).create()
    services = Services.over(open_database(data_dir, None))
    load_demo(services)
    window = MainWindow(AppContext(services, data_dir, Settings(), GuiState(data_dir.root / "gui.ini")))
    window.show()
    units = window.unit_list.table
    units.setFocus()
    units.selectRow(0)
    app.processEvents()
    shown = set()
    for press in range(presses):
        down = (press // UNITS_PER_SWEEP) % 2 == 0
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down if down else Qt.Key.Key_Up)
        app.processEvents()
        shown.add(window.unit_form.heading.text())
    window.close()
    print(len(shown), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), int(sys.argv[2])))
