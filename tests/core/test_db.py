import shutil
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from core import migrate
from core.db import Database, open_database, sqlite_url
from core.errors import DatabaseFileError
from core.paths import DataDir


@pytest.mark.sqlite_only
def test_sqlite_connections_use_wal_foreign_keys_and_busy_timeout(database: Database) -> None:
    with database.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


def test_new_database_is_created_at_the_latest_revision(data_dir: DataDir, database: Database) -> None:
    assert data_dir.database.exists() or not database.is_sqlite
    assert migrate.current_revision(database) == migrate.head_revision()
    tables = set(inspect(database.engine).get_table_names())
    assert {"units", "honours", "materials", "templates", "reports", "import_batches", "change_log"} <= tables


def test_data_directory_layout_is_created(data_dir: DataDir, database: Database) -> None:
    for folder in (data_dir.backups, data_dir.attachments, data_dir.templates, data_dir.logs):
        assert folder.is_dir()


def test_opening_an_up_to_date_database_makes_no_backup(data_dir: DataDir, database: Database) -> None:
    open_database(data_dir, database.url).dispose()
    assert list(data_dir.backups.iterdir()) == []


@pytest.mark.sqlite_only
def test_pending_migration_runs_after_a_backup_copy(
    data_dir: DataDir, database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from core.services import Services

    Services.over(database).units.create({"name": "迁移前的单位"})
    database.dispose()
    previous_head = migrate.SCHEMA_HEAD
    scripts = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / "0099_test.py").write_text(
        "from alembic import op\nimport sqlalchemy as sa\n"
        f"revision = '0099'\ndown_revision = {previous_head!r}\nbranch_labels = None\ndepends_on = None\n"
        "def upgrade():\n    op.add_column('units', sa.Column('motto2', sa.Text()))\n"
        "def downgrade():\n    pass\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", scripts)
    monkeypatch.setattr(migrate, "SCHEMA_HEAD", "0099")

    upgraded = open_database(data_dir)
    assert migrate.current_revision(upgraded) == "0099"
    assert "motto2" in {c["name"] for c in inspect(upgraded.engine).get_columns("units")}
    copies = list(data_dir.backups.glob(f"*before-migration-{previous_head}*"))
    assert len(copies) == 1
    with Database(sqlite_url(copies[0])).engine.connect() as connection:
        assert connection.execute(text("SELECT name FROM units")).scalar() == "迁移前的单位"
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == previous_head
    upgraded.dispose()


def test_database_from_a_newer_program_is_refused(data_dir: DataDir, database: Database) -> None:
    with database.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(DatabaseFileError, match="比本程序新"):
        open_database(data_dir, database.url)


def test_schema_head_constant_matches_the_newest_migration() -> None:
    assert migrate.head_revision() == migrate.SCHEMA_HEAD


@pytest.mark.sqlite_only
def test_a_database_in_a_folder_that_cannot_be_written_opens_read_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When SQLite cannot open the file for writing (a read-only folder holding a WAL index it cannot
    create), the records are still shown, read-only; a write is refused in Chinese."""
    import sqlite3

    from sqlalchemy.exc import OperationalError

    from core import db, files
    from core.db_errors import StorageError, explain
    from core.services import Services

    data = DataDir(tmp_path / "只读 U盘 #1" / "data").create()
    services = Services.over(open_database(data))
    services.units.create({"name": "只读盘上的单位"})
    services.db.dispose()

    real_touch = db._touch

    def cannot_open(database: Database) -> None:
        if database.mode != db.READ_ONLY:
            raise OperationalError(
                "PRAGMA journal_mode=WAL", {}, sqlite3.OperationalError("unable to open database file")
            )
        real_touch(database)

    monkeypatch.setattr(db, "_touch", cannot_open)
    monkeypatch.setattr(files, "folder_writable", lambda folder: False)
    database = open_database(data, migrate=False)
    assert database.read_only
    reader = Services.over(database)
    assert [s.unit.name for s in reader.units.list()] == ["只读盘上的单位"]
    with pytest.raises(OperationalError) as refused:
        reader.units.create({"name": "写不进去"})
    answer = explain(refused.value, data.database)
    assert isinstance(answer, StorageError) and "是只读的" in answer.message
    database.dispose()


def test_sqlite_uris_never_carry_a_server_as_their_authority() -> None:
    from core.db import sqlite_uri

    assert sqlite_uri("\\\\fileserver\\共享盘\\备份.db", mode="ro") == (
        "file:////fileserver/%E5%85%B1%E4%BA%AB%E7%9B%98/%E5%A4%87%E4%BB%BD.db?mode=ro"
    )
    assert sqlite_uri("C:\\Users\\文明办\\data 1\\honourdesk.db").startswith("file:///C:/Users/")
    assert sqlite_uri("/tmp/a?b#c%/x.db") == "file:///tmp/a%3Fb%23c%25/x.db"


@pytest.mark.sqlite_only
def test_a_database_file_marked_read_only_opens_read_only_in_a_writable_folder(tmp_path: Path) -> None:
    """Windows' 只读 attribute (a backup copied from a CD keeps it) in a folder that can be written: SQLite
    opens the file and only the first write fails. The program opens it read-only from the start, so the
    records are shown and searched, nothing tries to write, and a write is refused in Chinese."""
    import hashlib
    import io

    from core import cli
    from core.db_errors import StorageError, explain
    from core.services import Services
    from tests.core.importing import registers

    data = DataDir(tmp_path / "从光盘复制的备份" / "data").create()
    out, err = io.StringIO(), io.StringIO()
    assert cli.run(["--data-dir", str(data.root), "demo"], out, err) == 0
    register = registers.honour_register(tmp_path / "荣誉登记表.xlsx")
    assert cli.run(["--data-dir", str(data.root), "import", str(register)], out, err) < 2
    # The import leaves the new units' pinyin keys for the next command or the window.
    database = open_database(data, migrate=False)
    assert Services.over(database).units.has_pending_keys()
    database.dispose()
    data.database.chmod(0o444)  # what Python reports for Windows' read-only attribute
    before = hashlib.sha256(data.database.read_bytes()).hexdigest()
    try:
        database = open_database(data)
        assert database.read_only
        units = Services.over(database).units
        assert [s.unit.name for s in units.search("东校区")] == ["XX中学（东校区）"]
        with pytest.raises(Exception) as refused:
            units.create({"name": "写不进去"})
        answer = explain(refused.value, data.database)
        assert isinstance(answer, StorageError) and "是只读的" in answer.message
        database.dispose()
        out, err = io.StringIO(), io.StringIO()
        assert cli.run(["--data-dir", str(data.root), "units", "--search", "东校区"], out, err) == 0
        assert "XX中学（东校区）" in out.getvalue() and err.getvalue() == ""
    finally:
        data.database.chmod(0o644)
    assert hashlib.sha256(data.database.read_bytes()).hexdigest() == before


@pytest.mark.sqlite_only
def test_units_imported_into_a_read_only_database_are_found_by_pinyin(tmp_path: Path) -> None:
    """A read-only database (a CD, a share without write rights) keeps the pinyin keys an import left
    pending: a search computes them in memory, so “dxq” or “dongxiaoqu” finds XX中学（东校区） as it would
    once the keys are stored, and the unit list sorts them by name among the others; the file is not
    written."""
    import hashlib
    import io
    import shutil

    from core import cli
    from core.services import Services
    from tests.core.importing import registers

    data = DataDir(tmp_path / "光盘" / "data").create()
    out, err = io.StringIO(), io.StringIO()
    assert cli.run(["--data-dir", str(data.root), "demo"], out, err) == 0
    register = registers.honour_register(tmp_path / "荣誉登记表.xlsx")
    assert cli.run(["--data-dir", str(data.root), "import", str(register)], out, err) < 2
    writable = DataDir(tmp_path / "本机" / "data").create()
    shutil.copyfile(data.database, writable.database)
    filled = open_database(writable)
    filled_units = Services.over(filled).units
    assert filled_units.fill_pending_keys() > 0
    in_name_order = {descending: filled_units.listing(descending=descending) for descending in (False, True)}
    filled.dispose()
    data.database.chmod(0o444)
    before = hashlib.sha256(data.database.read_bytes()).hexdigest()
    try:
        database = open_database(data)
        units = Services.over(database).units
        assert database.read_only and units.has_pending_keys()
        for descending, order in in_name_order.items():  # in name order, not the imported ones first
            assert units.listing(descending=descending) == order
        for text in ("dxq", "dongxiaoqu", "ＤＸＱ", "东校区"):
            assert [s.unit.name for s in units.search(text)] == ["XX中学（东校区）"], text
        assert "XX中学（东校区）" not in [s.unit.name for s in units.search("hehuazhuang")]
        database.dispose()
        out, err = io.StringIO(), io.StringIO()
        assert cli.run(["--data-dir", str(data.root), "units", "--search", "dxq"], out, err) == 0
        assert "XX中学（东校区）" in out.getvalue()
    finally:
        data.database.chmod(0o644)
    assert hashlib.sha256(data.database.read_bytes()).hexdigest() == before


@pytest.mark.sqlite_only
@pytest.mark.parametrize("folder", ["完成率%20 汇总", "张 三#1;@备份", "资料 100%", "问?号"])
def test_a_data_folder_named_with_url_characters_is_the_folder_opened(tmp_path: Path, folder: str) -> None:
    """Windows allows % # ; @ and spaces in a folder name (a user name, a 资料 folder); the database opened
    is the one in that folder, not one whose name SQLAlchemy decoded from the URL."""
    from sqlalchemy.engine import make_url

    data = DataDir(tmp_path / folder / "data")
    assert make_url(sqlite_url(data.database)).database == data.database.as_posix()
    database = open_database(data)
    assert database.sqlite_path == data.database and data.database.is_file()
    database.dispose()
    assert sorted(p.name for p in (tmp_path / folder).iterdir()) == ["data"]


def test_a_usb_stick_pulled_out_under_the_open_database_says_so_and_to_start_again(tmp_path: Path) -> None:
    """The data folder on a U 盘 that is pulled out while the window is open: SQLite's next read or write
    fails with "disk I/O error"; the clerk reads that the stick (or disk, or network) is gone and that the
    program must be started again once it is back (the old file handle never recovers), not to retry."""
    import sqlite3

    from sqlalchemy.exc import OperationalError

    from core.db_errors import StorageError, explain

    database = tmp_path / "荣誉档案" / "honourdesk.db"
    pulled = OperationalError("INSERT INTO units …", {}, sqlite3.OperationalError("disk I/O error"))
    answer = explain(pulled, database)
    assert isinstance(answer, StorageError) and answer.kind == "io"
    assert answer.message.startswith(f"读写数据库文件“{database}”时出错")
    assert "U 盘" in answer.message and "重新启动程序" in answer.message
    assert "disk I/O" not in answer.message and "INSERT" not in answer.message
