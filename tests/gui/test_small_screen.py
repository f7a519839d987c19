"""A 1366×768 laptop screen at 150 % scaling (Windows' default for it) is 910×512 of Qt's pixels: the main
window and every dialog fit on it with their frame and title bar, rather than reaching past its edge with
their buttons out of reach."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

SCREEN = {
    "synchronousWindowSystem": True,
    "windowFrameMargins": False,
    "screens": [{"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768, "logicalDpi": 96, "dpr": 1}],
}
FRAME = (16, 40)  # Windows' frame and title bar at 150 %, in Qt's pixels


def test_the_window_and_every_dialog_fit_a_1366_by_768_screen_at_150_per_cent(tmp_path: Path) -> None:
    config = tmp_path / "screen.json"
    config.write_text(json.dumps(SCREEN), encoding="utf-8")
    environment = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
        "QT_SCALE_FACTOR": "1.5",
        "HONOURDESK_TEST_DATABASE_URL": "",
    }
    run = subprocess.run(
        [sys.executable, "-m", "tests.gui.small_screen", str(tmp_path)],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    sizes = json.loads(run.stdout.strip().splitlines()[-1])
    width, height = sizes.pop("screen")
    name_column, name_width, sideways = sizes.pop("unit_list")
    # “长治市工商行政管理局” whole beside the 荣誉 tab, and the list does not scroll sideways
    assert name_column >= name_width and sideways == 0
    assert (width, height) in ((910, 512), (911, 512))
    room = (width - FRAME[0], height - FRAME[1])

    def fits(name: str) -> tuple[int, int]:
        """The main window opens maximised on this screen; a dialog keeps room for its frame."""
        return (width, height) if name.startswith("主窗口") else room

    too_big = {
        name: f"至少 {need_w}×{need_h}，实际 {w}×{h}"
        for name, (need_w, need_h, w, h) in sizes.items()
        if need_w > room[0] or need_h > room[1] or w > fits(name)[0] or h > fits(name)[1]
    }
    assert len(sizes) >= 30 and too_big == {}
