"""What the import preview lets the clerk review and change before anything is written: where each column
goes, and the levels and categories the import inferred (each with its rule), changeable one by one or for
several at once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from core.importing.headers import EXTRAS, IGNORE, SERIAL, TARGET_LABELS
from core.importing.infer import Inference
from core.importing.mapping import column_name
from core.importing.plan import ImportPlan
from core.importing.register import Register
from core.inferred import LEVEL_MARK
from core.text import name_key

LEVEL, CATEGORY = "level", "category"
CHOSEN = "手动指定"  # the rule of a value the clerk chose in the preview


@dataclass(frozen=True)
class ColumnDestination:
    column: int
    letter: str  # Excel's column letters
    label: str  # the header, or 第 N 列 for a column without one
    destination: str  # in Chinese: 荣誉·授予单位, 荣誉的其他信息“指导教师”, 不导入
    how: str  # 按表头 / 推断 / 按内容判断 / 其他信息 / 不导入
    note: str  # why, when the header alone did not say


def column_destinations(register: Register) -> list[ColumnDestination]:
    """Every column that has a header or a mapping, and where its values go."""
    width = max(len(register.header.labels), max(register.mapping, default=-1) + 1)
    result = []
    for column in range(width):
        label = register.column_label(column)
        target = register.mapping.get(column)
        named = column < len(register.header.labels) and register.header.labels[column]
        if target is None and not named:
            continue
        note = register.notes.get(column, "")
        if target is None or target in EXTRAS:
            owner = "荣誉" if (target or "").startswith("honour.") or register.kind == "honours" else "单位"
            destination, how = f"{owner}的其他信息“{label.removeprefix('其他·')}”", "其他信息"
        elif target == IGNORE:
            destination, how = "不导入", "不导入"
        elif target == SERIAL:
            destination, how = TARGET_LABELS[SERIAL], "按表头"
            note = note or "序号（整数）只是行号，不导入；其他内容作为其他信息保存"
        else:
            destination = TARGET_LABELS.get(target, target)
            how = "按内容判断" if "可指" in note else "推断" if note else "按表头"
        result.append(ColumnDestination(column, column_name(column), label, destination, how, note))
    return result


@dataclass(frozen=True)
class InferredValue:
    kind: str  # LEVEL or CATEGORY
    key: str  # an honour's Excel row (as text), or a new unit's name key
    rows: tuple[int, ...]  # the Excel rows it stands for
    subject: str  # the honour's title with its unit, or the new unit's name
    value: str | None
    rule: str


def inferred_values(register: Register, plan: ImportPlan) -> list[InferredValue]:
    """The levels of the honours and the categories of the units this import would create from the
    register's rows (one sheet of the plan), where it did not give them and they were inferred (or then
    chosen in the preview)."""
    found: list[InferredValue] = []
    by_number = {row.number: row for row in register.rows}
    for _ref, values, number in plan.honours_of(register.sheet):
        inferred = by_number[number].inferred.get("honour.level")
        if inferred is not None:
            subject = f"{by_number[number].unit['name']}：{values['title']}"
            found.append(
                InferredValue(LEVEL, str(number), (number,), subject, values.get("level"), inferred.rule)
            )
    for key, unit in plan.new_units.items():
        if unit.inferred is not None and unit.sheet == register.sheet:
            rows = tuple(r.number for r in register.rows if r.ok and name_key(r.unit["name"]) == key)
            found.append(
                InferredValue(
                    CATEGORY, key, rows, unit.values["name"], unit.values.get("category"), unit.inferred.rule
                )
            )
    return found


def choose(register: Register, plan: ImportPlan, items: Iterable[InferredValue], value: str | None) -> None:
    """Set the level or category of the given inferred values (None: none at all). The register's rows
    carry the choice, so that the import writes it (apply classifies the rows again) and a new check of
    the same rows can be given it again with reapply()."""
    chosen = Inference(value or "", CHOSEN)
    by_number = {row.number: row for row in register.rows}
    for item in items:
        if item.kind == LEVEL:
            row = by_number[int(item.key)]
            row.honour["level"] = value
            row.inferred["honour.level"] = chosen
            extra = {k: v for k, v in (row.honour.get("extra") or {}).items() if k != LEVEL_MARK}
            row.honour["extra"] = extra  # chosen by the clerk: no 推断 mark (a new dict: see register)
        else:
            for number in item.rows:
                by_number[number].inferred["unit.category"] = chosen
            unit = plan.new_units.get(item.key)
            if unit is not None:
                unit.values["category"], unit.inferred = value, chosen


def choices(register: Register) -> dict[tuple[str, str], str | None]:
    """The values chosen in the preview, to give a new check of the same register: (kind, key) → value."""
    found: dict[tuple[str, str], str | None] = {}
    for row in register.rows:
        level = row.inferred.get("honour.level")
        if level is not None and level.rule == CHOSEN:
            found[(LEVEL, str(row.number))] = level.value or None
        category = row.inferred.get("unit.category")
        if category is not None and category.rule == CHOSEN and row.unit.get("name"):
            found[(CATEGORY, name_key(row.unit["name"]))] = category.value or None
    return found


def reapply(register: Register, plan: ImportPlan, chosen: dict[tuple[str, str], str | None]) -> None:
    """Give a fresh check the values chosen before it (rows and units that are still there)."""
    for item in inferred_values(register, plan):
        if (item.kind, item.key) in chosen:
            choose(register, plan, [item], chosen[(item.kind, item.key)])
