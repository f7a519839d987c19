"""Alt access keys in menu entries, written as Chinese programs do: “备份数据库(&B)…”."""

from __future__ import annotations

import re

from PySide6.QtGui import QAction

_MARK = re.compile(r"\(&([0-9A-Za-z])\)")


def with_access_key(text: str, key: str) -> str:
    """text with “(&K)” after its name, before a trailing “…” or a note in full-width brackets."""
    name = plain_text(text)
    cut = min((i for i in (name.find("…"), name.find("（")) if i >= 0), default=len(name))
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
