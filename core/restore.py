"""Restoring the database from a backup file, which is hostile until checked.

The file is first copied to a local temporary file (a backup on a share or a USB stick is read once, as
a plain file: no SQLite URI is ever built from its path). There it must be a sound SQLite file with
HonourDesk's tables, pass integrity_check, carry a known revision and have exactly the schema that
revision says (core/schema_check.py: no foreign trigger or view, no column more or less). It is then
migrated to the latest revision and checked again, still in the temporary file. Only then is the live
database backed up and replaced, in one SQLite transaction (the online backup into the live file), so
that a failure at any step leaves the live database as it was.

A backup is bounded before it is read: its size (with its WAL file) against MAX_BACKUP_BYTES, and every
statement run on the copy through a progress handler, so that the user's cancel stops integrity_check on a
huge or crafted file within a moment; until the live database is backed up, a cancel changes nothing.
"""

from __future__ import annotations

import logging
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import event, func, select

from core import files, integrity, schema_check, stored_paths, value_check
from core.backup import SQLITE_HEADER, backup_database
from core.changelog import local_time, record_change
from core.db import Database, sqlite_url
from core.db_errors import explain
from core.errors import DatabaseFileError, UserError
from core.models import Unit
from core.progress import Cancelled, Progress, no_progress

log = logging.getLogger(__name__)

REQUIRED_TABLES = {"units", "honours", "alembic_version"}
# An office's records with every certificate's path come to a few megabytes, a city's to tens: a backup
# larger than this is not one of ours, and checking it would take minutes and the disk's space.
MAX_BACKUP_BYTES = 512 * 1024 * 1024
_CHUNK = 1024 * 1024
_OPS_PER_LOOK = 2000  # SQLite virtual-machine steps between two looks at the cancel button
_REPORT_EVERY_S = 0.1


@dataclass(frozen=True)
class RestoreResult:
    previous_backup: Path
    units: int


@dataclass
class CheckedBackup:
    """A backup copied, checked and migrated in a temporary folder, with what it holds, waiting for the
    user's yes (apply_backup) or no (discard): the file is not read a second time."""

    source: Path
    scratch: Path
    units: int
    honours: int
    made: datetime | None  # the backup file's time, when the system gives one
    last_change: datetime | None  # local time of the newest change its records hold (copying keeps it)
    _folder: tempfile.TemporaryDirectory[str]

    def discard(self) -> None:
        self._folder.cleanup()


def check_backup(database: Database, source: Path, progress: Progress = no_progress) -> CheckedBackup:
    """Copy, check and migrate the backup, and count what it holds; nothing live is touched (a cancel,
    raised by progress, leaves no trace)."""
    source = Path(source)
    live = database.sqlite_path
    if live is not None and _same_file(source, live):
        raise UserError("不能用正在使用的数据库文件恢复它自己。")
    if database.read_only:
        raise UserError("数据目录不可写，不能恢复数据库。请把数据目录放到可写的位置后再恢复。")
    folder = tempfile.TemporaryDirectory(prefix="honourdesk-restore-")
    try:
        scratch = Path(folder.name) / "restore.db"
        made = _file_time(source)
        copy_locally(source, scratch, progress)
        try:
            examine(scratch, source.name, progress)
            progress(0, 0, "正在升级备份的数据库结构…")
            migrate_scratch(scratch, source.name, progress)
            units, honours = _count(scratch)
            last_change = _last_change(scratch)
        except UnicodeDecodeError as error:  # a table's name or a record read before the value check
            log.warning("备份 %s 中有不是 UTF-8 的文字", source.name, exc_info=error)
            raise DatabaseFileError(
                f"文件“{source.name}”{value_check.GARBLED}，可能已损坏或被其他程序改动过，不能用于恢复；"
                "当前数据库未改动。"
            ) from error
    except BaseException:
        folder.cleanup()
        raise
    return CheckedBackup(source, scratch, units, honours, made, last_change, folder)


def apply_backup(
    database: Database, checked: CheckedBackup, progress: Progress = no_progress
) -> RestoreResult:
    """Back up the live database and replace it with the checked backup; the temporary copy goes."""
    source, scratch, live = checked.source, checked.scratch, database.sqlite_path
    try:
        progress(0, 0, "正在替换当前数据库…")  # the last moment a cancel changes nothing
        previous = backup_database(database, reason="before-restore")
        if live is not None:
            _record(Database(sqlite_url(scratch)), source, previous, dispose=True)
            _swap(database, scratch, live)
        else:
            _replace_server_records(database, scratch)
            _record(database, source, previous)
    finally:
        checked.discard()
    with database.session() as session:
        units = session.scalar(select(func.count()).select_from(Unit).where(Unit.deleted_at.is_(None))) or 0
    log.info("已从 %s 恢复数据库（此前的数据库已备份到 %s）", source, previous)
    return RestoreResult(previous, units)


def restore_database(database: Database, source: Path, progress: Progress = no_progress) -> RestoreResult:
    """Replace the live database with a backup, after checking it and backing up the current one.
    progress may raise Cancelled up to the moment the live database is backed up: nothing is changed."""
    return apply_backup(database, check_backup(database, source, progress), progress)


def _file_time(source: Path) -> datetime | None:
    try:
        return datetime.fromtimestamp(source.stat().st_mtime)
    except (OSError, ValueError, OverflowError):
        return None


def _count(scratch: Path) -> tuple[int, int]:
    """Units and honours the checked copy holds, those in its recycle bin left out."""
    with closing(_open(scratch)) as connection:
        units = connection.execute("SELECT count(*) FROM units WHERE deleted_at IS NULL").fetchone()[0]
        honours = connection.execute(
            "SELECT count(*) FROM honours h JOIN units u ON u.id = h.unit_id"
            " WHERE h.deleted_at IS NULL AND u.deleted_at IS NULL"
        ).fetchone()[0]
    return int(units), int(honours)


def _last_change(scratch: Path) -> datetime | None:
    """When the backup's records were last changed, from its own change log: a file's time is the time
    it was last copied as often as the time it was made."""
    with closing(_open(scratch)) as connection:
        stored = connection.execute("SELECT max(at) FROM change_log").fetchone()[0]
    try:
        return local_time(datetime.fromisoformat(stored)) if stored else None
    except (TypeError, ValueError, OverflowError):
        return None


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


def copy_locally(source: Path, scratch: Path, progress: Progress = no_progress) -> None:
    """The backup as a local file: its header and size looked at first, then copied as plain bytes (with
    a WAL file beside it, if any, so that what was committed into it is not lost), never more than
    MAX_BACKUP_BYTES in all (a file that grows while it is copied is stopped there too)."""
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
    wal = source.with_name(source.name + "-wal")
    try:
        has_wal = wal.is_file()
        budget = MAX_BACKUP_BYTES - source.stat().st_size - (wal.stat().st_size if has_wal else 0)
        if budget < 0:
            raise _too_large(name)
        budget = _copy_capped(source, scratch, MAX_BACKUP_BYTES, name, progress)
        if has_wal:
            _copy_capped(wal, scratch.with_name(scratch.name + "-wal"), budget, name, progress)
    except OSError as error:
        if files.why_not_read(error) is not None:  # the backup's side failed, not the temporary folder
            raise _unreadable(source, error) from error
        raise DatabaseFileError(
            f"无法把“{name}”复制到本机临时文件夹：{files.why_not_written(scratch, error)}"
        ) from error


def _too_large(name: str) -> DatabaseFileError:
    return DatabaseFileError(
        f"文件“{name}”超过 {MAX_BACKUP_BYTES // 1024 // 1024} MB，不像是本程序的备份"
        "（一个单位的全部档案通常只有几 MB 到几十 MB），没有恢复；当前数据库未改动。"
    )


def _copy_capped(source: Path, target: Path, limit: int, name: str, progress: Progress) -> int:
    """Copy at most `limit` bytes (DatabaseFileError past it); the bytes of the limit left."""
    with source.open("rb") as origin, target.open("wb") as copy:
        while chunk := origin.read(_CHUNK):
            limit -= len(chunk)
            if limit < 0:
                raise _too_large(name)
            copy.write(chunk)
            progress(0, 0, "正在复制备份文件…")
    return limit


def _unreadable(source: Path, error: OSError) -> DatabaseFileError:
    outside = files.why_not_read(error)
    if outside is not None:
        return DatabaseFileError(f"文件“{source.name}”{outside}。")
    return DatabaseFileError(f"无法读取“{source.name}”：{files.why_not_written(source, error)}")


def examine(scratch: Path, name: str, progress: Progress = no_progress) -> str:
    """The revision of a local copy that is a sound HonourDesk database whose schema is exactly what
    its revision says; DatabaseFileError (in Chinese, naming the file) otherwise.

    The schema is compared before anything reads the records: integrity_check evaluates every CHECK
    constraint and expression index on every row, and a crafted one can take minutes and gigabytes."""
    from core.migrate import known_revisions

    try:
        with closing(_open(scratch)) as connection:
            tables = {
                row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if not tables >= REQUIRED_TABLES:
                raise DatabaseFileError(f"文件“{name}”是数据库，但不是 HonourDesk 的数据库。")
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = str(row[0]) if row is not None else ""
            if revision not in known_revisions():
                raise DatabaseFileError(
                    f"文件“{name}”的结构版本未知（可能来自更新版本的程序），不能恢复；当前数据库未改动。"
                )
            found = schema_check.verify(connection, revision)
            if found:
                log.warning("备份 %s 的结构与版本 %s 不符：%s", name, revision, found)
                raise DatabaseFileError(
                    f"文件“{name}”的结构与它记录的版本（{revision}）不符：{schema_check.summary(found)}。"
                    "它可能被其他程序改动过，不能用于恢复；当前数据库未改动。"
                )
            with cancellable(connection, progress, "正在检查备份文件是否完好…"):
                verdict = integrity.check(connection, "integrity_check")
            if not verdict.ok:
                raise DatabaseFileError(
                    f"文件“{name}”已损坏（{verdict.detail()}），不能用于恢复；当前数据库未改动。"
                )
            _check_stored_paths(connection, name)
    except sqlite3.DatabaseError as error:
        log.warning("无法检查备份 %s：%s", name, error)
        raise DatabaseFileError(
            f"文件“{name}”无法作为数据库打开（{integrity.unreadable(error)}），不能用于恢复；当前数据库未改动。"
        ) from error
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


class _Watch:
    """SQLite's progress handler on a connection: it looks at `progress` as a statement runs, and stops
    the statement (SQLite's "interrupted") when the user cancelled, keeping the Cancelled to raise."""

    def __init__(self, progress: Progress, label: str) -> None:
        self.progress = progress
        self.label = label
        self.stopped: list[Cancelled] = []
        self.last = 0.0

    def attach(self, connection: sqlite3.Connection) -> None:
        connection.set_progress_handler(self.look, _OPS_PER_LOOK)

    def look(self) -> int:
        now = time.monotonic()
        if now - self.last < _REPORT_EVERY_S:
            return 0
        self.last = now
        try:
            self.progress(0, 0, self.label)
        except Cancelled as cancel:
            self.stopped.append(cancel)
            return 1
        return 0


@contextmanager
def cancellable(connection: sqlite3.Connection, progress: Progress, label: str) -> Iterator[None]:
    """Every statement run inside looks at `progress` as it goes, so that a cancel stops even one long
    integrity_check: SQLite interrupts it, and Cancelled is raised here, whatever the caller made of
    the interruption (integrity.check takes any error for damage)."""
    watch = _Watch(progress, label)
    progress(0, 0, label)
    watch.attach(connection)
    try:
        yield
    except Exception:  # an interrupted statement, however the code inside told it
        if watch.stopped:
            raise watch.stopped[0] from None
        raise
    finally:
        connection.set_progress_handler(None, 0)
    if watch.stopped:
        raise watch.stopped[0]


def _open(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA trusted_schema=OFF")  # nothing in a foreign schema may run functions
    return connection


def migrate_scratch(scratch: Path, name: str, progress: Progress = no_progress) -> None:
    """Bring the copy to the latest revision, then check it again: sound, and the schema of the head."""
    from core.migrate import SCHEMA_HEAD, upgrade_to_head

    copy = Database(sqlite_url(scratch))
    # A migration step over a large backup (0003's indexes and search table: 6 s for 600 MB on this
    # machine, several times that on an office PC) is one statement: it looks at the cancel button too.
    watch = _Watch(progress, "正在升级备份的数据库结构…")
    event.listen(copy.engine, "checkout", lambda connection, _record, _proxy: watch.attach(connection))
    try:
        upgrade_to_head(copy, backup=False)
    except Exception as error:
        if watch.stopped:
            raise watch.stopped[0] from None
        log.warning("备份 %s 无法升级", name, exc_info=True)
        reason = explain(error)
        raise DatabaseFileError(
            f"文件“{name}”无法升级到本版程序的数据库结构"
            + (f"（{reason.message}）" if reason is not None else "")
            + "，不能用于恢复；当前数据库未改动。"
        ) from error
    finally:
        copy.dispose()
    if watch.stopped:
        raise watch.stopped[0]
    with (
        closing(_open(scratch)) as connection,
        cancellable(connection, progress, "正在检查升级后的备份…"),
    ):
        _rebuild_search_index(connection, name)
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


def _rebuild_search_index(connection: sqlite3.Connection, name: str) -> None:
    """The unit search index made anew from the units: its shadow tables are the file's bytes, which
    the schema check does not read. A crafted index or settings row (an unknown FTS5 version, garbled
    segments) was restored as it was, and every search then ended in an unexpected error."""
    from alembic.script import ScriptDirectory

    from core.migrate import SCHEMA_HEAD, alembic_config

    # the keys of the revision that last made the index's triggers (0008: with the former names)
    keys = ScriptDirectory.from_config(alembic_config()).get_revision(SCHEMA_HEAD).module.SEARCH_KEYS  # type: ignore[union-attr]
    try:
        with connection:
            connection.execute("DELETE FROM unit_search_config")
            connection.execute(
                "INSERT INTO unit_search_config (k, v) VALUES ('version', ?)", (_fts5_version(),)
            )
            connection.execute("DELETE FROM unit_search_content")
            connection.execute("INSERT INTO unit_search (unit_search) VALUES ('rebuild')")
            connection.execute(
                f"INSERT INTO unit_search (rowid, keys) SELECT id, {keys.format(row='units')} FROM units"
            )
    except sqlite3.DatabaseError as error:
        log.warning("备份 %s 的单位搜索索引无法重建", name, exc_info=True)
        raise DatabaseFileError(
            f"文件“{name}”的单位搜索索引无法重建（{integrity.unreadable(error)}），不能用于恢复；当前数据库未改动。"
        ) from error


def _fts5_version() -> object:
    """The FTS5 file format this SQLite writes, from a table made in memory."""
    with closing(sqlite3.connect(":memory:")) as memory:
        memory.execute("CREATE VIRTUAL TABLE probe USING fts5(keys)")
        return memory.execute("SELECT v FROM probe_config WHERE k = 'version'").fetchone()[0]


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
