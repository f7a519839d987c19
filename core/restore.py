"""Restoring the database from a backup file, which is hostile until checked.

The file is first copied to a local temporary file (a backup on a share or a USB stick is read once, as
a plain file: no SQLite URI is ever built from its path). There it must be a sound SQLite file with
HonourDesk's tables, pass integrity_check, carry a known revision and have exactly the schema that
revision says (core/schema_check.py: no foreign trigger or view, no column more or less). It is then
migrated to the latest revision and checked again, still in the temporary file. Only then is the live
database backed up and replaced, in one SQLite transaction (the online backup into the live file), so
that a failure at any step leaves the live database as it was.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
import tempfile
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from core import files, integrity, schema_check, stored_paths, value_check
from core.backup import SQLITE_HEADER, backup_database
from core.changelog import record_change
from core.db import Database, sqlite_url
from core.db_errors import explain
from core.errors import DatabaseFileError, UserError
from core.models import Unit

log = logging.getLogger(__name__)

REQUIRED_TABLES = {"units", "honours", "alembic_version"}


@dataclass(frozen=True)
class RestoreResult:
    previous_backup: Path
    units: int


def restore_database(database: Database, source: Path) -> RestoreResult:
    """Replace the live database with a backup, after checking it and backing up the current one."""
    source = Path(source)
    live = database.sqlite_path
    if live is not None and _same_file(source, live):
        raise UserError("不能用正在使用的数据库文件恢复它自己。")
    if database.read_only:
        raise UserError("数据目录不可写，不能恢复数据库。请把数据目录放到可写的位置后再恢复。")
    with tempfile.TemporaryDirectory(prefix="honourdesk-restore-") as folder:
        scratch = Path(folder) / "restore.db"
        copy_locally(source, scratch)
        examine(scratch, source.name)
        migrate_scratch(scratch, source.name)
        previous = backup_database(database, reason="before-restore")
        if live is not None:
            _record(Database(sqlite_url(scratch)), source, previous, dispose=True)
            _swap(database, scratch, live)
        else:
            _replace_server_records(database, scratch)
            _record(database, source, previous)
    with database.session() as session:
        units = session.scalar(select(func.count()).select_from(Unit).where(Unit.deleted_at.is_(None))) or 0
    log.info("已从 %s 恢复数据库（此前的数据库已备份到 %s）", source, previous)
    return RestoreResult(previous, units)


def read_backup_revision(path: Path) -> str:
    """Check that the file is a sound HonourDesk database with the schema its revision says; the revision."""
    with tempfile.TemporaryDirectory(prefix="honourdesk-check-") as folder:
        scratch = Path(folder) / "check.db"
        copy_locally(Path(path), scratch)
        return examine(scratch, Path(path).name)


def _same_file(source: Path, live: Path) -> bool:
    try:
        return source.resolve() == live.resolve() or (source.exists() and source.samefile(live))
    except OSError:
        return False


def copy_locally(source: Path, scratch: Path) -> None:
    """The backup as a local file: its header looked at first, then copied as plain bytes (with a WAL
    file beside it, if any, so that what was committed into it is not lost)."""
    name = source.name
    if files.is_special(source):
        raise DatabaseFileError(f"文件“{name}”{files.NOT_A_FILE}。")
    try:
        with source.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        raise DatabaseFileError(f"找不到文件“{source}”。") from None
    except IsADirectoryError:
        raise DatabaseFileError(f"“{source}”是文件夹，不是备份文件。") from None
    except OSError as error:
        raise _unreadable(source, error) from error
    if header != SQLITE_HEADER:
        raise DatabaseFileError(f"文件“{name}”不是数据库文件（不是 SQLite 格式）。")
    try:
        shutil.copyfile(source, scratch)
        wal = source.with_name(source.name + "-wal")
        if wal.is_file():
            shutil.copyfile(wal, scratch.with_name(scratch.name + "-wal"))
    except OSError as error:
        if files.why_not_read(error) is not None:  # the backup's side failed, not the temporary folder
            raise _unreadable(source, error) from error
        raise DatabaseFileError(
            f"无法把“{name}”复制到本机临时文件夹：{files.why_not_written(scratch, error)}"
        ) from error


def _unreadable(source: Path, error: OSError) -> DatabaseFileError:
    outside = files.why_not_read(error)
    if outside is not None:
        return DatabaseFileError(f"文件“{source.name}”{outside}。")
    return DatabaseFileError(f"无法读取“{source.name}”：{files.why_not_written(source, error)}")


def examine(scratch: Path, name: str) -> str:
    """The revision of a local copy that is a sound HonourDesk database whose schema is exactly what
    its revision says; DatabaseFileError (in Chinese, naming the file) otherwise."""
    from core.migrate import known_revisions

    try:
        with closing(_open(scratch)) as connection:
            tables = {
                row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if not tables >= REQUIRED_TABLES:
                raise DatabaseFileError(f"文件“{name}”是数据库，但不是 HonourDesk 的数据库。")
            verdict = integrity.check(connection, "integrity_check")
            if not verdict.ok:
                raise DatabaseFileError(f"文件“{name}”已损坏（{verdict.detail()}），不能用于恢复。")
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = str(row[0]) if row is not None else ""
            if revision not in known_revisions():
                raise DatabaseFileError(f"文件“{name}”的结构版本未知（可能来自更新版本的程序），不能恢复。")
            found = schema_check.verify(connection, revision)
    except sqlite3.DatabaseError as error:
        log.warning("无法检查备份 %s：%s", name, error)
        raise DatabaseFileError(
            f"文件“{name}”无法作为数据库打开（{integrity.unreadable(error)}）。"
        ) from error
    if found:
        log.warning("备份 %s 的结构与版本 %s 不符：%s", name, revision, found)
        raise DatabaseFileError(
            f"文件“{name}”的结构与它记录的版本（{revision}）不符：{schema_check.summary(found)}。"
            "它可能被其他程序改动过，不能用于恢复；当前数据库未改动。"
        )
    with closing(_open(scratch)) as connection:
        _check_stored_paths(connection, name)
    return revision


def _check_stored_paths(connection: sqlite3.Connection, name: str) -> None:
    """Every file the backup's records name lies inside the data directory's folder for it, and every
    generated report it lists is a Word document: a crafted record must not make the program delete,
    overwrite, read or open a file elsewhere (core/stored_paths.py checks again at each use)."""
    from core.attachments import ALLOWED_SUFFIXES
    from core.reports.library import BUILTIN_PREFIX, DOCX

    rows = [
        ("证书附件", str(stored), ALLOWED_SUFFIXES)
        for (stored,) in connection.execute("SELECT stored_path FROM attachments")
    ]
    rows += [
        ("模板", str(path).removeprefix(BUILTIN_PREFIX), DOCX)
        for (path,) in connection.execute("SELECT file_path FROM templates")
    ]
    for what, relative, suffixes in rows:
        reason = stored_paths.unsafe_reason(relative, suffixes)
        if reason is not None:
            log.warning("备份 %s 中%s的存放位置不安全：%r（%s）", name, what, relative, reason)
            raise DatabaseFileError(
                f"文件“{name}”中{what}的存放位置“{relative}”{reason}，不在数据目录中它应在的文件夹里。"
                "它可能被其他程序改动过，不能用于恢复；当前数据库未改动。"
            )
    for (output,) in connection.execute("SELECT output_path FROM reports"):
        if not str(output).lower().endswith(".docx"):
            raise DatabaseFileError(
                f"文件“{name}”中生成记录的文件“{output}”不是 Word 文档（.docx）。"
                "它可能被其他程序改动过，不能用于恢复；当前数据库未改动。"
            )


def _open(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA trusted_schema=OFF")  # nothing in a foreign schema may run functions
    return connection


def migrate_scratch(scratch: Path, name: str) -> None:
    """Bring the copy to the latest revision, then check it again: sound, and the schema of the head."""
    from core.migrate import SCHEMA_HEAD, upgrade_to_head

    copy = Database(sqlite_url(scratch))
    try:
        upgrade_to_head(copy, backup=False)
    except Exception as error:
        log.warning("备份 %s 无法升级", name, exc_info=True)
        reason = explain(error)
        raise DatabaseFileError(
            f"文件“{name}”无法升级到本版程序的数据库结构"
            + (f"（{reason.message}）" if reason is not None else "")
            + "，不能用于恢复；当前数据库未改动。"
        ) from error
    finally:
        copy.dispose()
    with closing(_open(scratch)) as connection:
        verdict = integrity.check(connection, "quick_check")
        found = schema_check.verify(connection, SCHEMA_HEAD) if verdict.ok else []
        bad = value_check.find_bad_values(connection) if verdict.ok and not found else []
    if not verdict.ok or found:
        problem = verdict.detail() if not verdict.ok else schema_check.summary(found)
        raise DatabaseFileError(
            f"文件“{name}”升级后未通过检查（{problem}），不能用于恢复；当前数据库未改动。"
        )
    if bad:
        log.warning("备份 %s 中有与类型不符的数据：%s", name, bad)
        raise DatabaseFileError(
            f"文件“{name}”中有与类型不符的数据：{value_check.summary(bad)}。"
            "它可能被其他程序改动过，不能用于恢复；当前数据库未改动。"
        )


def _record(target: Database, source: Path, previous: Path, *, dispose: bool = False) -> None:
    try:
        with target.session(write=True) as session:
            record_change(
                session,
                "restore",
                "database",
                None,
                f"从备份“{source.name}”恢复数据库",
                {"source": str(source), "previous_backup": str(previous)},
            )
    finally:
        if dispose:
            target.dispose()


def _swap(database: Database, scratch: Path, live: Path) -> None:
    """Copy the checked file over the live one in a single SQLite transaction: other connections wait
    for it (or it for them) and see either the old database or the new one, never a mixture."""
    database.dispose()
    try:
        with (
            closing(sqlite3.connect(scratch)) as origin,
            closing(sqlite3.connect(live, timeout=30)) as target,
        ):
            origin.backup(target)
    except sqlite3.Error as error:
        raise explain(error, live) or UserError("无法替换数据库，当前数据库未改动。") from error
    finally:
        database.dispose()


def _replace_server_records(database: Database, scratch: Path) -> None:
    """Replace a server's records with the checked, migrated copy's, in one transaction."""
    from core.copy_database import copy_database

    origin = Database(sqlite_url(scratch))
    try:
        copy_database(origin, database, replace=True)
    finally:
        origin.dispose()
