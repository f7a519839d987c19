"""Demo units, honours and materials drawn from the seed reports (resources/demo/demo_units.json).

Loading is idempotent: what is already there (by unit name, honour duplicate rule, material
year and topic) is left alone, so loading twice changes nothing.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.changelog import record_change
from core.fields import HONOUR_FIELDS, MATERIAL_FIELDS, UNIT_FIELDS
from core.models import Honour, Material
from core.partial_date import parse_partial_date
from core.paths import resource_path
from core.services import Services
from core.services.honours import find_duplicate

log = logging.getLogger(__name__)

DEMO_FILE = resource_path("demo", "demo_units.json")


@dataclass(frozen=True)
class DemoResult:
    units_created: int
    honours_created: int
    materials_created: int

    @property
    def changed(self) -> bool:
        return bool(self.units_created or self.honours_created or self.materials_created)


def load_demo(services: Services, path: Path = DEMO_FILE) -> DemoResult:
    """Add the demo records that are not there yet, in one transaction."""
    records = json.loads(path.read_text(encoding="utf-8"))["units"]
    units = honours = materials = 0
    with services.db.session(write=True) as session:
        for record in records:
            unit = services.units.find_by_name(record["name"], session=session)
            if unit is None:
                unit = services.units.create(_only(record, UNIT_FIELDS), session=session)
                units += 1
            for honour in record.get("honours", []):
                if not _honour_exists(session, unit.id, honour):
                    services.honours.create(
                        unit.id, _only(honour, HONOUR_FIELDS, awarded_on="awarded"), session=session
                    )
                    honours += 1
            for material in record.get("materials", []):
                if not _material_exists(session, unit.id, material):
                    services.materials.create(unit.id, _only(material, MATERIAL_FIELDS), session=session)
                    materials += 1
        result = DemoResult(units, honours, materials)
        if result.changed:
            summary = f"载入示例数据：单位 {units} 个，荣誉 {honours} 项，工作材料 {materials} 篇"
            record_change(session, "demo", "database", None, summary, result.__dict__)
    log.info("示例数据：%s", result)
    return result


def _only(record: dict[str, Any], fields: tuple[Any, ...], **renamed: str) -> dict[str, Any]:
    """The record's values for the given fields, with JSON names renamed to field keys."""
    keys = {f.key for f in fields}
    values = {renamed.get(name, name): value for name, value in record.items()}
    return {key: value for key, value in values.items() if key in keys}


def _honour_exists(session: Session, unit_id: int, honour: dict[str, Any]) -> bool:
    awarded = parse_partial_date(honour.get("awarded_on"))
    probe = Honour(
        unit_id=unit_id,
        title=honour["title"],
        awarded_year=awarded.year if awarded else None,
        awarded_by=honour.get("awarded_by"),
        recipient=honour.get("recipient"),
    )
    return find_duplicate(session, probe) is not None


def _material_exists(session: Session, unit_id: int, material: dict[str, Any]) -> bool:
    query = select(Material.id).where(
        Material.unit_id == unit_id,
        Material.year == material["year"],
        Material.topic == material["topic"],
        Material.deleted_at.is_(None),
    )
    return session.scalar(query) is not None
