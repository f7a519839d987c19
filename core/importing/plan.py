"""What importing registers would do, row by row: new, update, duplicate, error or skipped.

classify() reads the database but changes nothing; apply.py runs it again inside the writing
transaction, so the plan it writes is the one that holds at that moment. The registers of one file
(its sheets) make one plan, in their import order: a unit a unit sheet creates is the unit an honour
or material sheet names.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any, Literal, NamedTuple

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from core import figure_dates
from core.changelog import plain
from core.fields import UNIT_FIELDS
from core.former_names import former_name_index, match_note
from core.holders import collective
from core.importing.infer import Inference
from core.importing.materials import ExistingMaterials, material_row
from core.importing.register import Register, RegisterRow, RowProblem
from core.importing.row_notes import replaced_values, similar_warning, update_text
from core.importing.unit_facts import Conflict, facts_to_fill, shown
from core.importing.workbook import RegisterFile, SkippedSheet
from core.models import Honour, Unit
from core.text import name_key

Status = Literal["new", "update", "duplicate", "error", "skipped"]
STATUS_NAMES = {"new": "新增", "update": "更新", "duplicate": "重复", "error": "错误", "skipped": "跳过"}
COUNT_KEYS = (
    "units_created",
    "units_updated",
    "honours_created",
    "materials_created",
    "duplicates",
    "rejected",
)
_LABELS = {f.key: f.label for f in UNIT_FIELDS}
FileRow = tuple[str, int]  # the sheet and Excel row number of a register row


@dataclass
class RowPlan:
    number: int
    status: Status
    message: str
    unit_name: str | None
    sheet: str = ""


@dataclass
class NewUnit:
    key: str  # name key, the reference honours use until the unit has an id
    values: dict[str, Any]
    row: int
    inferred: Inference | None = None  # the category, when the register gives none (values hold it too)
    sheet: str = ""


@dataclass
class ImportPlan:
    registers: list[Register]
    skipped_sheets: list[SkippedSheet] = field(default_factory=list)
    rows: list[RowPlan] = field(default_factory=list)
    new_units: dict[str, NewUnit] = field(default_factory=dict)
    unit_updates: dict[int, dict[str, Any]] = field(default_factory=dict)  # unit id → new values
    new_honours: list[tuple[int | str, dict[str, Any], int]] = field(default_factory=list)  # unit id or key
    new_materials: list[tuple[int | str, dict[str, Any], int]] = field(default_factory=list)  # materials.py
    duplicates: int = 0
    errors: list[RowProblem] = field(default_factory=list)
    conflicts: list[RowProblem] = field(default_factory=list)  # unit facts differing from the records
    replaced: list[RowProblem] = field(default_factory=list)  # recorded unit values a unit register replaces
    similar: list[RowProblem] = field(default_factory=list)  # new honours like recorded ones (title alike)
    new_unit_codes: dict[str, list[NewUnit]] = field(default_factory=dict, repr=False)  # credit code → units
    sheet_counts: dict[str, dict[str, int]] = field(default_factory=dict)  # each sheet's share of counts()
    honour_spans: dict[str, tuple[int, int]] = field(default_factory=dict)  # sheet → its new_honours slice

    @property
    def register(self) -> Register:
        """The first register (the only one of a one-sheet import)."""
        return self.registers[0]

    @property
    def register_sheets(self) -> list[str]:
        return [register.sheet for register in self.registers]

    @property
    def rejected_rows(self) -> set[tuple[str, int]]:
        return {(problem.sheet, problem.row) for problem in self.errors}

    @property
    def warnings(self) -> list[RowProblem]:
        """What the preview asks the user to look at: the registers' own warnings, the conflicts, then
        new honours that look like recorded ones."""
        return [
            *(w for register in self.registers for w in register.warnings),
            *self.conflicts,
            *self.similar,
        ]

    def sheet_errors(self, sheet: str) -> list[RowProblem]:
        return [problem for problem in self.errors if problem.sheet == sheet]

    def honours_of(self, sheet: str) -> list[tuple[int | str, dict[str, Any], int]]:
        """The new honours the rows of one sheet give."""
        start, end = self.honour_spans.get(sheet, (0, 0))
        return self.new_honours[start:end]

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
        self.session = session
        self.whole: dict[int, Unit] = {}
        self.by_code: dict[str, UnitLike] = {}
        self.by_name: dict[str, UnitLike] = {}
        short: dict[str, list[UnitLike]] = {}
        self.names: dict[int, str] = {}  # id → name, to say which unit a short name stands for
        self.short_names: dict[int, str | None] = {}  # id → short name, a 获得者 naming the unit itself
        self.by_id: dict[int, UnitLike] = {}
        for unit, key, short_name, code in _live_units(session, whole_units):
            self.by_name[key] = unit
            self.by_id[unit.id] = unit
            self.names[unit.id] = unit.name
            self.short_names[unit.id] = short_name
            if short_name:
                short.setdefault(name_key(short_name), []).append(unit)
            if code:
                self.by_code[code] = unit
        self.shared_short: dict[str, list[str]] = {}  # a short name of several units → their names
        for key, units in short.items():
            if key in self.by_name:
                continue  # a unit's full name: that unit
            if len(units) == 1:
                self.by_name[key] = units[0]
            else:
                self.shared_short[key] = [unit.name for unit in units]
        self.by_former = {
            key: unit_id for key, unit_id in former_name_index(session).items() if key not in self.by_name
        }  # a current name (or one unit's short name) wins over another unit's former one
        self.recorded: dict[tuple[int, str], list[tuple[int | None, str | None]]] = {}  # year, body
        self.honours = _honour_keys(session, titles, self.recorded, self.holder_key)
        self.in_records = set(self.honours)
        self.file_rows: dict[tuple[Any, ...], dict[str | None, FileRow]] = {}  # body → where the file gave it

    def sharing_short_name(self, values: dict[str, Any]) -> list[str]:
        """The names of the units whose shared short name the row gives (and no credit code telling
        them apart); none when the name is a full name or one unit's short name."""
        if not self.shared_short or values.get("credit_code") in self.by_code:
            return []
        return self.shared_short.get(name_key(values["name"]), [])

    def find_unit(self, values: dict[str, Any]) -> UnitLike | None:
        code = values.get("credit_code")
        if code and code in self.by_code:
            return self.by_code[code]
        key = name_key(values["name"])
        found = self.by_name.get(key)
        if found is None and key in self.by_former:  # a name the unit bore before (曾用名)
            return self.by_id[self.by_former[key]]
        return found

    def unit(self, unit_id: int) -> Unit:
        """The whole unit, loaded once, when a row brings facts about it."""
        if unit_id not in self.whole:
            unit = self.session.get(Unit, unit_id)
            assert unit is not None
            self.whole[unit_id] = unit
        return self.whole[unit_id]

    def similar_honours(
        self, unit_ref: int | str, honour: dict[str, Any]
    ) -> list[tuple[int | None, str | None]]:
        """The unit's recorded honours of the same title with another year or body (year, body): the
        same honour written differently, or another one; the clerk decides."""
        if not self.recorded or not isinstance(unit_ref, int):
            return []
        return self.recorded.get((unit_ref, name_key(honour["title"])), [])

    def holder_key(self, unit_ref: int | str, recipient: str | None) -> str:
        """ "" for the unit's own honour (no 获得者, or one naming the unit), else the person's name key: two
        teachers of one school with the same title of a year are two honours, not a duplicate."""
        if isinstance(unit_ref, int):
            names = (self.names.get(unit_ref), self.short_names.get(unit_ref))
        else:
            names = (unit_ref, None)  # a unit this import creates: its name key
        return "" if collective(recipient, *names) else name_key(recipient or "")

    def _honour_key(self, unit_ref: int | str, honour: dict[str, Any]) -> tuple[tuple[Any, ...], str | None]:
        awarded = honour.get("awarded")
        recipient = honour.get("recipient")
        holder = self.holder_key(unit_ref, recipient) if recipient else ""  # no 获得者: the unit's own
        key = (unit_ref, name_key(honour["title"]), awarded.year if awarded else None, holder)
        awarded_by = honour.get("awarded_by")
        return key, (name_key(awarded_by) if awarded_by else None)

    def honour_exists(self, unit_ref: int | str, honour: dict[str, Any], row: FileRow = ("", 0)) -> bool:
        """Whether the records or an earlier row of the file hold this honour; a new one is remembered
        (with its row) for the rows after it."""
        key, body = self._honour_key(unit_ref, honour)
        bodies = self.honours.get(key)
        if bodies is None:
            self.honours[key] = [body]  # later rows of the file see this one
            self.file_rows[key] = {body: row}
            return False
        # The same honour when either body is unknown or both are the same one.
        if body is None or None in bodies or body in bodies:
            return True
        bodies.append(body)
        self.file_rows.setdefault(key, {})[body] = row
        return False

    def earlier_row(self, unit_ref: int | str, honour: dict[str, Any]) -> FileRow | None:
        """The row of this file that gave an honour honour_exists found, when the records do not hold it."""
        key, body = self._honour_key(unit_ref, honour)
        rows = self.file_rows.get(key, {})
        if body in rows:
            return rows[body]
        if None in rows:
            return rows[None]
        if body is None and rows and key not in self.in_records:
            return next(iter(rows.values()))
        return None


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
    session: Session,
    titles: set[str],
    recorded: dict[tuple[int, str], list[tuple[int | None, str | None]]],
    holder_key: Callable[[int, str | None], str],
) -> dict[tuple[int | str, str, int | None, str], list[str | None]]:
    """(unit id, title key, year, holder key) → the name keys of the bodies that awarded it, of every live
    honour whose title key is one of titles; recorded gets (unit id, title key) → each one's year and body."""
    honours: dict[tuple[int | str, str, int | None, str], list[str | None]] = {}
    bodies: dict[str, str] = {}  # a few bodies award most honours: name_key() once for each
    for unit_id, title, year, body, recipient in _live_honours(session, sorted(titles)):
        recorded.setdefault((unit_id, title), []).append((year, body))
        if body:
            body_key = bodies.get(body)
            if body_key is None:
                body_key = bodies[body] = name_key(body)
        else:
            body_key = None
        key = (unit_id, title, year, holder_key(unit_id, recipient) if recipient else "")
        known = honours.get(key)
        if known is None:
            honours[key] = [body_key]
        else:
            known.append(body_key)
    return honours


def _live_honours(
    session: Session, titles: list[str]
) -> Iterator[Row[tuple[int, str, int | None, str | None, str | None]]]:
    """Unit id, title key, year, body and 获得者 of the live honours with these title keys (Core rows)."""
    connection = session.connection()
    columns = (Honour.unit_id, Honour.title_key, Honour.awarded_year, Honour.awarded_by, Honour.recipient)
    for start in range(0, len(titles), _TITLES_PER_QUERY):
        chunk = titles[start : start + _TITLES_PER_QUERY]
        yield from connection.execute(
            select(*columns).where(Honour.deleted_at.is_(None), Honour.title_key.in_(chunk))
        )


def _titles(registers: list[Register]) -> set[str]:
    """The title keys of the registers' good rows."""
    return {
        name_key(row.honour["title"])
        for register in registers
        for row in register.rows
        if row.ok and row.honour.get("title")
    }


def registers_of(source: Register | RegisterFile) -> tuple[list[Register], list[SkippedSheet]]:
    if isinstance(source, RegisterFile):
        return source.registers, source.skipped_sheets
    return [source], []


def classify(session: Session, source: Register | RegisterFile) -> ImportPlan:
    registers, skipped_sheets = registers_of(source)
    plan = ImportPlan(registers, skipped_sheets)
    whole_units = any(register.kind == "units" for register in registers)
    existing = _Existing(session, whole_units=whole_units, titles=_titles(registers))
    materials = ExistingMaterials(session) if any(r.kind == "materials" for r in registers) else None
    for register in registers:
        before, first_error, first_honour = plan.counts(), len(plan.errors), len(plan.new_honours)
        classify_row = _row_classifier(plan, existing, materials, register)
        rows = [_classify_row(plan, register, row, classify_row) for row in register.rows]
        rows += [
            RowPlan(skipped.number, "skipped", f"{skipped.reason}，已跳过", None, register.sheet)
            for skipped in register.skipped_rows
        ]
        plan.rows += sorted(rows, key=lambda row: row.number)
        plan.errors[first_error:] = [
            problem if problem.sheet else replace(problem, sheet=register.sheet)
            for problem in plan.errors[first_error:]
        ]
        after = plan.counts()
        plan.sheet_counts[register.sheet] = {key: after[key] - before[key] for key in COUNT_KEYS}
        plan.honour_spans[register.sheet] = (first_honour, len(plan.new_honours))
    _warn_name_parts(plan, existing)
    return plan


def _warn_name_parts(plan: ImportPlan, existing: _Existing) -> None:
    """A warning on the row creating a unit whose name is part of another's, or holds another's."""
    if not plan.new_units:
        return
    from core.importing.name_parts import name_part_message, name_parts

    by_name = {pending.values["name"]: pending for pending in plan.new_units.values()}
    for part in name_parts(by_name, existing.names.values()):
        pending = by_name[part.name]
        register = next(r for r in plan.registers if r.sheet == pending.sheet)
        column = next((c for c, t in register.mapping.items() if t == "unit.name"), None)
        label = register.column_label(column) if column is not None else "单位名称"
        plan.similar.append(RowProblem(pending.row, label, name_part_message(part), pending.sheet))


def _row_classifier(
    plan: ImportPlan, existing: _Existing, materials: ExistingMaterials | None, register: Register
) -> Callable[[RegisterRow], RowPlan]:
    """What classifies one good row of this register (decided once, not per row)."""
    sheet = register.sheet
    if register.kind == "materials":
        assert materials is not None
        return lambda row: _material_row(plan, existing, materials, row, register)
    if register.kind == "honours":
        return lambda row: _honour_row(plan, existing, row, register)
    return lambda row: (
        _shared_short_name(plan, existing, row, register) or _unit_row(plan, existing, row, sheet)
    )


def _classify_row(
    plan: ImportPlan, register: Register, row: RegisterRow, classify_row: Callable[[RegisterRow], RowPlan]
) -> RowPlan:
    if not row.ok:
        plan.errors += row.problems
        message = "；".join(_naming_column(p) for p in row.problems)
        return RowPlan(row.number, "error", message, row.unit.get("name"), register.sheet)
    result = classify_row(row)
    result.sheet = register.sheet
    return result


def _unit_ref(
    plan: ImportPlan, unit: UnitLike | None, row: RegisterRow, sheet: str
) -> tuple[int | str, bool]:
    """The unit a row names: an existing unit's id, or the key of a unit this import creates."""
    if unit is not None:
        return unit.id, False
    key = name_key(row.unit["name"])
    if key not in plan.new_units:
        pending = plan.new_units[key] = NewUnit(key, dict(row.unit), row.number, sheet=sheet)
        category = row.inferred.get("unit.category")
        if category is not None and not pending.values.get("category"):
            pending.values["category"], pending.inferred = category.value or None, category
        code = pending.values.get("credit_code")
        if code:
            plan.new_unit_codes.setdefault(code, []).append(pending)
        return key, True
    return key, False


def _row_text(pending: NewUnit, sheet: str) -> str:
    """ "第 5 行", or "工作表“单位”第 5 行" when the row is on another sheet."""
    where = f"工作表“{pending.sheet}”" if pending.sheet != sheet else ""
    return f"{where}第 {pending.row} 行"


def _code_taken(
    plan: ImportPlan, existing: _Existing, row: RegisterRow, unit_id: int | None, sheet: str
) -> RowProblem | None:
    code = row.unit.get("credit_code")
    if not code:
        return None
    owner = existing.by_code.get(code)
    label = "统一社会信用代码"
    if owner is not None and owner.id != unit_id:
        return RowProblem(row.number, label, f"统一社会信用代码“{code}”已被单位“{owner.name}”使用", sheet)
    key = name_key(row.unit["name"])
    for pending in plan.new_unit_codes.get(code, ()):
        if pending.key != key:
            text = f"统一社会信用代码“{code}”与{_row_text(pending, sheet)}重复"
            return RowProblem(row.number, label, text, sheet)
    return None


def _naming_column(problem: RowProblem) -> str:
    """获得时间：月份 13 应在 1 到 12 之间 — the preview's line names the cell's column, as the list of
    rejected rows does, unless the message names it already (缺少单位名称)."""
    if not problem.column or problem.column in problem.message:
        return problem.message
    return f"{problem.column}：{problem.message}"


def _reject(plan: ImportPlan, row: RegisterRow, problem: RowProblem) -> RowPlan:
    plan.errors.append(problem)
    return RowPlan(row.number, "error", problem.message, row.unit.get("name"))


def _shared_short_name(
    plan: ImportPlan, existing: _Existing, row: RegisterRow, register: Register
) -> RowPlan | None:
    """The rejection of a row naming its unit by a short name several units share: matching either
    would file the row under a unit the register may not mean."""
    names = existing.sharing_short_name(row.unit)
    if not names:
        return None
    column = next((c for c, t in register.mapping.items() if t == "unit.name"), None)
    label = register.column_label(column) if column is not None else "单位名称"
    units = "、".join(f"“{name}”" for name in names)
    message = f"“{row.unit['name']}”是单位{units}共用的简称，不能确定是哪一个；请在该行写明单位全称"
    return _reject(plan, row, RowProblem(row.number, label, message, register.sheet))


def _row_unit(
    plan: ImportPlan, existing: _Existing, row: RegisterRow, sheet: str
) -> tuple[int | str, bool] | RowPlan:
    """The unit an honour or material row belongs to, created with it when need be (its id or key, and
    whether it is created), or the row's rejection."""
    unit = existing.find_unit(row.unit)
    if unit is None:
        problem = _code_taken(plan, existing, row, None, sheet)
        if problem is not None:
            return _reject(plan, row, problem)
    return _unit_ref(plan, unit, row, sheet)


def _honour_row(plan: ImportPlan, existing: _Existing, row: RegisterRow, register: Register) -> RowPlan:
    found = _shared_short_name(plan, existing, row, register) or _row_unit(
        plan, existing, row, register.sheet
    )
    if isinstance(found, RowPlan):
        return found
    unit_ref, created = found
    name = row.unit["name"]
    filled = "" if created else _fill_unit(plan, existing, unit_ref, row, register)
    if existing.honour_exists(unit_ref, row.honour, (register.sheet, row.number)):
        plan.duplicates += 1
        held = _held_where(existing.earlier_row(unit_ref, row.honour), register.sheet)
        return RowPlan(row.number, "duplicate", f"“{row.honour['title']}”{held}，跳过{filled}", name)
    plan.new_honours.append((unit_ref, row.honour, row.number))
    note = "（同时新建单位）" if created else _filed_under(existing, unit_ref, name)
    similar = existing.similar_honours(unit_ref, row.honour)
    if similar:
        recorded = existing.names.get(unit_ref, name) if isinstance(unit_ref, int) else name
        plan.similar.append(similar_warning(register, row, recorded, similar))
        note += "（库中有相近的一项，见提醒）"
    return RowPlan(row.number, "new", f"新增荣誉“{row.honour['title']}”{note}{filled}", name)


def _held_where(earlier: FileRow | None, sheet: str) -> str:
    """已有记录 for an honour in the records; 与本表第 4 行重复 for one an earlier row of the file gave."""
    if earlier is None:
        return "已有记录"
    where = "本表" if earlier[0] == sheet else f"工作表“{earlier[0]}”"
    return f"与{where}第 {earlier[1]} 行重复"


def _filed_under(existing: _Existing, unit_ref: int | str, written: str) -> str:
    """（归入单位“东湖区第二中学”） when the row names its unit otherwise (a short name)."""
    recorded = existing.names.get(unit_ref) if isinstance(unit_ref, int) else None
    if recorded is None or name_key(recorded) == name_key(written):
        return ""
    if existing.by_former.get(name_key(written)) == unit_ref:
        return f"（{match_note(written)}，归入单位“{recorded}”）"
    return f"（归入单位“{recorded}”）"


def _material_row(
    plan: ImportPlan, existing: _Existing, materials: ExistingMaterials, row: RegisterRow, register: Register
) -> RowPlan:
    found = _shared_short_name(plan, existing, row, register) or _row_unit(
        plan, existing, row, register.sheet
    )
    if isinstance(found, RowPlan):
        return found
    result = material_row(plan, materials, *found, row)
    if not found[1]:
        result.message += _filed_under(existing, found[0], row.unit["name"])
        result.message += _fill_unit(plan, existing, found[0], row, register)
    return result


def _fill_unit(
    plan: ImportPlan, existing: _Existing, unit_ref: int | str, row: RegisterRow, register: Register
) -> str:
    """The row's unit facts fill the unit's empty fields (an existing unit's, or one this import creates
    from an earlier row); differing values become conflicts. Returns the row's note on what it fills."""
    if len(row.unit) == 1 and "name" in row.unit:  # nearly every honour row: the unit's name alone
        return ""
    written = {key: value for key, value in row.unit.items() if key != "name"}
    if not any(value not in (None, "", {}) for value in written.values()):
        return ""
    if isinstance(unit_ref, str):
        pending = plan.new_units[unit_ref]
        fills, conflicts = facts_to_fill(pending.values, written)
        pending.values.update(fills)
        unit_name = pending.values["name"]
    else:
        unit = existing.unit(unit_ref)
        updates = plan.unit_updates.setdefault(unit_ref, {})
        recorded = {key: updates.get(key, getattr(unit, key)) for key in written}
        fills, conflicts = facts_to_fill(recorded, written)
        if fills.get("credit_code") in plan.new_unit_codes:  # a unit this import creates has that code
            conflicts.append(Conflict("credit_code", None, fills.pop("credit_code")))
        updates.update(fills)
        if not updates:
            del plan.unit_updates[unit_ref]
        unit_name = unit.name
    for conflict in conflicts:
        plan.conflicts.append(_conflict(register, row, unit_name, conflict))
    labels = [_LABELS.get(key, key) for key in fills]
    return f"；补充单位{'、'.join(labels)}" if labels else ""


def _conflict(register: Register, row: RegisterRow, unit_name: str, conflict: Conflict) -> RowProblem:
    target = "unit.extra" if conflict.extra else f"unit.{conflict.key}"
    column = next((c for c, t in register.mapping.items() if t == target), None)
    label = register.column_label(column) if column is not None else _LABELS.get(conflict.key, conflict.key)
    field_name = conflict.key if conflict.extra else _LABELS.get(conflict.key, conflict.key)
    message = (
        f"单位“{unit_name}”的{field_name}已记录为“{shown(conflict.recorded)}”，本行写的是"
        f"“{shown(conflict.written)}”；已保留原记录，如需更改请在单位信息中修改"
    )
    return RowProblem(row.number, label, message, register.sheet)


def _unit_row(plan: ImportPlan, existing: _Existing, row: RegisterRow, sheet: str) -> RowPlan:
    name = row.unit["name"]
    unit = existing.find_unit(row.unit)
    problem = _code_taken(plan, existing, row, unit.id if unit else None, sheet)
    if problem is not None:
        return _reject(plan, row, problem)
    if unit is None:
        key = name_key(name)
        if key in plan.new_units:
            plan.duplicates += 1
            text = f"与{_row_text(plan.new_units[key], sheet)}为同一单位，跳过"
            return RowPlan(row.number, "duplicate", text, name)
        _unit_ref(plan, None, row, sheet)
        return RowPlan(row.number, "new", "新增单位", name)
    assert isinstance(unit, Unit)  # a unit register loads whole units
    changes = unit_changes(unit, row.unit)
    if not changes or unit.id in plan.unit_updates:
        plan.duplicates += 1
        return RowPlan(
            row.number, "duplicate", "与库中记录相同" if not changes else "同一单位重复出现，跳过", name
        )
    plan.unit_updates[unit.id] = changes
    replaced = replaced_values(unit, changes)
    plan.replaced += [
        RowProblem(row.number, label, f"单位“{unit.name}”的{label}由“{old}”改为“{new}”", sheet)
        for label, old, new in replaced
    ]
    return RowPlan(row.number, "update", "更新：" + update_text(changes, replaced), name)


def unit_changes(unit: Unit, values: dict[str, Any]) -> dict[str, Any]:
    """The fields the row would change: filled cells that differ (blank cells never erase)."""
    changes: dict[str, Any] = {}
    for key, value in values.items():
        if key == "name" or value in (None, "", {}):
            continue
        if key == "extra":
            merged = figure_dates.merged(unit.extra, value)
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
