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
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from core.changelog import record_change
from core.db import Database
from core.decisions.titles import plain_title, title_group
from core.errors import UserError
from core.holders import collective
from core.models import Honour, TitleTerm, Unit
from core.partial_date import PartialDate
from core.text import escape_like, name_key

REVOKED = "已撤销"
# the note 记录复查结果 adds: 2024年12月5日复查未通过，撤销称号（东文明委〔2024〕8号）
_REVOKED_NOTE = re.compile(r"(\d{4})年(?:(\d{1,2})月(?:(\d{1,2})日)?)?[^\n]*撤销")
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
        self._years: dict[str, int | None] = {}

    @classmethod
    def load(cls, session: Session) -> Terms:
        return cls(session.execute(select(TitleTerm.title, TitleTerm.years)).all())

    def years_for(self, title: str) -> int | None:
        """The term of a title in years; None when the title has none (or 0 is set for it)."""
        if title not in self._years:
            self._years[title] = self._years_for(title)
        return self._years[title]

    def _years_for(self, title: str) -> int | None:
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
        session.flush()
        record_change(session, "update", "title_term", row.id, f"设定“{title}”的复查周期为 {years} 年")
    return TermRule(title, years, False)


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day so many years on (29 February becomes 28 February in a common year)."""
    year = day.year + years
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


def term_end(awarded: PartialDate, years: int) -> tuple[dt.date, PartialDate]:  # as _due_day reckons it
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


class Held(NamedTuple):
    """The columns of an honour that its 复查 needs: a row, not an ORM object (a city has tens of thousands)."""

    id: int
    unit_id: int
    title: str
    level: str | None
    awarded_year: int | None
    awarded_month: int | None
    awarded_day: int | None
    valid_until: dt.date | None
    status: str
    notes: str | None  # where a 撤销 is dated (revoked_by)

    @property
    def awarded(self) -> PartialDate | None:
        if self.awarded_year is None:
            return None
        return PartialDate(self.awarded_year, self.awarded_month, self.awarded_day)


def held_titles(
    session: Session, terms: Terms, unit_ids: Sequence[int] | None = None, known_by: dt.date | None = None
) -> list[Held]:
    """Each unit's latest honour of every title that has a term or a valid_until, not revoked: an older
    award of a title awarded again is not due any more. known_by: as a document of that date knows them —
    an award after it does not yet supersede the one before (a report signed 2022年12月 still names the
    2019 title as due, though it was awarded again in 2023)."""
    columns = (
        *(getattr(Honour, name) for name in Held._fields),
        Honour.recipient,
        Unit.name,
        Unit.short_name,
    )
    query = (
        select(*columns)
        .join(Unit, Unit.id == Honour.unit_id)
        .where(Honour.deleted_at.is_(None), Unit.deleted_at.is_(None), terms.condition())
    )
    if unit_ids is not None:
        query = query.where(Honour.unit_id.in_(list(unit_ids)))
    latest: dict[tuple[int, str], Held] = {}
    for row in session.connection().execute(query).all():  # Core rows, fetched at once: no ORM per row
        *fields, recipient, name, short_name = row
        if not collective(recipient, name, short_name):
            continue  # a person's honour is not the unit's title to review
        held = Held._make(fields)
        if known_by is not None and held.awarded is not None and held.awarded.earliest() > known_by:
            continue
        key = (held.unit_id, title_group(held.title))
        kept = latest.get(key)
        if kept is None or recency(held) > recency(kept):
            latest[key] = held
    return [held for held in latest.values() if not revoked_by(held.status, held.notes, known_by)]


def _unit_names(session: Session, unit_ids: set[int]) -> dict[int, str]:
    names: dict[int, str] = {}
    ids = sorted(unit_ids)
    for start in range(0, len(ids), 500):
        query = select(Unit.id, Unit.name).where(Unit.id.in_(ids[start : start + 500]))
        names.update({unit_id: name for unit_id, name in session.connection().execute(query)})
    return names


def recency(honour: Honour | Held) -> tuple[int, tuple[int, int, int], dt.date, int]:
    """Sort key: the later award (then the later valid_until) of one title is the greater."""
    year = honour.awarded_year or 0
    awarded = (year, honour.awarded_month or 0, honour.awarded_day or 0)
    return (honour.awarded_year is not None, awarded, honour.valid_until or dt.date.min, honour.id)


def due_of(honour: Held, terms: Terms, by: dt.date | None = None) -> tuple[dt.date, PartialDate] | None:
    """When a held title is due: its valid_until, else its award plus its term; None when neither is known
    (or, with by, when it is due only after that day)."""
    day = _due_day(honour, terms, by)
    return (day, _due_as(honour, terms, day)) if day is not None else None


def _due_day(honour: Held, terms: Terms, by: dt.date | None) -> dt.date | None:
    """The due day alone, from plain numbers: most of a city's titles are skipped without building dates."""
    if honour.valid_until is not None:
        return honour.valid_until if by is None or honour.valid_until <= by else None
    years = terms.years_for(honour.title)
    if years is None or honour.awarded_year is None:
        return None
    year = honour.awarded_year + years
    if by is not None and year > by.year:
        return None
    month = honour.awarded_month or 12
    last = calendar.monthrange(year, month)[1]
    day = dt.date(year, month, min(honour.awarded_day, last) if honour.awarded_day else last)
    return day if by is None or day <= by else None


def _due_as(honour: Held, terms: Terms, day: dt.date) -> PartialDate:
    if honour.valid_until is not None:
        return PartialDate.from_date(day)
    return PartialDate(day.year, honour.awarded_month, day.day if honour.awarded_day else None)


def reviews_due(
    session: Session,
    *,
    today: dt.date,
    within_days: int | None = 90,
    title: str | None = None,
    unit_ids: Sequence[int] | None = None,
    known_by: dt.date | None = None,
) -> list[DueReview]:
    """Titles due for 复查 by today + within_days (None: whenever), soonest first; only those of one title
    (under plain_title) when title is given; of the awards made by known_by when it is given (held_titles)."""
    return due_reviews(
        session, today=today, within_days=within_days, title=title, unit_ids=unit_ids, known_by=known_by
    )[1]


def due_reviews(
    session: Session,
    *,
    today: dt.date,
    within_days: int | None = 90,
    title: str | None = None,
    unit_ids: Sequence[int] | None = None,
    limit: int | None = None,
    known_by: dt.date | None = None,
) -> tuple[int, list[DueReview]]:
    """How many titles are due (as reviews_due counts them) and the first `limit` of them, soonest first."""
    terms = Terms.load(session)
    group = title_group(title) if title else None
    by = today + dt.timedelta(days=within_days) if within_days is not None else None
    due: list[tuple[dt.date, Held]] = []
    for honour in held_titles(session, terms, unit_ids, known_by):
        if group is not None and title_group(honour.title) != group:
            continue
        day = _due_day(honour, terms, by)
        if day is not None:
            due.append((day, honour))
    names = _unit_names(session, {honour.unit_id for _day, honour in due})
    found = sorted(((day, names.get(h.unit_id, ""), h.id, h) for day, h in due), key=lambda item: item[:3])
    shown = found if limit is None else found[:limit]
    return len(found), [
        DueReview(
            h.id,
            h.unit_id,
            name,
            h.title,
            h.level,
            h.awarded,
            day,
            _due_as(h, terms, day),
            (day - today).days,
            h.status,
        )
        for day, name, _id, h in shown
    ]


def titles_with_terms(session: Session) -> list[str]:
    """The plain titles held by some unit that have a term: the 复查 dialog's choices."""
    terms = Terms.load(session)
    titles: dict[str, str] = {}
    for honour in held_titles(session, terms):
        if honour.valid_until is not None or terms.years_for(honour.title) is not None:
            titles.setdefault(title_group(honour.title), plain_title(honour.title))
    return sorted(titles.values())


def revoked_on(notes: str | None) -> PartialDate | None:
    """When the notes' last 撤销 line says the title was revoked (the year alone when the month is not a
    month); None when no line says so."""
    found = [m for m in _REVOKED_NOTE.finditer(notes or "")]
    if not found:
        return None
    year, month, day = (int(part) if part else None for part in found[-1].groups())
    try:
        return PartialDate(year, month, day)  # type: ignore[arg-type]
    except ValueError:  # 2024年13月…
        return PartialDate(year)  # type: ignore[arg-type]


def revoked_by(status: str | None, notes: str | None, day: dt.date | None) -> bool:
    """Whether a title was revoked as a document dated day knows: 已撤销, unless its notes date the 撤销
    after that day (a report signed 2023年1月 still holds the title revoked in 2023年5月)."""
    if status != REVOKED:
        return False
    when = revoked_on(notes) if day is not None else None
    return when is None or when.earliest() <= day  # type: ignore[operator]
