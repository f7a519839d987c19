import sqlite3
from pathlib import Path
from types import SimpleNamespace

import pytest

from core.backup import backup_database, check_database, prune_backups, restore_database
from core.db import open_database
from core.errors import DatabaseFileError, UserError
from core.paths import DataDir
from core.services import Services


def test_backup_then_restore_into_another_data_directory(services: Services, tmp_path: Path) -> None:
    services.units.create({"name": "宁波市荷花庄小学"})
    copy = backup_database(services.db, tmp_path / "copy.db")

    other = Services.over(open_database(DataDir(tmp_path / "other").create()))
    other.units.create({"name": "将被替换的单位"})
    result = restore_database(other.db, copy)
    assert [s.unit.name for s in other.units.list()] == ["宁波市荷花庄小学"]
    assert result.units == 1
    # the database it replaced was kept
    kept = Services.over(open_database(DataDir(tmp_path / "kept").create()))
    restore_database(kept.db, result.previous_backup)
    assert [s.unit.name for s in kept.units.list()] == ["将被替换的单位"]
    for s in (other, kept):
        s.db.dispose()


def test_default_backup_goes_into_the_backups_folder(services: Services, data_dir: DataDir) -> None:
    path = backup_database(services.db)
    assert path.parent == data_dir.backups and path.exists()
    assert not list(data_dir.backups.glob("*.part"))


def test_restore_refuses_a_file_that_is_not_a_database(services: Services, tmp_path: Path) -> None:
    services.units.create({"name": "原有单位"})
    bogus = tmp_path / "荣誉登记表.xlsx"
    bogus.write_bytes(b"PK\x03\x04 not a database")
    with pytest.raises(DatabaseFileError, match=r"荣誉登记表\.xlsx.*不是数据库文件"):
        restore_database(services.db, bogus)
    assert [s.unit.name for s in services.units.list()] == ["原有单位"]


def test_restore_refuses_a_foreign_sqlite_database(services: Services, tmp_path: Path) -> None:
    foreign = tmp_path / "other.db"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE things (id INTEGER)")
    connection.close()
    with pytest.raises(DatabaseFileError, match="不是 HonourDesk 的数据库"):
        restore_database(services.db, foreign)


def test_restore_refuses_a_missing_file(services: Services, tmp_path: Path) -> None:
    with pytest.raises(DatabaseFileError, match="找不到文件"):
        restore_database(services.db, tmp_path / "missing.db")


@pytest.mark.sqlite_only
def test_restore_refuses_the_live_file_itself(services: Services, data_dir: DataDir) -> None:
    with pytest.raises(UserError, match="它自己"):
        restore_database(services.db, data_dir.database)


def test_check_passes_on_a_sound_database(services: Services) -> None:
    results = check_database(services.db)
    expected = ["完整性检查", "外键检查", "结构检查"] if services.db.is_sqlite else ["服务器连接"]
    checked_values = ["数据检查"] if services.db.is_sqlite else []
    assert [r.name for r in results] == [*expected, "结构版本", *checked_values]
    assert all(r.ok for r in results)


@pytest.mark.sqlite_only
def test_check_finds_a_broken_foreign_key(services: Services) -> None:
    with services.db.engine.connect() as connection:
        raw = connection.connection.dbapi_connection  # outside a transaction, where the pragma takes effect
        raw.execute("PRAGMA foreign_keys=OFF")
        raw.execute(
            "INSERT INTO honours (unit_id, title, title_key, status, version, created_at, updated_at) "
            "VALUES (42, '孤儿荣誉', '孤儿荣誉', '有效', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
        )
        raw.execute("PRAGMA foreign_keys=ON")
    results = {r.name: r for r in check_database(services.db)}
    assert not results["外键检查"].ok and "honours" in results["外键检查"].detail


def test_prune_keeps_the_newest_backups(services: Services, data_dir: DataDir) -> None:
    made = [backup_database(services.db) for _ in range(4)]
    removed = prune_backups(data_dir.backups, keep=2)
    assert len(removed) == 2
    assert sorted(data_dir.backups.glob("honourdesk-*.db")) == sorted(set(made) - set(removed))


def test_only_the_newest_twenty_automatic_backups_are_kept(
    services: Services, data_dir: DataDir, tmp_path: Path
) -> None:
    made = [backup_database(services.db, reason="before-import") for _ in range(23)]
    kept = sorted(data_dir.backups.glob("honourdesk-*.db"))
    assert len(kept) == 20 and kept == sorted(made[-20:])
    manual = backup_database(services.db, tmp_path / "手动备份.db")  # one the user placed is never pruned
    assert manual.exists()


def test_a_backup_made_after_the_clock_was_set_back_is_kept_as_the_newest(
    services: Services, data_dir: DataDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The PC's clock went back to 2008 (a flat CMOS battery): the backup made before today's import is
    still the newest one, not pruned at once as the oldest, and listed first for a restore."""
    import datetime as dt

    from core import backup
    from core.settings import Settings

    Settings(backups_to_keep=3).save(data_dir.settings_file)
    earlier = [backup_database(services.db, reason="before-import") for _ in range(3)]

    class SetBack(dt.datetime):
        @classmethod
        def now(cls, tz: dt.tzinfo | None = None) -> "SetBack":
            return cls(2008, 1, 1, 8, 0, 0)

    monkeypatch.setattr(backup, "dt", SimpleNamespace(datetime=SetBack, timedelta=dt.timedelta))
    services.units.create({"name": "宁波市荷花庄小学"})
    made = backup_database(services.db, reason="before-import")
    monkeypatch.undo()
    assert made.exists()
    kept = backup.automatic_backups(data_dir.backups)
    assert kept[0] == made and kept[1:] == sorted(earlier, reverse=True)[:2]
    with sqlite3.connect(made) as copy:
        assert copy.execute("SELECT name FROM units").fetchall() == [("宁波市荷花庄小学",)]
    copy.close()
