"""Whole sessions of the real program in a child process: it must end with exit status 0.

A seeded monkey (tests/gui/monkey.py) performs hundreds of random menu, toolbar, key and click actions
on the demo data, dismissing every dialog with Escape, then quits with Ctrl+Q: no exception may escape,
the process must exit 0 (no crash on the way out), and no record may change after an action that does
not write. Quitting at the first paint must work too.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MEMORY_LIMIT = 2 * 1024**3
TIMEOUT_S = 240


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_child(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        preexec_fn=_limits,
        check=False,
    )


@pytest.mark.parametrize("seed", [11, 12])
def test_a_monkey_session_changes_nothing_it_did_not_save_and_exits_cleanly(
    tmp_path: Path, seed: int
) -> None:
    done = run_child("-X", "faulthandler", "-m", "tests.gui.monkey", str(tmp_path / "data"), str(seed), "300")
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["steps"] == 300 and report["code"] == 0
    assert report["errors"] == [] and report["unexpected_writes"] == []
    assert "shared QObject" not in done.stderr


QUIT_AT_FIRST_PAINT = """
import sys
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from gui.app import run_gui

def press_ctrl_q(app):
    from gui.main_window import MainWindow
    window = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow))
    window.activateWindow()
    QTest.qWaitForWindowActive(window)
    QTest.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)

sys.exit(run_gui(sys.argv[1], None, when_shown=press_ctrl_q, when_ready=lambda app: sys.exit(5)))
"""


def test_ctrl_q_at_the_first_paint_quits(tmp_path: Path) -> None:
    done = run_child("-X", "faulthandler", "-c", QUIT_AT_FIRST_PAINT, str(tmp_path / "data"))
    assert done.returncode == 0, done.stderr[-4000:]
