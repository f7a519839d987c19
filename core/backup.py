"""Backups of the database: made, verified, kept and pruned.

A backup is always a single SQLite file, checked before it takes its name: of the local database via
SQLite's online backup, of a PostgreSQL server by copying every record into a new file. The automatic
ones (before an import, a restore, a migration, on exit) go into backups/, where only the newest few are
kept — but never at the cost of the newest backup known to pass integrity_check: a database damaged in a
way the quick check does not see (an index out of step with its table) would otherwise push every good
backup out. backups/checked.json remembers which backups were checked in full and how they fared.

Restoring is core/restore.py, checking the live database core/health.py (both also reachable here).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING

from core import files, integrity
from core.db import Database, sqlite_url
from core.db_errors import StorageError, sqlite_kind
from core.errors import UserError
from core.progress import Progress, no_progress

if TYPE_CHECKING:
    from core.health import CheckResult
    from core.restore import RestoreResult

log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"
BACKUP_SUFFIX = ".db"
CHECKED_FILE = "checked.json"  # in backups/: name → "ok" or "damaged", from integrity_check
OK, DAMAGED = "ok", "damaged"


STAMP_FORMAT = "%Y%m%d-%H%M%S-%f"
_STAMP = re.compile(r"honourdesk-(\d{8}-\d{6}-\d{6})-")


def default_backup_path(database: Database, reason: str) -> Path:
    if database.data_dir is None:
        raise UserError("未指定数据目录，请给出备份文件的路径。")
    folder = database.data_dir.backups
    stamp = backup_stamp(folder, dt.datetime.now()).strftime(STAMP_FORMAT)
    return folder / f"honourdesk-{stamp}-{reason}{BACKUP_SUFFIX}"


def backup_stamp(folder: Path, now: dt.datetime) -> dt.datetime:
    """The time a new automatic backup is named by: now, or just after the newest backup when the PC's clock
    was set back (a flat CMOS battery, a correction). Names order the backups, so a new one named earlier
    would be taken for the oldest: pruned at once, and not the one a restore offers first."""
    last = newest_backup_time(folder)
    if last is None or now > last:
        return now
    log.warning("系统时钟（%s）早于最新备份的时间（%s），新备份按其后的时间命名", now, last)
    return last + dt.timedelta(microseconds=1)


def newest_backup_time(folder: Path) -> dt.datetime | None:
    """The local time the newest automatic backup in folder is named by, or None when there is none."""
    newest = next(iter(automatic_backups(folder)), None)
    found = _STAMP.match(newest.name) if newest is not None else None
    if found is None:
        return None
    try:
        return dt.datetime.strptime(found.group(1), STAMP_FORMAT)
    except ValueError:  # a name that only looks like a stamp (month 13)
        return None


def backup_database(database: Database, target: Path | None = None, *, reason: str = "manual") -> Path:
    """A consistent copy of the live database (SQLite's online backup, safe with WAL and open sessions).

    Written to a temporary file and renamed, so a half-written backup never takes the name. A copy that
    fails its check is not kept, and the error says what is damaged: the import (or other change) that
    asked for the backup then does not go ahead.
    """
    automatic = target is None  # into backups/, where only the newest few are kept
    target = Path(target) if target else default_backup_path(database, reason)
    temporary = target.with_name(target.name + ".part")
    files.check_path_length(temporary, target)
    # A backup asked for is checked in full; the automatic ones with quick_check, which verifies every
    # page and b-tree but not that each index matches its table: at a city's scale 0.1 s instead of
    # 1.5 s, in front of every import. Pruning makes up for the difference (see the module's text).
    full = reason == "manual"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        files.unlink(temporary)
        _write_copy(database, temporary)
        verdict = verify_file(temporary, full=full)
        if verdict.ok:
            files.replace(temporary, target)
    except OSError as error:
        files.discard(temporary)
        raise files.write_failure(target, error, verb="保存备份") from error
    except sqlite3.Error as error:
        files.discard(temporary)
        raise _copy_failure(error) from error
    except BaseException:
        files.discard(temporary)
        raise
    if not verdict.ok:
        files.discard(temporary)
        raise UserError(
            f"数据库未通过{'完整性检查' if full else '快速检查'}：{verdict.detail()}。"
            "为免损坏扩散，备份未保存，本次操作也没有进行，数据库未改动。"
            "请运行“检查数据库”（命令 check），并从一份完好的备份恢复。"
        )
    log.info("数据库已备份到 %s", target)
    if automatic and database.data_dir is not None:
        if full:
            _remember(target.parent, {target.name: OK})
        _prune_quietly(database)
    return target


def _write_copy(database: Database, path: Path) -> None:
    if database.is_sqlite:
        with database.engine.connect() as connection:
            source = connection.connection.dbapi_connection
            with closing(sqlite3.connect(path)) as copy:
                source.backup(copy)  # type: ignore[union-attr]
    else:
        _copy_server_into_file(database, path)
    with closing(sqlite3.connect(path)) as copy:
        copy.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file


def _copy_failure(error: sqlite3.Error) -> UserError:
    kind = sqlite_kind(error)
    if kind == "full":
        return StorageError(
            "磁盘空间已满，备份未保存，本次操作也没有进行，数据库未改动。请清理磁盘后重试。", kind
        )
    if kind == "damaged":
        return StorageError(
            "数据库已损坏，无法完整复制，备份未保存，本次操作也没有进行。"
            "请运行“检查数据库”（命令 check），并从一份完好的备份恢复。",
            kind,
        )
    return StorageError(
        f"无法备份数据库（{kind or '数据库错误'}），本次操作没有进行，数据库未改动。", kind or "io"
    )


def verify_file(path: Path, *, full: bool = True) -> integrity.Verdict:
    """integrity_check (full) or quick_check of a SQLite file that nothing else uses."""
    with closing(sqlite3.connect(path)) as connection:
        return integrity.check(connection, "integrity_check" if full else "quick_check")


def _copy_server_into_file(database: Database, path: Path) -> None:
    """A server's backup is a HonourDesk SQLite file like any other: every record copied into it."""
    from core.copy_database import copy_database
    from core.migrate import upgrade_to_head

    copy = Database(sqlite_url(path))
    try:
        upgrade_to_head(copy, backup=False)
        copy_database(database, copy)
    finally:
        copy.dispose()


def _prune_quietly(database: Database) -> None:
    """Prune after a good backup; a failure to delete an old one never undoes what asked for it."""
    from core.settings import Settings

    assert database.data_dir is not None
    try:
        keep = Settings.load(database.data_dir.settings_file).backups_to_keep
        prune_backups(database.data_dir.backups, keep)
    except Exception:
        log.warning("旧备份未能清理，下次备份时再试", exc_info=True)


def automatic_backups(folder: Path) -> list[Path]:
    """The automatic backups in the folder, newest first (names start with a timestamp)."""
    return sorted(folder.glob(f"honourdesk-*{BACKUP_SUFFIX}"), reverse=True)


def prune_backups(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` automatic backups in the folder, sparing the newest backup that
    passed integrity_check; returns what was deleted. A file that cannot be deleted is left (and logged)."""
    backups = automatic_backups(folder)
    if len(backups) <= keep:
        return []
    good = last_good_backup(folder, backups, keep)
    removed = []
    for path in backups[keep:]:
        if path == good:
            continue
        try:
            files.unlink(path)
        except OSError:
            log.warning("无法删除旧备份 %s", path, exc_info=True)
            continue
        removed.append(path)
    _forget(folder, {path.name for path in removed})
    return removed


def last_good_backup(folder: Path, backups: list[Path], keep: int) -> Path | None:
    """The newest backup known to pass integrity_check. When the one known is about to be pruned (older
    than the newest `keep`), the newer ones not yet checked are checked, newest first, until one passes;
    each backup is checked at most once (the answers are kept in checked.json)."""
    checked = _checked(folder)
    known = next((path for path in backups if checked.get(path.name) == OK), None)
    if known is not None and known in backups[:keep]:
        return known
    candidates = [path for path in backups if path.name not in checked and (known is None or path > known)]
    for path in candidates:
        passed = _checked_verdict(path)
        _remember(folder, {path.name: OK if passed else DAMAGED})
        if passed:
            return path
    return known


def known_good_backup(folder: Path) -> Path | None:
    """The newest backup on record as passing integrity_check (nothing is checked here)."""
    checked = _checked(folder)
    return next((path for path in automatic_backups(folder) if checked.get(path.name) == OK), None)


def _checked_verdict(path: Path) -> bool:
    try:
        return verify_file(path, full=True).ok
    except sqlite3.Error:
        return False


def _checked(folder: Path) -> dict[str, str]:
    try:
        data = json.loads((folder / CHECKED_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _remember(folder: Path, verdicts: dict[str, str]) -> None:
    _save_checked(folder, {**_checked(folder), **verdicts})


def _forget(folder: Path, names: set[str]) -> None:
    if names:
        _save_checked(folder, {k: v for k, v in _checked(folder).items() if k not in names})


def _save_checked(folder: Path, checked: dict[str, str]) -> None:
    path = folder / CHECKED_FILE
    temporary = path.with_name(path.name + ".part")
    try:
        temporary.write_text(json.dumps(checked, ensure_ascii=False, indent=1), encoding="utf-8")
        files.replace(temporary, path)
    except OSError:
        log.warning("无法记录备份的检查结果 %s", path, exc_info=True)


def restore_database(database: Database, source: Path, progress: Progress = no_progress) -> RestoreResult:
    """Replace the live database with a backup (see core.restore); progress may cancel until the swap."""
    from core.restore import restore_database as restore

    return restore(database, source, progress)


def check_database(database: Database) -> list[CheckResult]:
    """Integrity, foreign keys, schema and its revision (see core.health)."""
    from core.health import check_database as check

    return check(database)
