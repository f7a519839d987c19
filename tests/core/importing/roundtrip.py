"""Helpers for export → import round trips: every record of a database as comparable values."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from core.db import Database
from core.export import HONOUR_SHEET, MATERIAL_SHEET, UNIT_SHEET
from core.fields import HONOUR_FIELDS, UNIT_FIELDS
from core.importing.apply import apply_import
from core.importing.register import read_register
from core.models import Honour, Material, Unit


def snapshot(database: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every live unit, honour and material, field for field (ids left out), in a stable order."""
    with database.session() as session:
        units = list(session.scalars(select(Unit).where(Unit.deleted_at.is_(None))))
        names = {u.id: u.name for u in units}
        honours = session.scalars(select(Honour).where(Honour.deleted_at.is_(None)))
        materials = session.scalars(select(Material).where(Material.deleted_at.is_(None)))
        return {
            "units": sorted((tuple(_plain(getattr(u, f.key)) for f in UNIT_FIELDS) for u in units), key=repr),
            "honours": sorted(
                ((names[h.unit_id], *(_plain(getattr(h, f.key)) for f in HONOUR_FIELDS)) for h in honours),
                key=repr,
            ),
            "materials": sorted(((names[m.unit_id], m.year, m.topic, m.text) for m in materials), key=repr),
        }


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return tuple(sorted(value.items()))
    if isinstance(value, list):  # 曾用名
        return tuple(_plain(item) for item in value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def import_export(database: Database, path: Path) -> list[dict[str, int]]:
    """Import the three sheets of an export, units first; the counts of each."""
    results = []
    for sheet in (UNIT_SHEET, HONOUR_SHEET, MATERIAL_SHEET):
        result = apply_import(database, read_register(path, sheet))
        assert not result.errors, result.errors[:5]
        results.append(result.counts)
    return results
