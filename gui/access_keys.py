"""Alt access keys in menu entries and dialog buttons, written as Chinese programs do: “备份数据库(&B)…”,
“保存(&S)”, “不保存(&N)”. 取消 has none: Esc is its key, as in Windows' own dialogs."""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
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
    "全部接受": "A",
    "全部不要": "N",
    "开始复制": "C",
    "测试连接": "T",
    "改用本机数据库": "L",
    "识别名单": "R",
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


def give_button_keys(dialog: QDialog) -> None:
    """Access keys for the dialog's buttons that have none: its button box's first, then its other
    buttons; a letter another of its buttons or labels already uses is left out (Alt would only cycle)."""
    used = {access_key(text) for text in _texts(dialog)} - {""}
    if isinstance(dialog, QWizard):
        _give_wizard_keys(dialog, used)
    boxes = [b for box in dialog.findChildren(QDialogButtonBox) for b in box.buttons()]
    for button in boxes + [b for b in dialog.findChildren(QAbstractButton) if b not in boxes]:
        text = button.text()
        key = next((k for k in BUTTON_KEYS.get(text, "") if k not in used), None)
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
        key = next((k for k in BUTTON_KEYS.get(text, "") if k not in used), None)
        if key is not None and "&" not in text:
            wizard.setButtonText(which, with_access_key(text, key))
            used.add(key)


def _texts(dialog: QDialog) -> list[str]:
    texts = [b.text() for b in dialog.findChildren(QAbstractButton)]
    texts += [label.text() for label in dialog.findChildren(QLabel)]
    return texts + [group.title() for group in dialog.findChildren(QGroupBox)]


class _ButtonKeys(QObject):
    """Gives each dialog's buttons their keys as it is shown, whoever made it (our dialogs, QMessageBox)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QDialog):
            give_button_keys(watched)
        return False


def install_button_keys(app: QApplication) -> None:
    """Install once per application."""
    if getattr(app, "_honourdesk_button_keys", None) is None:
        keys = _ButtonKeys(app)
        app.installEventFilter(keys)
        app._honourdesk_button_keys = keys  # type: ignore[attr-defined]
