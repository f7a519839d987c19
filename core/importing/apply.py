"""Writing an import in one transaction, committed only once the backup made alongside it is safe.

The rows go in by multi-row INSERTs on SQLite, by Core's executemany elsewhere (no ORM objects); undoing
a batch is in history.py.

A new unit's pinyin search keys are left pending (PENDING_KEYS) for UnitService.fill_pending_keys(),
which the window runs once it shows the data and any other command runs before it starts: pypinyin's
dictionaries take longer to load than a whole register takes to import, and nothing in the import needs
them. Until then the unit is found by its name, not yet by its pinyin.
"""

from __future__ import annotations

import datetime as dt
import logging
import operator
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from itertools import chain
from typing import Any

from sqlalchemy import Connection, Table, insert, select
from sqlalchemy.orm import Session

from core import figure_dates
from core.changelog import plain, record_change
from core.changes import Changes
from core.db import Database
from core.importing.materials import insert_materials
from core.importing.plan import ImportPlan, NewUnit, classify
from core.importing.register import Register, RowProblem
from core.importing.review import CHOSEN
from core.importing.workbook import RegisterFile
from core.inferred import CATEGORY_MARK, marked
from core.models import Honour, ImportBatch, Unit, utcnow
from core.pinyin_keys import PENDING_KEYS
from core.progress import Progress, no_progress, paused_gc
from core.text import name_key
from core.vocab import DEFAULT_HONOUR_STATUS

log = logging.getLogger(__name__)

_CHUNK = 1000  # honour rows made ready at a time, between progress reports
_ROWS_PER_STATEMENT = 500  # rows of one multi-row INSERT on SQLite, within its variable limit
_KEYS_PER_QUERY = 500  # bound parameters of one IN (…), well below every database's limit
_IMPORT_CACHE_SIZE = -64 * 1024  # SQLite's page cache while an import writes: 64 MB (negative: in KiB)


@dataclass
class ImportResult:
    counts: dict[str, int]
    errors: list[RowProblem]
    applied: bool  # False: a dry run, or strict mode refused because of rejected rows
    batch_id: int | None = None
    plan: ImportPlan | None = field(default=None, repr=False)

    @property
    def changes(self) -> Changes:
        """What an applied import changed (the op that ran it broadcasts this once)."""
        if not self.applied:
            return Changes()
        return Changes(
            units=True, honours=True, materials=bool(self.counts.get("materials_created")), imports=True
        )

    def as_json(self) -> dict[str, Any]:
        """The totals at the top, then each sheet's share, its skipped rows and its errors."""
        return {
            **self.counts,
            "errors": [e.as_dict() for e in self.errors],
            "warnings": [w.as_dict() for w in self.plan.warnings] if self.plan else [],
            "replaced": [r.as_dict() for r in self.plan.replaced] if self.plan else [],
            "applied": self.applied,
            "batch_id": self.batch_id,
            "sheets": self.plan and sheets_json(self.plan),
            "inferred": self.plan and inferred_json(self.plan),
            "skipped_sheets": self.plan
            and [{"sheet": s.sheet, "reason": s.reason} for s in self.plan.skipped_sheets],
        }


def sheets_json(plan: ImportPlan) -> list[dict[str, Any]]:
    return [
        {
            "sheet": register.sheet,
            "kind": register.kind,
            "header_row": register.header.row_number,
            "rows": len(register.rows),
            **plan.sheet_counts.get(register.sheet, {}),
            "skipped_rows": [{"row": s.number, "reason": s.reason} for s in register.skipped_rows],
            "errors": [e.as_dict() for e in plan.sheet_errors(register.sheet)],
        }
        for register in plan.registers
    ]


def inferred_json(plan: ImportPlan) -> list[dict[str, Any]]:
    """The levels and categories the import inferred (or the clerk then chose), each with its rule: the
    records keep the rule as their 级别推断/类别推断 mark (core/inferred.py)."""
    from core.importing.review import inferred_values

    return [
        {
            "sheet": register.sheet,
            "field": "level" if item.kind == "level" else "category",
            "rows": list(item.rows),
            "subject": item.subject,
            "value": item.value,
            "rule": item.rule,
            "inferred": item.rule != CHOSEN,
        }
        for register in plan.registers
        for item in inferred_values(register, plan)
    ]


def preview_import(database: Database, source: Register | RegisterFile) -> ImportPlan:
    """What importing would do now, changing nothing."""
    with database.session() as session:
        plan = classify(session, source)
        session.rollback()
    return plan


def apply_import(
    database: Database,
    source: Register | RegisterFile,
    *,
    strict: bool = False,
    dry_run: bool = False,
    progress: Progress = no_progress,
) -> ImportResult:
    """Import a register, or every register of a file as one batch. Strict mode (or a dry run) changes
    nothing when rows would be rejected."""
    if dry_run or strict:
        plan = preview_import(database, source)
        if dry_run or plan.errors:
            return ImportResult(plan.counts(), plan.errors, applied=False, plan=plan)
    with _backup_alongside(database) as backed_up, database.session(write=True) as session, paused_gc():
        plan = classify(session, source)
        if strict and plan.errors:
            session.rollback()
            backed_up()
            return ImportResult(plan.counts(), plan.errors, applied=False, plan=plan)
        batch_id = _write(session, plan, progress)
        backed_up()  # the import commits (as the block ends) only once the backup is safely written
    log.info("已导入“%s”：%s", plan.register.path.name, plan.counts())
    return ImportResult(plan.counts(), plan.errors, applied=True, batch_id=batch_id, plan=plan)


class _Backup:
    """The backup before an import, made in a thread while the import is classified and written.

    SQLite copies and checks the file without holding the GIL, so the two overlap. The backup still holds
    the records as they were before the import: the import's transaction stays uncommitted (and unseen by
    the backup's connection) until the backup has succeeded, and rolls back when it failed.
    """

    def __init__(self, database: Database) -> None:
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(database,), name="backup-before-import")
        self._thread.start()

    def _run(self, database: Database) -> None:
        from core.backup import backup_database

        try:
            backup_database(database, reason="before-import")
        except BaseException as error:  # handed to the importing thread by wait()
            self._error = error

    def join(self) -> None:
        self._thread.join()

    def wait(self) -> None:
        """Wait for the backup; raises what made it fail."""
        self._thread.join()
        if self._error is not None:
            raise self._error


@contextmanager
def _backup_alongside(database: Database) -> Iterator[Callable[[], None]]:
    """Starts the backup of a database file; the block calls what it yields to wait for it. The backup
    has ended when the block has, however it ends."""
    if database.sqlite_path is None:
        yield lambda: None
        return
    if database.exclusive:  # a network file has one connection: back up first, then import
        from core.backup import backup_database

        backup_database(database, reason="before-import")
        yield lambda: None
        return
    backup = _Backup(database)
    try:
        yield backup.wait
    finally:
        backup.join()


@contextmanager
def _roomy_page_cache(session: Session) -> Iterator[None]:
    """SQLite's default page cache (2 MB) is far smaller than a city's database, and the honours table's
    nine indexes thrash it while thousands of rows go in; a bigger one while the import writes."""
    if session.get_bind().dialect.name != "sqlite":
        yield
        return
    dbapi = session.connection().connection.dbapi_connection
    assert dbapi is not None
    previous = dbapi.execute("PRAGMA cache_size").fetchone()[0]
    dbapi.execute(f"PRAGMA cache_size={_IMPORT_CACHE_SIZE}")
    try:
        yield
    finally:  # on the driver's connection: works even when the session's transaction has failed
        dbapi.execute(f"PRAGMA cache_size={int(previous)}")


_SHEET_CHARS = 100  # import_batches.sheet


def batch_sheets(names: list[str]) -> str:
    """The sheets of a batch as one text that fits its column: 单位、荣誉 (or 2019年、2020年等 5 个工作表)."""
    text = "、".join(names)
    for count in range(len(names) - 1, 0, -1):
        if len(text) <= _SHEET_CHARS:
            break
        text = "、".join(names[:count]) + f"等 {len(names)} 个工作表"
    return text[:_SHEET_CHARS]


def _mapping(registers: list[Register]) -> dict[str, Any]:
    """A one-sheet batch keeps its mapping as it always has; several sheets keep theirs by sheet."""
    if len(registers) == 1:
        return {str(c): t for c, t in registers[0].mapping.items()}
    return {"sheets": {r.sheet: {str(c): t for c, t in r.mapping.items()} for r in registers}}


def _write(session: Session, plan: ImportPlan, progress: Progress) -> int:
    register = plan.register
    sheets = batch_sheets(plan.register_sheets)
    batch = ImportBatch(
        file_name=str(register.path),
        file_hash=register.file_hash,
        sheet=sheets,
        mapping=_mapping(plan.registers),
        counts=plan.counts(),
    )
    session.add(batch)
    session.flush()
    total = len(plan.new_units) + len(plan.unit_updates) + len(plan.new_honours)
    now = utcnow()
    with _roomy_page_cache(session):
        unit_ids = _insert_units(session, plan, now, progress, total)
        changed, written = _update_units(session, plan)
        _insert_honours(session, plan, unit_ids, batch.id, now, progress, total)
        insert_materials(session, plan, unit_ids, batch.id, now)
    batch.undo_data = {
        "created_units": sorted(unit_ids.values()),
        "updated_units": changed,
        "written_units": written,
    }
    counts = plan.counts()
    summary = (
        f"导入“{register.path.name}”（{sheets}）：新建单位 {counts['units_created']} 个，"
        f"更新单位 {counts['units_updated']} 个，新增荣誉 {counts['honours_created']} 项，"
        f"重复 {counts['duplicates']} 行，拒绝 {counts['rejected']} 行"
    )
    record_change(session, "import", "import_batch", batch.id, summary, {"counts": counts})
    return batch.id


def _insert_units(
    session: Session, plan: ImportPlan, now: dt.datetime, progress: Progress, total: int
) -> dict[str, int]:
    """The new units, inserted in one executemany (no ORM objects); name key → new id.

    Their ids are then looked up by name key, which one live unit has at most. (INSERT … RETURNING in
    the rows' order would run one statement per row on SQLite.)
    """
    rows = []
    for done, pending in enumerate(plan.new_units.values(), start=1):
        rows.append(_unit_values(_with_mark(pending), now))
        if done % 200 == 0:
            progress(done, total, f"正在写入单位 {done}/{len(plan.new_units)}")
    if not rows:
        return {}
    connection = session.connection()
    _insert_many(connection, Unit.__table__, rows)
    keys = list(plan.new_units)
    ids: dict[str, int] = {}
    for start in range(0, len(keys), _KEYS_PER_QUERY):
        query = select(Unit.name_key, Unit.id).where(
            Unit.deleted_at.is_(None), Unit.name_key.in_(keys[start : start + _KEYS_PER_QUERY])
        )
        ids.update({key: unit_id for key, unit_id in connection.execute(query)})
    return {key: ids[key] for key in keys}


def _with_mark(pending: NewUnit) -> dict[str, Any]:
    """A new unit's values, with its category's 推断 mark where the import inferred it (not where the
    clerk chose it in the preview)."""
    inferred, values = pending.inferred, pending.values
    if inferred is None or inferred.rule == CHOSEN or not values.get("category"):
        return values
    return {**values, "extra": marked(values.get("extra"), CATEGORY_MARK, inferred.rule)}


def _update_units(
    session: Session, plan: ImportPlan
) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """Matched units get the row's new values; returns each one's old values and the values written, for
    undo (which keeps a value changed since)."""
    changed: dict[str, dict[str, Any]] = {}
    units: dict[str, Unit] = {}
    for unit_id, values in plan.unit_updates.items():
        unit = units[str(unit_id)] = session.get(Unit, unit_id)  # type: ignore[assignment]
        assert unit is not None
        values = figure_dates.settled(partial(getattr, unit), unit.extra, values)
        changed[str(unit_id)] = {key: plain(getattr(unit, key)) for key in values}
        for key, value in values.items():
            setattr(unit, key, value)
        if "short_name" in values or "former_names" in values:  # searched by it, once the keys are filled
            unit.pinyin_full = unit.pinyin_initials = PENDING_KEYS
    session.flush()
    written = {
        unit_id: {key: plain(getattr(units[unit_id], key)) for key in old} for unit_id, old in changed.items()
    }
    return changed, written


def _insert_honours(
    session: Session,
    plan: ImportPlan,
    unit_ids: dict[str, int],
    batch_id: int,
    now: dt.datetime,
    progress: Progress,
    total: int,
) -> None:
    honours = plan.new_honours
    done = len(plan.new_units) + len(plan.unit_updates)
    connection = session.connection()
    constant = (batch_id, 1, now, now)  # import_batch_id, version, created_at, updated_at
    for start in range(0, len(honours), _CHUNK):
        chunk = honours[start : start + _CHUNK]
        params = [
            _honour_row(unit_ids[unit_ref] if type(unit_ref) is str else unit_ref, values) + constant
            for unit_ref, values, _row in chunk
        ]
        _insert_rows(connection, Honour.__table__, _HONOUR_COLUMNS, params)
        done += len(chunk)
        progress(done, total, f"正在写入荣誉 {done - len(plan.new_units)}/{len(honours)}")


def _insert_many(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """INSERT rows that all name the same columns (see _insert_rows)."""
    names = tuple(rows[0])
    getter = operator.itemgetter(*names)
    params = [(row[names[0]],) for row in rows] if len(names) == 1 else list(map(getter, rows))
    _insert_rows(connection, table, names, params)


def _insert_rows(
    connection: Connection, table: Table, names: Sequence[str], params: list[tuple[Any, ...]]
) -> None:
    """INSERT rows given as tuples of the named columns' values, as Core's executemany would (no ORM
    bookkeeping).

    On SQLite as multi-row INSERTs (_insert_multirow) of the statement Core compiles, each value bound
    as Core binds it (its type's bind processor, once for each distinct value): Core's own per-row work
    costs about half as much again as SQLite's inserting. A column that is NULL in every row and has no
    default is left out of the statement, which then binds fewer values for each row.
    """
    if not params:
        return
    dialect = connection.dialect
    if dialect.name != "sqlite":
        connection.execute(insert(table), [dict(zip(names, row, strict=True)) for row in params])
        return
    values = dict(zip(names, zip(*params, strict=True), strict=True))  # column by column: the work stays in C
    for name in names:
        column = table.c[name]
        if (
            column.default is None
            and column.server_default is None
            and values[name].count(None) == len(params)
        ):
            del values[name]
    compiled = insert(table).compile(dialect=dialect, column_keys=list(values))
    columns: list[Sequence[Any]] = []
    for name in compiled.positiontup or ():
        processor = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        columns.append(values[name] if processor is None else _bound(processor, values[name]))
    _insert_multirow(connection, compiled.string, list(zip(*columns, strict=True)))


def _insert_multirow(connection: Connection, statement: str, rows: list[tuple[Any, ...]]) -> None:
    """statement (INSERT … VALUES (?, …)) for every row, many rows to an INSERT … VALUES (…), (…), …

    One statement for hundreds of rows instead of one for each: the driver binds and steps once a chunk,
    and the units' full-text index (filled by their insert trigger) is written out once a statement
    rather than once a row.
    """
    head, marks = statement.rsplit(" VALUES ", 1)
    dbapi = connection.connection.dbapi_connection
    size = max(1, min(_ROWS_PER_STATEMENT, _variable_limit(dbapi) // len(rows[0])))
    for start in range(0, len(rows), size):
        chunk = rows[start : start + size]
        sql = f"{head} VALUES {', '.join([marks] * len(chunk))}"
        connection.exec_driver_sql(sql, tuple(chain.from_iterable(chunk)))  # errors wrapped as Core's


def _variable_limit(dbapi: Any) -> int:
    """The most values one SQLite statement may bind (999 before SQLite 3.32, 32,766 since)."""
    try:
        return int(dbapi.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))
    except AttributeError:  # Python before 3.11
        return 999


def _bound(processor: Callable[[Any], Any], values: Sequence[Any]) -> list[Any]:
    """processor applied to each value, run once for each distinct one (an import's rows share their
    timestamps, and most their empty extra fields). Values are told apart by their identity when any is
    unhashable (a dict): every one outlives the list this returns."""
    try:
        table = {value: processor(value) for value in set(values)}
        return list(map(table.__getitem__, values))
    except TypeError:  # unhashable
        identities = list(map(id, values))
        distinct = dict(zip(identities, values, strict=True))
        by_identity = {identity: processor(value) for identity, value in distinct.items()}
        return list(map(by_identity.__getitem__, identities))


# Every column a new unit's INSERT names (the same for every row of one executemany).
_UNIT_COLUMNS = tuple(column.key for column in Unit.__table__.columns if column.key != "id")
_PARTIAL_DATES = ("founded",)  # a field stored as <field>_year, _month and _day
_NO_EXTRA: dict[str, Any] = {}  # one object for every row without extra fields (bound once); never changed
_NO_NAMES: list[Any] = []  # the same for every new unit without former names or regions; never changed


def _unit_values(values: dict[str, Any], now: dt.datetime) -> dict[str, Any]:
    """A new unit's row: what a Unit built from values and flushed by the ORM would hold."""
    row: dict[str, Any] = dict.fromkeys(_UNIT_COLUMNS)
    for key, value in values.items():
        if key in _PARTIAL_DATES:
            row[f"{key}_year"], row[f"{key}_month"], row[f"{key}_day"] = (
                (value.year, value.month, value.day) if value else (None, None, None)
            )
        elif key in row:
            row[key] = value
    row["name_key"] = name_key(values["name"])
    row["pinyin_full"] = row["pinyin_initials"] = PENDING_KEYS
    row["extra"] = values.get("extra") or _NO_EXTRA
    row["former_names"] = values.get("former_names") or _NO_NAMES
    row["former_regions"] = values.get("former_regions") or _NO_NAMES
    row["former_keys"] = ""  # with the pinyin keys, by UnitService.fill_pending_keys()
    row["created_at"] = row["updated_at"] = now
    row["version"] = 1
    return row


# A new honour's columns: _honour_row's values, then the batch's, the version and the times.
_HONOUR_COLUMNS = (
    *("unit_id", "title", "title_key", "recipient", "level", "awarded_by"),
    *("awarded_year", "awarded_month", "awarded_day", "document_no", "grade", "certificate_no"),
    *("valid_until", "category", "status", "notes", "extra"),
    *("import_batch_id", "version", "created_at", "updated_at"),
)


def _honour_row(unit_id: int, values: dict[str, Any]) -> tuple[Any, ...]:
    """A new honour's values for the first columns of _HONOUR_COLUMNS."""
    get = values.get
    title = values["title"]
    awarded = get("awarded")
    year, month, day = (awarded.year, awarded.month, awarded.day) if awarded else (None, None, None)
    return (
        *(unit_id, title, name_key(title), get("recipient"), get("level"), get("awarded_by")),
        *(year, month, day, get("document_no"), get("grade"), get("certificate_no")),
        get("valid_until"),
        get("category"),
        get("status") or DEFAULT_HONOUR_STATUS,
        get("notes"),
        get("extra") or _NO_EXTRA,
    )
