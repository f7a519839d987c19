"""Restoring from a backup that is hostile until checked (issue 14, database files; issue 19, restore
from a share): only a file whose schema is exactly what its revision says is restored, it is migrated
and checked in a temporary copy first, and on any failure the live database is untouched.

Each hostile file goes through `restore` in a child process bounded in time and memory.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from alembic import command

from core import migrate
from core.db import Database, sqlite_url
from tests.core.bounded import main_py
from tests.core.cli.test_commands import run
from tests.core.windows_errors import fail_opening, windows_error

pytestmark = pytest.mark.sqlite_only


@pytest.fixture(scope="module")
def live_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory with the demo records, made once and copied for each test."""
    folder = tmp_path_factory.mktemp("live") / "data"
    assert run("--data-dir", str(folder), "demo")[0] == 0
    return folder


@pytest.fixture
def live(live_template: Path, tmp_path: Path) -> Path:
    import shutil

    folder = tmp_path / "live"
    shutil.copytree(live_template, folder)
    return folder


def units(data: Path) -> list[tuple[str, int]]:
    """What `units --json` lists (run in this process: the data here is our own)."""
    code, out, err = run("--data-dir", str(data), "units", "--json")
    assert code == 0, err
    return [(unit["name"], unit["honours"]) for unit in json.loads(out)]


def backup_of(data: Path, target: Path) -> Path:
    code, _, err = run("--data-dir", str(data), "backup", str(target))
    assert code == 0, err
    return target


def refused(live: Path, backup: Path, *words: str) -> str:
    before = units(live)
    previous_backups = sorted((live / "backups").glob("*.db"))
    result = main_py("--data-dir", str(live), "restore", str(backup))
    assert result.returncode == 2, result.stdout + result.stderr
    for word in words:
        assert word in result.stderr
    assert "Traceback" not in result.stderr and "sqlite" not in result.stderr.lower()
    assert units(live) == before  # the live records are exactly as they were
    assert sorted((live / "backups").glob("*.db")) == previous_backups  # not even a backup was needed
    return result.stderr


def test_a_file_with_the_right_tables_but_wrong_columns_is_refused(live: Path, tmp_path: Path) -> None:
    fake = tmp_path / "同名表.db"
    with closing(sqlite3.connect(fake)) as connection:
        with closing(sqlite3.connect(live / "honourdesk.db")) as real:
            tables = [row[0] for row in real.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            if not table.startswith("sqlite_"):
                connection.execute(f'CREATE TABLE "{table}" (id INTEGER PRIMARY KEY, note TEXT)')
        connection.execute("ALTER TABLE alembic_version ADD COLUMN version_num VARCHAR(32)")
        connection.execute(f"INSERT INTO alembic_version (version_num) VALUES ('{migrate.SCHEMA_HEAD}')")
        connection.commit()
    message = refused(
        live, fake, "同名表.db", f"结构与它记录的版本（{migrate.SCHEMA_HEAD}）不符", "当前数据库未改动"
    )
    assert "缺少列" in message and "多出列" in message


def test_a_real_backup_carrying_a_foreign_trigger_is_refused(live: Path, tmp_path: Path) -> None:
    backup = backup_of(live, tmp_path / "带触发器.db")
    with closing(sqlite3.connect(backup)) as connection:
        connection.execute("CREATE TRIGGER wipe AFTER INSERT ON units BEGIN DELETE FROM honours; END")
        connection.commit()
    refused(live, backup, "带触发器.db", "多出触发器“wipe”（单位表（units））", "不能用于恢复")


def test_a_trigger_of_ours_with_another_body_is_refused(live: Path, tmp_path: Path) -> None:
    backup = backup_of(live, tmp_path / "改过的触发器.db")
    with closing(sqlite3.connect(backup)) as connection:
        connection.execute("DROP TRIGGER unit_search_insert")
        connection.execute(
            "CREATE TRIGGER unit_search_insert AFTER INSERT ON units BEGIN DELETE FROM honours; END"
        )
        connection.commit()
    refused(live, backup, "触发器“unit_search_insert”的定义与本程序的不同")


def test_a_backup_on_a_share_that_went_away_says_so_and_changes_nothing(
    live: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from core.errors import DatabaseFileError
    from core.restore import copy_locally

    backup = backup_of(live, tmp_path / "共享备份.db")
    fail_opening(monkeypatch, backup, windows_error(64, "指定的网络名不再可用。"))
    with pytest.raises(DatabaseFileError) as caught:
        copy_locally(backup, tmp_path / "scratch.db")
    assert caught.value.message.startswith("文件“共享备份.db”所在的网络位置无法访问")
    assert not (tmp_path / "scratch.db").exists()


def test_a_view_is_refused(live: Path, tmp_path: Path) -> None:
    backup = backup_of(live, tmp_path / "带视图.db")
    with closing(sqlite3.connect(backup)) as connection:
        connection.execute("CREATE VIEW everything AS SELECT * FROM honours")
        connection.commit()
    refused(live, backup, "多出视图“everything”")


def test_the_current_schema_labelled_0001_is_refused(live: Path, tmp_path: Path) -> None:
    backup = backup_of(live, tmp_path / "版本不符.db")
    with closing(sqlite3.connect(backup)) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0001'")
        connection.commit()
    refused(live, backup, "版本不符.db", "结构与它记录的版本（0001）不符")


def test_a_damaged_backup_is_refused_naming_the_damage(live: Path, tmp_path: Path) -> None:
    from tests.core.bounded import flip_index_key

    backup = backup_of(live, tmp_path / "坏索引.db")
    flip_index_key(backup, "ix_honours_title_key", "优秀等级区县")
    refused(live, backup, "坏索引.db", "已损坏", "索引“ix_honours_title_key”缺少第")


def test_an_honest_backup_at_the_first_revision_is_migrated_and_restored(live: Path, tmp_path: Path) -> None:
    old = tmp_path / "旧版本的备份.db"
    database = Database(sqlite_url(old))
    with database.engine.begin() as connection:
        config = migrate.alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.exec_driver_sql(
            "INSERT INTO units (id, name, name_key, category, version, extra, pinyin_full, pinyin_initials, "
            "created_at, updated_at) VALUES (1, '旧库中的小学', '旧库中的小学', '学校', 1, '{}', "
            "'jiukuzhongdexiaoxue', 'jkzdxx', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
        )
    database.dispose()
    with closing(sqlite3.connect(old)) as connection:
        connection.execute("PRAGMA journal_mode=DELETE")
    result = main_py("--data-dir", str(live), "restore", str(old))
    assert result.returncode == 0, result.stderr
    assert units(live) == [("旧库中的小学", 0)]
    assert run("--data-dir", str(live), "check")[0] == 0
    assert run("--data-dir", str(live), "units", "--search", "jkz")[1].count("旧库中的小学") == 1


def test_a_backup_whose_path_would_break_a_uri_is_read_as_a_plain_file(live: Path, tmp_path: Path) -> None:
    """A share's path (\\\\server\\share\\…) must never become file://server/…: the file is copied first.
    Here characters that a URI would take for its own (?, #, %) stand in for the share."""
    odd = tmp_path / "共享盘 #1" / "备份?100%.db"
    odd.parent.mkdir()
    backup_of(live, odd)
    result = main_py("--data-dir", str(tmp_path / "other"), "restore", str(odd))
    assert result.returncode == 0, result.stderr
    assert units(tmp_path / "other") == units(live)


def test_a_failing_migration_leaves_the_live_database_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from core.backup import restore_database
    from core.db import open_database
    from core.errors import DatabaseFileError
    from core.paths import DataDir
    from core.services import Services

    live = Services.over(open_database(DataDir(tmp_path / "live").create()))
    live.units.create({"name": "原有单位"})
    other = Services.over(open_database(DataDir(tmp_path / "other").create()))
    other.units.create({"name": "备份中的单位"})
    backup = other.db.data_dir.root / "copy.db"  # type: ignore[union-attr]
    from core.backup import backup_database

    backup_database(other.db, backup)
    other.db.dispose()

    def broken(database: Database, *, backup: bool = True) -> bool:
        raise RuntimeError("migration exploded")

    monkeypatch.setattr(migrate, "upgrade_to_head", broken)
    with pytest.raises(DatabaseFileError, match=r"无法升级到本版程序的数据库结构.*当前数据库未改动"):
        restore_database(live.db, backup)
    monkeypatch.undo()
    assert [s.unit.name for s in live.units.list()] == ["原有单位"]
    assert not list(live.db.data_dir.backups.glob("*before-restore*"))  # type: ignore[union-attr]
    live.db.dispose()


@pytest.mark.parametrize(
    ("statement", "words"),
    [
        (
            "UPDATE attachments SET stored_path = '../../桌面/报告.jpg'",
            ("证书附件的存放位置“../../桌面/报告.jpg”指向文件夹之外",),
        ),
        (
            "UPDATE attachments SET stored_path = 'C:\\Users\\办公室\\Documents\\报告.jpg'",
            ("是一个绝对路径",),
        ),
        ("UPDATE attachments SET stored_path = '1/run.bat'", ("“1/run.bat”不是",)),
        (
            "INSERT INTO templates (name, kind, file_path, builtin, fields_used)"
            " VALUES ('外来', '其他', '/home/办公室/重要.docx', 0, '[]')",
            ("模板的存放位置“/home/办公室/重要.docx”是一个绝对路径",),
        ),
        (
            "INSERT INTO templates (name, kind, file_path, builtin, fields_used)"
            " VALUES ('外来', '其他', 'builtin:../../../重要.docx', 1, '[]')",
            ("模板的存放位置“../../../重要.docx”指向文件夹之外",),
        ),
        (
            "INSERT INTO reports (unit_id, template_name, parameters, output_path, created_at)"
            " VALUES (1, '情况汇报', '{}', 'C:\\Windows\\System32\\cmd.exe', '2026-01-01 00:00:00')",
            ("生成记录的文件“C:\\Windows\\System32\\cmd.exe”不是 Word 文档",),
        ),
    ],
    ids=["parent", "drive", "script", "absolute-template", "builtin-parent", "report-program"],
)
def test_a_backup_naming_files_outside_the_data_folder_is_refused(
    live: Path, tmp_path: Path, statement: str, words: tuple[str, ...]
) -> None:
    """A crafted record would have the program delete, overwrite, read or open a file anywhere (removing
    the attachment or template, undoing an import, clicking 打开 on the report history)."""
    backup = backup_of(live, tmp_path / "改过的路径.db")
    with closing(sqlite3.connect(backup)) as connection:
        honour_id = connection.execute("SELECT min(id) FROM honours").fetchone()[0]
        connection.execute(
            "INSERT INTO attachments (honour_id, original_name, stored_path, size, sha256, added_at)"
            " VALUES (?, '证书.jpg', ?, 3, 'abc', '2026-01-01 00:00:00')",
            (honour_id, f"{honour_id}/abc-证书.jpg"),
        )
        connection.execute(statement)
        connection.commit()
    refused(live, backup, "改过的路径.db", "不能用于恢复", *words)


def test_a_backup_with_attachments_and_added_templates_of_its_own_is_restored(
    live: Path, tmp_path: Path
) -> None:
    """What the program itself stores passes the path check."""
    from tests.core.reports.hostile import docx_with

    template = docx_with(tmp_path / "本办模板.docx", "{{ 单位.名称 }}")
    image = tmp_path / "证书 扫描 (1).JPG"
    image.write_bytes(b"\xff\xd8\xff\xe0 not really a photo")
    assert run("--data-dir", str(live), "templates", "add", str(template))[0] == 0
    with closing(sqlite3.connect(live / "honourdesk.db")) as connection:
        honour_id = connection.execute("SELECT min(id) FROM honours").fetchone()[0]
    from core.db import open_database
    from core.paths import DataDir
    from core.services import Services

    database = open_database(DataDir(live).create())
    try:
        Services.over(database).attachments.add(honour_id, image)
    finally:
        database.dispose()
    backup = backup_of(live, tmp_path / "本办备份.db")
    result = main_py("--data-dir", str(live), "restore", str(backup))
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("statement", "words"),
    [
        ("UPDATE units SET created_at = 'garbage'", "单位表（units）第 1 行的“created_at”不是日期或时间"),
        ("UPDATE honours SET valid_until = '2026-13-40'", "的“valid_until”不是日期或时间"),
        ("UPDATE honours SET awarded_year = '二〇二一'", "的“awarded_year”不是整数"),
        ("UPDATE honours SET extra = '{not json'", "的“extra”不是有效的数据"),
        ("UPDATE units SET extra = '[1, 2]'", "的“extra”不是名称与值的对照"),
        ("UPDATE units SET land_area_m2 = 'big'", "的“land_area_m2”不是数字"),
        ("UPDATE units SET name = printf('%.*c', 5000000, 'x')", "的“name”超过 2000 个字符"),
    ],
    ids=["datetime", "date", "integer", "json", "json-shape", "number", "huge-name"],
)
def test_a_backup_holding_values_its_columns_cannot_hold_is_refused(
    live: Path, tmp_path: Path, statement: str, words: str
) -> None:
    """SQLite keeps any value in any column: such a backup used to be restored, `check` passed it, and
    then listing, export and generation ended in an "unexpected error" (exit 3) or worked for minutes
    (a five-million-character name)."""
    backup = backup_of(live, tmp_path / "改过的数据.db")
    with closing(sqlite3.connect(backup)) as connection:
        connection.execute(f"{statement} WHERE id = (SELECT min(id) FROM {statement.split()[1]})")
        connection.commit()
    refused(live, backup, "改过的数据.db", "与类型不符的数据", words, "不能用于恢复")


def test_check_names_a_value_its_column_cannot_hold(live: Path) -> None:
    with closing(sqlite3.connect(live / "honourdesk.db")) as connection:
        connection.execute("UPDATE honours SET extra = '{not json' WHERE id = 3")
        connection.commit()
    result = main_py("--data-dir", str(live), "check")
    assert result.returncode == 1
    assert (
        "未通过  数据检查：有与类型不符的数据：荣誉表（honours）第 3 行的“extra”不是有效的数据"
        in result.stdout
    )
