"""Backup, restore and the integrity check of the database.

A backup is always a single SQLite file, checked with integrity_check: of the local database via
SQLite's online backup, of a PostgreSQL server by copying every record into a new file. Restoring
onto a server copies the backup's records back in, replacing the server's in one transaction.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import sqlite3
import tempfile
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select, text

from core.changelog import record_change
from core.db import Database, sqlite_url
from core.errors import DatabaseFileError, UserError
from core.models import Unit

log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"
BACKUP_SUFFIX = ".db"


@dataclass(frozen=True)
class CheckResult:
    name: str  # Chinese, e.g. "完整性检查"
    ok: bool
    detail: str


@dataclass(frozen=True)
class RestoreResult:
    previous_backup: Path
    units: int


def default_backup_path(database: Database, reason: str) -> Path:
    if database.data_dir is None:
        raise UserError("未指定数据目录，请给出备份文件的路径。")
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    return database.data_dir.backups / f"honourdesk-{stamp}-{reason}{BACKUP_SUFFIX}"


def backup_database(database: Database, target: Path | None = None, *, reason: str = "manual") -> Path:
    """A consistent copy of the live database (SQLite's online backup, safe with WAL and open sessions).

    Written to a temporary file and renamed, so a half-written backup never takes the name.
    """
    automatic = target is None  # into backups/, where only the newest few are kept
    target = Path(target) if target else default_backup_path(database, reason)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(target.name + ".part")
    temporary.unlink(missing_ok=True)
    if database.is_sqlite:
        with database.engine.connect() as connection:
            source = connection.connection.dbapi_connection
            with closing(sqlite3.connect(temporary)) as copy:
                source.backup(copy)  # type: ignore[union-attr]
    else:
        _copy_server_into_file(database, temporary)
    # A backup asked for is checked in full; the automatic ones (before an import, a restore, a
    # migration, on exit) with quick_check, which verifies every page and b-tree but not that each
    # index matches its table: at a city's scale 0.1 s instead of 1.5 s, in front of every import.
    check = "integrity_check" if reason == "manual" else "quick_check"
    with closing(sqlite3.connect(temporary)) as copy:
        copy.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
        verdict = copy.execute(f"PRAGMA {check}").fetchone()[0]
    if verdict != "ok":
        temporary.unlink(missing_ok=True)
        raise UserError(f"备份未通过完整性检查（{verdict}），未保存。请先运行“检查数据库”。")
    os.replace(temporary, target)
    log.info("数据库已备份到 %s", target)
    if automatic and database.data_dir is not None:
        from core.settings import Settings

        prune_backups(
            database.data_dir.backups, Settings.load(database.data_dir.settings_file).backups_to_keep
        )
    return target


def _copy_server_into_file(database: Database, path: Path) -> None:
    """A server's backup is a HonourDesk SQLite file like any other: every record copied into it."""
    from core.copy_database import copy_database
    from core.migrate import upgrade_to_head

    copy = Database(sqlite_url(path))
    try:
        upgrade_to_head(copy)
        copy_database(database, copy)
    finally:
        copy.dispose()


def prune_backups(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` automatic backups in the folder; returns what was deleted."""
    # Names start with a timestamp, so name order is age order.
    backups = sorted(folder.glob(f"honourdesk-*{BACKUP_SUFFIX}"), reverse=True)
    removed = backups[keep:]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def read_backup_revision(path: Path) -> str:
    """Check that the file is a sound HonourDesk database and return its schema revision."""
    from core.migrate import known_revisions

    name = path.name
    if not path.is_file():
        raise DatabaseFileError(f"找不到文件“{path}”。")
    with path.open("rb") as handle:
        if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise DatabaseFileError(f"文件“{name}”不是数据库文件（不是 SQLite 格式）。")
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as connection:
            tables = {
                row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if not {"units", "honours", "alembic_version"} <= tables:
                raise DatabaseFileError(f"文件“{name}”是数据库，但不是 HonourDesk 的数据库。")
            verdict = connection.execute("PRAGMA integrity_check").fetchone()[0]
            if verdict != "ok":
                raise DatabaseFileError(f"文件“{name}”已损坏（{verdict}），不能用于恢复。")
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as error:
        raise DatabaseFileError(f"文件“{name}”无法作为数据库打开：{error}") from error
    if row is None or row[0] not in known_revisions():
        raise DatabaseFileError(f"文件“{name}”的结构版本未知（可能来自更新版本的程序），不能恢复。")
    return str(row[0])


def restore_database(database: Database, source: Path) -> RestoreResult:
    """Replace the live database with a backup, after checking it and backing up the current one."""
    from core.migrate import upgrade_to_head

    source = Path(source)
    live = database.sqlite_path
    if live is not None and source.resolve() == live.resolve():
        raise UserError("不能用正在使用的数据库文件恢复它自己。")
    read_backup_revision(source)
    previous = backup_database(database, reason="before-restore")
    if live is not None:
        database.dispose()
        with (
            closing(sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)) as origin,
            closing(sqlite3.connect(live, timeout=30)) as target,
        ):
            origin.backup(target)
        database.dispose()
        upgrade_to_head(database)
    else:
        _restore_server_from_file(database, source)
    with database.session(write=True) as session:
        units = session.scalar(select(func.count()).select_from(Unit).where(Unit.deleted_at.is_(None))) or 0
        record_change(
            session,
            "restore",
            "database",
            None,
            f"从备份“{source.name}”恢复数据库",
            {"source": str(source), "previous_backup": str(previous)},
        )
    log.info("已从 %s 恢复数据库（此前的数据库已备份到 %s）", source, previous)
    return RestoreResult(previous, units)


def _restore_server_from_file(database: Database, source: Path) -> None:
    """Replace a server's records with a backup's, brought to the latest schema in a scratch copy."""
    from core.copy_database import copy_database
    from core.migrate import upgrade_to_head

    with tempfile.TemporaryDirectory(prefix="honourdesk-restore-") as folder:
        scratch = Path(folder) / source.name
        shutil.copyfile(source, scratch)
        origin = Database(sqlite_url(scratch))
        try:
            upgrade_to_head(origin)
            copy_database(origin, database, replace=True)
        finally:
            origin.dispose()


def check_database(database: Database) -> list[CheckResult]:
    """Integrity, foreign keys and schema revision; every result ok means the database is sound."""
    from core.migrate import current_revision, head_revision

    results: list[CheckResult] = []
    if database.is_sqlite:
        with database.engine.connect() as connection:
            verdicts = [row[0] for row in connection.execute(text("PRAGMA integrity_check"))]
            results.append(
                CheckResult(
                    "完整性检查",
                    verdicts == ["ok"],
                    "正常" if verdicts == ["ok"] else "；".join(verdicts[:5]),
                )
            )
            broken = connection.execute(text("PRAGMA foreign_key_check")).fetchall()
            results.append(
                CheckResult(
                    "外键检查",
                    not broken,
                    "正常"
                    if not broken
                    else f"{len(broken)} 条记录引用了不存在的记录（如表 {broken[0][0]} 第 {broken[0][1]} 行）",
                )
            )
    else:
        with database.engine.connect() as connection:
            version = connection.execute(text("SHOW server_version")).scalar()
        # The server itself keeps its files consistent and enforces every foreign key.
        results.append(CheckResult("服务器连接", True, f"PostgreSQL {version}，外键由服务器保证"))
    current, head = current_revision(database), head_revision()
    results.append(
        CheckResult(
            "结构版本",
            current == head,
            f"{current}（最新）" if current == head else f"当前 {current}，最新 {head}",
        )
    )
    return results
