"""Units (单位): records, search by name and pinyin, listing with filters."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Any

from sqlalchemy import Integer, Select, Text, bindparam, column, func, or_, select, table
from sqlalchemy.orm import Session

from core import figure_dates, former_names
from core.changelog import record_change
from core.errors import FieldProblem, ValidationError
from core.fields import UNIT_FIELDS
from core.former_names import find_by_former_name
from core.inferred import CATEGORY_MARK
from core.models import ChangeLog, Honour, Unit
from core.pinyin_keys import KEY_VERSION, PENDING_KEYS, search_keys
from core.progress import Progress, no_progress
from core.services.honours import level_condition
from core.services.records import RecordService
from core.text import escape_like, name_key, to_halfwidth

_PINYIN_QUERY = re.compile(r"^[a-z0-9]+$")
TRIGRAM = 3  # characters in a trigram: shorter patterns cannot use a trigram index
# SQLite only (migration 0003): an FTS5 trigram table of each unit's name and pinyin keys.
_UNIT_SEARCH = table("unit_search", column("rowid", Integer), column("keys", Text))
# The unit list's sort keys besides "honours" and "latest" (computed from honours).
UNIT_SORTS: dict[str, Any] = {"name": Unit.pinyin_full, "category": Unit.category, "region": Unit.region}
PINYIN_KEYS_ENTITY = "pinyin_keys"  # change-log rows whose entity_id is the key version then written
_KEYS_PER_STEP = 200  # units whose search keys are computed between progress reports


@dataclass(frozen=True)
class UnitFilter:
    search: str | None = None
    category: str | None = None
    region: str | None = None  # matches any part of the region text
    level: str | None = None  # units holding an honour of this level (or UNLEVELLED) in the year range
    year_from: int | None = None  # units holding an honour awarded in the range
    year_to: int | None = None

    @property
    def holds_honours(self) -> bool:
        """Whether only units holding an honour in the level/year scope are wanted."""
        return bool(self.level) or self.year_from is not None or self.year_to is not None


@dataclass(frozen=True)
class UnitRow:
    """One line of the unit list."""

    id: int
    name: str
    short_name: str | None
    category: str | None
    region: str | None
    honour_count: int
    latest_honour_year: int | None
    formerly: str | None = None  # the former name a search found the unit by (its current one did not match)


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
    marks = {"category": CATEGORY_MARK}

    def create(self, data: Mapping[str, Any], *, session: Session | None = None) -> Unit:
        return self._create(data, session)

    def _settled(self, record: Unit, values: Mapping[str, Any]) -> Mapping[str, Any]:
        """…and a figure written without a date of its own is as of this write (core/figure_dates.py)."""
        values = super()._settled(record, values)
        return figure_dates.settled(partial(getattr, record), record.extra, values)

    def find_by_name(self, name: str, *, session: Session | None = None) -> Unit | None:
        """The live unit whose name (or short name, else former name) is the given one, under name
        normalisation."""
        key = name_key(name)
        with self._work(session, write=False) as session:
            unit = session.scalar(live_units().where(Unit.name_key == key))
            if unit is None:
                unit = session.scalar(live_units().where(Unit.short_name == name.strip()))
            if unit is None and (formerly := find_by_former_name(session, name)) is not None:
                unit = formerly[0]
            return unit

    def list(self, criteria: UnitFilter | None = None) -> list[UnitSummary]:
        """Live units matching the filter, by name, with their honour counts (whole records, for
        exports and the command line; the GUI pages through listing() and rows() instead)."""
        criteria = criteria or UnitFilter()
        counts = _honour_counts(criteria).subquery()
        query = (
            self._matching(select(Unit), criteria)
            .add_columns(func.coalesce(counts.c.n, 0), counts.c.latest)
            .outerjoin(counts, counts.c.unit_id == Unit.id)
            .order_by(self._bytewise(Unit.pinyin_full), Unit.id)
        )
        with self.db.session() as session:
            return [UnitSummary(unit, count, latest) for unit, count, latest in session.execute(query)]

    def search(self, text: str) -> list[UnitSummary]:
        return self.list(UnitFilter(search=text))

    def listing(
        self, criteria: UnitFilter | None = None, *, sort: str = "name", descending: bool = False
    ) -> list[int]:
        """Ids of the live units matching the filter, sorted by a key of UNIT_SORTS, "honours" or "latest".

        Cheap at a city's scale (ids only, from indexes); the rows behind them come from rows().
        """
        criteria = criteria or UnitFilter()
        query = self._matching(select(Unit.id), criteria)
        if sort in ("honours", "latest"):
            counts = _honour_counts(criteria).subquery()
            query = query.outerjoin(counts, counts.c.unit_id == Unit.id)
            key: Any = (
                func.coalesce(counts.c.n, 0) if sort == "honours" else func.coalesce(counts.c.latest, 0)
            )
        else:
            key = UNIT_SORTS[sort]
        key, by_name = self._bytewise(key), self._bytewise(Unit.pinyin_full)
        query = query.order_by(key.desc() if descending else key.asc(), by_name, Unit.id)
        with self.db.session() as session:  # Core rows, not ORM ones: no per-row bookkeeping
            ids = list(session.connection().execute(query).scalars().all())
        if self.db.read_only and sort == "name":
            return self._in_name_order(ids, descending)
        return ids

    def _in_name_order(self, ids: list[int], descending: bool) -> list[int]:
        """A database that cannot be written keeps the pinyin keys an import left pending (empty, so those
        units came first): in name order with their keys computed in memory (_unstored_keys)."""
        pending = select(Unit.id).where(Unit.pinyin_full == PENDING_KEYS, Unit.deleted_at.is_(None)).limit(1)
        query = select(Unit.id, Unit.name, Unit.short_name, Unit.former_names, Unit.pinyin_full).where(
            Unit.deleted_at.is_(None)  # every live unit (not an IN of thousands of ids)
        )
        with self.db.session() as session:
            if session.scalar(pending) is None:
                return ids
            rows = session.execute(query).all()
        keys = {
            row.id: _unstored_keys(row.name, row.short_name, row.former_names)[0]
            if row.pinyin_full == PENDING_KEYS
            else row.pinyin_full
            for row in rows
        }
        return sorted(sorted(ids), key=lambda unit_id: keys.get(unit_id, ""), reverse=descending)

    def rows(self, ids: Sequence[int], criteria: UnitFilter | None = None) -> dict[int, UnitRow]:
        """What the unit list shows of these units, with honour counts in the filter's scope."""
        criteria = criteria or UnitFilter()
        columns = select(
            Unit.id,
            Unit.name,
            Unit.short_name,
            Unit.category,
            Unit.region,
            *_SEARCHED_KEYS,
            Unit.former_names,
        ).where(Unit.id.in_(ids))
        counts = _honour_counts(criteria).where(Honour.unit_id.in_(ids))
        patterns = search_patterns(criteria.search) if criteria.search and criteria.search.strip() else []
        with self.db.session() as session:
            connection = session.connection()
            found = {unit_id: (count, latest) for unit_id, count, latest in connection.execute(counts).all()}
            return {
                row.id: UnitRow(*row[:5], *found.get(row.id, (0, None)), _found_by_former_name(row, patterns))
                for row in connection.execute(columns).all()
            }

    def _bytewise(self, key: Any) -> Any:
        """A text key compared byte by byte, as the pinyin sort key needs: SQLite does so already; a
        PostgreSQL server's language collation would skip the "-" between syllables."""
        if self.db.is_sqlite or not hasattr(key, "collate") or key is not Unit.pinyin_full:
            return key
        return key.collate("C")

    def refresh_pinyin_keys(self) -> int | None:
        """Recompute every unit's pinyin keys when they were written by another KEY_VERSION (a newer
        program reads names differently); the number of units whose keys changed, or None when they were
        current. Derived data only: versions and times stay as they were, and a unit whose keys come out
        the same is not written."""
        # Read first: at nearly every start the keys are current, and a write transaction would wait for
        # another PC's (or process's) write lock for nothing.
        if self._pinyin_key_version() == KEY_VERSION:
            return None
        with self.db.session(write=True) as session:
            if self._pinyin_key_version(session) == KEY_VERSION:  # another process has just done it
                return None
            query = select(Unit.id, Unit.name, Unit.short_name, Unit.pinyin_full, Unit.pinyin_initials)
            changed = []
            for unit_id, name, short_name, full, initials in session.execute(query):
                keys = search_keys(name, short_name)
                if keys != (full, initials):
                    changed.append({"unit_id": unit_id, "full": keys[0], "initials": keys[1]})
            units = Unit.__table__
            statement = (
                units.update()
                .where(units.c.id == bindparam("unit_id"))
                .values(
                    pinyin_full=bindparam("full"),
                    pinyin_initials=bindparam("initials"),
                    updated_at=units.c.updated_at,
                )
            )
            if changed:
                session.connection().execute(statement, changed)
            summary = f"按新的读音规则重新计算 {len(changed)} 个单位名称的拼音排序键（第 {KEY_VERSION} 版）"
            record_change(
                session, "update", PINYIN_KEYS_ENTITY, KEY_VERSION, summary, {"units": len(changed)}
            )
        return len(changed)

    def has_pending_keys(self) -> bool:
        with self.db.session() as session:
            query = select(Unit.id).where(Unit.pinyin_full == PENDING_KEYS).limit(1)
            return session.scalar(query) is not None

    def fill_pending_keys(self, progress: Progress = no_progress) -> int:
        """Compute the pinyin search keys imports left pending; returns how many units got theirs.

        An import leaves them (pypinyin's dictionaries take longer to load than a register takes to
        import); the window fills them once it shows the data, any other command before it runs.
        Derived data only: the units' versions and times stay as they were, so no one's edit conflicts.
        """
        query = select(Unit.id, Unit.name, Unit.short_name, Unit.former_names).where(
            Unit.pinyin_full == PENDING_KEYS
        )
        with self.db.session() as session:
            pending = session.execute(query).all()
        if not pending:
            return 0
        keys = []
        for done, (unit_id, name, short_name, former) in enumerate(pending):
            if done % _KEYS_PER_STEP == 0:
                progress(done, len(pending), "正在生成拼音检索码…")
            full, initials = search_keys(name, short_name)
            keys.append(
                {"unit": unit_id, "at_name": name, "at_short": short_name, "full": full, "initials": initials}
                | {"former": former_names.search_keys_of(former)}
            )
        units = Unit.__table__
        statement = (
            units.update()
            .where(
                units.c.id == bindparam("unit"),
                units.c.pinyin_full == PENDING_KEYS,
                # names changed meanwhile (another import): their keys stay pending for the next fill
                units.c.name == bindparam("at_name"),
                units.c.short_name.is_not_distinct_from(bindparam("at_short")),
            )
            .values(
                pinyin_full=bindparam("full"),
                pinyin_initials=bindparam("initials"),
                former_keys=bindparam("former"),
                updated_at=units.c.updated_at,
            )
        )
        with self.db.session(write=True) as session:
            session.connection().execute(statement, keys)
        return len(keys)

    def _pinyin_key_version(self, session: Session | None = None) -> int | None:
        query = select(func.max(ChangeLog.entity_id)).where(ChangeLog.entity == PINYIN_KEYS_ENTITY)
        if session is not None:
            return session.scalar(query)
        with self.db.session() as reading:
            return reading.scalar(query)

    def _matching(self, query: Select[Any], criteria: UnitFilter) -> Select[Any]:
        unstored = self._found_by_unstored_keys(criteria.search) if self.db.read_only else []
        query = apply_unit_filter(
            query.where(Unit.deleted_at.is_(None)), criteria, fts=self.db.is_sqlite, also=unstored
        )
        if criteria.holds_honours:
            query = query.where(Unit.id.in_(select(Honour.unit_id).where(*_honour_scope(criteria))))
        return query

    def _found_by_unstored_keys(self, text: str | None) -> list[int]:
        """A database that cannot be written (a CD, a share without write rights) keeps the pinyin keys an
        import left pending: they are computed here, in memory, so that a search finds those units by
        pinyin and by former name as it finds the others (their names the columns match already)."""
        if not text or not text.strip():
            return []
        query = select(Unit.id, Unit.name, Unit.short_name, Unit.former_names).where(
            Unit.pinyin_full == PENDING_KEYS, Unit.deleted_at.is_(None)
        )
        with self.db.session() as session:
            pending = session.execute(query).all()
        patterns = search_patterns(text)
        return [
            unit_id
            for unit_id, name, short_name, former in pending
            if any(pattern in key for pattern in patterns for key in _unstored_keys(name, short_name, former))
        ]

    def regions(self) -> list[str]:
        with self.db.session() as session:
            query = select(Unit.region).where(Unit.deleted_at.is_(None), Unit.region.is_not(None)).distinct()
            return sorted(session.scalars(query).all())

    def count(self) -> int:
        with self.db.session() as session:
            return session.scalar(select(func.count()).select_from(live_units().subquery())) or 0

    # -- hooks ---------------------------------------------------------------------------------

    def _describe(self, record: Unit) -> str:
        return f"“{record.name}”"

    def _before_save(self, session: Session, record: Unit) -> None:
        record.name_key = name_key(record.name)
        record.pinyin_full, record.pinyin_initials = search_keys(record.name, record.short_name)
        record.former_keys = former_names.search_keys_of(record.former_names)
        problems = []
        same_name = _other_live(session, record, Unit.name_key == record.name_key)
        if same_name is not None:
            problems.append(FieldProblem("name", "名称", record.name, "已有同名单位"))
        if record.credit_code:
            same_code = _other_live(session, record, Unit.credit_code == record.credit_code)
            if same_code is not None:
                problems.append(
                    FieldProblem(
                        "credit_code",
                        "统一社会信用代码",
                        record.credit_code,
                        f"已被单位“{same_code.name}”使用",
                    )
                )
        if problems:
            raise ValidationError(problems)


def live_units() -> Select[tuple[Unit]]:
    return select(Unit).where(Unit.deleted_at.is_(None))


def apply_unit_filter(
    query: Select[Any], criteria: UnitFilter, *, fts: bool = False, also: Sequence[int] = ()
) -> Select[Any]:
    """also: units the search finds besides those its condition does (keys not stored: _unstored_keys)."""
    if criteria.category:
        query = query.where(Unit.category == criteria.category)
    if criteria.region:
        query = query.where(Unit.region.like(f"%{escape_like(criteria.region.strip())}%", escape="\\"))
    if criteria.search and criteria.search.strip():
        condition = search_condition(criteria.search, fts=fts)
        query = query.where(or_(condition, Unit.id.in_(list(also))) if also else condition)
    return query


_UNSTORED_KEYS_CACHED = 4096  # units whose in-memory keys are kept (each search of a read-only database)


@lru_cache(maxsize=_UNSTORED_KEYS_CACHED)
def _keys_of(name: str, short_name: str | None, former: str) -> tuple[str, ...]:
    return (*search_keys(name, short_name), former_names.search_keys_of(json.loads(former)))


def _unstored_keys(name: str, short_name: str | None, former: Any) -> tuple[str, ...]:
    """The pinyin and former-name keys fill_pending_keys() would store for a unit."""
    return _keys_of(name, short_name, json.dumps(former or [], ensure_ascii=False, sort_keys=True))


_SEARCHED_KEYS = (Unit.name_key, Unit.short_name, Unit.pinyin_full, Unit.pinyin_initials)


def _found_by_former_name(row: Any, patterns: list[str]) -> str | None:
    """The former name a search found the unit by, when none of its current keys holds the text."""
    if not patterns or not row.former_names:
        return None
    current = [key or "" for key in row[5:9]]
    if any(pattern in key for pattern in patterns for key in current):
        return None
    return former_names.matching(row.former_names, patterns)


def search_patterns(text: str) -> list[str]:
    """What a search for text looks for inside a unit's keys: the normalised name, and the text as
    pinyin (full or initials) when it is letters and digits."""
    patterns = [name_key(text)]
    pinyin = to_halfwidth(text).lower().replace(" ", "").replace("'", "")
    if _PINYIN_QUERY.match(pinyin) and pinyin not in patterns:
        patterns.append(pinyin)
    return patterns


def search_condition(text: str, *, fts: bool = False) -> Any:
    """Name, short name, full pinyin or pinyin initials, or a former name's keys, contain the text.

    fts: SQLite's unit_search table (FTS5 trigram, migration 0003) answers patterns of three or
    more characters from its index; shorter ones compare the columns that can hold them.
    """
    conditions = []
    for pattern in search_patterns(text):
        if fts and len(pattern) >= TRIGRAM and not any(ch in pattern for ch in "%_\\"):
            keys = _UNIT_SEARCH.c["keys"]
            conditions.append(Unit.id.in_(select(_UNIT_SEARCH.c.rowid).where(keys.like(f"%{pattern}%"))))
            continue
        like = f"%{escape_like(pattern)}%"
        columns = [Unit.name_key, Unit.short_name, Unit.former_keys]
        if _PINYIN_QUERY.match(pattern):
            columns += [Unit.pinyin_full, Unit.pinyin_initials]
        conditions += [column.like(like, escape="\\") for column in columns]
    return or_(*conditions)


def _honour_scope(criteria: UnitFilter) -> list[Any]:
    scope = [Honour.deleted_at.is_(None)]
    if criteria.level:
        scope.append(level_condition(criteria.level))
    if criteria.year_from is not None:
        scope.append(Honour.awarded_year >= criteria.year_from)
    if criteria.year_to is not None:
        scope.append(Honour.awarded_year <= criteria.year_to)
    return scope


def _honour_counts(criteria: UnitFilter) -> Select[Any]:
    """Per unit: live honours in the filter's scope and the latest year among them."""
    return (
        select(Honour.unit_id, func.count().label("n"), func.max(Honour.awarded_year).label("latest"))
        .where(*_honour_scope(criteria))
        .group_by(Honour.unit_id)
    )


def _other_live(session: Session, record: Unit, condition: Any) -> Unit | None:
    query = live_units().where(condition)
    if record.id is not None:
        query = query.where(Unit.id != record.id)
    return session.scalar(query.limit(1))
