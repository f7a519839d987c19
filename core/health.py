"""The check of the live database (命令 check, 检查数据库): integrity, foreign keys, the schema against
what its revision says, and the revision itself. A damaged file is a finding, said in Chinese with what
is damaged and where, never a crash.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from core import integrity, schema_check, value_check
from core.db import Database
from core.db_errors import driver_error
from core.errors import UserError

log = logging.getLogger(__name__)

HEADER_PAGES = slice(28, 32)  # the file's size in pages, as its header records it


@dataclass(frozen=True)
class CheckResult:
    name: str  # Chinese, e.g. "完整性检查"
    ok: bool
    detail: str


def check_database(database: Database) -> list[CheckResult]:
    """Every result ok means the database is sound."""
    if database.sqlite_path is not None:
        return _check_file(database, database.sqlite_path)
    return _check_server(database)


def _check_server(database: Database) -> list[CheckResult]:
    from core.migrate import current_revision

    results: list[CheckResult] = []
    if database.is_sqlite:  # in memory
        with database.engine.connect() as connection:
            verdict = integrity.check(connection.connection.dbapi_connection, "integrity_check")  # type: ignore[arg-type]
        results.append(CheckResult("完整性检查", verdict.ok, verdict.detail()))
    else:
        with database.engine.connect() as connection:
            version = connection.execute(text("SHOW server_version")).scalar()
        # The server itself keeps its files consistent and enforces every foreign key.
        results.append(CheckResult("服务器连接", True, f"PostgreSQL {version}，外键由服务器保证"))
    results.append(_revision_result(current_revision(database)))
    return results


def _check_file(database: Database, path: Path) -> list[CheckResult]:
    if not path.is_file():
        return [CheckResult("数据库文件", False, f"找不到数据库文件“{path}”")]
    cut = truncation(path)
    try:
        with database.engine.connect() as connection:
            raw = connection.connection.dbapi_connection
            assert raw is not None
            results = _check_connection(raw, cut)  # type: ignore[arg-type]
    except (DBAPIError, UserError) as error:  # not even opened: its header or first pages are damaged
        log.warning("数据库文件 %s 无法打开", path, exc_info=True)
        original = driver_error(error) or error
        detail = cut or integrity.unreadable(original)
        results = [CheckResult("完整性检查", False, detail)]
    return results + _backup_advice(database, results)


def _check_connection(raw: sqlite3.Connection, cut: str | None) -> list[CheckResult]:
    verdict = integrity.check(raw, "integrity_check")
    detail = verdict.detail()
    if not verdict.ok and cut:
        detail = f"{cut}；{detail}"
    elif verdict.index_only:
        detail += "（只有索引与表不一致，数据本身完好）"
    results = [CheckResult("完整性检查", verdict.ok, detail), _foreign_keys(raw)]
    revision = _revision(raw)
    if revision is not None:
        results.append(_schema(raw, revision))
    results.append(_revision_result(revision))
    if verdict.ok and all(result.ok for result in results):  # the models' types fit this revision only
        results.append(_values(raw))
    return results


def _values(raw: sqlite3.Connection) -> CheckResult:
    try:
        bad = value_check.find_bad_values(raw)
    except sqlite3.DatabaseError as error:
        return CheckResult("数据检查", False, f"无法完成（{integrity.unreadable(error)}）")
    if bad:
        return CheckResult("数据检查", False, f"有与类型不符的数据：{value_check.summary(bad)}")
    return CheckResult("数据检查", True, "每个字段的数据都与其类型相符")


def _foreign_keys(raw: sqlite3.Connection) -> CheckResult:
    try:
        broken = raw.execute("PRAGMA foreign_key_check").fetchall()
    except sqlite3.DatabaseError as error:
        return CheckResult("外键检查", False, f"无法完成（{integrity.unreadable(error)}）")
    if not broken:
        return CheckResult("外键检查", True, "正常")
    table, row = broken[0][0], broken[0][1]
    return CheckResult(
        "外键检查",
        False,
        f"{len(broken)} 条记录引用了不存在的记录（如{schema_check.label(table)}第 {row} 行，表 {table}）",
    )


def _revision(raw: sqlite3.Connection) -> str | None:
    try:
        row = raw.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        return None
    return str(row[0]) if row else None


def _schema(raw: sqlite3.Connection, revision: str) -> CheckResult:
    from core.migrate import known_revisions

    if revision not in known_revisions():
        return CheckResult("结构检查", False, f"结构版本 {revision} 不是本程序所知的版本")
    try:
        found = schema_check.verify(raw, revision)
    except sqlite3.DatabaseError as error:
        return CheckResult("结构检查", False, f"无法完成（{integrity.unreadable(error)}）")
    if found:
        return CheckResult(
            "结构检查", False, f"与版本 {revision} 应有的结构不符：{schema_check.summary(found)}"
        )
    return CheckResult("结构检查", True, "与本程序的结构一致，没有多余的触发器或视图")


def _revision_result(current: str | None) -> CheckResult:
    from core.migrate import head_revision

    head = head_revision()
    if current == head:
        return CheckResult("结构版本", True, f"{current}（最新）")
    return CheckResult("结构版本", False, f"当前 {current or '无法读取'}，最新 {head}")


def truncation(path: Path) -> str | None:
    """ "文件被截断…" when the file is shorter than its header says (a copy cut off, a full disk)."""
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
        size = path.stat().st_size
    except OSError:
        return None
    if len(header) < 100:
        return f"文件只有 {size} 字节，不足一个数据库文件头"
    if (
        not header.startswith(b"SQLite format 3\x00") or header[24:28] != header[92:96]
    ):  # the size field is only valid when written by the last change
        return None
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[HEADER_PAGES], "big")
    if page_size < 512 or pages == 0 or size >= pages * page_size:
        return None
    return f"文件被截断：应有 {pages} 页（{pages * page_size // 1024} KB），实际只有 {size // page_size} 页"


def _backup_advice(database: Database, results: list[CheckResult]) -> list[CheckResult]:
    """Where a damaged database can be restored from: the newest backup known to be sound."""
    if all(result.ok for result in results) or database.data_dir is None:
        return []
    from core.backup import known_good_backup

    good = known_good_backup(database.data_dir.backups)
    if good is None:
        return [
            CheckResult(
                "可用的备份",
                False,
                "备份文件夹中没有已确认完好的备份；可先用“备份数据库”另存一份，再联系维护人员",
            )
        ]
    return [CheckResult("可用的备份", True, f"最近一份通过完整性检查的备份：{good}（可用“从备份恢复”恢复）")]
