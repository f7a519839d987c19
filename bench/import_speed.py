"""Import speed: a 20,000-row honour register over 2,000 units, against a bare openpyxl read-only pass
over the same file, in the same run.

    python bench/import_speed.py [--rows N] [--units N] [--runs N]

Prints the medians and the ratio (target: about 2 or less). The import is the whole thing a user
waits for: reading and checking every row, matching, the backup, and writing in one transaction
into an empty database.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook, load_workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.db import open_database
from core.importing.apply import apply_import
from core.importing.register import read_register
from core.paths import DataDir

LEVELS = ["国家级", "省级", "市", "县（区）级", "乡镇级"]
BODIES = ["省文明委", "市委、市政府", "市教育局", "区文明办", "省教育厅"]


def make_register(path: Path, rows: int, units: int) -> None:
    rng = random.Random(42)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("荣誉登记")
    sheet.append(["某区各单位荣誉登记表"])
    sheet.append(["填报单位：区文明办"])
    sheet.append(["序号", "单位名称", "荣誉称号", "级别", "授予单位", "获得时间", "文号", "备注"])
    for number in range(1, rows + 1):
        unit = rng.randrange(units)
        year = rng.randrange(2000, 2025)
        sheet.append(
            [
                number,
                f"第{unit + 1}号实验学校",
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


def full_import(path: Path, folder: Path) -> tuple[float, dict[str, int]]:
    database = open_database(DataDir(folder).create())
    started = time.perf_counter()
    result = apply_import(database, read_register(path))
    elapsed = time.perf_counter() - started
    database.dispose()
    return elapsed, result.counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--units", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "register.xlsx"
        make_register(path, args.rows, args.units)
        bare, ours = [], []
        counts: dict[str, int] = {}
        for run in range(args.runs):  # interleaved, so machine noise hits both alike
            bare.append(bare_pass(path))
            elapsed, counts = full_import(path, Path(folder) / f"data{run}")
            ours.append(elapsed)
    print(f"register: {args.rows} rows over {args.units} units → {counts}")
    print(f"bare openpyxl read-only pass: {statistics.median(bare):.2f} s (median of {args.runs})")
    print(f"HonourDesk import:            {statistics.median(ours):.2f} s")
    print(f"ratio: {statistics.median(ours) / statistics.median(bare):.2f} (target ≤ 2)")


if __name__ == "__main__":
    main()
