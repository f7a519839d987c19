"""The history of generated reports (filled in by report generation)."""

from __future__ import annotations

from sqlalchemy import select

from core.db import Database
from core.models import Report


class ReportHistory:
    def __init__(self, database: Database) -> None:
        self.db = database

    def for_unit(self, unit_id: int) -> list[Report]:
        with self.db.session() as session:
            query = (
                select(Report)
                .where(Report.unit_id == unit_id)
                .order_by(Report.created_at.desc(), Report.id.desc())
            )
            return list(session.scalars(query).all())
