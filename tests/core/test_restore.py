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
from types import SimpleNamespace
from typing import Any

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
        ("UPDATE units SET name = CAST(X'E59FBA9A41' AS TEXT)", "的“name”含有无法识别的文字"),
        ("UPDATE honours SET extra = CAST(X'7B229A223A317D' AS TEXT)", "的“extra”含有无法识别的文字"),
        ("UPDATE units SET created_at = CAST(X'323032369A' AS TEXT)", "的“created_at”含有无法识别的文字"),
    ],
    ids=[
        "datetime",
        "date",
        "integer",
        "json",
        "json-shape",
        "number",
        "huge-name",
        "not-utf8",
        "json-not-utf8",
        "datetime-not-utf8",
    ],
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


def test_a_backup_whose_schema_holds_a_name_that_is_not_utf8_is_refused(live: Path, tmp_path: Path) -> None:
    """Found by bench/fuzz_hostile.py: a flipped byte in a table's name ended the restore in an
    "unexpected error" (exit 3) at the first look at the schema."""
    backup = backup_of(live, tmp_path / "翻转.db")
    with closing(sqlite3.connect(backup)) as connection:
        connection.execute("CREATE TABLE zzqqzz (x)")
        connection.commit()
    backup.write_bytes(backup.read_bytes().replace(b"zzqqzz", b"zz\x9aqzz", 2))  # its name, not its SQL
    refused(live, backup, "翻转.db", "含有无法识别的文字", "当前数据库未改动")


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


def rewritten(backup: Path, table: str, old: str, new: str) -> Path:
    """Change a table's CREATE statement in place, as another program (or an attacker) can: no row is
    touched, so only the schema tells."""
    with closing(sqlite3.connect(backup)) as connection:
        sql = connection.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
        assert old in sql
        connection.execute("PRAGMA writable_schema = ON")
        connection.execute(
            "UPDATE sqlite_master SET sql = ? WHERE name = ?", (sql.replace(old, new, 1), table)
        )
        connection.commit()
    return backup


@pytest.mark.parametrize(
    ("table", "old", "new", "words"),
    [
        (
            "honours",
            "title VARCHAR(300) NOT NULL,",
            "title VARCHAR(300) NOT NULL CHECK (length(printf('%.*c', 900000000, 'x')) > 0),",
            "荣誉表（honours）的定义与本程序的不同：多出检查约束（CHECK）",
        ),
        (
            "units",
            "CONSTRAINT pk_units PRIMARY KEY (id)",
            "CONSTRAINT pk_units PRIMARY KEY (id) ON CONFLICT REPLACE",
            "单位表（units）的定义与本程序的不同：多出冲突处理（ON CONFLICT）、冲突时替换（REPLACE）",
        ),
        (
            "units",
            "name_key VARCHAR(200) NOT NULL,",
            "name_key VARCHAR(200) NOT NULL COLLATE NOCASE,",
            "单位表（units）的定义与本程序的不同：多出排序规则（COLLATE）",
        ),
        (
            "honours",
            "grade VARCHAR(30),",
            "grade VARCHAR(30) AS (upper(title)),",
            "荣誉表（honours）的列“grade”定义不同",
        ),
    ],
    ids=["check", "replace", "collate", "generated"],
)
def test_a_table_rewritten_with_clauses_of_its_own_is_refused(
    live: Path, tmp_path: Path, table: str, old: str, new: str, words: str
) -> None:
    """Same columns, same types, so the column check passed: a CHECK that builds a 900-million-character
    string was restored and then ran on every honour saved (21 s and 930 MB for one), ON CONFLICT
    REPLACE silently deleted the unit an insert collided with, COLLATE NOCASE changed which names count
    as the same; `check` passed them all. A computed column was refused as "damaged"."""
    backup = rewritten(backup_of(live, tmp_path / "改过的表.db"), table, old, new)
    refused(live, backup, "改过的表.db", words, "不能用于恢复")


@pytest.mark.parametrize(
    ("statement", "words"),
    [
        ("UPDATE alembic_version SET version_num = '9001'", "结构版本未知（可能来自更新版本的程序）"),
        ("CREATE VIRTUAL TABLE boxes USING rtree(id, x0, x1)", "多出虚拟表“boxes”"),
        (
            "INSERT INTO sqlite_master VALUES ('table', 'evil', 'evil', 0, 'CREATE VIRTUAL TABLE evil USING evil(a)')",
            "多出虚拟表“evil”",
        ),
    ],
    ids=["newer-revision", "rtree", "unknown-module"],
)
def test_a_backup_from_elsewhere_is_refused_naming_why(
    live: Path, tmp_path: Path, statement: str, words: str
) -> None:
    backup = backup_of(live, tmp_path / "别处的备份.db")
    with closing(sqlite3.connect(backup)) as connection:
        connection.execute("PRAGMA writable_schema = ON")
        connection.execute(statement)
        connection.commit()
    refused(live, backup, "别处的备份.db", words, "当前数据库未改动")


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE unit_search_config SET v = 99 WHERE k = 'version'",
        "UPDATE unit_search_data SET block = randomblob(length(block)) WHERE id > 10",
        "UPDATE unit_search_content SET c0 = '甲乙丙丁'",
    ],
    ids=["unknown-format", "garbled-index", "wrong-keys"],
)
def test_the_unit_search_index_is_made_anew_from_the_restored_units(
    live: Path, tmp_path: Path, statement: str
) -> None:
    """The index's tables are bytes the schema check does not read: restored as they were, every search
    ended in an unexpected error (exit 3), or in "the database is damaged", or found the wrong units;
    `check` passed them."""
    backup = backup_of(live, tmp_path / "搜索索引.db")
    with closing(sqlite3.connect(backup)) as connection:
        connection.execute(statement)
        connection.commit()
    result = main_py("--data-dir", str(live), "restore", str(backup))
    assert result.returncode == 0, result.stderr
    found = main_py("--data-dir", str(live), "units", "--search", "hhz", "--json")
    assert found.returncode == 0, found.stderr
    assert [unit["name"] for unit in json.loads(found.stdout)] == ["宁波市荷花庄小学"]
    assert json.loads(main_py("--data-dir", str(live), "units", "--search", "甲乙丙", "--json").stdout) == []


def test_what_a_backup_holds_only_in_its_wal_file_is_restored_too(live: Path, tmp_path: Path) -> None:
    """A backup copied off a PC while the program had it open: the last changes are in the -wal file
    beside it, which is copied with it into the scratch folder (and checked there like the rest)."""
    import shutil

    backup = backup_of(live, tmp_path / "原件.db")
    folder = tmp_path / "U盘 备份"
    folder.mkdir()
    with closing(sqlite3.connect(backup)) as connection:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA wal_autocheckpoint=0")
        connection.execute(
            "UPDATE units SET name = '只在WAL中的单位名' WHERE id = (SELECT min(id) FROM units)"
        )
        connection.commit()
        for suffix in ("", "-wal"):  # as the files lay while it was open
            shutil.copyfile(f"{backup}{suffix}", folder / f"荣誉档案.db{suffix}")
    result = main_py("--data-dir", str(live), "restore", str(folder / "荣誉档案.db"))
    assert result.returncode == 0, result.stderr
    assert "只在WAL中的单位名" in [name for name, _ in units(live)]
    assert (folder / "荣誉档案.db-wal").exists()  # the backup itself is left as it was


# -- bounded: size, crafted headers, cancel ------------------------------------------------------------


def test_a_backup_over_the_size_cap_is_refused_before_it_is_copied(live: Path, tmp_path: Path) -> None:
    from core.backup import SQLITE_HEADER
    from core.restore import MAX_BACKUP_BYTES

    huge = tmp_path / "备份-超大.db"
    with huge.open("wb") as handle:  # sparse: takes no disk, but says it is 600 MB
        handle.write(SQLITE_HEADER)
        handle.truncate(MAX_BACKUP_BYTES + 88 * 1024 * 1024)
    message = refused(
        live, huge, "备份-超大.db", f"{MAX_BACKUP_BYTES // 1024 // 1024} MB", "当前数据库未改动"
    )
    assert "不像是本程序的备份" in message


def test_a_backup_whose_wal_file_takes_it_over_the_cap_is_refused(live: Path, tmp_path: Path) -> None:
    from core.restore import MAX_BACKUP_BYTES

    backup = backup_of(live, tmp_path / "备份.db")
    with backup.with_name("备份.db-wal").open("wb") as handle:
        handle.truncate(MAX_BACKUP_BYTES)
    refused(live, backup, "备份.db", "MB", "当前数据库未改动")


def _patched_header(backup: Path, edits: dict[int, bytes]) -> Path:
    data = bytearray(backup.read_bytes())
    for offset, value in edits.items():
        data[offset : offset + len(value)] = value
    backup.write_bytes(bytes(data))
    return backup


@pytest.mark.parametrize(
    ("name", "edits"),
    [
        # 10 million pages said valid (the version-valid-for field set to the change counter)
        ("页数不实.db", {28: (10_000_000).to_bytes(4, "big"), 92: b"<counter>"}),
        ("页大小不实.db", {16: (1).to_bytes(2, "big")}),  # 65536-byte pages in a file of 4096-byte ones
        ("空闲页过多.db", {36: (0x7FFFFFFF).to_bytes(4, "big")}),  # two thousand million free pages
    ],
)
def test_a_header_lying_about_the_file_is_refused(
    live: Path, tmp_path: Path, name: str, edits: dict[int, bytes]
) -> None:
    backup = backup_of(live, tmp_path / name)
    if 92 in edits:
        edits[92] = backup.read_bytes()[24:28]
    refused(live, _patched_header(backup, edits), name, "当前数据库未改动")


def test_a_free_page_list_that_loops_is_refused(live: Path, tmp_path: Path) -> None:
    backup = backup_of(live, tmp_path / "空闲页成环.db")
    data = bytearray(backup.read_bytes())
    size = int.from_bytes(data[16:18], "big")
    page = len(data) // size + 1
    data += page.to_bytes(4, "big") + bytes(size - 4)  # a trunk page whose next trunk is itself
    data[28:32], data[92:96] = page.to_bytes(4, "big"), data[24:28]
    data[32:36], data[36:40] = page.to_bytes(4, "big"), (1).to_bytes(4, "big")
    backup.write_bytes(bytes(data))
    assert "重复引用" in refused(live, backup, "空闲页成环.db")


ENDLESS = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000000000) SELECT count(*) FROM c"


def endless_check(monkeypatch: pytest.MonkeyPatch, started: list[str]) -> None:
    """integrity_check as long as on a crafted file of hundreds of megabytes: only SQLite's progress
    handler can stop it (bounded: it ends by itself after a couple of minutes if nothing does)."""
    from core import integrity, restore

    def check(connection: sqlite3.Connection, pragma: str = "integrity_check") -> integrity.Verdict:
        started.append(pragma)
        try:
            connection.execute(ENDLESS).fetchall()
        except sqlite3.DatabaseError:  # as the real check: any error is taken for damage
            return integrity.Verdict(False, ("中断",))
        return integrity.Verdict(True, ())

    # only restore's own checks: a backup made meanwhile (on closing the window) checks as ever
    monkeypatch.setattr(restore, "integrity", SimpleNamespace(check=check, unreadable=integrity.unreadable))


def test_cancel_stops_a_long_integrity_check_and_changes_nothing(
    live: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from core import restore
    from core.db import open_database
    from core.paths import DataDir
    from core.progress import Cancelled, ProgressTracker

    backup = backup_of(live, tmp_path / "备份.db")
    before = units(live)
    started: list[str] = []
    endless_check(monkeypatch, started)
    labels: list[str] = []

    def sink(done: int, total: int, label: str) -> None:
        labels.append(label)
        if labels.count("正在检查备份文件是否完好…") == 3:  # twice from inside the running statement
            tracker.cancel()

    tracker = ProgressTracker(sink)
    database = open_database(DataDir(live))
    try:
        with pytest.raises(Cancelled):
            restore.restore_database(database, backup, tracker)
    finally:
        database.dispose()
    assert started == ["integrity_check"]
    assert units(live) == before
    assert not list((live / "backups").glob("*before-restore*"))


def test_cancel_stops_a_long_migration_step_of_an_old_backup_and_changes_nothing(
    live: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A migration step over an old backup of hundreds of megabytes is one long statement (0003 builds
    indexes and the search table over every row: 6 s for 600 MB here): 取消 stops it inside the
    statement, not after it."""
    from core import migrate, restore
    from core.db import open_database
    from core.paths import DataDir
    from core.progress import Cancelled, ProgressTracker

    backup = backup_of(live, tmp_path / "备份.db")
    before = units(live)
    database = open_database(DataDir(live))
    finished: list[bool] = []

    def long_step(database: Any, *, backup: bool = True) -> bool:  # bounded: ends by itself in a minute
        with database.write_connection() as connection:
            connection.exec_driver_sql(ENDLESS.replace("2000000000", "300000000")).fetchall()
        finished.append(True)
        return True

    monkeypatch.setattr(migrate, "upgrade_to_head", long_step)
    labels: list[str] = []

    def sink(done: int, total: int, label: str) -> None:
        labels.append(label)
        if labels.count("正在升级备份的数据库结构…") == 3:  # twice from inside the running statement
            tracker.cancel()

    tracker = ProgressTracker(sink)
    try:
        with pytest.raises(Cancelled):
            restore.restore_database(database, backup, tracker)
    finally:
        database.dispose()
        monkeypatch.undo()
    assert not finished
    assert units(live) == before
    assert not list((live / "backups").glob("*before-restore*"))
