"""Showing a folder to the clerk: in the system's file manager, or, where none opens, by its path copied
to the clipboard with a message that says where to paste it — never a button that does nothing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

TITLE = "无法打开文件夹"


def say_folder_not_opened(parent: QWidget | None, folder: Path) -> None:
    """The folder's path goes to the clipboard, and the clerk is told so and what to do with it."""
    QApplication.clipboard().setText(str(folder))
    QMessageBox.warning(
        parent,
        TITLE,
        f"本机没有能打开文件夹的程序，未能打开“{folder}”。\n"
        "文件夹的位置已复制，可粘贴到“此电脑”（资源管理器）的地址栏中打开。",
    )


def open_folder(parent: QWidget | None, folder: Path) -> bool:
    """Open the folder in the file manager; says so, with its path copied, when it cannot."""
    if QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
        return True
    say_folder_not_opened(parent, folder)
    return False
