"""帮助 → 使用说明: the short illustrated guide shipped in resources/guide/, shown in the program (offline)."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from core.paths import resource_path
from gui.widgets import fit_to_screen, run_modal

GUIDE_FILE = "使用说明.html"


class GuideDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("使用说明")
        fit_to_screen(self, 900, 720)
        self.browser = QTextBrowser()
        self.browser.setObjectName("guide_browser")
        self.browser.setOpenLinks(True)
        self.browser.setOpenExternalLinks(False)  # nothing leaves the machine
        folder = resource_path("guide")
        self.browser.setSearchPaths([str(folder)])
        page = folder / GUIDE_FILE
        if page.is_file():
            self.browser.setSource(QUrl.fromLocalFile(str(page)))
        else:
            self.browser.setPlainText(f"找不到使用说明文件：{page}")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)


def show_guide(parent: QWidget | None) -> None:
    run_modal(GuideDialog(parent))
