"""Records as entered before a report's date: a unit written today is news to a report signed earlier
(unit_time.py), so a test of what a report states of the unit's figures sets when they were written."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import update

from core.models import Unit
from core.services import Services


def entered_before(services: Services, unit_id: int, day: dt.date) -> None:
    """The unit's record as last written a month before the day."""
    written = dt.datetime.combine(day - dt.timedelta(days=30), dt.time(12))
    with services.db.session(write=True) as session:
        session.execute(update(Unit).where(Unit.id == unit_id).values(updated_at=written))
