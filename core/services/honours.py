"""Honours (荣誉): a unit's honour history, duplicates, listing with filters."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, select
from sqlalchemy.orm import Session

from core.errors import FieldProblem, UserError, ValidationError
from core.fields import HONOUR_FIELDS
from core.holders import collective
from core.inferred import LEVEL_MARK
from core.models import Honour, Unit
from core.services.records import RecordService
from core.text import name_key
from core.vocab import DEFAULT_HONOUR_STATUS, UNLEVELLED


@dataclass(frozen=True)
class HonourFilter:
    unit_id: int | None = None
    level: str | None = None  # one of LEVELS, or UNLEVELLED
    category: str | None = None
    status: str | None = None
    year_from: int | None = None
    year_to: int | None = None


class HonourService(RecordService[Honour]):
    model = Honour
    fields = HONOUR_FIELDS
    entity = "honour"
    noun = "荣誉"
    marks = {"level": LEVEL_MARK}

    def create(
        self,
        unit_id: int,
        data: Mapping[str, Any],
        *,
        import_batch_id: int | None = None,
        session: Session | None = None,
    ) -> Honour:
        values = dict(data)
        values.setdefault("status", DEFAULT_HONOUR_STATUS)
        return self._create(values, session, unit_id=unit_id, import_batch_id=import_batch_id)

    def list(self, criteria: HonourFilter | None = None) -> list[Honour]:
        """Live honours of live units, newest first (undated ones last)."""
        with self.db.session() as session:
            return list(session.scalars(honour_query(criteria or HonourFilter())).all())

    def count(self) -> int:
        """Live honours of live units."""
        with self.db.session() as session:
            return session.scalar(select(func.count()).where(live_honour())) or 0

    def years(self) -> list[int]:
        """The years in which live honours were awarded, newest first: the year filter's choices."""
        with self.db.session() as session:
            query = (
                select(Honour.awarded_year)
                .where(live_honour(), Honour.awarded_year.is_not(None))
                .distinct()
                .order_by(Honour.awarded_year.desc())
            )
            return list(session.scalars(query).all())

    def awarding_bodies(self) -> list[str]:
        """Awarding bodies already used, most used first: the completion list of the honour form."""
        with self.db.session() as session:
            query = (
                select(Honour.awarded_by, func.count())
                .where(Honour.awarded_by.is_not(None), Honour.deleted_at.is_(None))
                .group_by(Honour.awarded_by)
                .order_by(func.count().desc(), Honour.awarded_by)
            )
            return [body for body, _ in session.execute(query)]

    # -- hooks ---------------------------------------------------------------------------------

    def _describe(self, record: Honour) -> str:
        year = f"{record.awarded_year}年" if record.awarded_year else ""
        return f"{year}“{record.title}”"

    def _before_save(self, session: Session, record: Honour) -> None:
        unit = session.get(Unit, record.unit_id)
        if unit is None or unit.is_deleted:
            raise UserError(f"荣誉“{record.title}”所属的单位已不在档案中（可能已被删除），无法保存。")
        record.title_key = name_key(record.title)
        other = find_duplicate(session, record)
        if other is not None:
            when = f"{other.awarded_year}年" if other.awarded_year else "未注明年份"
            raise ValidationError(
                [
                    FieldProblem(
                        "title",
                        "称号",
                        record.title,
                        f"单位“{unit.name}”已有{when}的同一荣誉记录",
                    )
                ]
            )

    def _collect_for_purge(self, session: Session, record: Honour) -> None:
        record.attachments  # noqa: B018 - load the list while the session is open

    def _after_purge(self, record: Honour) -> None:
        if self.db.data_dir is None:
            return
        from core.attachments import ALLOWED_SUFFIXES
        from core.files import discard
        from core.stored_paths import stored_file_or_none

        for attachment in record.attachments:  # the record is gone: a file held open is only logged
            stored = stored_file_or_none(
                self.db.data_dir.attachments, attachment.stored_path, ALLOWED_SUFFIXES
            )
            if stored is not None:  # a path leaving attachments/ is never touched
                discard(stored)


def find_duplicate(session: Session, record: Honour) -> Honour | None:
    """A live honour of the same unit and holder with the same title and year (and awarding body when both
    have one). Two teachers of one school, each 优秀教师 of 2024, are two honours; the unit's own and a
    person's of the same title too."""
    # The title is compared here, not in SQL: given title_key = ?, SQLite without statistics reads the
    # title's index (every unit holding the title) rather than the unit's few honours of that year.
    query = select(Honour.id, Honour.title_key, Honour.awarded_by, Honour.recipient).where(
        Honour.unit_id == record.unit_id,
        Honour.deleted_at.is_(None),
        Honour.awarded_year.is_(None)
        if record.awarded_year is None
        else Honour.awarded_year == record.awarded_year,
    )
    if record.id is not None:
        query = query.where(Honour.id != record.id)
    title_key = name_key(record.title)
    unit = session.get(Unit, record.unit_id) if record.unit_id is not None else None
    names = (unit.name, unit.short_name) if unit is not None else ()
    holder = _holder_key(record.recipient, names)
    for other_id, other_title, other_body, other_holder in session.execute(query):
        if (
            other_title == title_key
            and (
                not (record.awarded_by and other_body) or name_key(record.awarded_by) == name_key(other_body)
            )
            and _holder_key(other_holder, names) == holder
        ):
            return session.get(Honour, other_id)
    return None


def _holder_key(recipient: str | None, unit_names: tuple[str | None, ...]) -> str:
    """ "" for the unit's own honour (no 获得者, or one naming the unit), else the person's name key."""
    return "" if collective(recipient, *unit_names) else name_key(recipient or "")


def live_honour() -> ColumnElement[bool]:
    """A live honour of a live unit, for counts over every honour. Deleted units are few, so
    excluding them reads no unit rows and the count comes from the covering indexes."""
    deleted_units = select(Unit.id).where(Unit.deleted_at.is_not(None))
    return and_(Honour.deleted_at.is_(None), Honour.unit_id.not_in(deleted_units))


def level_condition(level: str) -> ColumnElement[bool]:
    """Honours of a level; UNLEVELLED (未定级) picks those whose level is not recorded."""
    return Honour.level.is_(None) if level == UNLEVELLED else Honour.level == level


def honour_query(criteria: HonourFilter) -> Select[tuple[Honour]]:
    query = (
        select(Honour)
        .join(Unit, Unit.id == Honour.unit_id)
        .where(Honour.deleted_at.is_(None), Unit.deleted_at.is_(None))
    )
    if criteria.unit_id is not None:
        query = query.where(Honour.unit_id == criteria.unit_id)
    if criteria.level:
        query = query.where(level_condition(criteria.level))
    if criteria.category:
        query = query.where(Honour.category == criteria.category)
    if criteria.status:
        query = query.where(Honour.status == criteria.status)
    if criteria.year_from is not None:
        query = query.where(Honour.awarded_year >= criteria.year_from)
    if criteria.year_to is not None:
        query = query.where(Honour.awarded_year <= criteria.year_to)
    return query.order_by(
        Honour.awarded_year.is_(None),
        Honour.awarded_year.desc(),
        func.coalesce(Honour.awarded_month, 0).desc(),
        func.coalesce(Honour.awarded_day, 0).desc(),
        Honour.id.desc(),
    )
