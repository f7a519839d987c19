"""Import speed: a 20,000-row honour register against a bare openpyxl read-only pass over the same file,
in the same run.

    python bench/import_speed.py [--rows N] [--runs N] [--big FOLDER] [--empty [--units N]]

By default the import goes into a city-sized database (bench/bigdb.py: 10,000 units, 100,000 honours,
built once into a temporary folder, or the data directory given with --big, which is only copied):
the register names real units of that database, with about 5% new ones, and every run imports into a
fresh copy of it. With --empty it goes into an empty database, over --units made-up units.

Prints the medians (with the range: on a busy machine use more --runs) and the ratio (target ≤ 1.5).
The import is the whole thing a user waits for: reading and checking every row, matching, the backup,
and writing in one transaction. The backup's time is printed too; the import makes it in a thread
while it classifies and writes, so that time overlaps the rest.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import core.backup
from bench import bigdb
from core.db import open_database
from core.importing.apply import apply_import
from core.importing.register import read_register
from core.paths import DataDir

TARGET = 1.5
NEW_SHARE = 0.05  # of the rows, naming a unit the database does not hold yet
LEVELS = ["国家级", "省级", "市", "县（区）级", "乡镇级"]
BODIES = ["省文明委", "市委、市政府", "市教育局", "区文明办", "省教育厅"]


@dataclass
class Result:
    bare: list[float] = field(default_factory=list)
    ours: list[float] = field(default_factory=list)
    backup: list[float] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def medians(self) -> tuple[float, float]:
        return statistics.median(self.bare), statistics.median(self.ours)


def made_up_names(units: int) -> list[str]:
    return [f"第{unit + 1}号实验学校" for unit in range(units)]


def database_names(data_dir: DataDir) -> list[str]:
    """The names of the live units in a data directory's database, by id."""
    with closing(sqlite3.connect(data_dir.database)) as connection:
        query = "SELECT name FROM units WHERE deleted_at IS NULL ORDER BY id"
        return [name for (name,) in connection.execute(query)]


def new_names(existing: list[str], count: int) -> list[str]:
    """Names shaped like the big database's, numbered past its units so that none is there yet."""
    rng = random.Random(11)
    return [bigdb.unit_name(len(existing) + 1 + number, rng)[0] for number in range(count)]


def make_register(path: Path, rows: int, names: list[str], fresh: list[str] | None = None) -> None:
    """A register of honours over the given unit names; rows name one of fresh at the NEW_SHARE rate."""
    rng = random.Random(42)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("荣誉登记")
    sheet.append(["某区各单位荣誉登记表"])
    sheet.append(["填报单位：区文明办"])
    sheet.append(["序号", "单位名称", "荣誉称号", "级别", "授予单位", "获得时间", "文号", "备注"])
    for number in range(1, rows + 1):
        pool = fresh if fresh and rng.random() < NEW_SHARE else names
        year = rng.randrange(2000, 2025)
        sheet.append(
            [
                number,
                pool[rng.randrange(len(pool))],
                f"{rng.choice(['文明', '先进', '示范', '优秀'])}单位{number % 97}",
                rng.choice(LEVELS),
                rng.choice(BODIES),
                rng.choice([str(year), f"{year}年{rng.randrange(1, 13)}月", year]),
                f"区发〔{year}〕{number % 50}号",
                None,
            ]
        )
    book.save(path)


def bare_pass(path: Path) -> float:
    started = time.perf_counter()
    book = load_workbook(path, read_only=True, data_only=True)
    for sheet in book.worksheets:
        for _row in sheet.iter_rows(values_only=True):
            pass
    book.close()
    return time.perf_counter() - started


@contextmanager
def timed_backups(spent: list[float]) -> Iterator[None]:
    """Adds the time of every backup_database call to spent (apply.py looks it up when it runs)."""
    original: Callable[..., Any] = core.backup.backup_database

    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent.append(time.perf_counter() - started)

    core.backup.backup_database = timed  # type: ignore[assignment]
    try:
        yield
    finally:
        core.backup.backup_database = original  # type: ignore[assignment]


def full_import(path: Path, folder: Path, source: DataDir | None) -> tuple[float, float, dict[str, int]]:
    """Seconds for the whole import into a copy of source (or an empty database), the backup's share."""
    if source is not None:
        shutil.copytree(source.root, folder)
    database = open_database(DataDir(folder).create())
    spent: list[float] = []
    with timed_backups(spent):
        started = time.perf_counter()
        result = apply_import(database, read_register(path))
        elapsed = time.perf_counter() - started
    database.dispose()
    shutil.rmtree(folder, ignore_errors=True)
    return elapsed, sum(spent), result.counts


def run(runs: int, rows: int, big: Path | None, *, empty: bool = False, units: int = 2_000) -> Result:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        source: DataDir | None = None
        path = work / "register.xlsx"
        if empty:
            make_register(path, rows, made_up_names(units))
        else:
            source = DataDir(big) if big is not None else bigdb.build(work / "big")
            names = database_names(source)
            make_register(path, rows, names, new_names(names, max(1, int(rows * NEW_SHARE / 2))))
        result = Result()
        for number in range(runs):  # interleaved, so machine noise hits both alike
            result.bare.append(bare_pass(path))
            elapsed, backup, result.counts = full_import(path, work / f"data{number}", source)
            result.ours.append(elapsed)
            result.backup.append(backup)
    return result


def measure(runs: int = 3, rows: int = 20_000, big: Path | None = None) -> tuple[float, float]:
    """Median seconds of (the bare openpyxl pass, the import into a copy of big); big is built when None."""
    return run(runs, rows, big).medians


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--big", type=Path, help="an existing big data directory to copy (else one is built)")
    parser.add_argument("--empty", action="store_true", help="import into an empty database instead")
    parser.add_argument("--units", type=int, default=2_000, help="units named by the register with --empty")
    args = parser.parse_args()
    result = run(args.runs, args.rows, args.big, empty=args.empty, units=args.units)
    bare, ours = result.medians
    backup = statistics.median(result.backup)
    into = f"an empty database over {args.units} units" if args.empty else "a copy of the big database"
    print(f"register: {args.rows} rows into {into} → {result.counts}")
    print(f"bare openpyxl read-only pass: {bare:.2f} s (median of {args.runs}, {spread(result.bare)})")
    print(f"HonourDesk import:            {ours:.2f} s ({spread(result.ours)})")
    print(
        f"  of which the backup:        {backup:.2f} s ({backup / ours:.0%}; made in a thread alongside the work)"
    )
    print(f"ratio: {ours / bare:.2f} (target ≤ {TARGET})")
    pairs = [o / b for b, o in zip(result.bare, result.ours, strict=True)]
    print(f"  run by run:                 {statistics.median(pairs):.2f} (median, {spread(pairs)})")


def spread(seconds: list[float]) -> str:
    return f"{min(seconds):.2f}–{max(seconds):.2f}"


if __name__ == "__main__":
    main()
