"""Terms of titles (复查周期) and when each title a unit holds is due for its 复查.

A 文明单位 holds for three years, then is re-examined. The office sets a term per title (TitleTerm); a
term set for a part of a title (文明单位) holds for every title containing it (省级文明单位, 2021年度市级
文明单位) unless one is set for that title itself. Without any, the defaults below hold. A term of 0 years
means the title is not re-examined.

A title is due on its recorded valid_until, else on the day its term ends counted from the award: 2021年
12月 with three years is due by the end of 2024年12月 — never a day earlier than the records allow.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from core.db import Database
from core.decisions.titles import plain_title, title_group
from core.errors import UserError
from core.models import Honour, TitleTerm, Unit
from core.partial_date import PartialDate
from core.text import escape_like, name_key

REVOKED = "已撤销"
# Titles the office re-examines every three years unless it sets otherwise.
DEFAULT_TERMS: dict[str, int] = {"文明单位": 3, "文明村镇": 3, "文明校园": 3, "文明社区": 3}
MAX_TERM_YEARS = 20


@dataclass(frozen=True)
class TermRule:
    title: str  # the title, or a part of titles (文明单位)
    years: int  # 0: not re-examined
    builtin: bool  # a default the office has not replaced


class Terms:
    """The terms in force: the office's rules over the defaults."""

    def __init__(self, office: Iterable[tuple[str, int]] = ()) -> None:
        rules = {name_key(title): TermRule(title, years, True) for title, years in DEFAULT_TERMS.items()}
        for title, years in office:
            rules[name_key(title)] = TermRule(title, years, False)
        self.rules = rules

    @classmethod
    def load(cls, session: Session) -> Terms:
        return cls(session.execute(select(TitleTerm.title, TitleTerm.years)).all())

    def years_for(self, title: str) -> int | None:
        """The term of a title in years; None when the title has none (or 0 is set for it)."""
        key = name_key(title)
        rule = self.rules.get(key) or self.rules.get(title_group(title))
        if rule is None:
            parts = [part for part in self.rules if part and part in key]
            rule = self.rules[max(parts, key=len)] if parts else None
        return rule.years if rule is not None and rule.years > 0 else None

    def condition(self) -> ColumnElement[bool]:
        """Honours whose title may have a term (checked again by years_for), or with a valid_until."""
        parts = [
            Honour.title_key.like(f"%{escape_like(key)}%", escape="\\")
            for key, rule in self.rules.items()
            if rule.years > 0
        ]
        return or_(Honour.valid_until.is_not(None), *parts)


def list_terms(database: Database) -> list[TermRule]:
    """Every rule in force, by title."""
    with database.session() as session:
        terms = Terms.load(session)
    return sorted(terms.rules.values(), key=lambda rule: rule.title)


def set_term(database: Database, title: str, years: int) -> TermRule:
    """Set the term of a title (or of every title containing it); 0 years: not re-examined."""
    title = (title or "").strip()
    if not title:
        raise UserError("请填写称号（如 文明单位）。")
    if not 0 <= years <= MAX_TERM_YEARS:
        raise UserError(f"复查周期应在 0 到 {MAX_TERM_YEARS} 年之间（0 表示不复查），“{years}”不行。")
    key = name_key(title)
    with database.session(write=True) as session:
        row = session.scalar(select(TitleTerm).where(TitleTerm.title_key == key))
        if row is None:
            row = TitleTerm(title=title, title_key=key, years=years)
            session.add(row)
        row.title, row.years = title, years
    return TermRule(title, years, False)


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day so many years on (29 February becomes 28 February in a common year)."""
    year = day.year + years
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


def term_end(awarded: PartialDate, years: int) -> tuple[dt.date, PartialDate]:
    """The last day a title awarded on a (partial) date holds for a term, and that end as precisely as
    the award is known (2021年12月 + 3 → 2024年12月)."""
    year = awarded.year + years
    month = awarded.month or 12
    last = calendar.monthrange(year, month)[1]
    day = min(awarded.day, last) if awarded.day else last
    return dt.date(year, month, day), PartialDate(year, awarded.month, awarded.day and day)


@dataclass(frozen=True)
class DueReview:
    """A title a unit holds, and when it is due for its 复查."""

    honour_id: int
    unit_id: int
    unit_name: str
    title: str
    level: str | None
    awarded: PartialDate | None
    due: dt.date  # the last day it holds
    due_as: PartialDate  # 2024-12 / 2026-05-01: as precise as the records
    days_left: int  # negative: overdue
    status: str

    @property
    def due_text(self) -> str:
        """2024年12月 / 2026年5月1日"""
        return self.due_as.chinese()

    @property
    def overdue(self) -> bool:
        return self.days_left < 0


@dataclass(frozen=True)
class Held:
    """The columns of an honour that its 复查 needs (rows, not ORM objects: a city has thousands)."""

    id: int
    unit_id: int
    unit_name: str
    title: str
    level: str | None
    awarded_year: int | None
    awarded_month: int | None
    awarded_day: int | None
    valid_until: dt.date | None
    status: str

    @property
    def awarded(self) -> PartialDate | None:
        return (
            PartialDate(self.awarded_year, self.awarded_month, self.awarded_day)
            if self.awarded_year
            else None
        )


def held_titles(session: Session, terms: Terms, unit_ids: Sequence[int] | None = None) -> list[Held]:
    """Each unit's latest honour of every title that has a term or a valid_until, not revoked: an older
    award of a title awarded again is not due any more."""
    query = (
        select(
            Honour.id,
            Honour.unit_id,
            Unit.name,
            Honour.title,
            Honour.level,
            Honour.awarded_year,
            Honour.awarded_month,
            Honour.awarded_day,
            Honour.valid_until,
            Honour.status,
        )
        .join(Unit, Unit.id == Honour.unit_id)
        .where(
            Honour.deleted_at.is_(None),
            Unit.deleted_at.is_(None),
            Honour.recipient.is_(None),
            terms.condition(),
        )
    )
    if unit_ids is not None:
        query = query.where(Honour.unit_id.in_(list(unit_ids)))
    latest: dict[tuple[int, str], Held] = {}
    for row in session.execute(query):
        held = Held(*row)
        key = (held.unit_id, title_group(held.title))
        if key not in latest or recency(held) > recency(latest[key]):
            latest[key] = held
    return [held for held in latest.values() if held.status != REVOKED]


def recency(honour: Honour | Held) -> tuple[int, tuple[int, int, int], dt.date, int]:
    """Sort key: the later award (then the later valid_until) of one title is the greater."""
    year = honour.awarded_year or 0
    awarded = (year, honour.awarded_month or 0, honour.awarded_day or 0)
    return (honour.awarded_year is not None, awarded, honour.valid_until or dt.date.min, honour.id)


def due_of(honour: Held, terms: Terms) -> tuple[dt.date, PartialDate] | None:
    """When a held title is due: its valid_until, else its award plus its term; None when neither is known."""
    if honour.valid_until is not None:
        return honour.valid_until, PartialDate.from_date(honour.valid_until)
    years = terms.years_for(honour.title)
    if years is None or honour.awarded is None:
        return None
    return term_end(honour.awarded, years)


def reviews_due(
    session: Session,
    *,
    today: dt.date,
    within_days: int | None = 90,
    title: str | None = None,
    unit_ids: Sequence[int] | None = None,
) -> list[DueReview]:
    """Titles due for 复查 by today + within_days (None: whenever), soonest first; only those of one title
    (under plain_title) when title is given."""
    terms = Terms.load(session)
    group = title_group(title) if title else None
    found: list[DueReview] = []
    for honour in held_titles(session, terms, unit_ids):
        if group is not None and title_group(honour.title) != group:
            continue
        due = due_of(honour, terms)
        if due is None:
            continue
        days = (due[0] - today).days
        if within_days is not None and days > within_days:
            continue
        found.append(
            DueReview(
                honour.id,
                honour.unit_id,
                honour.unit_name,
                honour.title,
                honour.level,
                honour.awarded,
                due[0],
                due[1],
                days,
                honour.status,
            )
        )
    return sorted(found, key=lambda d: (d.due, d.unit_name, d.honour_id))


def titles_with_terms(session: Session) -> list[str]:
    """The plain titles held by some unit that have a term: the 复查 dialog's choices."""
    terms = Terms.load(session)
    titles: dict[str, str] = {}
    for honour in held_titles(session, terms):
        if honour.valid_until is not None or terms.years_for(honour.title) is not None:
            titles.setdefault(title_group(honour.title), plain_title(honour.title))
    return sorted(titles.values())
