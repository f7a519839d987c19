"""Backup, restore and the integrity check of the SQLite database file."""

from __future__ import annotations

import datetime as dt
import logging
import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select, text

from core.changelog import record_change
from core.db import Database
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


def _require_sqlite(database: Database) -> Path:
    path = database.sqlite_path
    if path is None:
        raise UserError("备份与恢复目前只支持本机 SQLite 数据库文件。")
    return path


def default_backup_path(database: Database, reason: str) -> Path:
    if database.data_dir is None:
        raise UserError("未指定数据目录，请给出备份文件的路径。")
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    return database.data_dir.backups / f"honourdesk-{stamp}-{reason}{BACKUP_SUFFIX}"


def backup_database(database: Database, target: Path | None = None, *, reason: str = "manual") -> Path:
    """A consistent copy of the live database (SQLite's online backup, safe with WAL and open sessions).

    Written to a temporary file and renamed, so a half-written backup never takes the name.
    """
    _require_sqlite(database)
    automatic = target is None  # into backups/, where only the newest few are kept
    target = Path(target) if target else default_backup_path(database, reason)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(target.name + ".part")
    temporary.unlink(missing_ok=True)
    with database.engine.connect() as connection:
        source = connection.connection.dbapi_connection
        with closing(sqlite3.connect(temporary)) as copy:
            source.backup(copy)  # type: ignore[union-attr]
            copy.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
            verdict = copy.execute("PRAGMA integrity_check").fetchone()[0]
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
        raise DatabaseFileError(f"找不到文件「{path}」。")
    with path.open("rb") as handle:
        if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise DatabaseFileError(f"文件「{name}」不是数据库文件（不是 SQLite 格式）。")
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as connection:
            tables = {
                row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if not {"units", "honours", "alembic_version"} <= tables:
                raise DatabaseFileError(f"文件「{name}」是数据库，但不是 HonourDesk 的数据库。")
            verdict = connection.execute("PRAGMA integrity_check").fetchone()[0]
            if verdict != "ok":
                raise DatabaseFileError(f"文件「{name}」已损坏（{verdict}），不能用于恢复。")
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as error:
        raise DatabaseFileError(f"文件「{name}」无法作为数据库打开：{error}") from error
    if row is None or row[0] not in known_revisions():
        raise DatabaseFileError(f"文件「{name}」的结构版本未知（可能来自更新版本的程序），不能恢复。")
    return str(row[0])


def restore_database(database: Database, source: Path) -> RestoreResult:
    """Replace the live database with a backup, after checking it and backing up the current one."""
    from core.migrate import upgrade_to_head

    live = _require_sqlite(database)
    source = Path(source)
    if source.resolve() == live.resolve():
        raise UserError("不能用正在使用的数据库文件恢复它自己。")
    read_backup_revision(source)
    previous = backup_database(database, reason="before-restore")
    database.dispose()
    with (
        closing(sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)) as origin,
        closing(sqlite3.connect(live, timeout=30)) as target,
    ):
        origin.backup(target)
    database.dispose()
    upgrade_to_head(database)
    with database.session(write=True) as session:
        units = session.scalar(select(func.count()).select_from(Unit).where(Unit.deleted_at.is_(None))) or 0
        record_change(
            session,
            "restore",
            "database",
            None,
            f"从备份「{source.name}」恢复数据库",
            {"source": str(source), "previous_backup": str(previous)},
        )
    log.info("已从 %s 恢复数据库（此前的数据库已备份到 %s）", source, previous)
    return RestoreResult(previous, units)


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
    current, head = current_revision(database), head_revision()
    results.append(
        CheckResult(
            "结构版本",
            current == head,
            f"{current}（最新）" if current == head else f"当前 {current}，最新 {head}",
        )
    )
    return results
