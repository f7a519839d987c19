"""What a register's preview says about a row beyond its status: the honour a new one looks like, and the
recorded unit values a unit row replaces."""

from __future__ import annotations

from typing import Any

from core.fields import UNIT_FIELDS
from core.importing.register import Register, RegisterRow, RowProblem
from core.importing.unit_facts import shown
from core.models import Unit

_LABELS = {f.key: f.label for f in UNIT_FIELDS}


def when_and_by(year: int | None, body: str | None) -> str:
    return f"{f'{year}年' if year else '未记年份'}，{body or '未记授予单位'}"


def similar_warning(
    register: Register, row: RegisterRow, unit_name: str, similar: list[tuple[int | None, str | None]]
) -> RowProblem:
    title = row.honour["title"]
    awarded = row.honour.get("awarded")
    recorded = "；".join(f"（{when_and_by(year, body)}）" for year, body in similar)
    this = when_and_by(awarded.year if awarded else None, row.honour.get("awarded_by"))
    message = (
        f"单位“{unit_name}”已有荣誉“{title}”{recorded}，本行（{this}）将另作一项新增；"
        "如是同一项，请导入后删去其一，或改正登记表再导入"
    )
    column = next((c for c, t in register.mapping.items() if t == "honour.title"), None)
    label = register.column_label(column) if column is not None else "荣誉称号"
    return RowProblem(row.number, label, message, register.sheet)


def replaced_values(unit: Unit, changes: dict[str, Any]) -> list[tuple[str, str, str]]:
    """The recorded values a unit row replaces (filling an empty field replaces none): label, old, new."""
    replaced = []
    for key, value in changes.items():
        if key == "extra":
            recorded = unit.extra or {}
            pairs = [(k, recorded.get(k), v) for k, v in value.items() if recorded.get(k) != v]
        else:
            pairs = [(_LABELS.get(key, key), getattr(unit, key), value)]
        replaced += [(label, shown(old), shown(new)) for label, old, new in pairs if shown(old) != ""]
    return replaced


def update_text(changes: dict[str, Any], replaced: list[tuple[str, str, str]]) -> str:
    """联系电话（由“0574-1111”改为“0574-1234”）、负责人（补填）"""
    by_label = {label: f"（由“{old}”改为“{new}”）" for label, old, new in replaced}
    parts = []
    for key in changes:
        if key == "extra":
            parts.append(f"其他信息{''.join(by_label.get(k, '') for k in changes[key])}")
            continue
        label = _LABELS.get(key, key)
        parts.append(label + by_label.get(label, "（补填）"))
    return "、".join(parts)
