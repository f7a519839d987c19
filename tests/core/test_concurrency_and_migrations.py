"""Two writers at once, and the schema upgraded from its first revision with data intact."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

from core import migrate
from core.db import Database, open_database, sqlite_url
from core.paths import DataDir
from core.services import Services
from tests.conftest import REPO
from tests.core.importing import registers


def start_import(data: Path, url: str, register: Path) -> subprocess.Popen[str]:
    command = [sys.executable, str(REPO / "main.py"), "--data-dir", str(data), "--database-url", url]
    return subprocess.Popen(
        [*command, "import", str(register), "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        cwd=REPO,
    )


def test_two_imports_at_once_both_complete_and_lose_nothing(
    services: Services, data_dir: DataDir, tmp_path: Path
) -> None:
    """Three imports into one database at once (the data directory's file, or a PostgreSQL server
    shared by several PCs when the suite runs there)."""
    first = registers.honour_register(tmp_path / "甲.xlsx")
    second = registers.csv_register(tmp_path / "乙.csv", "gbk")
    url = services.db.url
    processes = [start_import(data_dir.root, url, register) for register in (first, second, first)]
    outputs = [process.communicate(timeout=180) for process in processes]
    for process, (_out, err) in zip(processes, outputs, strict=True):
        assert process.returncode in (0, 1), err
        assert "locked" not in err
    results = [json.loads(out) for out, _ in outputs]
    # the same register twice: exactly one of the two created its honours, the other found duplicates
    assert sorted(r["honours_created"] for r in (results[0], results[2])) == [0, 5]
    assert results[1]["honours_created"] == 3
    assert len(services.honours.list()) == 8
    assert len(services.units.list()) == 6


@pytest.mark.sqlite_only
def test_upgrade_from_the_first_revision_keeps_the_data(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    database = Database(sqlite_url(path))
    with database.engine.begin() as connection:
        config = migrate.alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.execute(
            text(
                "INSERT INTO units (id, name, name_key, category, version, extra, pinyin_full, pinyin_initials, "
                "created_at, updated_at) VALUES (1, '宁波市荷花庄小学', '宁波市荷花庄小学', '学校', 1, '{}', "
                "'ningboshihehuazhuangxiaoxue', 'nbshhzxx', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO honours (unit_id, title, title_key, level, awarded_year, status, version, created_at, "
                "updated_at) VALUES (1, '省卫生先进单位', '省卫生先进单位', '省级', 2008, '有效', 1, CURRENT_TIMESTAMP, "
                "CURRENT_TIMESTAMP)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO import_batches (file_name, file_hash, mapping, counts, created_at) "
                "VALUES ('旧.xlsx', 'abc', '{}', '{}', CURRENT_TIMESTAMP)"
            )
        )
    database.dispose()

    data_dir = DataDir(tmp_path / "data").create()
    path.rename(data_dir.database)
    upgraded = Services.over(open_database(data_dir))
    assert migrate.current_revision(upgraded.db) == migrate.SCHEMA_HEAD
    [summary] = upgraded.units.list()
    assert (summary.unit.name, summary.honour_count) == ("宁波市荷花庄小学", 1)
    assert upgraded.units.search("hhz")[0].unit.name == "宁波市荷花庄小学"
    with upgraded.db.engine.connect() as connection:
        assert connection.execute(text("SELECT undo_data FROM import_batches")).scalar() == "{}"
    assert list(data_dir.backups.glob("*before-migration-0001*"))
    upgraded.db.dispose()


def database_at(path: Path, revision: str) -> Path:
    database = Database(sqlite_url(path))
    with database.engine.begin() as connection:
        config = migrate.alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    database.dispose()
    return path


@pytest.mark.sqlite_only
def test_two_copies_starting_after_an_upgrade_both_open_the_database(tmp_path: Path) -> None:
    """The first start after a program update migrates; a second copy started at the same moment waits
    for the write lock, reads the revision again and finds the work done (issue 19)."""
    data = DataDir(tmp_path / "data").create()
    database_at(data.database, "0002")
    command_line = [sys.executable, str(REPO / "main.py"), "--data-dir", str(data.root), "units", "--json"]
    starts = [
        subprocess.Popen(
            command_line,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            cwd=REPO,
        )
        for _ in range(3)
    ]
    outputs = [start.communicate(timeout=180) for start in starts]
    for start, (out, err) in zip(starts, outputs, strict=True):
        assert start.returncode == 0, err
        assert json.loads(out) == []
    upgraded = open_database(data)
    assert migrate.current_revision(upgraded) == migrate.SCHEMA_HEAD
    upgraded.dispose()
    log = (data.logs / "honourdesk-cli.log").read_text(encoding="utf-8")
    assert log.count("数据库结构已从 0002 升级到") == 1


@pytest.mark.sqlite_only
def test_a_percent_sign_in_the_programs_folder_does_not_break_the_migrations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    folder = tmp_path / "软件%备份" / "HonourDesk 100%" / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, folder, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", folder)
    assert migrate.head_revision() == migrate.SCHEMA_HEAD
    database = open_database(DataDir(tmp_path / "data").create())
    assert migrate.current_revision(database) == migrate.SCHEMA_HEAD
    database.dispose()
