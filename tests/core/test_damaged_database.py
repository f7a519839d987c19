"""Damaged databases and unusable storage (issue 14, database files): `check` reports the damage in Chinese
(what and where, exit 1) instead of crashing; imports refuse to write into a file that fails its quick
check; automatic backups never rotate out the last backup that passed integrity_check; a read-only data
folder or database file, a full disk and a held lock are answered in Chinese with exit 2, never with SQL.

The damaged files are made by code (a byte flipped in an index entry or a page header, a file cut short)
and every command over them runs in a child process bounded in time and memory.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from core import db as core_db
from tests.core.bounded import flip_index_key, flip_page_header, main_py, truncate, writable_again
from tests.core.cli.test_commands import run
from tests.core.importing import registers

pytestmark = pytest.mark.sqlite_only

ENGLISH = ("Traceback", "sqlite", "malformed", "SELECT", "INSERT", "locked", "readonly", "Error")


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo") / "data"
    assert run("--data-dir", str(folder), "demo")[0] == 0
    return folder


@pytest.fixture
def data(demo_template: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(demo_template, folder)
    return folder


def database(data: Path) -> Path:
    return data / "honourdesk.db"


def no_english(text: str) -> None:
    for word in ENGLISH:
        assert word not in text, text


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- check reports damage --------------------------------------------------------------------


def test_check_names_an_index_out_of_step_and_says_the_data_is_sound(data: Path) -> None:
    flip_index_key(database(data), "ix_honours_title_key", "优秀等级区县")
    result = main_py("--data-dir", str(data), "check")
    assert result.returncode == 1, result.stderr
    assert "未通过  完整性检查：索引“ix_honours_title_key”缺少第" in result.stdout
    assert "只有索引与表不一致，数据本身完好" in result.stdout
    no_english(result.stdout + result.stderr)


def test_check_names_the_damaged_page_and_what_it_belongs_to(data: Path) -> None:
    page = flip_page_header(database(data), "ix_honours_title_key")
    result = main_py("--data-dir", str(data), "check")
    assert result.returncode == 1, result.stderr
    assert f"第 {page} 页（属于索引“ix_honours_title_key”，荣誉表（honours））" in result.stdout
    no_english(result.stdout + result.stderr)


def test_check_names_a_damaged_table(data: Path) -> None:
    flip_page_header(database(data), "honours")
    result = main_py("--data-dir", str(data), "check")
    assert result.returncode == 1, result.stderr
    assert "荣誉表（honours）损坏" in result.stdout
    no_english(result.stdout + result.stderr)


def test_check_says_a_file_was_cut_short(data: Path) -> None:
    truncate(database(data), 30)
    result = main_py("--data-dir", str(data), "check")
    assert result.returncode == 1, result.stderr
    assert "文件被截断：应有" in result.stdout and "实际只有 30 页" in result.stdout
    no_english(result.stdout + result.stderr)


def test_check_says_a_garbled_header_is_no_database(data: Path) -> None:
    with database(data).open("r+b") as handle:
        handle.write(b"\x00" * 100)
    result = main_py("--data-dir", str(data), "check")
    assert result.returncode == 1, result.stderr
    assert "文件头已损坏" in result.stdout
    no_english(result.stdout + result.stderr)


def test_other_commands_on_a_damaged_file_answer_in_chinese(data: Path) -> None:
    flip_page_header(database(data), "units")
    result = main_py("--data-dir", str(data), "units")
    assert result.returncode == 2
    assert "已损坏" in result.stderr and "check" in result.stderr
    no_english(result.stderr)


# -- imports and backups ---------------------------------------------------------------------


def test_an_import_refuses_a_database_that_fails_its_quick_check(data: Path, tmp_path: Path) -> None:
    flip_page_header(database(data), "ix_honours_title_key")
    before = digest(database(data))
    register = registers.honour_register(tmp_path / "荣誉登记表.xlsx")
    result = main_py("--data-dir", str(data), "import", str(register))
    assert result.returncode == 2
    # the backup's quick check, or the import's own reading, meets the damage first
    assert "未通过快速检查" in result.stderr or "已损坏" in result.stderr
    assert "未改动" in result.stderr or "未做任何修改" in result.stderr
    no_english(result.stderr)
    assert digest(database(data)) == before
    assert not list((data / "backups").glob("*.db"))


def backup_passes_integrity_check(path: Path) -> bool:
    with closing(sqlite3.connect(path)) as connection:
        try:
            return connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        except sqlite3.DatabaseError:
            return False


def test_automatic_backups_never_rotate_out_the_last_good_one(data: Path, tmp_path: Path) -> None:
    """The issue's case: one bad index entry (quick_check passes, so imports go on); after more imports
    than backups are kept, a backup that passes integrity_check must still be there."""
    (data / "settings.json").write_text(json.dumps({"backups_to_keep": 3}), encoding="utf-8")
    first = registers.honour_register(tmp_path / "甲.xlsx")
    assert main_py("--data-dir", str(data), "import", str(first)).returncode in (0, 1)
    [good] = list((data / "backups").glob("*.db"))
    assert backup_passes_integrity_check(good)

    flip_index_key(database(data), "ix_honours_title_key", "优秀等级区县")
    for number in range(4):
        register = registers.csv_register(tmp_path / f"乙{number}.csv", "utf-8")
        result = main_py("--data-dir", str(data), "import", str(register))
        assert result.returncode in (0, 1), result.stderr

    kept = sorted((data / "backups").glob("*.db"))
    assert good in kept  # spared
    assert len(kept) == 4  # the newest three, and the good one
    assert [path for path in kept if backup_passes_integrity_check(path)] == [good]
    result = main_py("--data-dir", str(data), "check")
    assert result.returncode == 1
    assert f"最近一份通过完整性检查的备份：{good}" in result.stdout


def test_a_failed_prune_after_a_good_backup_does_not_stop_the_import(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from core import backup

    def refuse(*_args: object, **_kwargs: object) -> list[Path]:
        raise PermissionError(13, "held by a scanner")

    monkeypatch.setattr(backup, "prune_backups", refuse)
    register = registers.honour_register(tmp_path / "荣誉登记表.xlsx")
    code, out, err = run("--data-dir", str(data), "import", str(register), "--json")
    assert code == 1, err  # three rows of this register are rejected; the rest is in
    assert json.loads(out)["honours_created"] > 0


# -- storage that cannot be written, a full disk, a held lock --------------------------------


def test_a_read_only_data_folder_still_lists_and_checks_and_refuses_writes_in_chinese(
    data: Path, tmp_path: Path
) -> None:
    register = registers.honour_register(tmp_path / "荣誉登记表.xlsx")
    try:
        listed = main_py("--data-dir", str(data), "units", "--search", "hhz", read_only=[data])
        checked = main_py("--data-dir", str(data), "check", read_only=[data])
        imported = main_py("--data-dir", str(data), "import", str(register), read_only=[data])
    finally:
        writable_again(data)
    assert listed.returncode == 0, listed.stderr
    assert "宁波市荷花庄小学" in listed.stdout
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert imported.returncode == 2
    assert "不可写" in imported.stderr or "只读" in imported.stderr
    no_english(imported.stderr)


def test_a_read_only_database_file_is_answered_in_chinese(data: Path, tmp_path: Path) -> None:
    register = registers.honour_register(tmp_path / "荣誉登记表.xlsx")
    before = digest(database(data))
    try:
        listed = main_py("--data-dir", str(data), "units", read_only=[database(data)])
        imported = main_py("--data-dir", str(data), "import", str(register), read_only=[database(data)])
    finally:
        writable_again(database(data))
    assert listed.returncode == 0, listed.stderr
    assert imported.returncode == 2, imported.stderr
    assert "只读" in imported.stderr and "本次操作未做任何修改" in imported.stderr
    no_english(imported.stderr)
    assert digest(database(data)) == before


def test_a_held_lock_is_answered_in_chinese_after_the_wait(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(core_db, "BUSY_TIMEOUT_MS", 300)  # the program waits 30 s; the test need not
    register = registers.two_level_register(tmp_path / "两层表头.xlsx")
    holder = sqlite3.connect(database(data), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program writing, and not finishing
    try:
        code, _, err = run("--data-dir", str(data), "import", str(register))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert code == 2
    assert "正被另一个程序使用" in err and "未做任何修改" in err
    no_english(err)


def test_a_full_disk_is_answered_in_chinese_and_nothing_is_written(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy import event

    original = core_db.make_engine

    def cramped(url: str, mode: str | None = None):  # type: ignore[no-untyped-def]
        engine = original(url, mode)

        @event.listens_for(engine, "connect")
        def _no_room(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
            pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
            dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")  # the disk is full: no page more

        return engine

    monkeypatch.setattr(core_db, "make_engine", cramped)
    register = many_honours(tmp_path / "三千项荣誉.csv", 3000)
    before = run("--data-dir", str(data), "units", "--json")[1]
    code, _, err = run("--data-dir", str(data), "import", str(register))
    monkeypatch.undo()
    assert code == 2, err
    assert "磁盘空间已满" in err
    no_english(err)
    assert run("--data-dir", str(data), "units", "--json")[1] == before


def many_honours(path: Path, rows: int) -> Path:
    lines = ["单位名称,荣誉称号,级别,授予单位,获得时间"]
    lines += [f"第{n}新建小学,市级文明校园{n},市级,市文明委,2020" for n in range(rows)]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_an_unexpected_database_error_never_shows_sql(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sqlalchemy.exc import IntegrityError

    from core import demo

    def clash(*_args: object) -> None:
        raise IntegrityError(
            "INSERT INTO units (name) VALUES (?)", ("宁波市荷花庄小学",), Exception("UNIQUE")
        )

    monkeypatch.setattr(demo, "load_demo", clash)
    code, _, err = run("--data-dir", str(data), "demo")
    assert code == 3
    assert "出现意外错误" in err and "honourdesk-cli.log" in err
    assert "INSERT" not in err and "宁波市荷花庄小学" not in err


def test_check_finds_a_foreign_trigger_in_the_live_database(data: Path) -> None:
    with closing(sqlite3.connect(database(data))) as connection:
        connection.execute("CREATE TRIGGER wipe AFTER INSERT ON units BEGIN DELETE FROM honours; END")
        connection.commit()
    code, out, _ = run("--data-dir", str(data), "check")
    assert code == 1
    from core.migrate import SCHEMA_HEAD

    assert (
        f"未通过  结构检查：与版本 {SCHEMA_HEAD} 应有的结构不符：多出触发器“wipe”（单位表（units））" in out
    )
