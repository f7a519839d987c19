"""Writing an import in one transaction after a backup, and undoing a whole batch."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from core.changelog import plain, record_change
from core.db import Database
from core.importing.plan import ImportPlan, classify
from core.importing.register import Register, RowProblem
from core.models import Honour, ImportBatch, Unit, utcnow
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
    with database.session(write=True) as session, paused_gc():
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
