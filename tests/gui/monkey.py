"""A seeded "monkey" session of the real program, run in a child process by test_monkey.py:

    python -m tests.gui.monkey DATA_DIR SEED STEPS

Loads the demo data, opens the window through gui.app.run_gui, then performs STEPS random actions (menu
and toolbar actions, keys typed into whatever has focus, clicks anywhere in the window), dismissing every
modal dialog with Escape (a message box or a choice now and then with its default button instead), and
quits with Ctrl+Q. Prints one JSON line with what happened. Exit status:
run_gui's, or 3 when an exception escaped a slot, or 4 when a record changed after an action that does
not write.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QThreadPool, QTimer
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QMessageBox, QWidget

from core.paths import DataDir
from gui.access_keys import plain_text

KEYS = [
    Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Tab, Qt.Key.Key_Q,
    Qt.Key.Key_W, Qt.Key.Key_1, Qt.Key.Key_Delete, Qt.Key.Key_Backspace, Qt.Key.Key_Escape, Qt.Key.Key_Return,
    Qt.Key.Key_Space, Qt.Key.Key_PageDown, Qt.Key.Key_Home, Qt.Key.Key_F5,
]  # fmt: skip
CONTROL_KEYS = [
    Qt.Key.Key_1,
    Qt.Key.Key_2,
    Qt.Key.Key_3,
    Qt.Key.Key_4,
    Qt.Key.Key_Z,
    Qt.Key.Key_Y,
    Qt.Key.Key_S,
    Qt.Key.Key_F,
]
# Actions that open the world outside (files, folders, other programs) or end the session early.
SKIPPED = {"退出", "打开日志文件夹", "从备份恢复…", "复制到其他数据库…", "打印…"}
ACCEPT_SHARE = 0.3
SETTLE_MS = 20000
ANSWERED_DIALOGS = {"SetFieldDialog", "QInputDialog"}  # dialogs the monkey may also accept
YES_ROLES = (
    QMessageBox.ButtonRole.YesRole,
    QMessageBox.ButtonRole.AcceptRole,
)  # of the questions and choices asked, those answered with their default button
# What may write: saving what was typed, undo and redo of earlier writes (and a question answered yes).
WRITING_KEYS = {Qt.Key.Key_S, Qt.Key.Key_Z, Qt.Key.Key_Y}
WRITING_TEXTS = {"保存", "保存材料", "撤销", "重做", "载入示例数据"}


class Monkey:
    def __init__(self, seed: int, steps: int) -> None:
        self.random = random.Random(seed)
        self.steps = steps
        self.done = 0
        self.errors: list[str] = []
        self.unexpected_writes: list[str] = []
        self.writes = 0
        self.window: QWidget | None = None
        self.quitting = False
        self.context = None
        self.accepted = 0  # dialogs answered with their default (yes) button during the current step

    # -- the session ---------------------------------------------------------------------------

    def start(self, app: QApplication) -> None:
        from gui.main_window import MainWindow

        self.window = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow))
        self.context = self.window.context  # type: ignore[attr-defined]
        self.window.resize(1280, 800)
        self._dismisser = QTimer()
        self._dismisser.timeout.connect(self.dismiss_dialogs)
        self._dismisser.start(30)
        QTimer.singleShot(0, self.step)

    def dismiss_dialogs(self) -> None:
        """A modal dialog or menu in the way: Escape, as a user would."""
        popup = QApplication.activePopupWidget() or QApplication.activeModalWidget()
        if self.quitting and isinstance(popup, QMessageBox):
            discard = next((b for b in popup.buttons() if plain_text(b.text()) == "不保存"), None)
            if discard is not None:  # leaving: what the monkey typed is not kept
                discard.click()
                return
        if popup is None:
            return
        answerable = isinstance(popup, QMessageBox) or type(popup).__name__ in ANSWERED_DIALOGS
        if not self.quitting and answerable and self.random.random() < ACCEPT_SHARE:
            self.accepted += 1  # a question answered yes, a batch value chosen: this step may write
            if isinstance(popup, QMessageBox):
                yes = next((b for b in popup.buttons() if popup.buttonRole(b) in YES_ROLES), None)
                (yes or popup.defaultButton() or popup.buttons()[0]).click()
            else:
                popup.accept()  # type: ignore[attr-defined]
            return
        QTest.keyClick(popup, Qt.Key.Key_Escape)
        if popup.isVisible() and hasattr(popup, "reject"):
            popup.reject()  # type: ignore[attr-defined]

    def step(self) -> None:
        if self.done >= self.steps:
            self.finish()
            return
        self.done += 1
        before = self.log_size()
        self.accepted = 0
        description, may_write = self.random_action()
        self.settle()  # an op the step started writes now, not during a later step
        print(
            self.done,
            description,
            f"（答“是” {self.accepted} 次）" if self.accepted else "",
            file=sys.stderr,
            flush=True,
        )
        after = self.log_size()
        if after != before:
            self.writes += 1
            if not may_write and not self.accepted:
                self.unexpected_writes.append(
                    f"第 {self.done} 步（{description}）写入了 {after - before} 条修改记录"
                )
        QTimer.singleShot(0, self.step)

    def finish(self) -> None:
        assert self.window is not None
        self.quitting = True
        QTest.keyClick(self._focus(), Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
        # The key needs the window active; where a dismissed dialog left it inactive, the menu's 退出.
        self._quitter = QTimer()
        self._quitter.timeout.connect(self.window.quit_action.trigger)  # type: ignore[union-attr]
        self._quitter.start(500)

    @staticmethod
    def settle() -> None:
        """Wait for the background work started so far (without cancelling it, unlike quitting)."""
        from gui import ops

        for pool in (QThreadPool.globalInstance(), ops._writers):
            if pool is not None:
                pool.waitForDone(SETTLE_MS)

    def log_size(self) -> int:
        from sqlalchemy import func, select

        from core.models import ChangeLog

        with self.context.services.db.session() as session:  # type: ignore[union-attr]
            return int(session.scalar(select(func.count()).select_from(ChangeLog)) or 0)

    # -- actions -------------------------------------------------------------------------------

    def random_action(self) -> tuple[str, bool]:
        kind = self.random.choice(("action", "key", "key", "control", "click", "click", "type"))
        return getattr(self, f"_{kind}")()

    def _action(self) -> tuple[str, bool]:
        from gui.access_keys import plain_text

        actions = [
            a
            for a in self.window.findChildren(QAction)
            if a.text() and plain_text(a.text()) not in SKIPPED and a.isEnabled()
        ]  # type: ignore[union-attr]
        action = self.random.choice(actions)
        action.trigger()
        text = plain_text(action.text())
        return f"菜单“{text}”", text in WRITING_TEXTS

    def _focus(self) -> QWidget:
        return QApplication.focusWidget() or self.window  # type: ignore[return-value]

    def _key(self) -> tuple[str, bool]:
        key = self.random.choice(KEYS)
        QTest.keyClick(self._focus(), key)
        return f"按键 {key.name}", key == Qt.Key.Key_Return and isinstance(self._focus(), QAbstractButton)

    def _control(self) -> tuple[str, bool]:
        key = self.random.choice(CONTROL_KEYS)
        QTest.keyClick(self._focus(), key, Qt.KeyboardModifier.ControlModifier)
        return f"Ctrl+{key.name}", key in WRITING_KEYS

    def _type(self) -> tuple[str, bool]:
        QTest.keyClicks(self._focus(), self.random.choice(("QQ", "x", "12")))
        return "打字", False

    def _click(self) -> tuple[str, bool]:
        assert self.window is not None
        point = QPoint(
            self.random.randrange(self.window.width()), self.random.randrange(self.window.height())
        )
        target = self.window.childAt(point) or self.window
        local = target.mapFrom(self.window, point)
        text = target.text() if isinstance(target, QAbstractButton) else ""
        QTest.mouseClick(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, local)
        return f"点击 {type(target).__name__} {text}", text in WRITING_TEXTS


def main(argv: list[str]) -> int:
    from core.db import open_database
    from core.demo import load_demo
    from core.services import Services
    from gui import app as gui_app

    folder, seed, steps = Path(argv[0]), int(argv[1]), int(argv[2])
    data_dir = DataDir(folder).create()
    database = open_database(data_dir)
    load_demo(Services.over(database))
    database.dispose()
    monkey = Monkey(seed, steps)
    gui_app._show_uncaught = lambda kind, error, tb: monkey.errors.append(f"{kind.__name__}: {error}")  # type: ignore[assignment]
    code = gui_app.run_gui(str(folder), None, when_ready=monkey.start)
    print(
        json.dumps(
            {
                "code": code,
                "steps": monkey.done,
                "writes": monkey.writes,
                "errors": monkey.errors,
                "unexpected_writes": monkey.unexpected_writes,
            },
            ensure_ascii=False,
        ),
        flush=True,
    )
    if monkey.errors:
        return 3
    if monkey.unexpected_writes:
        return 4
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
