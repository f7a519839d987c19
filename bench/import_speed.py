"""Import speed: a 20,000-row honour register against a bare script over the same file, in the same run.

    python bench/import_speed.py [--rows N] [--runs N] [--units N] [--big FOLDER] [--no-big]

The baseline is what any script would do with the file: read it with python-calamine and executemany
its rows into an indexed SQLite table, committed. The import is the whole thing a user waits for:
reading every sheet and checking every row, matching, the backup, and writing in one transaction.

Three figures: into an empty database (the register names --units made-up units, all new; goal ≤ 2),
the same as whole processes (`main.py import` in a child process, interpreter start and imports
included, against the bare script in a child process; the new units' pinyin keys are left to the next
command or window start, as a user meets them; children use compiled bytecode, as the packaged program
does; the start alone, interpreter and imports with no file read, is printed beside it), and into a
city-sized database (bench/bigdb.py: 10,000 units, 100,000 honours, built once into a temporary folder,
or the data directory given with --big, which is only copied), where the register names real units of
that database and about 5% new ones. Every run imports into a fresh copy.

Into the empty database a fourth figure is printed beside the first: the floor, the least any import
into HonourDesk's own schema can do (the bare reading, rows filed under their units by name, units and
honours inserted with the tables' indexes, foreign keys and search trigger; nothing cleaned, read or
checked, no backup). The goal can only be met where the floor leaves room for the import's work.

Prints the medians (with the range: on a busy machine use more --runs), the ratio of the medians and
the median of the run-by-run ratios (each pair measured back to back, so machine noise hits both).
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import python_calamine
from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import core.backup
from bench import bigdb
from bench.children import child_environment
from core.db import open_database
from core.importing.apply import apply_import
from core.importing.workbook import read_registers
from core.paths import DataDir

ROOT = Path(__file__).resolve().parent.parent
TARGET = 2.0
NEW_SHARE = 0.05  # of the rows, naming a unit the database does not hold yet
HEADER = ["序号", "单位名称", "荣誉称号", "级别", "授予单位", "获得时间", "文号", "备注"]
LEVELS = ["国家级", "省级", "市", "县（区）级", "乡镇级"]
BODIES = ["省文明委", "市委、市政府", "市教育局", "区文明办", "省教育厅"]


@dataclass
class Result:
    bare: list[float] = field(default_factory=list)
    ours: list[float] = field(default_factory=list)
    backup: list[float] = field(default_factory=list)
    floor: list[float] = field(default_factory=list)  # the least an import into our schema can do
    start: list[float] = field(default_factory=list)  # whole processes: the program's start alone
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def medians(self) -> tuple[float, float]:
        return statistics.median(self.bare), statistics.median(self.ours)

    @property
    def pairs(self) -> list[float]:
        return [o / b for b, o in zip(self.bare, self.ours, strict=True)]


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
    sheet.append(HEADER)
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


def bare_pass(path: Path, folder: Path) -> float:
    """Seconds for the bare script: calamine reads the sheet, executemany writes it to an indexed table."""
    folder.mkdir()
    started = time.perf_counter()
    book = python_calamine.CalamineWorkbook.from_path(path)
    rows = book.get_sheet_by_index(0).to_python()
    with closing(sqlite3.connect(folder / "bare.db")) as connection:
        columns = ", ".join(f"c{n} TEXT" for n in range(len(HEADER)))
        connection.execute(f"CREATE TABLE register (id INTEGER PRIMARY KEY, {columns})")
        connection.execute("CREATE INDEX register_unit ON register (c1)")
        marks = ", ".join("?" * len(HEADER))
        names = ", ".join(f"c{n}" for n in range(len(HEADER)))
        wide = [(list(row) + [None] * len(HEADER))[: len(HEADER)] for row in rows[3:]]
        connection.executemany(f"INSERT INTO register ({names}) VALUES ({marks})", wide)
        connection.commit()
    elapsed = time.perf_counter() - started
    shutil.rmtree(folder)
    return elapsed


def floor_pass(path: Path, folder: Path, source: DataDir) -> float:
    """Seconds for the least any import into HonourDesk's own schema can do: the bare script's reading,
    then each row filed under its unit by name (new units made as they come), a row already seen dropped,
    and units and honours executemany'd into their tables, with their indexes, foreign keys and the unit
    search's trigger, in one transaction. No text cleaned, no date or level read, nothing checked, no backup:
    what is left between this and the real import is everything the import is for."""
    shutil.copytree(source.root, folder)
    started = time.perf_counter()
    rows = python_calamine.CalamineWorkbook.from_path(path).get_sheet_by_index(0).to_python()
    units: dict[str, int] = {}
    seen: set[tuple[int, str, object]] = set()
    honours = []
    for row in rows[3:]:
        name, title, year = str(row[1]), str(row[2]), row[5]
        unit = units.setdefault(name, len(units) + 1)
        if (unit, title, year) not in seen:
            seen.add((unit, title, year))
            honours.append((unit, title, title, row[3], row[4], str(year)[:4], row[6]))
    with closing(sqlite3.connect(DataDir(folder).database, isolation_level=None)) as connection:
        connection.execute("PRAGMA foreign_keys=ON")
        connection.execute("BEGIN IMMEDIATE")
        connection.executemany(
            "INSERT INTO units (id, name, name_key, extra, pinyin_full, pinyin_initials) VALUES (?, ?, ?, '{}', '', '')",
            [(unit, name, name) for name, unit in units.items()],
        )
        connection.executemany(
            "INSERT INTO honours (unit_id, title, title_key, level, awarded_by, awarded_year, document_no, status)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, '有效')",
            honours,
        )
        connection.execute("COMMIT")
    elapsed = time.perf_counter() - started
    shutil.rmtree(folder)
    return elapsed


# The bare script as a program of its own: python -c BARE_PROGRAM REGISTER DATABASE
BARE_PROGRAM = f"""
import sqlite3, sys
import python_calamine
rows = python_calamine.CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0).to_python()
connection = sqlite3.connect(sys.argv[2])
connection.execute("CREATE TABLE register (id INTEGER PRIMARY KEY, {", ".join(f"c{n} TEXT" for n in range(len(HEADER)))})")
connection.execute("CREATE INDEX register_unit ON register (c1)")
wide = [(list(row) + [None] * {len(HEADER)})[:{len(HEADER)}] for row in rows[3:]]
connection.executemany(
    "INSERT INTO register ({", ".join(f"c{n}" for n in range(len(HEADER)))}) VALUES ({", ".join("?" * len(HEADER))})", wide
)
connection.commit()
"""


# What `main.py import` loads before it reads a row: the interpreter, the command line, SQLAlchemy
# and the models, the readers. No import can take less than this child.
START_PROGRAM = "import core.cli.transfer, core.db, core.importing.apply, core.importing.workbook"


def timed_child(command: list[str]) -> float:
    """Seconds a child process takes, from its start to its end; raises when it fails."""
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=ROOT, env=child_environment())
    return time.perf_counter() - started


def process_pair(path: Path, source: DataDir, folder: Path) -> tuple[float, float, float]:
    """Seconds of the bare program, of `main.py import` into a copy of source, and of the start alone
    (START_PROGRAM), each a process of its own."""
    folder.mkdir()
    bare = timed_child([sys.executable, "-c", BARE_PROGRAM, str(path), str(folder / "bare.db")])
    shutil.copytree(source.root, folder / "data")
    ours = timed_child([sys.executable, "main.py", "--data-dir", str(folder / "data"), "import", str(path)])
    start = timed_child([sys.executable, "-c", START_PROGRAM])
    shutil.rmtree(folder)
    return bare, ours, start


def run_processes(path: Path, source: DataDir, runs: int, work: Path) -> Result:
    result = Result()
    timed_child([sys.executable, "-c", START_PROGRAM])  # the bytecode written once, as an installer would
    for number in range(runs):
        bare, ours, start = process_pair(path, source, work / f"process{number}")
        result.bare.append(bare)
        result.ours.append(ours)
        result.start.append(start)
    return result


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


def full_import(path: Path, folder: Path, source: DataDir) -> tuple[float, float, dict[str, int]]:
    """Seconds for the whole import into a copy of source, the backup's share, the counts."""
    shutil.copytree(source.root, folder)
    database = open_database(DataDir(folder))
    spent: list[float] = []
    with timed_backups(spent):
        started = time.perf_counter()
        result = apply_import(database, read_registers(path))
        elapsed = time.perf_counter() - started
    database.dispose()
    shutil.rmtree(folder, ignore_errors=True)
    return elapsed, sum(spent), result.counts


def run(path: Path, source: DataDir, runs: int, work: Path, *, floor: bool = False) -> Result:
    result = Result()
    for number in range(runs):  # interleaved, so machine noise hits both alike
        result.bare.append(bare_pass(path, work / f"bare{number}"))
        if floor:
            result.floor.append(floor_pass(path, work / f"floor{number}", source))
        elapsed, backup, result.counts = full_import(path, work / f"data{number}", source)
        result.ours.append(elapsed)
        result.backup.append(backup)
    return result


def empty_database(folder: Path) -> DataDir:
    """A data directory migrated to the latest schema, with no records."""
    data_dir = DataDir(folder).create()
    open_database(data_dir).dispose()
    return data_dir


def measure(runs: int = 3, rows: int = 20_000, big: Path | None = None) -> tuple[float, float]:
    """Median seconds of (the bare script, the import into a copy of big); big is built when None."""
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        source = DataDir(big) if big is not None else bigdb.build(work / "big")
        path = work / "register.xlsx"
        names = database_names(source)
        make_register(path, rows, names, new_names(names, max(1, int(rows * NEW_SHARE / 2))))
        return run(path, source, runs, work).medians


def report(title: str, result: Result, runs: int) -> None:
    bare, ours = result.medians
    backup = statistics.median(result.backup)
    print(f"{title} → {result.counts}")
    print(f"  bare calamine + executemany script: {bare:.2f} s (median of {runs}, {spread(result.bare)})")
    print(f"  HonourDesk import:                  {ours:.2f} s ({spread(result.ours)})")
    print(f"    of which the backup:              {backup:.2f} s (made in a thread alongside the work)")
    print(
        f"  ratio: {ours / bare:.2f}; run by run {statistics.median(result.pairs):.2f} ({spread(result.pairs)})"
    )
    if result.floor:
        floor = statistics.median(result.floor)
        by_run = statistics.median(f / b for b, f in zip(result.bare, result.floor, strict=True))
        print(
            f"  the floor, no checks into our schema: {floor:.2f} s ({spread(result.floor)}), "
            f"ratio {floor / bare:.2f}; run by run {by_run:.2f}"
        )


def spread(values: list[float]) -> str:
    return f"{min(values):.2f}–{max(values):.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--units", type=int, default=2_000, help="made-up units the empty-database register names"
    )
    parser.add_argument("--big", type=Path, help="an existing big data directory to copy (else one is built)")
    parser.add_argument("--no-big", action="store_true", help="only the empty database")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        path = work / "register.xlsx"
        make_register(path, args.rows, made_up_names(args.units))
        empty = run(path, empty_database(work / "empty"), args.runs, work, floor=True)
        report(f"{args.rows} rows into an empty database over {args.units} units", empty, args.runs)
        bare, ours = empty.medians
        print(f"ratio into an empty database: {ours / bare:.2f} (target ≤ {TARGET})", flush=True)
        whole = run_processes(path, DataDir(work / "empty"), args.runs, work)
        bare, ours = whole.medians
        print("the same, whole processes (main.py import; python -c bare script):")
        print(
            f"  bare script: {bare:.2f} s ({spread(whole.bare)}); main.py import: {ours:.2f} s ({spread(whole.ours)})"
        )
        print(
            f"  ratio: {ours / bare:.2f}; run by run {statistics.median(whole.pairs):.2f} ({spread(whole.pairs)})"
        )
        start = statistics.median(whole.start)
        print(
            f"  of which the start alone (interpreter and imports, no file read): {start:.2f} s "
            f"({spread(whole.start)}), {start / bare:.2f}× the whole bare script"
        )
        if args.no_big:
            return
        big = DataDir(args.big) if args.big is not None else bigdb.build(work / "big")
        names = database_names(big)
        city = work / "city.xlsx"
        make_register(city, args.rows, names, new_names(names, max(1, int(args.rows * NEW_SHARE / 2))))
        report(
            f"{args.rows} rows into a copy of the city-sized database",
            run(city, big, args.runs, work),
            args.runs,
        )


if __name__ == "__main__":
    main()
