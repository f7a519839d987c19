"""What the records hold for one unit's report: its honours sorted by what a report may say of them, and
its materials of the period.

DESIGN.md 6a: an honour with a year inside the period is stated in its year; one outside the period is
stated nowhere that is bound to the period; one without a year only where the user asked, in a part of its
own; one with a 获得者 is the person's, never the unit's. A revoked honour (已撤销; as the report's date knows
it: one its notes say was revoked after that date was held then) is never claimed, nor one
awarded after the report's date (成文日期): a report signed 2024年6月30日 cannot know of a 2024年12月 award.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from core.decisions.terms import revoked_by
from core.errors import NotFoundError, UserError
from core.holders import collective
from core.models import Honour, Material, Unit
from core.reports.relative_years import keeps_relative_words, with_years
from core.reports.unit_time import UnitAsOf, fields_written_after, unit_as_of
from core.vocab import level_rank

UNDATED_OMIT = "omit"  # honours without a year are left out (the default)
UNDATED_LIST = "list"  # … or listed in a part of their own that says their date is not recorded
UNDATED_CHOICES = (UNDATED_OMIT, UNDATED_LIST)
REVOKED = "已撤销"


@dataclass(frozen=True)
class Period:
    first_year: int
    last_year: int

    def __post_init__(self) -> None:
        if self.first_year > self.last_year:
            raise ValueError("first year after last year")

    def holds(self, year: int | None) -> bool:
        """Whether a year lies in the period; an unknown year never does."""
        return year is not None and self.first_year <= year <= self.last_year

    def chinese(self) -> str:
        if self.first_year == self.last_year:
            return f"{self.first_year}年"
        return f"{self.first_year}年至{self.last_year}年"

    @classmethod
    def recent(cls, years: int = 3, today: dt.date | None = None) -> Period:
        """The last few years up to this one: 近三年."""
        year = (today or dt.date.today()).year
        return cls(year - years + 1, year)


@dataclass(frozen=True)
class ReportOptions:
    """The user's choices that change what a report says (besides the period and the date)."""

    undated: str = UNDATED_OMIT
    author: str = ""  # the document's author property (the office); the unit's name when empty
    certificates: bool = True  # 附件: the certificates of the honours listed (where the template shows them)

    def __post_init__(self) -> None:
        if self.undated not in UNDATED_CHOICES:
            raise UserError(f"未注明时间的荣誉只能“不写入”（{UNDATED_OMIT}）或“单列”（{UNDATED_LIST}）。")

    @property
    def list_undated(self) -> bool:
        return self.undated == UNDATED_LIST


def _date_key(honour: Honour) -> tuple[int, int, int, int, int]:
    """Oldest first; on the same date the highest level first."""
    return (
        honour.awarded_year or 0,
        honour.awarded_month or 0,
        honour.awarded_day or 0,
        level_rank(honour.level),
        honour.id or 0,
    )


def by_importance(honours: Iterable[Honour]) -> list[Honour]:
    """Highest level first (国家级 … 单位内部, unknown last), then the most recent."""
    return sorted(honours, key=lambda h: (level_rank(h.level), -(h.awarded_year or 0), h.id or 0))


@dataclass(frozen=True)
class HonourSplit:
    """A unit's honours by what a report for the period may say of them; each list oldest first."""

    collective: tuple[Honour, ...]  # the unit's own, dated inside the period
    personal: tuple[Honour, ...]  # a person's (获得者), dated inside the period
    undated: tuple[Honour, ...]  # no year recorded (the unit's and persons')
    outside: tuple[Honour, ...]  # dated outside the period
    revoked: tuple[Honour, ...]  # 已撤销: never claimed
    later: tuple[Honour, ...] = ()  # in the period, but awarded after the report's date: never claimed

    @classmethod
    def of(cls, honours: Iterable[Honour], period: Period, written_on: dt.date | None = None) -> HonourSplit:
        """written_on: the report's date; an honour whose earliest possible day lies after it is `later`."""
        parts: dict[str, list[Honour]] = {
            k: [] for k in ("collective", "personal", "undated", "outside", "revoked", "later")
        }
        for honour in sorted(honours, key=_date_key):
            if revoked_by(honour.status, honour.notes, written_on):
                parts["revoked"].append(honour)
            elif honour.awarded_year is None:
                parts["undated"].append(honour)
            elif not period.holds(honour.awarded_year):
                parts["outside"].append(honour)
            elif written_on is not None and awarded_after(honour, written_on):
                parts["later"].append(honour)
            elif is_personal(honour):
                parts["personal"].append(honour)
            else:
                parts["collective"].append(honour)
        return cls(**{k: tuple(v) for k, v in parts.items()})


def awarded_after(honour: Honour, day: dt.date) -> bool:
    """Whether the honour was certainly awarded after the day: 2024年12月 is after 2024年6月30日; 2024年
    (any day of it) is not."""
    awarded = honour.awarded
    return awarded is not None and awarded.earliest() > day


def is_personal(honour: Honour) -> bool:
    """An honour of a named person of the unit (DESIGN.md 6a); a 获得者 naming the unit itself (its name,
    its short name, 集体) is the unit's own. The unit is read only when already loaded (load_records
    loads it), so that a detached honour never loads it."""
    if not (honour.recipient or "").strip():
        return False
    unit = inspect(honour).attrs.unit.loaded_value
    names = (unit.name, unit.short_name) if isinstance(unit, Unit) else ()
    return not collective(honour.recipient, *names)


@dataclass(frozen=True)
class TopicMaterial:
    """One topic's material of the period: its paragraphs (earlier years first) and the years they are from."""

    topic: str
    paragraphs: tuple[str, ...]
    years: tuple[int, ...]
    relative: tuple[str, ...] = ()  # its 今年, 去年 … written as the years they meant (relative_years.py)

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


@dataclass(frozen=True)
class UnitRecords:
    unit: Unit
    period: Period
    honours: HonourSplit
    materials: dict[str, TopicMaterial] = field(default_factory=dict)
    written_on: dt.date | None = None  # the report's 成文日期
    rewritten: frozenset[str] | None = None  # the unit's fields written after it (unit_time.py)

    @cached_property
    def as_of(self) -> UnitAsOf:
        """The unit's 简介, 特色 and figures as the report may state them (unit_time.py)."""
        return unit_as_of(
            self.unit, self.period.last_year, self.written_on, self.period.first_year, self.rewritten
        )


def load_records(
    session: Session, unit_id: int, period: Period, written_on: dt.date | None = None
) -> UnitRecords:
    """The unit's records for a report of the period dated written_on (None: no honour is too late)."""
    unit = session.get(Unit, unit_id)
    if unit is None or unit.is_deleted:
        raise NotFoundError(f"找不到编号为 {unit_id} 的单位。")
    query = select(Honour).where(Honour.unit_id == unit_id, Honour.deleted_at.is_(None))
    found = list(session.scalars(query))
    for honour in found:  # is_personal reads the unit's names
        set_committed_value(honour, "unit", unit)
    honours = HonourSplit.of(found, period, written_on)
    rewritten = fields_written_after(session, unit, written_on) if written_on is not None else None
    materials = _materials(session, unit_id, period, written_on)
    return UnitRecords(unit, period, honours, materials, written_on, rewritten)


def _materials(
    session: Session, unit_id: int, period: Period, written_on: dt.date | None
) -> dict[str, TopicMaterial]:
    """Each topic's material of the period, as the report states it: without what only framed an old
    report (stored_lines) and with its 今年/去年 as years where the report's time is not the material's."""
    query = (
        select(Material)
        .where(
            Material.unit_id == unit_id,
            Material.deleted_at.is_(None),
            Material.year >= period.first_year,
            Material.year <= period.last_year,
        )
        .order_by(Material.year, Material.id)
    )
    # the old reports' reader costs a third of a second to import: only once a report reads materials
    from core.oldreports.content import stored_lines

    paragraphs: dict[str, list[str]] = {}
    years: dict[str, list[int]] = {}
    relative: dict[str, list[str]] = {}
    for material in session.scalars(query):
        lines = stored_lines(material.text)
        if not lines:
            continue
        if not keeps_relative_words(material.year, period.first_year, period.last_year, written_on):
            rewritten = [with_years(line, material.year) for line in lines]
            lines = [line.text for line in rewritten]
            relative.setdefault(material.topic, []).extend(w for line in rewritten for w in line.words)
        paragraphs.setdefault(material.topic, []).extend(lines)
        if material.year not in years.setdefault(material.topic, []):
            years[material.topic].append(material.year)
    return {
        topic: TopicMaterial(
            topic, tuple(lines), tuple(years[topic]), tuple(dict.fromkeys(relative.get(topic, ())))
        )
        for topic, lines in paragraphs.items()
    }


def data_years(session: Session, unit_ids: Sequence[int]) -> set[int]:
    """The years for which the units have material or a dated honour that is not revoked."""
    if not unit_ids:
        return set()
    ids = list(unit_ids)
    material_years = select(Material.year).where(Material.unit_id.in_(ids), Material.deleted_at.is_(None))
    honour_years = select(Honour.awarded_year).where(
        Honour.unit_id.in_(ids),
        Honour.deleted_at.is_(None),
        Honour.awarded_year.is_not(None),
        Honour.status != REVOKED,
    )
    found = set(session.scalars(material_years.distinct())) | set(session.scalars(honour_years.distinct()))
    return {year for year in found if year is not None}


DEFAULT_SPAN = 3  # years: 近三年


def suggest_period(
    session: Session,
    unit_ids: Sequence[int],
    today: dt.date | None = None,
    last_used: Period | None = None,
) -> Period:
    """The period a report for these units should cover unless the user says otherwise.

    The period last used, when the units have material or honours in it; else the most recent span of up to
    three years that has any, from its first year with records to the last; else the last three years.
    """
    years = data_years(session, unit_ids)
    if last_used is not None and any(last_used.holds(year) for year in years):
        return last_used
    if not years:
        return last_used or Period.recent(DEFAULT_SPAN, today)
    last = max(years)
    first = min(year for year in years if year > last - DEFAULT_SPAN)
    return Period(first, last)
