"""Choosing where the records live: the server address and password in the settings, the copy to
another database, and the start-up choice when the server cannot be reached."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from core.copy_database import row_counts
from core.db import Database, sqlite_url
from core.demo import load_demo
from core.paths import DataDir
from core.services import Services
from gui import database_dialogs
from gui.context import AppContext
from gui.database_dialogs import CopyDatabaseDialog, DatabaseAddressBox, Unreachable
from gui.dialogs import SettingsDialog
from tests.conftest import REPO, MemoryKeyring


def child_environment() -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


SERVER = "postgresql+psycopg://clerk@db.office.local:5432/honours"


def test_settings_keep_the_url_and_put_the_password_in_the_credential_store(
    qtbot, context: AppContext, data_dir: DataDir, memory_keyring: MemoryKeyring, no_modal_dialogs
) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(context)
    qtbot.addWidget(dialog)
    dialog.database.url.setText("postgresql://clerk:s3cret@db.office.local/honours")
    dialog.accept()
    saved = json.loads(data_dir.settings_file.read_text(encoding="utf-8"))
    assert saved["database_url"] == "postgresql+psycopg://clerk@db.office.local/honours"
    assert "s3cret" not in data_dir.settings_file.read_text(encoding="utf-8")
    assert memory_keyring.saved == {("HonourDesk", "clerk@db.office.local:5432/honours"): "s3cret"}
    assert ("information", "数据库地址已保存，重新启动程序后生效。") in no_modal_dialogs


def test_the_data_folder_button_says_where_the_folder_is_when_none_opens_it(
    qtbot, context: AppContext, data_dir: DataDir, monkeypatch, no_modal_dialogs
) -> None:  # type: ignore[no-untyped-def]
    """打开文件夹 did nothing at all on a PC with no file manager; now the path is copied and said."""
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: False))
    dialog = SettingsDialog(context)
    qtbot.addWidget(dialog)
    (button,) = [b for b in dialog.findChildren(QPushButton) if b.text() == "打开文件夹"]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    kind, text = no_modal_dialogs[-1]
    assert kind == "warning" and str(data_dir.root) in text and "已复制" in text
    assert QApplication.clipboard().text() == str(data_dir.root)


def test_a_bad_address_is_refused_and_nothing_saved(
    qtbot, context: AppContext, data_dir: DataDir, no_modal_dialogs
) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(context)
    qtbot.addWidget(dialog)
    dialog.database.url.setText("mysql://clerk@db/honours")
    dialog.accept()
    assert not data_dir.settings_file.exists() or "mysql" not in data_dir.settings_file.read_text("utf-8")
    assert no_modal_dialogs[-1][0] == "warning" and "不支持数据库“mysql”" in no_modal_dialogs[-1][1]


def test_connection_test_says_in_chinese_that_the_server_is_unreachable(qtbot) -> None:  # type: ignore[no-untyped-def]
    box = DatabaseAddressBox("postgresql+psycopg://clerk@127.0.0.1:1/honours")
    qtbot.addWidget(box)
    box.test_button.click()
    qtbot.waitUntil(lambda: box.test_button.isEnabled(), timeout=15000)
    assert box.status.text().startswith("无法连接 PostgreSQL 服务器 127.0.0.1:1/honours")


def test_an_empty_address_means_the_local_database(qtbot) -> None:  # type: ignore[no-untyped-def]
    box = DatabaseAddressBox("")
    qtbot.addWidget(box)
    box.test_button.click()
    assert box.status.text() == "留空时使用数据目录中的本机数据库。"


def test_connection_test_of_a_database_file(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    box = DatabaseAddressBox(sqlite_url(tmp_path / "x.db"))
    qtbot.addWidget(box)
    box.test_button.click()
    qtbot.waitUntil(lambda: box.test_button.isEnabled(), timeout=15000)
    assert box.status.text() == "连接成功：本机 SQLite 数据库文件"


def test_copy_dialog_copies_every_record_into_a_new_file(
    qtbot, context: AppContext, services: Services, tmp_path: Path, no_modal_dialogs
) -> None:  # type: ignore[no-untyped-def]
    load_demo(services)
    dialog = CopyDatabaseDialog(context)
    qtbot.addWidget(dialog)
    target = tmp_path / "副本.db"
    dialog.target.url.setText(str(target))
    dialog.copy_button.click()
    qtbot.waitUntil(lambda: any(kind == "information" for kind, _ in no_modal_dialogs), timeout=30000)
    [(_, text)] = [shown for shown in no_modal_dialogs if shown[0] == "information"]
    assert "单位 14，荣誉 66，工作材料 35" in text and "两边各表记录数一致" in text
    copy = Database(sqlite_url(target))
    assert row_counts(copy) == row_counts(services.db)
    copy.dispose()


def _answer(monkeypatch: pytest.MonkeyPatch, caption: str, password: str = "") -> None:
    """Make the start-up question box click the button with this caption (typing a password first)."""

    def exec_box(box: QMessageBox) -> int:
        field = box.findChild(object, "startup_password")
        if field is not None and password:
            field.setText(password)
        [button] = [b for b in box.buttons() if b.text() == caption]
        button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_box)


def test_unreachable_server_offers_a_password_when_refused_for_want_of_one(
    qapp, monkeypatch: pytest.MonkeyPatch, memory_keyring: MemoryKeyring
) -> None:  # type: ignore[no-untyped-def]
    from core.db import ServerUnreachable

    refused = ServerUnreachable(SERVER, Exception('FATAL: password authentication failed for user "clerk"'))
    assert refused.needs_password
    _answer(monkeypatch, "重试", password="pw")
    assert database_dialogs.ask_when_unreachable(None, refused, SERVER) == (Unreachable.RETRY, "pw")
    assert memory_keyring.saved[("HonourDesk", "clerk@db.office.local:5432/honours")] == "pw"
    _answer(monkeypatch, "改用本机数据库")
    assert database_dialogs.ask_when_unreachable(None, refused, SERVER) == (Unreachable.LOCAL, None)


START_UP = """
import sys
sys.path.insert(0, {repo!r})
from PySide6.QtWidgets import QMessageBox
from gui.app import run_gui
from gui.main_window import MainWindow
from gui.access_keys import plain_text

def click_local(box):
    [button] = [b for b in box.buttons() if plain_text(b.text()) == "改用本机数据库"]
    print("asked:", box.text().splitlines()[0], flush=True)
    button.click()
    return 0

QMessageBox.exec = click_local

def ready(app):
    [window] = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow)]
    print("shown:", window.findChild(object, "database_location").text(), flush=True)
    window.close()
    app.exit(0)

sys.exit(run_gui({data!r}, "postgresql+psycopg://clerk@127.0.0.1:1/honours", when_ready=ready))
"""


def test_start_up_with_an_unreachable_server_can_go_on_with_the_local_database(tmp_path: Path) -> None:
    code = START_UP.format(repo=str(REPO), data=str(tmp_path / "data"))
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=child_environment()
    )
    assert result.returncode == 0, result.stderr
    assert "asked: 无法连接 PostgreSQL 服务器 127.0.0.1:1/honours，用户 clerk" in result.stdout
    assert "shown: 数据：本机数据库" in result.stdout
