"""Start-up time: HonourDesk's window on demo data against a bare PySide6 window, same machine, same run.

    python bench/startup.py [--runs N]

Each sample is a fresh process. It is timed from launch until the window has been shown and the
event loop has turned once ("shown") and, for HonourDesk, until the window also lists the units of
the demo database ("ready"). Prints the medians and their ratios to the bare window; the target
for "shown" is about 2.5 or less.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.children import child_environment  # noqa: E402

# Each child prints the wall-clock time at the moment measured, then leaves at once (os._exit), so
# that neither interpreter shutdown nor work still running in the background counts.
BARE = """
import os, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.setWindowTitle("bare")
window.resize(1280, 800)
window.show()
QTimer.singleShot(0, lambda: (print(time.time(), flush=True), os._exit(0)))
app.exec()
"""

HONOURDESK = """
import os, sys, time
sys.path.insert(0, {repo!r})
from gui.app import run_gui
run_gui({data!r}, None, {hook}=lambda app: (print(time.time(), flush=True), os._exit(0)))
"""


def run_child(code: str) -> str:
    """Run code in a fresh interpreter; the last line it printed."""
    result = subprocess.run(
        [sys.executable, "-c", code],
        check=True,
        cwd=REPO,
        capture_output=True,
        text=True,
        env=child_environment(),
    )
    return result.stdout.strip().splitlines()[-1]


def time_process(code: str) -> float:
    started = time.time()
    return float(run_child(code)) - started


def median_times(data: str, runs: int) -> dict[str, float]:
    """Median seconds of the bare window, and of HonourDesk's window over data shown and ready."""
    codes = {
        "bare": BARE,
        "shown": HONOURDESK.format(repo=str(REPO), data=data, hook="when_shown"),
        "ready": HONOURDESK.format(repo=str(REPO), data=data, hook="when_ready"),
    }
    for code in codes.values():  # warm the file cache
        time_process(code)
    samples: dict[str, list[float]] = {name: [] for name in codes}
    for _ in range(runs):  # interleaved, so machine noise hits all alike
        for name, code in codes.items():
            samples[name].append(time_process(code))
    return {name: statistics.median(values) for name, values in samples.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        data = str(Path(folder) / "data")
        subprocess.run(
            [sys.executable, str(REPO / "main.py"), "--data-dir", data, "demo"],
            check=True,
            capture_output=True,
        )
        medians = median_times(data, args.runs)
    bare = medians["bare"]
    print(f"bare PySide6 window shown:        {bare * 1000:5.0f} ms (median of {args.runs})")
    print(
        f"HonourDesk window shown:          {medians['shown'] * 1000:5.0f} ms  "
        f"ratio {medians['shown'] / bare:.2f} (target ≤ 2.5)"
    )
    print(
        f"HonourDesk showing the demo data: {medians['ready'] * 1000:5.0f} ms  "
        f"ratio {medians['ready'] / bare:.2f}"
    )


if __name__ == "__main__":
    main()
