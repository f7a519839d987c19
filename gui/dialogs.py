"""The settings and About dialogs."""

from __future__ import annotations

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
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core import APP_NAME, APP_TITLE_ZH, __version__
from core.database_url import describe
from core.errors import UserError
from gui.context import AppContext
from gui.database_dialogs import DatabaseAddressBox
from gui.folders import open_folder
from gui.widgets import fit_height_to_text


class SettingsDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("设置")
        self.setMinimumWidth(560)
        settings = context.settings

        self.data_dir = QLineEdit(str(context.data_dir.root))
        self.data_dir.setObjectName("data_dir")
        self.data_dir.setReadOnly(True)
        open_button = QPushButton("打开文件夹")
        open_button.clicked.connect(self.open_data_dir)
        data_row = QHBoxLayout()
        data_row.addWidget(self.data_dir, 1)
        data_row.addWidget(open_button)

        self.backup_on_exit = QCheckBox("退出程序时自动备份数据库")
        self.backup_on_exit.setObjectName("backup_on_exit")
        self.backup_on_exit.setChecked(settings.backup_on_exit)
        self.backups_to_keep = QSpinBox()
        self.backups_to_keep.setObjectName("backups_to_keep")
        self.backups_to_keep.setRange(1, 999)
        self.backups_to_keep.setValue(settings.backups_to_keep)
        self.backups_to_keep.setSuffix(" 份")
        self.database = DatabaseAddressBox(
            settings.database_url,
            placeholder="留空：使用数据目录中的本机数据库（推荐）",
        )
        note = QLabel(
            f"当前使用：{describe(context.services.db.url, context.data_dir.database)}。多台电脑共用数据时填写 PostgreSQL 服务器地址；"
            "修改后重新启动程序生效。可用“文件 → 复制到其他数据库”把现有数据复制过去。"
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #666;")

        keep_row = QHBoxLayout()
        keep_row.addWidget(self.backups_to_keep)
        keep_row.addStretch()
        # One grid for the dialog and the address box inside it, their fields lined up (a QFormLayout
        # would leave blank gaps around the wrapped texts).
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        captions = [QLabel("数据目录："), QLabel("自动备份保留：")]
        captions[0].setBuddy(self.data_dir)
        captions[1].setBuddy(self.backups_to_keep)
        grid.addWidget(captions[0], 0, 0)
        grid.addLayout(data_row, 0, 1)
        grid.addWidget(self.backup_on_exit, 1, 1)
        grid.addWidget(captions[1], 2, 0)
        grid.addLayout(keep_row, 2, 1)
        grid.addWidget(self.database, 3, 0, 1, 2)
        grid.addWidget(note, 4, 1)
        label_width = max(self.database.label_width(), *(c.sizeHint().width() for c in captions))
        grid.setColumnMinimumWidth(0, label_width)
        self.database.set_label_width(label_width)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(buttons)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        fit_height_to_text(self)

    def open_data_dir(self) -> None:
        open_folder(self, self.context.data_dir.root)

    def accept(self) -> None:
        settings = self.context.settings
        try:
            url = self.database.stored_url()
        except UserError as error:
            QMessageBox.warning(self, "设置", error.message)
            return
        url_changed = url != settings.database_url
        self.database.remember_password()
        settings.backup_on_exit = self.backup_on_exit.isChecked()
        settings.backups_to_keep = self.backups_to_keep.value()
        settings.database_url = url
        self.context.save_settings()
        if url_changed:
            QMessageBox.information(self, "设置", "数据库地址已保存，重新启动程序后生效。")
        super().accept()


def show_about(parent: QWidget, context: AppContext) -> None:
    QMessageBox.about(
        parent,
        f"关于 {APP_NAME}",
        f"<h3>{APP_NAME} {APP_TITLE_ZH}</h3>"
        f"<p>版本 {__version__}</p>"
        "<p>管理所联系单位的档案、荣誉和年度工作材料，按模板生成符合公文格式的情况汇报。"
        "全部数据保存在本机，不联网。</p>"
        f"<p>数据目录：{context.data_dir.root}</p>",
    )
