"""Migration 0008: units.former_regions, and the unit search finding former names recorded under 0007."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from core import migrate
from core.db import Database, open_database, sqlite_url
from core.paths import DataDir
from core.services import HonourFilter, Services
from tests.core.cli.test_commands import run
from tests.core.test_concurrency_and_migrations import database_at
from tests.core.test_honour_indexes import migrate_to

OLD, NEW = "武侯区第二小学", "武侯区棕北小学"
EAST = "浙江省宁波市江东区"


def a_0007_file(path: Path) -> Path:
    """A 0007 database holding a renamed unit (its former name recorded) and one honour."""
    database_at(path, "0007")
    old = Database(sqlite_url(path))
    with old.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO units (id, name, name_key, region, version, extra, former_names, pinyin_full, "
                f"pinyin_initials, created_at, updated_at) VALUES (1, '{NEW}', '{NEW}', '{EAST}', 1, '{{}}', "
                f'\'[{{"name": "{OLD}", "until": "2015"}}]\', \'wu-hou-qu-zong-bei-xiao-xue wuhouquzongbeixiaoxue\', '
                "'whqzbxx', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO honours (unit_id, title, title_key, awarded_year, status, version, extra, created_at, "
                "updated_at) VALUES (1, '省绿色学校', '省绿色学校', 2014, '有效', 1, '{}', CURRENT_TIMESTAMP, "
                "CURRENT_TIMESTAMP)"
            )
        )
    old.dispose()
    return path


@pytest.mark.sqlite_only
def test_a_0007_file_is_upgraded_and_its_former_names_are_searchable(tmp_path: Path) -> None:
    data = DataDir(tmp_path / "data").create()
    a_0007_file(data.database)
    upgraded = Services.over(open_database(data))
    assert migrate.current_revision(upgraded.db) == "0008" == migrate.SCHEMA_HEAD
    [unit] = [summary.unit for summary in upgraded.units.list()]
    assert (unit.name, unit.former_regions) == (NEW, [])
    for typed in (OLD, "第二小学", "whqdexx", "二小"):  # the FTS index, and a pattern too short for it
        assert [s.unit.name for s in upgraded.units.search(typed)] == [NEW], typed
    upgraded.units.update(unit.id, {"former_regions": [{"name": EAST, "until": "2016"}]}, expected_version=1)
    assert upgraded.units.get(unit.id).former_regions == [{"name": EAST, "until": "2016"}]
    upgraded.db.dispose()


@pytest.mark.sqlite_only
def test_restore_takes_a_0007_backup_and_brings_it_to_0008(tmp_path: Path) -> None:
    backup = a_0007_file(tmp_path / "去年的备份.db")
    live = tmp_path / "live"
    assert run("--data-dir", str(live), "units")[0] == 0  # a current database to replace

    code, _out, err = run("--data-dir", str(live), "restore", str(backup))
    assert code == 0, err
    restored = Services.over(open_database(DataDir(live)))
    assert migrate.current_revision(restored.db) == migrate.SCHEMA_HEAD
    assert [s.unit.name for s in restored.units.search("第二小学")] == [NEW]  # the rebuilt index has it
    assert run("--data-dir", str(live), "check")[0] == 0
    restored.db.dispose()


def test_down_to_0007_and_up_again_keeps_units_honours_and_search(services: Services) -> None:
    """On SQLite and on PostgreSQL: dropping the columns must not cascade to the honours, and the search
    by name works at 0007 (its triggers restored) and after."""
    unit = services.units.create(
        {"name": NEW, "former_names": [{"name": OLD, "until": "2015"}], "former_regions": [{"name": EAST}]}
    )
    services.honours.create(unit.id, {"title": "省绿色学校", "awarded": "2014"})
    migrate_to(services.db, "0007", down=True)
    with services.db.engine.begin() as connection:  # a 0007 program renames the unit: its index follows
        connection.execute(
            text("UPDATE units SET name_key = '武侯区棕北实验小学' WHERE id = :id"), {"id": unit.id}
        )
    migrate_to(services.db, "head")
    unit = services.units.get(unit.id)
    assert (unit.name, unit.former_names, unit.former_regions) == (NEW, [{"name": OLD, "until": "2015"}], [])
    assert [h.title for h in services.honours.list(HonourFilter(unit_id=unit.id))] == ["省绿色学校"]
    assert [s.unit.id for s in services.units.search("棕北实验")] == [unit.id]
    assert [s.unit.id for s in services.units.search("第二小学")] == [unit.id]  # former keys made again
