"""What importing a register would do, row by row: new, update, duplicate or error.

classify() reads the database but changes nothing; apply.py runs it again inside the writing
transaction, so the plan it writes is the one that holds at that moment.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from core.changelog import plain
from core.fields import UNIT_FIELDS
from core.importing.infer import Inference
from core.importing.materials import ExistingMaterials, material_row
from core.importing.register import Register, RegisterRow, RowProblem
from core.models import Honour, Unit
from core.text import name_key

Status = Literal["new", "update", "duplicate", "error"]
STATUS_NAMES = {"new": "新增", "update": "更新", "duplicate": "重复", "error": "错误"}
_LABELS = {f.key: f.label for f in UNIT_FIELDS}


@dataclass
class RowPlan:
    number: int
    status: Status
    message: str
    unit_name: str | None


@dataclass
class NewUnit:
    key: str  # name key, the reference honours use until the unit has an id
    values: dict[str, Any]
    row: int
    inferred: Inference | None = None  # the category, when the register gives none (values hold it too)


@dataclass
class ImportPlan:
    register: Register
    rows: list[RowPlan] = field(default_factory=list)
    new_units: dict[str, NewUnit] = field(default_factory=dict)
    unit_updates: dict[int, dict[str, Any]] = field(default_factory=dict)  # unit id → new values
    new_honours: list[tuple[int | str, dict[str, Any], int]] = field(default_factory=list)  # unit id or key
    new_materials: list[tuple[int | str, dict[str, Any], int]] = field(default_factory=list)  # materials.py
    duplicates: int = 0
    errors: list[RowProblem] = field(default_factory=list)
    new_unit_codes: dict[str, list[NewUnit]] = field(default_factory=dict, repr=False)  # credit code → units

    @property
    def rejected_rows(self) -> set[int]:
        return {problem.row for problem in self.errors}

    def counts(self) -> dict[str, int]:
        return {
            "units_created": len(self.new_units),
            "units_updated": len(self.unit_updates),
            "honours_created": len(self.new_honours),
            "materials_created": len(self.new_materials),
            "duplicates": self.duplicates,
            "rejected": len(self.rejected_rows),
        }


class KnownUnit(NamedTuple):
    """What classifying an honour row needs of an existing unit (a whole Unit costs ten times more to load)."""

    id: int
    name: str


UnitLike = Unit | KnownUnit
_UNIT_KEYS = (Unit.name_key, Unit.short_name, Unit.credit_code)
_TITLES_PER_QUERY = 500  # bound parameters of one IN (…), well below every database's limit


class _Existing:
    """The live units and honour keys, loaded once, so that classifying a row is a dictionary lookup.

    Whole Unit objects only for a unit register, whose rows are compared with every field; honour keys
    only for the titles the register holds (a duplicate has the same title).
    """

    def __init__(self, session: Session, *, whole_units: bool, titles: set[str]) -> None:
        self.by_code: dict[str, UnitLike] = {}
        self.by_name: dict[str, UnitLike] = {}
        short: dict[str, UnitLike] = {}
        for unit, key, short_name, code in _live_units(session, whole_units):
            self.by_name[key] = unit
            if short_name:
                short.setdefault(name_key(short_name), unit)
            if code:
                self.by_code[code] = unit
        for key, unit in short.items():
            self.by_name.setdefault(key, unit)
        self.honours = _honour_keys(session, titles)

    def find_unit(self, values: dict[str, Any]) -> UnitLike | None:
        code = values.get("credit_code")
        if code and code in self.by_code:
            return self.by_code[code]
        return self.by_name.get(name_key(values["name"]))

    def honour_exists(self, unit_ref: int | str, honour: dict[str, Any]) -> bool:
        awarded = honour.get("awarded")
        key = (unit_ref, name_key(honour["title"]), awarded.year if awarded else None)
        awarded_by = honour.get("awarded_by")
        body = name_key(awarded_by) if awarded_by else None
        bodies = self.honours.get(key)
        if bodies is None:
            self.honours[key] = [body]  # later rows of the file see this one
            return False
        # The same honour when either body is unknown or both are the same one.
        if body is None or None in bodies or body in bodies:
            return True
        bodies.append(body)
        return False


def _live_units(session: Session, whole: bool) -> list[tuple[UnitLike, str, str | None, str | None]]:
    """Each live unit with its name key, short name and credit code, in the order the database gives
    (the same for both queries: of units sharing a short name, the first one is matched)."""
    live = Unit.deleted_at.is_(None)
    if whole:
        units = session.scalars(select(Unit).where(live))
        return [(unit, unit.name_key, unit.short_name, unit.credit_code) for unit in units]
    query = select(Unit.id, Unit.name, *_UNIT_KEYS).where(live)
    rows = session.connection().execute(query)
    return [(KnownUnit(i, name), key, short, code) for i, name, key, short, code in rows]


def _honour_keys(
    session: Session, titles: set[str]
) -> dict[tuple[int | str, str, int | None], list[str | None]]:
    """(unit id, title key, year) → the name keys of the bodies that awarded it, of every live honour
    whose title key is one of titles."""
    honours: dict[tuple[int | str, str, int | None], list[str | None]] = {}
    bodies: dict[str, str] = {}  # a few bodies award most honours: name_key() once for each
    for unit_id, title, year, body in _live_honours(session, sorted(titles)):
        if body:
            body_key = bodies.get(body)
            if body_key is None:
                body_key = bodies[body] = name_key(body)
        else:
            body_key = None
        known = honours.get((unit_id, title, year))
        if known is None:
            honours[(unit_id, title, year)] = [body_key]
        else:
            known.append(body_key)
    return honours


def _live_honours(
    session: Session, titles: list[str]
) -> Iterator[Row[tuple[int, str, int | None, str | None]]]:
    """Unit id, title key, year and body of the live honours with these title keys (Core rows: no ORM)."""
    connection = session.connection()
    columns = (Honour.unit_id, Honour.title_key, Honour.awarded_year, Honour.awarded_by)
    for start in range(0, len(titles), _TITLES_PER_QUERY):
        chunk = titles[start : start + _TITLES_PER_QUERY]
        yield from connection.execute(
            select(*columns).where(Honour.deleted_at.is_(None), Honour.title_key.in_(chunk))
        )


def _titles(register: Register) -> set[str]:
    """The title keys of the register's good rows."""
    return {name_key(row.honour["title"]) for row in register.rows if row.ok and row.honour.get("title")}


def classify(session: Session, register: Register) -> ImportPlan:
    plan = ImportPlan(register)
    existing = _Existing(session, whole_units=register.kind == "units", titles=_titles(register))
    materials = ExistingMaterials(session) if register.kind == "materials" else None
    for row in register.rows:
        if not row.ok:
            plan.errors += row.problems
            plan.rows.append(
                RowPlan(row.number, "error", "；".join(p.message for p in row.problems), row.unit.get("name"))
            )
            continue
        if materials is not None:
            plan.rows.append(_material_row(plan, existing, materials, row))
        elif register.kind == "honours":
            plan.rows.append(_honour_row(plan, existing, row))
        else:
            plan.rows.append(_unit_row(plan, existing, row))
    return plan


def _unit_ref(plan: ImportPlan, unit: UnitLike | None, row: RegisterRow) -> tuple[int | str, bool]:
    """The unit a row names: an existing unit's id, or the key of a unit this import creates."""
    if unit is not None:
        return unit.id, False
    key = name_key(row.unit["name"])
    if key not in plan.new_units:
        pending = plan.new_units[key] = NewUnit(key, dict(row.unit), row.number)
        category = row.inferred.get("unit.category")
        if category is not None and not pending.values.get("category"):
            pending.values["category"], pending.inferred = category.value or None, category
        code = pending.values.get("credit_code")
        if code:
            plan.new_unit_codes.setdefault(code, []).append(pending)
        return key, True
    return key, False


def _code_taken(
    plan: ImportPlan, existing: _Existing, row: RegisterRow, unit_id: int | None
) -> RowProblem | None:
    code = row.unit.get("credit_code")
    if not code:
        return None
    owner = existing.by_code.get(code)
    if owner is not None and owner.id != unit_id:
        return RowProblem(
            row.number, "统一社会信用代码", f"统一社会信用代码“{code}”已被单位“{owner.name}”使用"
        )
    key = name_key(row.unit["name"])
    for pending in plan.new_unit_codes.get(code, ()):
        if pending.key != key:
            return RowProblem(
                row.number, "统一社会信用代码", f"统一社会信用代码“{code}”与第 {pending.row} 行重复"
            )
    return None


def _reject(plan: ImportPlan, row: RegisterRow, problem: RowProblem) -> RowPlan:
    plan.errors.append(problem)
    return RowPlan(row.number, "error", problem.message, row.unit.get("name"))


def _row_unit(plan: ImportPlan, existing: _Existing, row: RegisterRow) -> tuple[int | str, bool] | RowPlan:
    """The unit an honour or material row belongs to, created with it when need be (its id or key, and
    whether it is created), or the row's rejection."""
    unit = existing.find_unit(row.unit)
    if unit is None:
        problem = _code_taken(plan, existing, row, None)
        if problem is not None:
            return _reject(plan, row, problem)
    return _unit_ref(plan, unit, row)


def _honour_row(plan: ImportPlan, existing: _Existing, row: RegisterRow) -> RowPlan:
    found = _row_unit(plan, existing, row)
    if isinstance(found, RowPlan):
        return found
    unit_ref, created = found
    name = row.unit["name"]
    if existing.honour_exists(unit_ref, row.honour):
        plan.duplicates += 1
        return RowPlan(row.number, "duplicate", f"“{row.honour['title']}”已有记录，跳过", name)
    plan.new_honours.append((unit_ref, row.honour, row.number))
    note = "（同时新建单位）" if created else ""
    return RowPlan(row.number, "new", f"新增荣誉“{row.honour['title']}”{note}", name)


def _material_row(
    plan: ImportPlan, existing: _Existing, materials: ExistingMaterials, row: RegisterRow
) -> RowPlan:
    found = _row_unit(plan, existing, row)
    return found if isinstance(found, RowPlan) else material_row(plan, materials, *found, row)


def _unit_row(plan: ImportPlan, existing: _Existing, row: RegisterRow) -> RowPlan:
    name = row.unit["name"]
    unit = existing.find_unit(row.unit)
    problem = _code_taken(plan, existing, row, unit.id if unit else None)
    if problem is not None:
        return _reject(plan, row, problem)
    if unit is None:
        key = name_key(name)
        if key in plan.new_units:
            plan.duplicates += 1
            return RowPlan(
                row.number, "duplicate", f"与第 {plan.new_units[key].row} 行为同一单位，跳过", name
            )
        _unit_ref(plan, None, row)
        return RowPlan(row.number, "new", "新增单位", name)
    assert isinstance(unit, Unit)  # a unit register loads whole units
    changes = unit_changes(unit, row.unit)
    if not changes or unit.id in plan.unit_updates:
        plan.duplicates += 1
        return RowPlan(
            row.number, "duplicate", "与库中记录相同" if not changes else "同一单位重复出现，跳过", name
        )
    plan.unit_updates[unit.id] = changes
    return RowPlan(row.number, "update", "更新：" + "、".join(_LABELS.get(k, k) for k in changes), name)


def unit_changes(unit: Unit, values: dict[str, Any]) -> dict[str, Any]:
    """The fields the row would change: filled cells that differ (blank cells never erase)."""
    changes: dict[str, Any] = {}
    for key, value in values.items():
        if key == "name" or value in (None, "", {}):
            continue
        if key == "extra":
            merged = {**(unit.extra or {}), **value}
            if merged != (unit.extra or {}):
                changes[key] = merged
        elif plain(getattr(unit, key)) != plain(value):
            changes[key] = value
    return changes


def summarise(rows: Iterable[RowPlan]) -> dict[str, int]:
    result = dict.fromkeys(STATUS_NAMES, 0)
    for row in rows:
        result[row.status] += 1
    return result
