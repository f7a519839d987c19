"""a unit's former regions (区划调整), and the unit search finding former names

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 10:00:00

units.former_regions holds the regions a unit belonged to before a 区划调整, in the shape of the former
names: a JSON list of {"name": …, "until": "2016" | "2016-09" | null} (core/former_regions.py). A summary
for a region counts an honour under the region of its award date.

units.former_keys holds the former names' search keys (name key, pinyin, initials: core.former_names.
search_keys_of), so that typing a former name, or its initials, in the unit list finds the unit. On SQLite
the unit_search FTS5 table takes them into its keys (its triggers are made anew); on PostgreSQL a trigram
index covers the column where pg_trgm is available (migration 0003).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The FTS5 keys of a unit (core/restore.py rebuilds the index from the head revision's SEARCH_KEYS).
SEARCH_KEYS = (
    "{row}.name_key || '|' || coalesce({row}.short_name, '') || '|' || "
    "{row}.pinyin_full || '|' || {row}.pinyin_initials || '|' || {row}.former_keys"
)
_KEYS_0003 = (
    "{row}.name_key || '|' || coalesce({row}.short_name, '') || '|' || "
    "{row}.pinyin_full || '|' || {row}.pinyin_initials"
)
_TRIGGERS = ("unit_search_insert", "unit_search_update")


def _sqlite_search(keys: str, columns: str) -> list[str]:
    return [
        f"""CREATE TRIGGER unit_search_insert AFTER INSERT ON units BEGIN
        INSERT INTO unit_search(rowid, keys) VALUES (new.id, {keys.format(row="new")});
    END""",
        f"""CREATE TRIGGER unit_search_update
        AFTER UPDATE OF {columns} ON units BEGIN
        UPDATE unit_search SET keys = {keys.format(row="new")} WHERE rowid = new.id;
    END""",
        "DELETE FROM unit_search",
        f"INSERT INTO unit_search(rowid, keys) SELECT id, {keys.format(row='units')} FROM units",
    ]


_COLUMNS_0003 = "name_key, short_name, pinyin_full, pinyin_initials"


def upgrade() -> None:
    with op.batch_alter_table("units", schema=None) as batch_op:
        batch_op.add_column(sa.Column("former_regions", sa.JSON(), server_default="[]", nullable=False))
        batch_op.add_column(sa.Column("former_keys", sa.Text(), server_default="", nullable=False))
    _fill_former_keys()
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for trigger in _TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        for statement in _sqlite_search(SEARCH_KEYS, f"{_COLUMNS_0003}, former_keys"):
            op.execute(statement)
    elif dialect == "postgresql" and _has_trigram():
        op.execute("CREATE INDEX ix_units_former_keys_trgm ON units USING gin (former_keys gin_trgm_ops)")


def _fill_former_keys() -> None:
    """The search keys of the former names units already hold (recorded under 0007)."""
    from core.former_names import search_keys_of

    bind = op.get_bind()
    units = sa.table("units", sa.column("id", sa.Integer), sa.column("former_names", sa.JSON))
    keys = sa.table("units", sa.column("id", sa.Integer), sa.column("former_keys", sa.Text))
    rows = bind.execute(sa.select(units.c.id, units.c.former_names)).all()
    filled = [{"unit": i, "keys": search_keys_of(former)} for i, former in rows if former]
    if filled:
        statement = keys.update().where(keys.c.id == sa.bindparam("unit"))
        bind.execute(statement.values(former_keys=sa.bindparam("keys")), filled)


def _has_trigram() -> bool:
    query = sa.text("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
    return op.get_bind().execute(query).first() is not None


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for trigger in _TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_units_former_keys_trgm")
    # ALTER TABLE … DROP COLUMN, not a copy of the table (whose drop would cascade to the honours: 0007)
    with op.batch_alter_table("units", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("former_keys")
        batch_op.drop_column("former_regions")
    if dialect == "sqlite":
        for statement in _sqlite_search(_KEYS_0003, _COLUMNS_0003):
            op.execute(statement)
