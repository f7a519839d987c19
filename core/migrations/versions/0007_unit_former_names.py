"""a unit's former names (曾用名), each with the date it stopped being used

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 10:00:00

Units are renamed (武侯区第二小学 → 武侯区棕北小学; villages merge; bureaus are reorganised). An honour
awarded under the old name must be listed under that name, and a register or an old report that still
names it must match the unit instead of creating another. units.former_names holds a JSON list of
{"name": …, "until": "2015" | "2015-09" | null}, the until date partial (core/former_names.py).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("units", schema=None) as batch_op:
        batch_op.add_column(sa.Column("former_names", sa.JSON(), server_default="[]", nullable=False))


def downgrade() -> None:
    # ALTER TABLE … DROP COLUMN (SQLite 3.35+), not a copy of the table: dropping the old units table
    # with foreign keys on would cascade to every honour and material.
    with op.batch_alter_table("units", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("former_names")
