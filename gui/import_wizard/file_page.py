"""The wizard's first page: choose the register file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from gui.import_wizard.common import ERROR_STYLE, FILE_FILTER, FOLDER_KEY, label

if TYPE_CHECKING:
    from gui.import_wizard.wizard import ImportWizard

LAST_FILE_KEY = "import/last_file"  # the register last read, offered the next time


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
        layout.addWidget(self._make_last_file_offer())
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.path_edit.editingFinished.connect(self._path_entered)
        self.path_edit.textChanged.connect(lambda _text: self._text_changed())
        self.browse_button.clicked.connect(self.browse)
        wizard.previews_changed.connect(self._update)

    def _make_last_file_offer(self) -> QWidget:
        """上次导入的文件: its name and folder, and a button that reads it again."""
        self.last_file_offer = QWidget()
        self.last_file_label = QLabel()
        self.last_file_label.setWordWrap(True)
        self.use_last_button = QPushButton("使用这个文件")
        self.use_last_button.setObjectName("use_last_file")
        self.use_last_button.clicked.connect(self.use_last_file)
        row = QHBoxLayout(self.last_file_offer)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.last_file_label, 1)
        row.addWidget(self.use_last_button)
        self.last_file_offer.hide()
        self._wizard.previews_changed.connect(self._remember)
        return self.last_file_offer

    def last_file(self) -> Path | None:
        """The register read last time, while it is still there."""
        text = str(self._wizard.context.state.value(LAST_FILE_KEY, "") or "")
        path = Path(text) if text else None
        return path if path is not None and path.is_file() else None

    def initializePage(self) -> None:
        given = self._wizard.given_path
        if given is not None and self._wizard.path is None:
            self.path_edit.setText(str(given))
            self._wizard.load(given)
            return
        last = self.last_file() if self._wizard.path is None else None
        if last is not None:
            self.last_file_label.setText(f"上次导入的文件：“{last.name}”（{last.parent}）")
            self.last_file_label.setToolTip(str(last))
            self.last_file_offer.show()

    def use_last_file(self) -> None:
        last = self.last_file()
        if last is not None:
            self.path_edit.setText(str(last))
            self._wizard.load(last)

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

    def _text_changed(self) -> None:
        self._show_status()
        self.completeChanged.emit()

    def _show_status(self) -> None:
        wizard = self._wizard
        typed = self._typed_path()
        if typed is not None and typed != wizard.path and not wizard.loading:
            # 下一步 stays grey until the file is read: say how (it is read on Enter, or when the box is left).
            self.status.setStyleSheet("")
            self.status.setText("输入文件位置后按回车键读取；也可按“浏览…”选择文件。")
            return
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

    def _update(self) -> None:
        wizard = self._wizard
        self._show_status()
        self.completeChanged.emit()
        if wizard.ready and wizard.currentPage() is self and not self.path_edit.hasFocus():
            # Else the keys stay on 浏览…, or go on to 取消 once 使用这个文件 hides: Enter would close it all.
            wizard.button(QWizard.WizardButton.NextButton).setFocus()
        if self._auto_advance and wizard.ready and wizard.currentPage() is self:
            self._auto_advance = False
            wizard.next()
        elif wizard.load_error:
            self._auto_advance = False

    def _remember(self) -> None:
        """A register read without error is offered next time, and its folder is where browsing starts."""
        wizard = self._wizard
        if wizard.path is None or wizard.loading or wizard.load_error or not wizard.previews:
            return
        path, state = wizard.path, wizard.context.state
        state.set_value(LAST_FILE_KEY, str(path.resolve()))
        state.set_last_folder(FOLDER_KEY, str(path.resolve()))
        self.last_file_offer.hide()

    def isComplete(self) -> bool:
        return self._wizard.ready and self._typed_path() == self._wizard.path

    def validatePage(self) -> bool:
        return self.isComplete()
