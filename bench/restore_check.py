"""The cost of making restore's integrity check cancellable: PRAGMA integrity_check on one database bare,
and under core/restore.py's progress handler (a look at the cancel button every 2000 SQLite steps).

    python bench/restore_check.py [--rows N] [--runs N]

The database is made here (N units' names in a table with an index, about 55 MB for 600,000 rows); the
two ways alternate, median of the runs; printed: seconds each way and the ratio handler / bare.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.progress import no_progress
from core.restore import cancellable


def make(path: Path, rows: int) -> None:
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("CREATE TABLE t (a INTEGER PRIMARY KEY, b TEXT, c TEXT)")
        connection.execute("CREATE INDEX tb ON t (b)")
        connection.executemany(
            "INSERT INTO t (b, c) VALUES (?, ?)", ((f"单位{i}", "x" * 50) for i in range(rows))
        )
        connection.commit()


def timed(connection: sqlite3.Connection, handler: bool) -> float:
    started = time.perf_counter()
    if handler:
        with cancellable(connection, no_progress, "检查"):
            connection.execute("PRAGMA integrity_check").fetchall()
    else:
        connection.execute("PRAGMA integrity_check").fetchall()
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=600_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="honourdesk-bench-") as folder:
        path = Path(folder) / "big.db"
        make(path, args.rows)
        times: dict[bool, list[float]] = {False: [], True: []}
        with closing(sqlite3.connect(path)) as connection:
            for _ in range(args.runs):
                for handler in (False, True):
                    times[handler].append(timed(connection, handler))
        bare, handled = statistics.median(times[False]), statistics.median(times[True])
        size = path.stat().st_size / 2**20
        print(
            f"{size:.0f} MB: bare {bare:.2f} s, with the cancel handler {handled:.2f} s, ratio {handled / bare:.3f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
