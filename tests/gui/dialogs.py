"""Acting inside the next modal dialog from a test.

A modal dialog runs its own event loop, so a test's steps for it run from a timer inside that loop. A
step that fails must still leave the loop — else the test waits in it forever (seen under a loaded
machine, when a wait inside the dialog timed out) — so every failure is recorded, the dialog closed,
and the test asserts on the record afterwards.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

WAIT_FOR_DIALOG = 60.0  # seconds a dialog may take to open before the test is told it never did


def close_modal(dialog: QWidget) -> None:
    """Leave a dialog's event loop whatever it is, and any dialog it opened in turn."""
    inner = QApplication.activeModalWidget()
    if inner is not None and inner is not dialog and dialog.isAncestorOf(inner):
        close_modal(inner)
    if isinstance(dialog, QDialog):
        dialog.done(0)
    else:
        dialog.close()


def on_next_dialog(
    qtbot,  # type: ignore[no-untyped-def]
    steps: Callable[[QWidget], object],
    *,
    kind: type[QWidget] = QWidget,
    active: bool = True,
    reraise: bool = False,
) -> list[str]:
    """Run steps(dialog) inside the next modal dialog of the given kind; returns what went wrong.

    With active, the steps wait until the dialog has the keyboard, as a clerk's keys would. With
    reraise, a failed step's error is raised again once the dialog is closed: pytest-qt fails the
    test with it.
    """
    problems: list[str] = []
    deadline = time.monotonic() + WAIT_FOR_DIALOG

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind):
            if time.monotonic() < deadline:
                QTimer.singleShot(20, act)
            else:
                problems.append(f"no {kind.__name__} opened within {WAIT_FOR_DIALOG:.0f} s")
            return
        try:
            if active:
                qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=10000)
            steps(dialog)
        except Exception as error:  # reported after the loop, which must be left
            problems.append(f"{type(error).__name__}: {error}")
            close_modal(dialog)
            if reraise:
                raise

    QTimer.singleShot(0, act)
    return problems


def honour_opened_by_enter(qtbot) -> list[str]:  # type: ignore[no-untyped-def]
    """Press Enter where the keyboard is; the title shown by the honour dialog it opened (closed unsaved),
    or nothing when no honour dialog opened."""
    from PySide6.QtCore import Qt

    from gui.honour_dialog import HonourDialog

    seen: list[str] = []

    def look(dialog: QWidget) -> None:
        assert isinstance(dialog, HonourDialog)
        seen.append(dialog.form.editors["title"].text())
        dialog.reject()

    on_next_dialog(qtbot, look, active=False, reraise=True)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    return seen
