"""A SQLite database on a network share (issue 19, data at risk): opened with exclusive locking and a
rollback journal (WAL's shared memory does not work across PCs), so that the program works from one PC
while a second PC is told that another computer is using it, and pointed to the PostgreSQL mode.

"On a network share" is decided by GetDriveTypeW or the mount table (tests/core/test_drives.py); here it
is declared by replacing that test, since this machine has no share. The Windows workflow runs it on one.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from core import drives
from core.db import open_database
from core.paths import DataDir
from core.services import Services
from tests.conftest import REPO
from tests.core.bounded import set_limits
from tests.core.cli.test_commands import run
from tests.core.importing import registers

pytestmark = pytest.mark.sqlite_only

SECOND_PC = """
import sys
sys.path.insert(0, {repo!r})
import core.drives
core.drives.is_network_path = lambda *args, **kwargs: True
import main
sys.exit(main.main(["--data-dir", {data!r}, "units"]))
"""


@pytest.fixture
def on_a_share(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(drives, "is_network_path", lambda *args, **kwargs: True)


def test_a_database_on_a_share_is_held_by_this_program_alone(on_a_share: None, tmp_path: Path) -> None:
    services = Services.over(open_database(DataDir(tmp_path / "share" / "data").create()))
    assert services.db.exclusive
    with services.db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "delete"
        assert connection.execute(text("PRAGMA locking_mode")).scalar() == "exclusive"
    services.units.create({"name": "共享盘上的单位"})
    assert [s.unit.name for s in services.units.list()] == ["共享盘上的单位"]
    services.db.dispose()
    assert not (tmp_path / "share" / "data" / "honourdesk.db-wal").exists()


def test_imports_backups_and_checks_work_on_a_share(on_a_share: None, tmp_path: Path) -> None:
    data = str(tmp_path / "share" / "data")
    register = registers.honour_register(tmp_path / "荣誉登记表.xlsx")
    code, out, err = run("--data-dir", data, "import", str(register), "--json")
    assert code == 1, err  # three rows of the register are rejected; the rest is in
    assert json.loads(out)["honours_created"] == 5
    assert list((tmp_path / "share" / "data" / "backups").glob("*before-import*"))
    assert run("--data-dir", data, "check")[0] == 0


def test_a_second_pc_is_told_another_computer_is_using_it(on_a_share: None, tmp_path: Path) -> None:
    data = tmp_path / "share" / "data"
    first = Services.over(open_database(DataDir(data).create()))
    first.units.create({"name": "第一台电脑的单位"})
    try:
        second = subprocess.run(
            [sys.executable, "-c", SECOND_PC.format(repo=str(REPO), data=str(data))],
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=90,
            cwd=REPO,
            preexec_fn=set_limits if os.name == "posix" else None,
        )
    finally:
        first.db.dispose()
    assert second.returncode == 2, second.stdout + second.stderr
    assert "正在被另一台电脑使用" in second.stderr and "PostgreSQL" in second.stderr
    assert "Traceback" not in second.stderr
