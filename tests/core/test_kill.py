"""kill -9 in the middle of an import or a generation: the data stays whole, no half-written file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from docx import Document
from openpyxl import Workbook
from sqlalchemy import func, select

from core.db import open_database
from core.models import Honour, ImportBatch
from core.paths import DataDir
from tests.conftest import REPO

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
ROWS = 6000


def main_py(*argv: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(REPO / "main.py"), *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        cwd=REPO,
    )


def big_register(path: Path) -> Path:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("荣誉")
    sheet.append(["单位名称", "荣誉称号", "级别", "获得时间"])
    for number in range(ROWS):
        sheet.append([f"第{number % 600}号学校", f"先进单位{number}", "市级", 2000 + number % 25])
    book.save(path)
    return path


def wait_for(condition, timeout: float = 60) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError
        time.sleep(0.01)


@pytest.mark.parametrize("delay", [0.0, 0.3, 0.8])
def test_an_import_killed_at_any_moment_is_wholly_in_or_wholly_out(tmp_path: Path, delay: float) -> None:
    data = DataDir(tmp_path / "data")
    open_database(data.create()).dispose()
    register = big_register(tmp_path / "大登记表.xlsx")
    process = main_py("--data-dir", str(data.root), "import", str(register))
    # the backup before the import marks the start of the writing transaction
    wait_for(lambda: any(data.backups.glob("*before-import*")) or process.poll() is not None)
    time.sleep(delay)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()

    check = subprocess.run(
        [sys.executable, str(REPO / "main.py"), "--data-dir", str(data.root), "check"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=REPO,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    database = open_database(data)
    with database.session() as session:
        honours = session.scalar(select(func.count()).select_from(Honour))
        batches = session.scalar(select(func.count()).select_from(ImportBatch))
    database.dispose()
    assert (honours, batches) in ((0, 0), (ROWS, 1))


def test_a_generation_killed_midway_leaves_no_half_written_document(tmp_path: Path) -> None:
    data = str(tmp_path / "data")
    assert (
        subprocess.run(
            [sys.executable, str(REPO / "main.py"), "--data-dir", data, "demo"], capture_output=True, cwd=REPO
        ).returncode
        == 0
    )
    out = tmp_path / "out"
    process = main_py(
        "--data-dir",
        data,
        "generate",
        "--template",
        "创建文明单位申报材料",
        "--all",
        "--from",
        "2000",
        "-o",
        str(out),
    )
    wait_for(lambda: len(list(out.glob("[!.]*.docx"))) >= 3 or process.poll() is not None)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    finished = list(out.glob("[!.]*.docx"))
    assert finished
    for path in finished:  # every file under its final name is a whole document
        assert Document(str(path)).paragraphs
