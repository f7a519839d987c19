"""Alt access keys in menu entries and dialog buttons, written as Chinese programs do: “备份数据库(&B)…”,
“保存(&S)”, “不保存(&N)”. 取消 has none: Esc is its key, as in Windows' own dialogs."""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
    QWizard,
)

_MARK = re.compile(r"\(&([0-9A-Za-z])\)")


def with_access_key(text: str, key: str) -> str:
    """text with “(&K)” after its name, before a trailing “…”, “ >” or a note in full-width brackets."""
    name = plain_text(text)
    cut = min((i for i in (name.find("…"), name.find("（"), name.find(" >")) if i >= 0), default=len(name))
    return f"{name[:cut]}(&{key.upper()}){name[cut:]}"


def plain_text(text: str) -> str:
    """The entry's words without its access key: what toolbars, tooltips and status lines show."""
    return _MARK.sub("", text)


def access_key(text: str) -> str:
    """The entry's access key letter, or "" when it has none."""
    found = _MARK.search(text)
    return found.group(1).upper() if found else ""


def give_access_key(action: QAction, key: str) -> None:
    """Give a menu entry its access key; the toolbar button keeps the plain words."""
    plain = plain_text(action.text())
    action.setText(with_access_key(plain, key))
    action.setIconText(plain)


# A dialog button's words → its key, the letter of the English word as Windows programs have it (then a
# second choice, for when another button of the dialog has the first). One table for every dialog and
# message box of the program, and for Qt's own standard buttons (确定, 保存, 关闭 …).
BUTTON_KEYS = {
    "确定": "O",
    "保存": "S",
    "不保存": "N",
    "全部保存": "L",
    "丢弃": "D",
    "关闭": "C",
    "打开": "O",
    "应用": "A",
    "重置": "R",
    "恢复默认值": "D",
    "帮助": "H",
    "重试": "R",
    "忽略": "I",
    "中止": "A",
    "退出": "X",
    "导入": "I",
    "生成": "G",
    "删除": "D",
    "移除": "R",
    "清空": "L",
    "编辑…": "E",
    "浏览…": "BR",
    "< 上一步": "B",
    "下一步 >": "N",
    "开始导入": "I",
    "完成": "F",
    "选定": "S",
    "打印…": "P",
    "预览": "V",
    "添加一行": "AL",
    "删除所选行": "D",
    "添加文件…": "AF",
    "添加证书…": "AC",
    "全部接受": "AC",
    "全部不要": "N",
    "开始复制": "C",
    "测试连接": "T",
    "改用本机数据库": "L",
    "识别名单": "R",
    "未对应的全部跳过": "KP",
    "录入…": "AE",
    "记录…": "AE",
    "列出到期的单位": "D",
    "设定复查周期…": "T",
    "从文件读取…": "F",
    "从档案中选择…": "S",
    "使用这个文件": "U",
    "保存错误行…": "S",
    "撤销这次导入…": "U",
    "打开文件夹": "F",
    "打开所在文件夹": "F",
    "打开 Word 文档": "W",
    "重新检查": "K",
    "不再提示": "D",
}


def keys_of(text: str) -> str:
    """A button's key choices: its words' own, else those of the words it starts with (“保存已接受的 3 项”
    is a 保存 button: S)."""
    if text in BUTTON_KEYS:
        return BUTTON_KEYS[text]
    starts = [words for words in BUTTON_KEYS if len(words) > 1 and text.startswith(words)]
    return BUTTON_KEYS[max(starts, key=len)] if starts else ""


def give_button_keys(dialog: QDialog) -> None:
    """Access keys for the dialog's buttons that have none: its button box's first, then its other
    buttons; a letter another of its buttons or labels already uses is left out (Alt would only cycle)."""
    used = {access_key(text) for text in _texts(dialog)} - {""}
    if isinstance(dialog, QWizard):
        _give_wizard_keys(dialog, used)
    boxes = [b for box in dialog.findChildren(QDialogButtonBox) for b in box.buttons()]
    for button in boxes + [b for b in dialog.findChildren(QAbstractButton) if b not in boxes]:
        text = button.text()
        key = next((k for k in keys_of(text) if k not in used), None)
        if key is None or "&" in text:
            continue
        button.setText(with_access_key(text, key))
        used.add(key)


_WIZARD_BUTTONS = (
    QWizard.WizardButton.NextButton,
    QWizard.WizardButton.BackButton,
    QWizard.WizardButton.CommitButton,
    QWizard.WizardButton.FinishButton,
)


def _give_wizard_keys(wizard: QWizard, used: set[str]) -> None:
    """A wizard sets its buttons' words again on every page: the keys go into those words."""
    for which in _WIZARD_BUTTONS:
        text = wizard.buttonText(which)
        key = next((k for k in keys_of(text) if k not in used), None)
        if key is not None and "&" not in text:
            wizard.setButtonText(which, with_access_key(text, key))
            used.add(key)


def _texts(dialog: QDialog) -> list[str]:
    texts = [b.text() for b in dialog.findChildren(QAbstractButton)]
    texts += [label.text() for label in dialog.findChildren(QLabel)]
    return texts + [group.title() for group in dialog.findChildren(QGroupBox)]


# Widgets a key can type into: Alt+letter is never text there (on Linux Qt would type the letter when no
# enabled button of the dialog has that key, say 下一步(&N) while it is greyed out; Windows types nothing).
_TEXT_INPUTS = (QLineEdit, QAbstractSpinBox, QPlainTextEdit, QTextEdit, QComboBox)
_WATCHED = "honourdesk_access_keys"


class _DialogKeys(QObject):
    """Watches one dialog: its buttons' containers (a button renamed after the dialog was shown gets its
    key again once its container lays it out anew) and its text fields (Alt+letter types nothing)."""

    def __init__(self, dialog: QDialog) -> None:
        super().__init__(dialog)
        self._pending = False
        self.rescan()

    def rescan(self) -> None:
        """Keys for buttons that have none, and watch what was added since (a wizard's page, a row)."""
        self._pending = False
        dialog = self.parent()
        if not isinstance(dialog, QDialog):
            return
        give_button_keys(dialog)
        containers = {b.parentWidget() for b in dialog.findChildren(QAbstractButton)} | {dialog}
        fields = [w for kind in _TEXT_INPUTS for w in dialog.findChildren(kind)]
        for widget in [*containers, *fields]:
            if widget is not None and not widget.property(_WATCHED):
                widget.setProperty(_WATCHED, True)  # on the widget itself: an id() is reused after a delete
                widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.LayoutRequest and not self._pending:
            self._pending = True  # after the change that asked for the layout, once
            QTimer.singleShot(0, self, self.rescan)  # not after the dialog is gone
        elif kind == QEvent.Type.KeyPress and isinstance(watched, _TEXT_INPUTS):
            return _is_alt_letter(event)  # type: ignore[arg-type]
        return False


def _is_alt_letter(event: QKeyEvent) -> bool:
    """Alt with a letter or digit alone: an access key, never text (AltGr is Ctrl+Alt on Windows)."""
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    alt_only = modifiers in (Qt.KeyboardModifier.AltModifier, ALT_SHIFT)
    return alt_only and (
        Qt.Key.Key_0 <= event.key() <= Qt.Key.Key_9 or Qt.Key.Key_A <= event.key() <= Qt.Key.Key_Z
    )


ALT_SHIFT = Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier


def watch_dialog(dialog: QDialog) -> None:
    """Give the dialog's buttons their keys now and whenever its buttons change (once per dialog)."""
    if dialog.findChild(_DialogKeys, options=Qt.FindChildOption.FindDirectChildrenOnly) is None:
        _DialogKeys(dialog)


class _FieldKeys(QObject):
    """One for the application: Alt+letter types nothing into a text field of the main window either
    (the search box typed the “z” of Alt+Z, a key no menu uses)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        return event.type() == QEvent.Type.KeyPress and _is_alt_letter(event)  # type: ignore[arg-type]


def _focus_moved(_old: QWidget | None, new: QWidget | None) -> None:
    """The keyboard arrived in a window: a dialog (ours, a QMessageBox, Qt's own) is watched from now.
    A dialog takes the keyboard as it is shown, so its keys are there before any key can be pressed.
    A text field elsewhere is watched from the moment it first has the keyboard."""
    window = new.window() if new is not None else None
    if isinstance(window, QDialog):
        watch_dialog(window)
    elif isinstance(new, _TEXT_INPUTS) and not new.property("honourdesk_alt_keys"):
        new.setProperty("honourdesk_alt_keys", True)
        new.installEventFilter(_field_keys(QApplication.instance()))  # type: ignore[arg-type]


def _field_keys(app: QApplication) -> _FieldKeys:
    keys = app.findChild(_FieldKeys, options=Qt.FindChildOption.FindDirectChildrenOnly)
    return keys if keys is not None else _FieldKeys(app)


def install_button_keys(app: QApplication) -> None:
    """Install once per application. Not an application-wide event filter (that saw every event of the
    program in Python): a slot on focus changes, and per dialog a filter on its own few widgets."""
    if not getattr(app, "_honourdesk_button_keys", False):
        app.focusChanged.connect(_focus_moved)
        app._honourdesk_button_keys = True  # type: ignore[attr-defined]
