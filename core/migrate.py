"""Alembic at start-up: back up the database file, then upgrade it to the latest revision."""

from __future__ import annotations

import logging
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from core.db import Database
from core.errors import DatabaseFileError

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

# The newest revision in migrations/versions. Start-up compares the database with it and imports
# Alembic (slow) only when they differ; a test keeps it equal to Alembic's own head.
SCHEMA_HEAD = "0008"


def alembic_config(url: str | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    # ConfigParser would read a % in the program's folder name (e.g. D:\\软件%备份\\HonourDesk) as its own.
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def current_revision(database: Database) -> str | None:
    with database.engine.connect() as connection:
        return _revision(connection)


def _revision(connection: Connection) -> str | None:
    nested = connection.in_transaction()
    try:
        with connection.begin_nested() if nested else nullcontext():
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except DBAPIError as error:  # no such table: a new, empty database
        if not _no_such_table(error):
            raise
        if not nested:
            connection.rollback()
        return None


def _no_such_table(error: DBAPIError) -> bool:
    message = str(error.orig).lower()
    return "no such table" in message or type(error.orig).__name__ == "UndefinedTable"


def upgrade_to_head(database: Database, *, backup: bool = True) -> bool:
    """Bring the schema to the latest revision; True when anything was migrated.

    An existing SQLite file is copied into backups/ first (backup=False for a scratch copy), so a
    failed migration loses nothing. The migration runs holding the write lock and reads the revision
    again under it: a second copy of the program starting at the same moment waits, then finds the
    work done, instead of failing with "database is locked" or migrating twice.
    """
    current = current_revision(database)
    if current == SCHEMA_HEAD:
        return False
    _refuse_unknown(database, current)
    if backup and current is not None and database.sqlite_path is not None:
        from core.backup import backup_database

        copy = backup_database(database, reason=f"before-migration-{current}")
        log.info("迁移前已备份数据库到 %s", copy)
    from alembic import command

    with database.write_connection() as connection:
        current = _revision(connection)
        if current == head_revision():
            return False
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    log.info("数据库结构已从 %s 升级到 %s", current or "（空）", head_revision())
    return True


def _refuse_unknown(database: Database, current: str | None) -> None:
    if current is None and "units" in database.table_names():
        raise DatabaseFileError(
            "数据库中已有数据表，但没有 HonourDesk 的版本记录，无法确认它是本程序的数据库。"
        )
    if current is not None and current not in known_revisions():
        raise DatabaseFileError(f"数据库的结构版本（{current}）比本程序新，请使用新版程序打开。")
