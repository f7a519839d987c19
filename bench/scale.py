"""A city's records: the five scale figures, each as a ratio to a baseline measured in the same run.

    python bench/scale.py [--big FOLDER] [--quick]

Builds a data directory of 10,000 units, 100,000 honours and 20,000 materials (bench/bigdb.py; or
uses --big FOLDER when it already holds one), then prints:

1. import of a 20,000-row register into a copy of it vs a bare openpyxl read-only pass (goal ≤ 1.5)
2. 200 reports for its units vs bare sandboxed docxtpl load-render-save of one document (goal ≤ 1.3)
3. start-up to first paint over it vs a bare PySide6 window, fresh processes (goal ≤ 1.5); the
   time until the window also lists the units is printed beside it
4. search-as-you-type in the unit list (a keystroke's refresh of the real widget: listing, first
   page, table update) vs a bare SQLite query returning the same units (goal ≤ 2, and < 50 ms)
5. peak memory of the window showing it vs the bare window's (goal ≤ +150 MB)

--quick takes fewer samples (a smoke run, not figures to quote). bench/RESULTS.md keeps the figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path[:0] = [str(REPO), str(BENCH)]

import bigdb  # noqa: E402
import import_speed  # noqa: E402
import report_speed  # noqa: E402
import startup  # noqa: E402

from core.paths import DataDir  # noqa: E402

# Keystrokes of a clerk typing four searches, each prefix refreshing the list once.
TYPED = ["宁波", "hhz", "xiaoxue", "长春第12"]

# Peak resident memory of the child itself: VmHWM is reset by exec (ru_maxrss is not: a child of
# this big bench process would report the bench's own peak).
MEMORY_CHILD = """
import os, sys
sys.path.insert(0, {repo!r})
def peak_kib():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
{body}
"""
BARE_MEMORY = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1280, 800)
window.show()
QTimer.singleShot(0, lambda: (print(peak_kib(), flush=True), os._exit(0)))
app.exec()
"""
OUR_MEMORY = """
from gui.app import run_gui
def ready(app):
    from gui.main_window import MainWindow
    [window] = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow)]
    window.pages.setCurrentIndex(1)  # the dashboard too
    app.processEvents()
    print(peak_kib(), flush=True)
    os._exit(0)
run_gui({data!r}, None, when_ready=ready)
"""


def line(number: int, what: str, ours: float, bare: float, unit: str, goal: str) -> str:
    return f"{number}. {what}: {ours:.3g} {unit} vs {bare:.3g} {unit} → ratio {ours / bare:.2f} (goal {goal})"


def measure_import(big: DataDir, runs: int) -> str:
    bare, ours = import_speed.measure(runs=runs, rows=20_000, big=big.root)
    return line(1, "import of 20,000 register rows", ours, bare, "s", "≤ 2")


def measure_reports(big: DataDir, runs: int, count: int) -> str:
    from core.db import open_database
    from core.reports.context import report_context
    from core.reports.library import TemplateLibrary
    from core.services import Services

    services = Services.over(open_database(big))
    unit_ids = services.units.listing()[:count]
    library = TemplateLibrary(services.db)
    template = library.path(library.get(report_speed.TEMPLATE))
    with services.db.session() as session:
        context = report_context(session, unit_ids[0], report_speed.PERIOD, report_speed.WRITTEN_ON)
    bare_times, our_times = [], []
    with tempfile.TemporaryDirectory() as work:
        for run in range(runs):
            out = Path(work) / f"run{run}"
            (out / "bare").mkdir(parents=True)
            bare_times.append(report_speed.bare(template, context, count, out / "bare"))
            our_times.append(report_speed.ours(services, unit_ids, out / "ours"))
    services.db.dispose()
    bare, ours = statistics.median(bare_times), statistics.median(our_times)
    return line(2, f"{count} reports", ours, bare, "s", "≤ 1.3")


def measure_startup(big: DataDir, runs: int) -> str:
    medians = startup.median_times(str(big.root), runs)
    bare, shown, ready = (medians[name] * 1000 for name in ("bare", "shown", "ready"))
    return (
        line(3, "start-up to first paint", shown, bare, "ms", "≤ 1.5")
        + f"\n   (window listing the 10,000 units and the dashboard ready: {ready:.0f} ms, ratio {ready / bare:.2f})"
    )


def measure_search(big: DataDir, repeats: int) -> str:
    from PySide6.QtWidgets import QApplication

    from core.db import open_database
    from core.services import Services
    from core.settings import Settings
    from gui.context import AppContext
    from gui.state import GuiState
    from gui.unit_list import UnitListPanel

    app = QApplication.instance() or QApplication([])
    services = Services.over(open_database(big))
    with tempfile.TemporaryDirectory() as folder:
        context = AppContext(services, big, Settings(), GuiState(Path(folder) / "gui.ini"))
        panel = UnitListPanel(context)
        panel.resize(500, 700)
        panel.show()
        panel.refresh()
        app.processEvents()
        keystrokes = [text[:end] for text in TYPED for end in range(1, len(text) + 1)]
        bare = sqlite3.connect(big.database)
        ours_ms: list[float] = []
        bare_ms: list[float] = []
        for _ in range(repeats):
            for typed in keystrokes:
                ours_ms.append(_timed(lambda typed=typed: _type_and_refresh(panel, app, typed)))
                bare_ms.append(_timed(lambda typed=typed: _bare_search(bare, typed)))
            panel.search.clear()
        listed = {typed: len(_bare_search(bare, typed)) for typed in TYPED}
        bare.close()
        panel.close()
    services.db.dispose()
    ours, base = statistics.median(ours_ms), statistics.median(bare_ms)
    worst = max(ours_ms)
    return (
        line(4, "search-as-you-type, one keystroke", ours, base, "ms", "≤ 2 and < 50 ms")
        + f"\n   (slowest keystroke {worst:.1f} ms; {len(keystrokes)} keystrokes × {repeats}; units found: {listed})"
    )


def _type_and_refresh(panel: object, app: object, typed: str) -> None:
    panel.search.blockSignals(True)  # type: ignore[attr-defined]
    panel.search.setText(typed)  # type: ignore[attr-defined]
    panel.search.blockSignals(False)  # type: ignore[attr-defined]
    panel.relist()  # type: ignore[attr-defined]  # what the search box's timer calls
    app.processEvents()  # type: ignore[attr-defined]


def _bare_search(connection: sqlite3.Connection, typed: str) -> list[tuple[object, ...]]:
    """What one would write by hand: every live unit whose name or pinyin keys contain the text."""
    pattern = f"%{typed.lower()}%"
    return connection.execute(
        "SELECT id, name, category, region FROM units WHERE deleted_at IS NULL AND (name_key LIKE ?1"
        " OR short_name LIKE ?1 OR pinyin_full LIKE ?1 OR pinyin_initials LIKE ?1) ORDER BY pinyin_full",
        (pattern,),
    ).fetchall()


def _timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return (time.perf_counter() - started) * 1000


def measure_memory(big: DataDir, runs: int) -> str:
    def peak_mb(body: str) -> float:
        return int(startup.run_child(MEMORY_CHILD.format(repo=str(REPO), body=body))) / 1024

    bare = statistics.median(peak_mb(BARE_MEMORY) for _ in range(runs))
    ours = statistics.median(peak_mb(OUR_MEMORY.format(data=str(big.root))) for _ in range(runs))
    return (
        f"5. peak memory with the big database open: {ours:.0f} MB vs the bare window's {bare:.0f} MB"
        f" → +{ours - bare:.0f} MB (goal ≤ +150 MB)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--big", type=Path, help="a data directory already built by bench/bigdb.py")
    parser.add_argument("--quick", action="store_true", help="fewer samples: a smoke run")
    parser.add_argument("--record", action="store_true", help="also append the figures to bench/RESULTS.md")
    args = parser.parse_args()
    runs = 1 if args.quick else 3
    with tempfile.TemporaryDirectory() as work:
        if args.big is not None:
            big = DataDir(args.big)
        else:
            started = time.perf_counter()
            big = bigdb.build(Path(work) / "big")
            print(f"built the big database in {time.perf_counter() - started:.0f} s")
        heading = f"{dt.date.today()}: {_cpu()}, {os.cpu_count()} cores, {platform.platform()}, Python {platform.python_version()}"
        print(heading, flush=True)
        figures = []
        for measure in (
            lambda: measure_import(big, runs),
            lambda: measure_reports(big, runs, 50 if args.quick else 200),
            lambda: measure_startup(big, 2 if args.quick else 7),
            lambda: measure_search(big, 1 if args.quick else 5),
            lambda: measure_memory(big, runs),
        ):
            figures.append(measure())
            print(figures[-1], flush=True)
    if args.record:
        with (BENCH / "RESULTS.md").open("a", encoding="utf-8") as results:
            results.write(f"\n## {heading}\n\n```\n" + "\n".join(figures) + "\n```\n")


def _cpu() -> str:
    try:
        for text in Path("/proc/cpuinfo").read_text().splitlines():
            if text.startswith("model name"):
                return text.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


if __name__ == "__main__":
    main()
