"""Importing a materials register (单位名称 / 年度 / 主题 / 内容, as export writes its 工作材料 sheet).

A row is new when its unit has no live material of that year and topic, a duplicate when it has one with
the same text, and refused when it has one with other text (the clerk edits that material instead: an
import never overwrites prose). The new materials are written with the import batch, so undoing the
batch removes them.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from core.importing.register import RegisterRow, RowProblem
from core.models import Material

if TYPE_CHECKING:
    from core.importing.plan import ImportPlan, RowPlan


class ExistingMaterials:
    """(unit id, year, topic) → text of the live materials, loaded once for a register."""

    def __init__(self, session: Session) -> None:
        query = select(Material.unit_id, Material.year, Material.topic, Material.text).where(
            Material.deleted_at.is_(None)
        )
        self.texts: dict[tuple[int | str, int, str], str] = {
            (unit_id, year, topic): text for unit_id, year, topic, text in session.execute(query)
        }


def material_row(
    plan: ImportPlan, existing: ExistingMaterials, unit_ref: int | str, created: bool, row: RegisterRow
) -> RowPlan:
    """What importing one row of a materials register does."""
    from core.importing.plan import RowPlan

    name = row.unit["name"]
    values = row.material
    key = (unit_ref, values["year"], values["topic"])
    what = f"{values['year']}年“{values['topic']}”"
    known = existing.texts.get(key)
    if known is not None and known.strip() == values["text"].strip():
        plan.duplicates += 1
        return RowPlan(row.number, "duplicate", f"{what}材料已有记录，跳过", name)
    if known is not None:
        problem = RowProblem(
            row.number, "内容", f"库中已有该单位{what}材料，内容不同；请在“工作材料”中修改，导入不会覆盖"
        )
        plan.errors.append(problem)
        return RowPlan(row.number, "error", problem.message, name)
    existing.texts[key] = values["text"]  # a later row of the file sees this one
    plan.new_materials.append((unit_ref, values, row.number))
    note = "（同时新建单位）" if created else ""
    return RowPlan(row.number, "new", f"新增{what}材料{note}", name)


def insert_materials(
    session: Session, plan: ImportPlan, unit_ids: dict[str, int], batch_id: int, now: dt.datetime
) -> None:
    rows: list[dict[str, Any]] = [
        {
            "unit_id": unit_ids[unit_ref] if isinstance(unit_ref, str) else unit_ref,
            "year": values["year"],
            "topic": values["topic"],
            "text": values["text"],
            "import_batch_id": batch_id,
            "version": 1,
            "created_at": now,
            "updated_at": now,
        }
        for unit_ref, values, _row in plan.new_materials
    ]
    if rows:
        session.connection().execute(insert(Material), rows)
