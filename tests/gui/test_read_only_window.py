"""The window over a database file marked read-only (Windows' 只读 attribute: a backup copied from a CD) that
holds units an import left without pinyin keys: it opens, says the data is read-only, finds the new unit
by name, and neither F5 nor the start tries to write (no message, no error in the log)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from core.db import open_database
from core.paths import DataDir
from core.services import Services
from tests.conftest import REPO
from tests.core.cli.test_commands import run
from tests.core.importing import registers
from tests.gui.test_app_startup import LINE_TIMEOUT_S, WINDOW, next_line, start_window

SEARCH_READ_ONLY = """
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QMessageBox
from gui.main_window import MainWindow

def told(kind):
    def box(parent, title, text, *args, **kwargs):
        print("message:", kind, title, text.replace("\\n", " "), flush=True)
        return QMessageBox.StandardButton.Ok
    return staticmethod(box)

for kind in ("warning", "critical", "information"):
    setattr(QMessageBox, kind, told(kind))

def search(app):
    window = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow))
    where = window.statusBar().findChild(QLabel, "database_location")
    print("where:", where.text(), flush=True)
    window.refresh_all()  # F5: fills pending keys where it can
    units = window.unit_list
    QTest.mouseClick(units.search, Qt.MouseButton.LeftButton)
    event = QInputMethodEvent("", [])
    event.setCommitString("东校区")
    app.sendEvent(app.focusWidget(), event)
    waited = []

    def look():
        waited.append(1)
        if units.count_label.text() == "共 1 个单位" or len(waited) > 300:
            print("found:", units.count_label.text(), units.model.index(0, 0).data(), flush=True)
            app.exit(0)
        else:
            QTimer.singleShot(100, look)

    look()

sys.exit(gui_app.run_gui({data!r}, None, when_ready=search))
"""


def test_a_read_only_database_file_with_pending_keys_opens_and_searches(tmp_path: Path) -> None:
    data = tmp_path / "光盘备份"
    assert run("--data-dir", str(data), "demo")[0] == 0
    assert run("--data-dir", str(data), "import", str(registers.honour_register(tmp_path / "r.xlsx")))[0] < 2
    database = open_database(DataDir(data), migrate=False)
    assert Services.over(database).units.has_pending_keys()
    database.dispose()
    file = data / "honourdesk.db"
    file.chmod(0o444)
    before = hashlib.sha256(file.read_bytes()).hexdigest()
    window, lines = start_window(WINDOW.format(repo=str(REPO), start=SEARCH_READ_ONLY.format(data=str(data))))
    try:
        said = [next_line(lines, window), next_line(lines, window)]
        assert window.wait(LINE_TIMEOUT_S) == 0
    finally:
        window.kill()
        file.chmod(0o644)
    assert said == ["where: 数据：本机数据库（只读，不能修改）", "found: 共 1 个单位 XX中学（东校区）"]
    assert hashlib.sha256(file.read_bytes()).hexdigest() == before
    log = (data / "logs" / "honourdesk.log").read_text(encoding="utf-8")
    assert "ERROR" not in log and "readonly" not in log
