"""indexes for a city's records, and an indexed unit search

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 15:10:00

Covering indexes let the unit list, its honour counts and the dashboard be answered from indexes
alone at 100,000 honours. On SQLite, unit_search is an FTS5 table with the trigram tokenizer over
each unit's name and pinyin keys, kept current by triggers: "contains" searches of three or more
characters use its index instead of reading every unit.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = {
    "ix_honours_unit_live": ("honours", ["unit_id", "deleted_at", "awarded_year"]),
    "ix_honours_live_level": ("honours", ["deleted_at", "level", "unit_id"]),
    "ix_honours_live_year": ("honours", ["deleted_at", "awarded_year", "unit_id"]),
    "ix_honours_live_valid_until": ("honours", ["deleted_at", "valid_until"]),
    "ix_units_live_pinyin": ("units", ["deleted_at", "pinyin_full"]),
    "ix_units_live_region": ("units", ["deleted_at", "region"]),
}

SEARCH_KEYS = (
    "{row}.name_key || '|' || coalesce({row}.short_name, '') || '|' || "
    "{row}.pinyin_full || '|' || {row}.pinyin_initials"
)
SQLITE_SEARCH = [
    "CREATE VIRTUAL TABLE unit_search USING fts5(keys, tokenize='trigram')",
    f"INSERT INTO unit_search(rowid, keys) SELECT id, {SEARCH_KEYS.format(row='units')} FROM units",
    f"""CREATE TRIGGER unit_search_insert AFTER INSERT ON units BEGIN
        INSERT INTO unit_search(rowid, keys) VALUES (new.id, {SEARCH_KEYS.format(row="new")});
    END""",
    f"""CREATE TRIGGER unit_search_update
        AFTER UPDATE OF name_key, short_name, pinyin_full, pinyin_initials ON units BEGIN
        UPDATE unit_search SET keys = {SEARCH_KEYS.format(row="new")} WHERE rowid = new.id;
    END""",
    """CREATE TRIGGER unit_search_delete AFTER DELETE ON units BEGIN
        DELETE FROM unit_search WHERE rowid = old.id;
    END""",
]


# On PostgreSQL the same "contains" searches are answered by trigram indexes (pg_trgm) on the columns.
TRIGRAM_COLUMNS = ("name_key", "short_name", "pinyin_full", "pinyin_initials")


def upgrade() -> None:
    for name, (table, columns) in INDEXES.items():
        op.create_index(name, table, columns)
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in SQLITE_SEARCH:
            op.execute(statement)
    elif dialect == "postgresql" and _trigram_extension():
        for column in TRIGRAM_COLUMNS:
            op.execute(f"CREATE INDEX ix_units_{column}_trgm ON units USING gin ({column} gin_trgm_ops)")


def _trigram_extension() -> bool:
    """pg_trgm, when the server has it and lets this user create it (a trusted extension since
    PostgreSQL 13); without it searches still work, reading every unit."""
    bind = op.get_bind()
    savepoint = bind.begin_nested()
    try:
        bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception:
        savepoint.rollback()
        logging.getLogger(__name__).warning(
            "PostgreSQL 上无法启用 pg_trgm，单位搜索将不使用索引", exc_info=True
        )
        return False
    savepoint.commit()
    return True


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for column in TRIGRAM_COLUMNS:
            op.execute(f"DROP INDEX IF EXISTS ix_units_{column}_trgm")
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("unit_search_insert", "unit_search_update", "unit_search_delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS unit_search")
    for name, (table, _columns) in INDEXES.items():
        op.drop_index(name, table_name=table)
