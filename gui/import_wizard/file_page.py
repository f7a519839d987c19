"""The wizard's first page: choose the register file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWizardPage

from gui.import_wizard.common import ERROR_STYLE, FILE_FILTER, FOLDER_KEY, label

if TYPE_CHECKING:
    from gui.import_wizard.wizard import ImportWizard


class FilePage(QWizardPage):
    """选择文件: a path typed or browsed; the wizard goes on by itself when it was opened with a file."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self._auto_advance = wizard.given_path is not None
        self.setTitle("选择文件")
        self.setSubTitle("选择要导入的登记表：Excel 文件（.xlsx、.xls 等）或 .csv 文件。")
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText("登记表文件的位置")
        self.browse_button = QPushButton("浏览…")
        self.status = label()
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.path_edit.editingFinished.connect(self._path_entered)
        self.path_edit.textChanged.connect(lambda _text: self.completeChanged.emit())
        self.browse_button.clicked.connect(self.browse)
        wizard.previews_changed.connect(self._update)

    def initializePage(self) -> None:
        given = self._wizard.given_path
        if given is not None and self._wizard.path is None:
            self.path_edit.setText(str(given))
            self._wizard.load(given)

    def _typed_path(self) -> Path | None:
        text = self.path_edit.text().strip().strip('"')
        return Path(text) if text else None

    def _path_entered(self) -> None:
        path = self._typed_path()
        if path is not None and path != self._wizard.path:
            self._wizard.load(path)

    def browse(self) -> None:
        state = self._wizard.context.state
        start = str(self._wizard.path.parent) if self._wizard.path else state.last_folder(FOLDER_KEY)
        chosen, _ = QFileDialog.getOpenFileName(self, "选择登记表", start, FILE_FILTER)
        if not chosen:
            return
        state.set_last_folder(FOLDER_KEY, chosen)
        self.path_edit.setText(chosen)
        self._wizard.load(Path(chosen))

    def _update(self) -> None:
        wizard = self._wizard
        self.status.setStyleSheet(ERROR_STYLE if wizard.load_error else "")
        if wizard.path is None:
            self.status.clear()
        elif wizard.loading:
            self.status.setText(f"正在读取“{wizard.path.name}”…")
        elif wizard.load_error:
            self.status.setText(wizard.load_error)
        else:
            names = "、".join(p.sheet for p in wizard.previews if not p.hidden)
            count = sum(not p.hidden for p in wizard.previews)
            self.status.setText(f"已读取“{wizard.path.name}”：{count} 个工作表（{names}）。")
        self.completeChanged.emit()
        if self._auto_advance and wizard.ready and wizard.currentPage() is self:
            self._auto_advance = False
            wizard.next()
        elif wizard.load_error:
            self._auto_advance = False

    def isComplete(self) -> bool:
        return self._wizard.ready and self._typed_path() == self._wizard.path

    def validatePage(self) -> bool:
        return self.isComplete()
