"""The numbers on the dashboard."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from core.db import Database
from core.models import Honour, Unit
from core.vocab import LEVELS


@dataclass(frozen=True)
class ExpiringHonour:
    honour_id: int
    unit_id: int
    unit_name: str
    title: str
    valid_until: dt.date
    days_left: int


@dataclass(frozen=True)
class StaleUnit:
    unit_id: int
    unit_name: str
    latest_year: int | None  # None: no dated honour at all


@dataclass(frozen=True)
class Dashboard:
    unit_count: int
    honour_count: int
    by_level: dict[str, int]  # every level, in vocabulary order, plus "未定级" when any
    by_year: dict[int, int]  # years with honours, ascending
    stale_units: list[StaleUnit]  # no honour in the last `recent_years` years
    expiring: list[ExpiringHonour]  # valid_until within `warn_days` from today (or already past, still 有效)


def dashboard(
    database: Database, *, today: dt.date | None = None, recent_years: int = 3, warn_days: int = 90
) -> Dashboard:
    today = today or dt.date.today()
    live_honours = (
        select(Honour)
        .join(Unit, Unit.id == Honour.unit_id)
        .where(Honour.deleted_at.is_(None), Unit.deleted_at.is_(None))
        .subquery()
    )
    with database.session() as session:
        unit_count = session.scalar(select(func.count()).where(Unit.deleted_at.is_(None))) or 0
        honour_count = session.scalar(select(func.count()).select_from(live_honours)) or 0
        levels = dict(
            session.execute(select(live_honours.c.level, func.count()).group_by(live_honours.c.level)).all()
        )
        years = session.execute(
            select(live_honours.c.awarded_year, func.count())
            .where(live_honours.c.awarded_year.is_not(None))
            .group_by(live_honours.c.awarded_year)
            .order_by(live_honours.c.awarded_year)
        ).all()
        latest = session.execute(
            select(Unit.id, Unit.name, func.max(live_honours.c.awarded_year))
            .outerjoin(live_honours, live_honours.c.unit_id == Unit.id)
            .where(Unit.deleted_at.is_(None))
            .group_by(Unit.id, Unit.name)
            .order_by(Unit.pinyin_full)
        ).all()
        expiring_rows = session.execute(
            select(live_honours.c.id, Unit.id, Unit.name, live_honours.c.title, live_honours.c.valid_until)
            .join(Unit, Unit.id == live_honours.c.unit_id)
            .where(
                live_honours.c.valid_until.is_not(None),
                live_honours.c.valid_until <= today + dt.timedelta(days=warn_days),
                live_honours.c.status != "已撤销",
            )
            .order_by(live_honours.c.valid_until)
        ).all()
    by_level = {level: int(levels.get(level, 0)) for level in LEVELS}
    if levels.get(None):
        by_level["未定级"] = int(levels[None])
    first_recent = today.year - recent_years + 1
    return Dashboard(
        unit_count=unit_count,
        honour_count=honour_count,
        by_level=by_level,
        by_year={int(year): int(count) for year, count in years},
        stale_units=[
            StaleUnit(uid, name, year) for uid, name, year in latest if year is None or year < first_recent
        ],
        expiring=[
            ExpiringHonour(hid, uid, name, title, until, (until - today).days)
            for hid, uid, name, title, until in expiring_rows
        ],
    )
