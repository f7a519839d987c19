"""Keystrokes reach only what the user sees: a guard against typing into a hidden editor.

Qt lets a widget keep keyboard focus after its tab was hidden, and lets code give focus to a widget that is
not shown; the next keys then edit a text nobody sees. The guard drops key and input-method events aimed
at a widget that is not visible; a shortcut (Ctrl+S, Delete on a table) is unaffected.

Qt also lets the mouse wheel change a drop-down list or a number box the pointer merely passes over while
the clerk scrolls a form (类别 机关 → 企业, 年度 2019 → 2017). The guard hands such a wheel to the widget's
parent, which scrolls; a box the clerk has clicked into (it has focus) still takes the wheel.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QWidget

log = logging.getLogger(__name__)

_TYPING = frozenset({QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.InputMethod})


class HiddenTypingGuard(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _TYPING and isinstance(watched, QWidget) and not watched.isVisible():
            log.debug("按键未送往隐藏的控件 %s", watched.objectName() or type(watched).__name__)
            return True
        if isinstance(watched, (QComboBox, QAbstractSpinBox)):
            if event.type() == QEvent.Type.Polish and watched.focusPolicy() == Qt.FocusPolicy.WheelFocus:
                watched.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # a wheel passing over takes no focus
            elif event.type() == QEvent.Type.Wheel and not watched.hasFocus():
                event.ignore()  # filtered and not accepted: Qt offers the wheel to the parent (the scroll area)
                return True
        return False


def install_focus_guard(app: QApplication) -> None:
    """Install the guard once per application."""
    if getattr(app, "_honourdesk_focus_guard", None) is None:
        guard = HiddenTypingGuard(app)
        app.installEventFilter(guard)
        app._honourdesk_focus_guard = guard  # type: ignore[attr-defined]


def focus_is_inside(container: QWidget) -> bool:
    """Whether the keyboard focus is on the container or a widget inside it."""
    widget = QApplication.focusWidget()
    while widget is not None:
        if widget is container:
            return True
        widget = widget.parentWidget()
    return False
