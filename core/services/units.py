"""Units (单位): records, search by name and pinyin, listing with filters."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from core.errors import FieldProblem, ValidationError
from core.fields import UNIT_FIELDS
from core.models import Honour, Unit
from core.pinyin_keys import search_keys
from core.services.records import RecordService
from core.text import escape_like, name_key, to_halfwidth

_PINYIN_QUERY = re.compile(r"^[a-z0-9]+$")


@dataclass(frozen=True)
class UnitFilter:
    search: str | None = None
    category: str | None = None
    region: str | None = None  # matches any part of the region text
    level: str | None = None  # units holding an honour of this level (in the year range)
    year_from: int | None = None  # units holding an honour awarded in the range
    year_to: int | None = None


@dataclass(frozen=True)
class UnitSummary:
    unit: Unit
    honour_count: int
    latest_honour_year: int | None


class UnitService(RecordService[Unit]):
    model = Unit
    fields = UNIT_FIELDS
    entity = "unit"
    noun = "单位"

    def create(self, data: Mapping[str, Any], *, session: Session | None = None) -> Unit:
        return self._create(data, session)

    def find_by_name(self, name: str, *, session: Session | None = None) -> Unit | None:
        """The live unit whose name (or short name) is the given one, under name normalisation."""
        key = name_key(name)
        with self._work(session, write=False) as session:
            unit = session.scalar(live_units().where(Unit.name_key == key))
            if unit is None:
                unit = session.scalar(live_units().where(Unit.short_name == name.strip()))
            return unit

    def list(self, criteria: UnitFilter | None = None) -> list[UnitSummary]:
        """Live units matching the filter, by name, with their live honour counts."""
        criteria = criteria or UnitFilter()
        honour_scope = [Honour.deleted_at.is_(None)]
        if criteria.level:
            honour_scope.append(Honour.level == criteria.level)
        if criteria.year_from is not None:
            honour_scope.append(Honour.awarded_year >= criteria.year_from)
        if criteria.year_to is not None:
            honour_scope.append(Honour.awarded_year <= criteria.year_to)
        counts = (
            select(
                Honour.unit_id,
                func.count(Honour.id).label("n"),
                func.max(Honour.awarded_year).label("latest"),
            )
            .where(*honour_scope)
            .group_by(Honour.unit_id)
            .subquery()
        )
        needs_honour = bool(criteria.level) or criteria.year_from is not None or criteria.year_to is not None
        query = (
            apply_unit_filter(live_units(), criteria)
            .add_columns(func.coalesce(counts.c.n, 0), counts.c.latest)
            .join(counts, counts.c.unit_id == Unit.id, isouter=not needs_honour)
            .order_by(Unit.pinyin_full)
        )
        with self.db.session() as session:
            return [UnitSummary(unit, count, latest) for unit, count, latest in session.execute(query)]

    def search(self, text: str) -> list[UnitSummary]:
        return self.list(UnitFilter(search=text))

    def regions(self) -> list[str]:
        with self.db.session() as session:
            query = select(Unit.region).where(Unit.deleted_at.is_(None), Unit.region.is_not(None)).distinct()
            return sorted(session.scalars(query).all())

    def count(self) -> int:
        with self.db.session() as session:
            return session.scalar(select(func.count()).select_from(live_units().subquery())) or 0

    # -- hooks ---------------------------------------------------------------------------------

    def _describe(self, record: Unit) -> str:
        return f"「{record.name}」"

    def _before_save(self, session: Session, record: Unit) -> None:
        record.name_key = name_key(record.name)
        record.pinyin_full, record.pinyin_initials = search_keys(record.name, record.short_name)
        problems = []
        same_name = _other_live(session, record, Unit.name_key == record.name_key)
        if same_name is not None:
            problems.append(FieldProblem("name", "名称", record.name, f"已有同名单位（编号 {same_name.id}）"))
        if record.credit_code:
            same_code = _other_live(session, record, Unit.credit_code == record.credit_code)
            if same_code is not None:
                problems.append(
                    FieldProblem(
                        "credit_code",
                        "统一社会信用代码",
                        record.credit_code,
                        f"已被单位「{same_code.name}」使用",
                    )
                )
        if problems:
            raise ValidationError(problems)


def live_units() -> Select[tuple[Unit]]:
    return select(Unit).where(Unit.deleted_at.is_(None))


def apply_unit_filter(query: Select[Any], criteria: UnitFilter) -> Select[Any]:
    if criteria.category:
        query = query.where(Unit.category == criteria.category)
    if criteria.region:
        query = query.where(Unit.region.like(f"%{escape_like(criteria.region.strip())}%", escape="\\"))
    if criteria.search and criteria.search.strip():
        query = query.where(search_condition(criteria.search))
    return query


def search_condition(text: str) -> Any:
    """Name, short name, full pinyin or pinyin initials contain the text."""
    key = name_key(text)
    pattern = f"%{escape_like(key)}%"
    conditions = [Unit.name_key.like(pattern, escape="\\"), Unit.short_name.like(pattern, escape="\\")]
    pinyin = to_halfwidth(text).lower().replace(" ", "").replace("'", "")
    if _PINYIN_QUERY.match(pinyin):
        pinyin_pattern = f"%{escape_like(pinyin)}%"
        conditions += [
            Unit.pinyin_full.like(pinyin_pattern, escape="\\"),
            Unit.pinyin_initials.like(pinyin_pattern, escape="\\"),
        ]
    return or_(*conditions)


def _other_live(session: Session, record: Unit, condition: Any) -> Unit | None:
    query = live_units().where(condition)
    if record.id is not None:
        query = query.where(Unit.id != record.id)
    return session.scalar(query.limit(1))
