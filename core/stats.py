"""The numbers on the dashboard."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.db import Database
from core.decisions.terms import due_reviews
from core.models import Honour, Unit
from core.services.honours import live_honour
from core.vocab import LEVELS


@dataclass(frozen=True)
class ExpiringHonour:
    honour_id: int
    unit_id: int
    unit_name: str
    title: str
    valid_until: dt.date  # the day it is due: its valid_until, else the end of its term
    days_left: int
    due_shown: str = ""  # the due day as precisely as the records give it: 2026-06-30, 2024-12, 2024


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
    stale_count: int  # units with no honour in the last `recent_years` years
    stale_units: list[StaleUnit]  # the first `list_limit` of them, by name
    expiring_count: (
        int  # titles due for 复查 within `warn_days` (or past), not revoked (core.decisions.terms)
    )
    expiring: list[ExpiringHonour]  # the first `list_limit` of them, soonest first


def dashboard(
    database: Database,
    *,
    today: dt.date | None = None,
    recent_years: int = 3,
    warn_days: int = 90,
    list_limit: int = 200,
) -> Dashboard:
    """The dashboard's figures, each from one aggregate query over covering indexes (migration 0003)."""
    today = today or dt.date.today()
    first_recent = today.year - recent_years + 1
    live = live_honour()
    recent = select(Honour.id).where(live, Honour.unit_id == Unit.id, Honour.awarded_year >= first_recent)
    stale = select(Unit.id, Unit.name).where(Unit.deleted_at.is_(None), ~recent.exists())
    with database.session() as session:
        unit_count = session.scalar(select(func.count()).where(Unit.deleted_at.is_(None))) or 0
        levels = dict(
            session.execute(select(Honour.level, func.count()).where(live).group_by(Honour.level)).all()
        )
        years = session.execute(
            select(Honour.awarded_year, func.count())
            .where(live, Honour.awarded_year.is_not(None))
            .group_by(Honour.awarded_year)
            .order_by(Honour.awarded_year)
        ).all()
        stale_count = session.scalar(select(func.count()).select_from(stale.subquery())) or 0
        stale_rows = session.execute(stale.order_by(Unit.pinyin_full, Unit.id).limit(list_limit)).all()
        latest = _latest_years(session, [unit_id for unit_id, _ in stale_rows])
        due_count, due = due_reviews(session, today=today, within_days=warn_days, limit=list_limit)
    by_level = {level: int(levels.get(level, 0)) for level in LEVELS}
    if levels.get(None):
        by_level["未定级"] = int(levels[None])
    return Dashboard(
        unit_count=unit_count,
        honour_count=sum(int(count) for count in levels.values()),
        by_level=by_level,
        by_year={int(year): int(count) for year, count in years},
        stale_count=stale_count,
        stale_units=[StaleUnit(uid, name, latest.get(uid)) for uid, name in stale_rows],
        expiring_count=due_count,
        expiring=[
            ExpiringHonour(d.honour_id, d.unit_id, d.unit_name, d.title, d.due, d.days_left, d.due_as.iso())
            for d in due
        ],
    )


def _latest_years(session: Session, unit_ids: list[int]) -> dict[int, int]:
    query = (
        select(Honour.unit_id, func.max(Honour.awarded_year))
        .where(Honour.deleted_at.is_(None), Honour.unit_id.in_(unit_ids), Honour.awarded_year.is_not(None))
        .group_by(Honour.unit_id)
    )
    return {unit_id: int(year) for unit_id, year in session.execute(query)}
