"""Where the records live: a server address with its password, the copy to another database, and
what to do when the server cannot be reached at start-up."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core import database_url
from core.errors import UserError
from gui.context import AppContext
from gui.errors import error_text
from gui.ops import BackgroundOp
from gui.widgets import fit_height_to_text

ADDRESS_FORMAT = (
    "填写 PostgreSQL 服务器的地址，格式为：postgresql+psycopg://用户名@服务器地址:端口/数据库名，"
    "例如 postgresql+psycopg://clerk@192.168.1.20:5432/honours"
    "（用户名 clerk，服务器 192.168.1.20，端口 5432，数据库 honours）。密码填在下面的“密码”栏，不要写进地址。"
    "这些信息请向单位的网络管理员索取。"
)
ADDRESS_HELP = "只有几台电脑共用一套档案时才需要填写，单机使用请留空。" + ADDRESS_FORMAT


class DatabaseAddressBox(QWidget):
    """A database URL, the server's password (never shown in the URL) and a connection test."""

    def __init__(
        self,
        url: str = "",
        *,
        placeholder: str = "",
        help_text: str = ADDRESS_HELP,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.url = QLineEdit(url)
        self.url.setObjectName("database_url")
        self.url.setPlaceholderText(placeholder or database_url.EXAMPLE)
        self.password = QLineEdit()
        self.password.setObjectName("database_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("服务器需要密码时填写；已记住的密码不必再填")
        self.remember = QCheckBox("在本机系统密码库中记住密码")
        self.remember.setObjectName("remember_password")
        self.remember.setChecked(True)
        self.test_button = QPushButton("测试连接")
        self.test_button.setObjectName("test_connection")
        self.test_button.clicked.connect(self.test_connection)
        self.status = QLabel()
        self.status.setObjectName("connection_status")
        self.status.setWordWrap(True)
        # A database file in OneDrive, a sync folder or on a share: said as it is typed, never refused.
        self.location_warning = QLabel()
        self.location_warning.setObjectName("location_warning")
        self.location_warning.setWordWrap(True)
        self.location_warning.setStyleSheet("color: #b26a00;")
        self.location_warning.hide()
        self.url.textChanged.connect(self._warn_about_location)
        self.explanation = QLabel(help_text)
        self.explanation.setObjectName("database_url_help")
        self.explanation.setWordWrap(True)
        self.explanation.setStyleSheet("color: #555;")
        self.explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.status, 1)
        # A grid, not a QFormLayout: a form sizes the wrapped explanation for a narrower width than it
        # gets and leaves blank gaps above and below it.
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setColumnStretch(1, 1)
        self.labels = [QLabel("数据库地址："), QLabel("密码：")]
        self.labels[0].setBuddy(self.url)
        self.labels[1].setBuddy(self.password)
        self.grid.addWidget(self.labels[0], 0, 0)
        self.grid.addWidget(self.url, 0, 1)
        self.grid.addWidget(self.explanation, 1, 1)
        self.grid.addWidget(self.labels[1], 2, 0)
        self.grid.addWidget(self.password, 2, 1)
        self.grid.addWidget(self.remember, 3, 1)
        self.grid.addLayout(test_row, 4, 1)
        self.grid.addWidget(self.location_warning, 5, 1)
        self._warn_about_location(url)

    def _warn_about_location(self, text: str) -> None:
        from core.data_location import warning_for_address

        warning = warning_for_address(text)
        self.location_warning.setText(f"注意：{warning}" if warning else "")
        self.location_warning.setVisible(bool(warning))

    def label_width(self) -> int:
        return max(label.sizeHint().width() for label in self.labels)

    def set_label_width(self, width: int) -> None:
        """Line the fields up with those of the dialog around the box."""
        self.grid.setColumnMinimumWidth(0, width)

    def stored_url(self) -> str:
        """The URL to keep in the settings: without a password. Raises UserError when unusable."""
        text = self.url.text().strip()
        return database_url.without_password(text)[0] if text else ""

    def typed_password(self) -> str | None:
        text = self.url.text().strip()
        embedded = database_url.without_password(text)[1] if text else None
        return self.password.text() or embedded

    def connect_url(self) -> str:
        """The URL to connect with: the typed password, else the remembered one."""
        stored = self.stored_url()
        if not stored:
            return ""
        password = self.typed_password()
        return database_url.with_password(stored, password) if password else database_url.connect_url(stored)

    def remember_password(self) -> None:
        password = self.typed_password()
        stored = self.stored_url()
        if (
            password
            and stored
            and self.remember.isChecked()
            and not database_url.save_password(stored, password)
        ):
            QMessageBox.information(
                self, "密码", "本机没有可用的系统密码库，密码不会被记住，每次启动时会询问。"
            )

    def test_connection(self) -> None:
        try:
            url = self.connect_url()
        except UserError as error:
            self._show_status(False, error.message)
            return
        if not url:
            self._show_status(True, "留空时使用数据目录中的本机数据库。")
            return
        self.test_button.setEnabled(False)
        self.status.setText("正在连接…")
        BackgroundOp(
            self, lambda _progress: server_version(url), "正在连接…", cancellable=False, show_dialog=False
        ).success(lambda version: self._show_status(True, f"连接成功：{version}")).failure(
            lambda error: self._show_status(False, error_text(error))
        ).run_in_background()

    def _show_status(self, ok: bool, text: str) -> None:
        self.test_button.setEnabled(True)
        self.status.setText(text)
        self.status.setStyleSheet("color: #2e7d32;" if ok else "color: #c62828;")


def server_version(url: str) -> str:
    """Connect once and say what answered; ServerUnreachable (in Chinese) when nothing did."""
    from sqlalchemy.exc import OperationalError

    from core.db import Database, ServerUnreachable

    database = Database(url)
    try:
        with database.engine.connect() as connection:
            if database.is_sqlite:
                return "本机 SQLite 数据库文件"
            return f"PostgreSQL {connection.exec_driver_sql('SHOW server_version').scalar()}"
    except OperationalError as error:
        raise ServerUnreachable(url, error) from error
    finally:
        database.dispose()


class CopyDatabaseDialog(QDialog):
    """复制到其他数据库: every record of the open database into an empty one, then maybe switch."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("复制到其他数据库")
        self.setMinimumWidth(560)
        source = database_url.describe(context.services.db.url, context.data_dir.database)
        intro = QLabel(
            f"把当前数据库（{source}）中的全部记录复制到另一个<b>空</b>数据库，例如多台电脑共用的 "
            "PostgreSQL 服务器；也可以填写一个新的本机数据库文件路径，把服务器上的数据复制回本机。"
            "复制完成后会核对两边每张表的记录数。"
        )
        intro.setWordWrap(True)
        self.target = DatabaseAddressBox(
            placeholder=f"{database_url.EXAMPLE} 或 D:\\荣誉档案\\副本.db",
            help_text=f"复制到本机数据库文件时填写文件路径；复制到服务器时{ADDRESS_FORMAT}",
        )
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.copy_button = self.buttons.addButton("开始复制", QDialogButtonBox.ButtonRole.AcceptRole)
        self.copy_button.setObjectName("start_copy")
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.target)
        layout.addWidget(self.buttons)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        fit_height_to_text(self)

    def target_url(self) -> str:
        """What was typed, a plain path taken as a new SQLite file; the password added."""
        text = self.target.url.text().strip()
        if text and "://" not in text:
            from pathlib import Path

            from core.db import sqlite_url

            self.target.url.setText(sqlite_url(Path(text).resolve()))
        return self.target.connect_url()

    def start(self) -> None:
        try:
            url = self.target_url()
            if not url:
                raise UserError("请填写目标数据库地址或文件路径。")
        except UserError as error:
            QMessageBox.warning(self, "无法复制", error.message)
            return
        source = self.context.services.db
        BackgroundOp(self, lambda progress: copy_into(source, url, progress), "正在复制数据…").success(
            self._copied
        ).failure(
            lambda error: QMessageBox.warning(self, "复制未完成", error_text(error))
        ).run_in_background()

    def _copied(self, summary: str) -> None:
        stored = self.target.stored_url()
        where = database_url.describe(stored)
        if not database_url.is_server(stored):
            QMessageBox.information(self, "复制完成", f"已复制到{where}：{summary}。两边各表记录数一致。")
            self.accept()
            return
        answer = QMessageBox.question(
            self,
            "复制完成",
            f"已复制到{where}：{summary}。两边各表记录数一致。\n\n以后是否改用这个服务器上的数据？（重新启动程序后生效）",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.target.remember_password()
            self.context.settings.database_url = stored
            self.context.save_settings()
        self.accept()


def copy_into(source: Any, url: str, progress: Callable[[int, int, str], None]) -> str:
    """Open (and migrate) the target, copy every record into it; the counts summary."""
    from sqlalchemy.exc import OperationalError

    from core.copy_database import copy_database
    from core.db import Database, ServerUnreachable
    from core.migrate import upgrade_to_head

    target = Database(url)
    try:
        try:
            upgrade_to_head(target)
        except OperationalError as error:
            if target.is_sqlite:
                raise
            raise ServerUnreachable(url, error) from error
        return copy_database(source, target, progress).summary()
    finally:
        target.dispose()


class Unreachable(Enum):
    RETRY = "retry"
    LOCAL = "local"
    QUIT = "quit"


def ask_when_unreachable(
    parent: QWidget | None, error: BaseException, url: str
) -> tuple[Unreachable, str | None]:
    """The server could not be reached at start-up: try again (with a password when it was refused
    for want of one), switch back to the local database, or quit."""
    needs_password = bool(getattr(error, "needs_password", False))
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("无法连接数据库服务器")
    box.setText(error_text(error))
    box.setInformativeText("可以重试，或改用本机数据库（服务器设置会保留在“设置”中，可随时改回）。")
    password = QLineEdit()
    password.setObjectName("startup_password")
    password.setEchoMode(QLineEdit.EchoMode.Password)
    password.setPlaceholderText("服务器密码")
    remember = QCheckBox("记住密码")
    remember.setChecked(True)
    if needs_password:
        extra = QWidget()
        row = QHBoxLayout(extra)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("密码："))
        row.addWidget(password, 1)
        row.addWidget(remember)
        box.layout().addWidget(extra, box.layout().rowCount(), 0, 1, box.layout().columnCount())  # type: ignore[attr-defined]
    retry = box.addButton("重试", QMessageBox.ButtonRole.AcceptRole)
    local = box.addButton("改用本机数据库", QMessageBox.ButtonRole.ActionRole)
    box.addButton("退出", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(retry)
    box.exec()
    clicked = box.clickedButton()
    if clicked is retry:
        typed = password.text() or None
        if typed and remember.isChecked():
            database_url.save_password(url, typed)
        return Unreachable.RETRY, typed
    if clicked is local:
        return Unreachable.LOCAL, None
    return Unreachable.QUIT, None
