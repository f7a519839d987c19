"""Writing an import in one transaction after a backup, and undoing a whole batch."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from core.changelog import plain, record_change
from core.db import Database
from core.errors import NotFoundError, UserError
from core.importing.plan import ImportPlan, classify
from core.importing.register import Register, RowProblem
from core.models import ColumnMapping, Honour, ImportBatch, Material, Unit, utcnow
from core.pinyin_keys import search_keys
from core.progress import Progress, no_progress, paused_gc
from core.text import name_key
from core.vocab import DEFAULT_HONOUR_STATUS

log = logging.getLogger(__name__)


@dataclass
class ImportResult:
    counts: dict[str, int]
    errors: list[RowProblem]
    applied: bool  # False: a dry run, or strict mode refused because of rejected rows
    batch_id: int | None = None
    plan: ImportPlan | None = field(default=None, repr=False)

    def as_json(self) -> dict[str, Any]:
        return {
            **self.counts,
            "errors": [e.as_dict() for e in self.errors],
            "applied": self.applied,
            "batch_id": self.batch_id,
        }


def preview_import(database: Database, register: Register) -> ImportPlan:
    """What importing would do now, changing nothing."""
    with database.session() as session:
        plan = classify(session, register)
        session.rollback()
    return plan


def apply_import(
    database: Database,
    register: Register,
    *,
    strict: bool = False,
    dry_run: bool = False,
    progress: Progress = no_progress,
) -> ImportResult:
    """Import the register. Strict mode (or a dry run) changes nothing when rows would be rejected."""
    if dry_run or strict:
        plan = preview_import(database, register)
        if dry_run or plan.errors:
            return ImportResult(plan.counts(), plan.errors, applied=False, plan=plan)
    if database.sqlite_path is not None:
        from core.backup import backup_database

        backup_database(database, reason="before-import")
    with database.session() as session, paused_gc():
        plan = classify(session, register)
        if strict and plan.errors:
            session.rollback()
            return ImportResult(plan.counts(), plan.errors, applied=False, plan=plan)
        batch_id = _write(session, plan, progress)
    log.info("已导入「%s」：%s", register.path.name, plan.counts())
    return ImportResult(plan.counts(), plan.errors, applied=True, batch_id=batch_id, plan=plan)


def _write(session: Session, plan: ImportPlan, progress: Progress) -> int:
    register = plan.register
    batch = ImportBatch(
        file_name=str(register.path),
        file_hash=register.file_hash,
        sheet=register.sheet,
        mapping={str(c): t for c, t in register.mapping.items()},
        counts=plan.counts(),
    )
    session.add(batch)
    session.flush()
    total = len(plan.new_units) + len(plan.unit_updates) + len(plan.new_honours)
    done = 0
    created: dict[str, Unit] = {}
    for key, pending in plan.new_units.items():
        created[key] = _new_unit(pending.values)
        done += 1
        if done % 200 == 0:
            progress(done, total, f"正在写入单位 {done}/{len(plan.new_units)}")
    session.add_all(created.values())
    session.flush()  # one multi-row INSERT … RETURNING gives every new unit its id
    unit_ids = {key: unit.id for key, unit in created.items()}
    changed: dict[str, dict[str, Any]] = {}
    for unit_id, values in plan.unit_updates.items():
        unit = session.get(Unit, unit_id)
        assert unit is not None
        changed[str(unit_id)] = {key: plain(getattr(unit, key)) for key in values}
        for key, value in values.items():
            setattr(unit, key, value)
        if "short_name" in values:
            unit.pinyin_full, unit.pinyin_initials = search_keys(unit.name, unit.short_name)
        done += 1
    session.flush()
    rows = []
    for unit_ref, values, _row in plan.new_honours:
        rows.append(
            _honour_values(unit_ids[unit_ref] if isinstance(unit_ref, str) else unit_ref, values, batch.id)
        )
    connection = session.connection()
    for start in range(0, len(rows), 1000):  # Core executemany: the ORM's per-row bookkeeping is not needed
        connection.execute(insert(Honour.__table__), rows[start : start + 1000])
        done += len(rows[start : start + 1000])
        progress(done, total, f"正在写入荣誉 {done - len(plan.new_units)}/{len(rows)}")
    batch.undo_data = {"created_units": sorted(unit_ids.values()), "updated_units": changed}
    counts = plan.counts()
    summary = (
        f"导入「{register.path.name}」（{register.sheet}）：新建单位 {counts['units_created']} 个，"
        f"更新单位 {counts['units_updated']} 个，新增荣誉 {counts['honours_created']} 项，"
        f"重复 {counts['duplicates']} 行，拒绝 {counts['rejected']} 行"
    )
    record_change(session, "import", "import_batch", batch.id, summary, {"counts": counts})
    return batch.id


def _new_unit(values: dict[str, Any]) -> Unit:
    unit = Unit()
    for key, value in values.items():
        setattr(unit, key, value)
    unit.name_key = name_key(unit.name)
    unit.pinyin_full, unit.pinyin_initials = search_keys(unit.name, unit.short_name)
    unit.extra = values.get("extra") or {}
    return unit


def _honour_values(unit_id: int, values: dict[str, Any], batch_id: int) -> dict[str, Any]:
    awarded = values.get("awarded")
    now = utcnow()
    return {
        "unit_id": unit_id,
        "title": values["title"],
        "title_key": name_key(values["title"]),
        "recipient": values.get("recipient"),
        "level": values.get("level"),
        "awarded_by": values.get("awarded_by"),
        "awarded_year": awarded.year if awarded else None,
        "awarded_month": awarded.month if awarded else None,
        "awarded_day": awarded.day if awarded else None,
        "document_no": values.get("document_no"),
        "valid_until": values.get("valid_until"),
        "category": values.get("category"),
        "status": values.get("status") or DEFAULT_HONOUR_STATUS,
        "notes": values.get("notes"),
        "import_batch_id": batch_id,
        "version": 1,
        "created_at": now,
        "updated_at": now,
    }


# -- history and undo ------------------------------------------------------------------------------


def list_batches(database: Database) -> list[tuple[ImportBatch, int]]:
    """Import batches, newest first, with the number of their honours still in the records."""
    live = (
        select(Honour.import_batch_id, func.count().label("n"))
        .where(Honour.deleted_at.is_(None))
        .group_by(Honour.import_batch_id)
        .subquery()
    )
    query = (
        select(ImportBatch, func.coalesce(live.c.n, 0))
        .outerjoin(live, live.c.import_batch_id == ImportBatch.id)
        .order_by(ImportBatch.id.desc())
    )
    with database.session() as session:
        return [(batch, count) for batch, count in session.execute(query)]


@dataclass
class UndoResult:
    honours_removed: int
    units_removed: int
    units_restored: int
    kept: list[str]  # units kept because they have records that did not come from this batch


def undo_batch(database: Database, batch_id: int) -> UndoResult:
    """Remove what a batch added and put back the unit fields it changed, in one transaction."""
    if database.sqlite_path is not None:
        from core.backup import backup_database

        backup_database(database, reason="before-undo-import")
    with database.session() as session:
        batch = session.get(ImportBatch, batch_id)
        if batch is None:
            raise NotFoundError(f"找不到编号为 {batch_id} 的导入记录。")
        if batch.undone_at is not None:
            raise UserError(f"导入「{batch.file_name}」已于 {batch.undone_at:%Y-%m-%d %H:%M} 撤销过。")
        removed = session.execute(delete(Honour).where(Honour.import_batch_id == batch_id)).rowcount or 0
        restored = _restore_fields(session, batch.undo_data.get("updated_units", {}))
        units_removed, kept = _remove_created_units(session, batch.undo_data.get("created_units", []))
        batch.undone_at = utcnow()
        record_change(
            session,
            "undo",
            "import_batch",
            batch.id,
            f"撤销导入「{batch.file_name}」：删除荣誉 {removed} 项、单位 {units_removed} 个，"
            f"还原单位 {restored} 个",
            {"kept": kept},
        )
    return UndoResult(removed, units_removed, restored, kept)


def _restore_fields(session: Session, updated: dict[str, dict[str, Any]]) -> int:
    from core.fields import UNIT_FIELDS, clean_values

    restored = 0
    for unit_id, old_values in updated.items():
        unit = session.get(Unit, int(unit_id))
        if unit is None:
            continue
        values = clean_values(UNIT_FIELDS, old_values, partial=True)
        for key, value in values.items():
            setattr(unit, key, value)
        restored += 1
    return restored


def _remove_created_units(session: Session, unit_ids: list[int]) -> tuple[int, list[str]]:
    removed, kept = 0, []
    for unit_id in unit_ids:
        unit = session.get(Unit, unit_id)
        if unit is None:
            continue
        others = session.scalar(select(func.count()).select_from(Honour).where(Honour.unit_id == unit_id))
        materials = session.scalar(
            select(func.count()).select_from(Material).where(Material.unit_id == unit_id)
        )
        if others or materials:
            kept.append(f"单位「{unit.name}」已有其他荣誉或材料，予以保留")
            continue
        session.delete(unit)
        removed += 1
    return removed, kept


# -- remembered mappings ---------------------------------------------------------------------------


def remembered_mapping(database: Database, signature: str) -> dict[int, str] | None:
    with database.session() as session:
        row = session.scalar(select(ColumnMapping).where(ColumnMapping.signature == signature))
        return {int(c): t for c, t in row.mapping.items()} if row else None


def remember_mapping(database: Database, signature: str, mapping: dict[int, str]) -> None:
    with database.session() as session:
        row = session.scalar(select(ColumnMapping).where(ColumnMapping.signature == signature))
        if row is None:
            row = ColumnMapping(signature=signature)
            session.add(row)
        row.mapping = {str(c): t for c, t in mapping.items()}
