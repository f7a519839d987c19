"""A long session does not end in a crash: PySide6 6.12.0 on Python 3.11 drops a reference to None on each
Qt call that returns nothing, and the program stopped ("deallocating None") once a clerk had gone through
a few hundred units (see gui.none_guard)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

PRESSES = 600  # about 130 dropped references a unit shown, 46 000 at the start: it stopped near 350


def test_going_through_six_hundred_units_with_the_arrow_keys_does_not_crash(tmp_path: Path) -> None:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HONOURDESK_TEST_DATABASE_URL": ""}
    run = subprocess.run(
        [sys.executable, "-m", "tests.gui.long_session", str(tmp_path / "data"), str(PRESSES)],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert int(run.stdout.strip().splitlines()[-1]) >= 12  # every unit went through the form
