"""Records as entered before a report's date: a unit written today is news to a report signed earlier
(unit_time.py), so a test of what a report states of the unit's figures sets when they were written."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import update

from core.models import ChangeLog, Unit
from core.services import Services


def entered_before(services: Services, unit_id: int, day: dt.date, *, log: bool = False) -> None:
    """The unit's record as last written a month before the day (log: its change log rows too)."""
    written = dt.datetime.combine(day - dt.timedelta(days=30), dt.time(12))
    with services.db.session(write=True) as session:
        session.execute(update(Unit).where(Unit.id == unit_id).values(updated_at=written))
        if log:
            rows = update(ChangeLog).where(ChangeLog.entity == "unit", ChangeLog.entity_id == unit_id)
            session.execute(rows.values(at=written))
