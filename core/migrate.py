"""Alembic at start-up: back up the database file, then upgrade it to the latest revision."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from core.db import Database
from core.errors import DatabaseFileError

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

# The newest revision in migrations/versions. Start-up compares the database with it and imports
# Alembic (slow) only when they differ; a test keeps it equal to Alembic's own head.
SCHEMA_HEAD = "0004"


def alembic_config(url: str | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
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
        try:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except DBAPIError:  # no such table: a new, empty database
            connection.rollback()
            return None


def upgrade_to_head(database: Database) -> bool:
    """Bring the schema to the latest revision; True when anything was migrated.

    An existing SQLite file is copied into backups/ first, so a failed migration loses nothing.
    """
    current = current_revision(database)
    if current == SCHEMA_HEAD:
        return False
    from alembic import command

    head = head_revision()
    if current is None and "units" in database.table_names():
        raise DatabaseFileError(
            "数据库中已有数据表，但没有 HonourDesk 的版本记录，无法确认它是本程序的数据库。"
        )
    if current is not None and current not in known_revisions():
        raise DatabaseFileError(f"数据库的结构版本（{current}）比本程序新，请使用新版程序打开。")
    if current is not None and database.sqlite_path is not None:
        from core.backup import backup_database

        copy = backup_database(database, reason=f"before-migration-{current}")
        log.info("迁移前已备份数据库到 %s", copy)
    with database.engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    log.info("数据库结构已从 %s 升级到 %s", current or "（空）", head)
    return True
