"""drop three single-column honour indexes the composite ones already serve

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 10:00:00

Every honour written keeps each index on honours current, and an import writes tens of thousands.
These three are served by the covering indexes of 0003, and no query's plan chose them:
- ix_honours_unit_id (unit_id): the prefix of ix_honours_unit_live (unit_id, deleted_at, awarded_year),
  which also serves the ON DELETE CASCADE from units;
- ix_honours_level (level): live honours by level use ix_honours_live_level (deleted_at, level, unit_id);
- ix_honours_awarded_year (awarded_year): live honours by year use ix_honours_live_year
  (deleted_at, awarded_year, unit_id).
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DROPPED = {
    "ix_honours_unit_id": ["unit_id"],
    "ix_honours_level": ["level"],
    "ix_honours_awarded_year": ["awarded_year"],
}


def upgrade() -> None:
    for name in DROPPED:
        op.drop_index(name, table_name="honours")


def downgrade() -> None:
    for name, columns in DROPPED.items():
        op.create_index(name, "honours", columns, unique=False)
