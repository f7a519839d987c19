"""honour grades, certificate numbers and extra fields; materials from import batches; title terms

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 01:00:00

- honours.grade (等级/名次: 一等奖, 第六名) and honours.certificate_no (证书编号, beside the 文号);
- honours.extra: register columns with no field of their own, kept instead of dropped;
- materials.import_batch_id: materials read from an old report belong to a batch that can be undone;
- import_batches.kind: what the batch read (register, report, certificate, decision);
- title_terms: years a title holds before its 复查, set per title.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("honours", schema=None) as batch_op:
        batch_op.add_column(sa.Column("grade", sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column("certificate_no", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("extra", sa.JSON(), server_default="{}", nullable=False))
    with op.batch_alter_table("materials", schema=None) as batch_op:
        batch_op.add_column(sa.Column("import_batch_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_materials_import_batch_id"), ["import_batch_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_materials_import_batch_id_import_batches"),
            "import_batches",
            ["import_batch_id"],
            ["id"],
            ondelete="SET NULL",
        )
    with op.batch_alter_table("import_batches", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(length=20), server_default="register", nullable=False)
        )
    op.create_table(
        "title_terms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("title_key", sa.String(length=300), nullable=False),
        sa.Column("years", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_title_terms")),
        sa.UniqueConstraint("title_key", name=op.f("uq_title_terms_title_key")),
    )


def downgrade() -> None:
    op.drop_table("title_terms")
    with op.batch_alter_table("import_batches", schema=None) as batch_op:
        batch_op.drop_column("kind")
    with op.batch_alter_table("materials", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_materials_import_batch_id_import_batches"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_materials_import_batch_id"))
        batch_op.drop_column("import_batch_id")
    with op.batch_alter_table("honours", schema=None) as batch_op:
        batch_op.drop_column("extra")
        batch_op.drop_column("certificate_no")
        batch_op.drop_column("grade")
