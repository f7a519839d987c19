"""Copy every record from one database into another: SQLite to a PostgreSQL server and back.

The target is at the same schema revision (both are migrated first) and holds no records; rows
are copied table by table in foreign-key order, keeping their ids, inside one transaction on the
target, and the row counts of every table are compared on both sides at the end. The same copy
makes a PostgreSQL server's backups (into a SQLite file) and restores them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import Connection, Table, func, insert, select, text

from core.db import Database
from core.errors import UserError
from core.models import Base
from core.progress import Progress, no_progress
from core.shared_files import upload_local_files

log = logging.getLogger(__name__)

CHUNK_ROWS = 2_000
TABLE_NAMES = {
    "units": "单位",
    "honours": "荣誉",
    "attachments": "证书附件",
    "materials": "工作材料",
    "templates": "模板",
    "reports": "汇报记录",
    "import_batches": "导入批次",
    "column_mappings": "列对应关系",
    "change_log": "修改记录",
    "title_terms": "称号有效期",
    "shared_files": "共享文件",
}
# Rows read and written at a time; a shared file is up to 50 MB, so those go a few at a time.
_CHUNK_ROWS_OF = {"shared_files": 4}


@dataclass(frozen=True)
class CopyResult:
    counts: dict[str, int]  # table name → rows, the same on both sides

    def summary(self) -> str:
        return "，".join(f"{TABLE_NAMES[name]} {n}" for name in TABLE_NAMES if (n := self.counts.get(name)))


def tables() -> list[Table]:
    """The program's tables, parents before children."""
    return list(Base.metadata.sorted_tables)


def row_counts(database: Database) -> dict[str, int]:
    with database.engine.connect() as connection:
        return {table.name: _count(connection, table) for table in tables()}


def copy_database(
    source: Database, target: Database, progress: Progress = no_progress, *, replace: bool = False
) -> CopyResult:
    """Copy all records of source into target; target must hold none unless replace is given,
    in which case its records are deleted first (in the same transaction as the copy)."""
    counts = row_counts(source)
    total, done = sum(counts.values()), 0
    with target.engine.begin() as destination:
        if replace:
            _empty(destination)
        else:
            _require_empty(destination, target)
        with source.engine.connect() as origin:
            for table in tables():
                for rows in _chunks(origin, table):
                    destination.execute(insert(table), rows)
                    done += len(rows)
                    progress(done, total, f"正在复制{TABLE_NAMES.get(table.name, table.name)}…")
        _restart_sequences(destination)
        copied = {table.name: _count(destination, table) for table in tables()}
    if copied != counts:
        differing = [name for name in counts if counts[name] != copied.get(name)]
        raise UserError(f"复制后记录数不一致（{', '.join(differing)}），请检查目标数据库。")
    log.info("已复制数据库：%s", counts)
    if not target.is_sqlite and source.data_dir is not None:  # this PC's certificates and templates, up
        folder = source.data_dir
        uploaded = upload_local_files(target, folder.attachments, folder.templates, progress)
        log.info("已把本机的 %s 个证书和模板文件存入服务器", uploaded)
    return CopyResult(counts)


def _chunks(connection: Connection, table: Table) -> Iterator[list[dict[str, object]]]:
    key = list(table.primary_key.columns)
    size = _CHUNK_ROWS_OF.get(table.name, CHUNK_ROWS)
    result = connection.execution_options(yield_per=size).execute(select(table).order_by(*key))
    for partition in result.mappings().partitions(size):
        yield [dict(row) for row in partition]


def _count(connection: Connection, table: Table) -> int:
    return connection.scalar(select(func.count()).select_from(table)) or 0


def _require_empty(connection: Connection, target: Database) -> None:
    from core import database_url

    by_name = {table.name: table for table in tables()}
    filled = {name: n for name in TABLE_NAMES if (n := _count(connection, by_name[name]))}
    if filled:
        what = "，".join(f"{TABLE_NAMES.get(name, name)} {n}" for name, n in filled.items())
        raise UserError(f"目标{database_url.describe(target.url)}中已有数据（{what}），只能复制到空数据库。")


def _empty(connection: Connection) -> None:
    for table in reversed(tables()):
        connection.execute(table.delete())


def _restart_sequences(connection: Connection) -> None:
    """PostgreSQL's id sequences continue after the copied ids (SQLite needs nothing)."""
    if connection.dialect.name != "postgresql":
        return
    for table in tables():
        if "id" not in table.c:
            continue
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
            )
        )
