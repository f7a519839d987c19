"""What each column of a register becomes: its header's match, completed from its values where the header
cannot say, so that no column with values is left without a place.

- A header that names two things (获奖单位: the unit that won, or the body that gave it) is decided by its
  values: the units the database holds, or names shaped like awarding bodies (…委, …厅, 市委、市政府) or
  like units (…小学, …村).
- A column with no field of its own, named or not, is kept as an extra field: of the honour on an honour
  register, of the unit otherwise.
- Every decision not made by a known header word carries its reason, for the preview to show.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select

from core.db import Database
from core.importing.headers import (
    TARGET_LABELS,
    HeaderGuess,
    HeaderMatch,
    ambiguous_targets,
    extra_target,
    match_column,
    register_kind,
)
from core.importing.infer import infer_category
from core.importing.normalise import cell_text
from core.models import Honour, Unit
from core.text import name_key

UNIT_NAME, BODY = "unit.name", "honour.awarded_by"
_BODY_SHAPE = re.compile(
    r"(?:委员会|委|政府|厅|部|总局|办公室|办|协会|学会|联合会|总会|基金会|国务院|中央|妇联|工会|团委|组委会)$|[、，,]"
)
_SAMPLE_VALUES = 30


@dataclass(frozen=True)
class KnownNames:
    """Name keys of the database's live units (and their short names) and of the bodies its honours name."""

    units: frozenset[str] = frozenset()
    bodies: frozenset[str] = frozenset()


def known_names(database: Database) -> KnownNames:
    with database.session() as session:
        units = session.execute(select(Unit.name_key, Unit.short_name).where(Unit.deleted_at.is_(None)))
        unit_keys = {key for row in units for key in (row[0], name_key(row[1]) if row[1] else None) if key}
        bodies = session.scalars(
            select(Honour.awarded_by)
            .distinct()
            .where(Honour.awarded_by.is_not(None), Honour.deleted_at.is_(None))
        )
        return KnownNames(frozenset(unit_keys), frozenset(name_key(body) for body in bodies))


@dataclass
class ColumnChoice:
    """Each column's target and, for any not named by a known header word, why it goes there."""

    mapping: dict[int, str]
    notes: dict[int, str] = field(default_factory=dict)


def choose_columns(
    header: HeaderGuess, rows: Sequence[Sequence[object]] = (), known: KnownNames | None = None
) -> ColumnChoice:
    """The mapping a register is read with unless the user changes it. rows: data rows below the header."""
    matches = header.matches or {c: HeaderMatch(t, "synonym") for c, t in header.mapping.items()}
    mapping = {column: found.target for column, found in matches.items()}
    notes: dict[int, str] = {}
    values = column_values(rows)
    for column, found in sorted(matches.items()):
        if found.how == "guess":
            notes[column] = f"{found.why}，推断为“{TARGET_LABELS[found.target]}”"
        elif found.how == "ambiguous":
            label = header.labels[column]
            mapping[column], notes[column] = _decide(
                label, values.get(column, []), mapping, column, known or KnownNames()
            )
    _fill_freed(header, mapping, notes)
    extra = extra_target(register_kind(mapping))
    width = max(len(header.labels), max(values, default=-1) + 1)
    for column in range(width):
        label = header.labels[column] if column < len(header.labels) else ""
        if column in mapping or not (label or values.get(column)):
            continue
        mapping[column] = extra
        where = "荣誉" if extra == "honour.extra" else "单位"
        name = label or f"第 {column + 1} 列"
        found = match_column(label) if label else None
        twin = next((c for c, t in mapping.items() if found and t == found.target and c != column), None)
        if found is not None and twin is not None:
            notes[column] = (
                f"第 {twin + 1} 列已是“{TARGET_LABELS[found.target]}”，此列作为{where}的其他信息“{name}”保存"
            )
        else:
            notes[column] = f"没有对应的字段，作为{where}的其他信息“{name}”保存"
    return ColumnChoice(mapping, notes)


def _fill_freed(header: HeaderGuess, mapping: dict[int, str], notes: dict[int, str]) -> None:
    """A column left out because an ambiguous one came first with its field (获奖单位 before 单位名称) gets
    that field when the values gave the ambiguous column the other one."""
    for column, label in enumerate(header.labels):
        found = match_column(label) if label and column not in mapping else None
        if found is not None and found.how != "ambiguous" and found.target not in mapping.values():
            mapping[column] = found.target
            if found.how == "guess":
                notes[column] = f"{found.why}，推断为“{TARGET_LABELS[found.target]}”"


def column_values(rows: Sequence[Sequence[object]]) -> dict[int, list[str]]:
    """The distinct texts of each column (the first few), for deciding what it holds."""
    found: dict[int, list[str]] = {}
    for row in rows:
        for column, value in enumerate(row):
            text = cell_text(value)
            if text is None:
                continue
            seen = found.setdefault(column, [])
            if len(seen) < _SAMPLE_VALUES and text not in seen:
                seen.append(text)
    return found


def _decide(
    label: str, values: list[str], mapping: dict[int, str], column: int, known: KnownNames
) -> tuple[str, str]:
    """The target of a column whose header names a unit or a body (获奖单位), with the reason."""
    default = (ambiguous_targets(label) or (UNIT_NAME,))[0]
    units, bodies = _votes(values, known)
    if len(units) > len(bodies):
        want, evidence = UNIT_NAME, _evidence("单位", units, known.units)
    elif len(bodies) > len(units):
        want, evidence = BODY, _evidence("授奖机关", bodies, known.bodies)
    else:
        want, evidence = default, "看不出是哪一种，按这个列名最常见的用法"
    intro = f"“{label}”可指获奖的单位，也可指授奖的单位：{evidence}"
    taken = any(target == want for other, target in mapping.items() if other != column)
    if taken:
        other = next(c for c, t in mapping.items() if t == want and c != column)
        return extra_target(
            "honours"
        ), f"{intro}；但第 {other + 1} 列已是“{TARGET_LABELS[want]}”，此列作为其他信息保存"
    return want, f"{intro}，按“{TARGET_LABELS[want]}”导入"


def _votes(values: list[str], known: KnownNames) -> tuple[list[str], list[str]]:
    """The values that look like units and those that look like awarding bodies."""
    units: list[str] = []
    bodies: list[str] = []
    for value in values:
        key = name_key(value)
        if key in known.units:
            units.append(value)
        elif key in known.bodies or _BODY_SHAPE.search(value):
            bodies.append(value)
        else:
            category = infer_category(value)
            if category is not None and category.value != "机关":  # 教育局 awards as often as it is awarded
                units.append(value)
    return units, bodies


def _evidence(what: str, examples: list[str], known: frozenset[str]) -> str:
    in_database = any(name_key(example) in known for example in examples)
    where = "库中已有的" if in_database else "像是"
    return f"列中的值多为{where}{what}（如“{examples[0]}”）"
