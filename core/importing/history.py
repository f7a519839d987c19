"""The import history: batches, undoing a whole batch, and remembered column mappings.

Kept apart from apply.py so that the history page does not load the spreadsheet readers.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from core.attachments import ALLOWED_SUFFIXES
from core.changelog import record_change
from core.changes import Changes
from core.db import Database
from core.errors import NotFoundError, UserError
from core.models import Attachment, ColumnMapping, Honour, ImportBatch, Material, Unit, utcnow
from core.pinyin_keys import PENDING_KEYS
from core.stored_paths import stored_file_or_none

log = logging.getLogger(__name__)


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
    materials_removed: int = 0  # an old report's batch (kind "report") also added work materials
    materials_restored: int = 0  # …and may have added sections to materials that were there before
    honours_restored: int = 0  # a 复查 batch (kind "review") changed honours: put back as they were

    @property
    def changes(self) -> Changes:
        """What the undo changed, for the views to refresh (the history always: the batch is marked)."""
        return Changes(
            honours=bool(self.honours_removed or self.honours_restored),
            units=bool(self.units_removed or self.units_restored),
            materials=bool(self.materials_removed or self.materials_restored),
            imports=True,
        )


def undo_batch(database: Database, batch_id: int) -> UndoResult:
    """Remove what a batch added and put back the unit fields it changed, in one transaction."""
    if database.sqlite_path is not None:
        from core.backup import backup_database

        backup_database(database, reason="before-undo-import")
    with database.session(write=True) as session:
        batch = session.get(ImportBatch, batch_id)
        if batch is None:
            raise NotFoundError(f"找不到编号为 {batch_id} 的导入记录。")
        if batch.undone_at is not None:
            raise UserError(f"导入“{batch.file_name}”已于 {batch.undone_at:%Y-%m-%d %H:%M} 撤销过。")
        undo = batch.undo_data
        edited: list[str] = []  # what the clerk changed after the batch: kept
        _keep_edited_honours(session, batch_id, undo.get("attachment_files", []), edited)
        removed = session.execute(delete(Honour).where(Honour.import_batch_id == batch_id)).rowcount or 0
        materials = (
            session.execute(delete(Material).where(Material.import_batch_id == batch_id)).rowcount or 0
        )
        materials_restored = _restore_materials(
            session, undo.get("updated_materials", {}), undo.get("written_materials"), edited
        )
        restored = _restore_fields(session, undo.get("updated_units", {}), undo.get("written_units"), edited)
        honours_restored = _restore_honours(
            session, undo.get("updated_honours", {}), undo.get("written_honours"), edited
        )
        units_removed, kept = _remove_created_units(
            session, undo.get("created_units", []), undo.get("unit_versions", {})
        )
        kept = edited + kept
        batch.undone_at = utcnow()
        record_change(
            session,
            "undo",
            "import_batch",
            batch.id,
            f"撤销导入“{batch.file_name}”：删除荣誉 {removed} 项、单位 {units_removed} 个，"
            f"还原单位 {restored} 个"
            + (f"、荣誉 {honours_restored} 项" if honours_restored else "")
            + (
                f"，删除工作材料 {materials} 篇、还原 {materials_restored} 篇"
                if materials or materials_restored
                else ""
            ),
            {"kept": kept},
        )
        stored = list(batch.undo_data.get("attachment_files", []))
    _remove_files(database, stored)
    return UndoResult(removed, units_removed, restored, kept, materials, materials_restored, honours_restored)


def _restore_materials(
    session: Session, texts: dict[str, str], written: dict[str, str] | None, edited: list[str]
) -> int:
    """Put back the text of materials the batch added sections to, unless edited since (written holds
    the text the batch left; batches from before it was kept have none)."""
    restored = 0
    for material_id, text in texts.items():
        material = session.get(Material, int(material_id))
        if material is None:
            continue
        if written is not None and material.text != written.get(material_id):
            unit = session.get(Unit, material.unit_id)
            edited.append(
                f"单位“{unit.name if unit else ''}”{material.year}年“{material.topic}”的工作材料在导入后"
                "又修改过，予以保留（其中导入补充的段落请自行删去）"
            )
            continue
        material.text = text
        restored += 1
    return restored


def _remove_files(database: Database, relative_paths: list[str]) -> None:
    """The certificate images a batch stored (their rows went with its honours), unless still used."""
    relative_paths = [path for path in relative_paths if isinstance(path, str)]
    if database.data_dir is None or not relative_paths:
        return
    with database.session() as session:
        used = set(
            session.scalars(select(Attachment.stored_path).where(Attachment.stored_path.in_(relative_paths)))
        )
    for relative in relative_paths:
        path = stored_file_or_none(database.data_dir.attachments, relative, ALLOWED_SUFFIXES)
        if relative not in used and path is not None:  # a path leaving attachments/ is never touched
            path.unlink(missing_ok=True)
            if path.parent.is_dir() and not any(path.parent.iterdir()):
                path.parent.rmdir()  # the honour's folder, now empty


def _restore_fields(
    session: Session,
    updated: dict[str, dict[str, Any]],
    written: dict[str, dict[str, Any]] | None,
    edited: list[str],
) -> int:
    """Put back the unit fields a batch changed, except those changed again since (written holds the
    values the batch left; batches from before it was kept have none)."""
    from core.changelog import plain
    from core.fields import UNIT_FIELDS, clean_values

    labels = {field.key: field.label for field in UNIT_FIELDS}
    restored = 0
    for unit_id, old_values in updated.items():
        unit = session.get(Unit, int(unit_id))
        if unit is None:
            continue
        left = (written or {}).get(unit_id)
        if left is not None:
            changed_since = [
                key for key in old_values if key in left and plain(getattr(unit, key)) != left[key]
            ]
            for key in changed_since:
                edited.append(
                    f"单位“{unit.name}”的{labels.get(key, key)}在导入后已改为“{_shown(getattr(unit, key))}”，"
                    "予以保留"
                )
            old_values = {key: value for key, value in old_values.items() if key not in changed_since}
            if not old_values:
                continue
        values = clean_values(UNIT_FIELDS, old_values, partial=True)
        for key, value in values.items():
            setattr(unit, key, value)
        if "short_name" in values:  # no longer found by the short name the import gave
            unit.pinyin_full = unit.pinyin_initials = PENDING_KEYS
        restored += 1
    return restored


def _shown(value: Any) -> str:
    from core.importing.unit_facts import shown

    return str(shown(value))


def _restore_honours(
    session: Session,
    updated: dict[str, dict[str, Any]],
    written: dict[str, dict[str, Any]] | None = None,
    edited: list[str] | None = None,
) -> int:
    """Put back the honour fields a batch changed; where the batch kept the values it wrote (written), an
    honour changed again since keeps its values and is named in edited."""
    from core.changelog import plain
    from core.fields import HONOUR_FIELDS, clean_values

    restored = 0
    for honour_id, old_values in updated.items():
        honour = session.get(Honour, int(honour_id))
        if honour is None:
            continue
        left = (written or {}).get(honour_id)
        if left is not None and any(plain(getattr(honour, key)) != value for key, value in left.items()):
            if edited is not None:
                unit = session.get(Unit, honour.unit_id)
                edited.append(
                    f"单位“{unit.name if unit else ''}”的荣誉“{honour.title}”在导入后又修改过，予以保留"
                )
            continue
        for key, value in clean_values(HONOUR_FIELDS, old_values, partial=True).items():
            setattr(honour, key, value)
        restored += 1
    return restored


def _keep_edited_honours(session: Session, batch_id: int, stored: list[str], edited: list[str]) -> None:
    """The batch's honours the clerk has edited since, or given a certificate scan the batch did not
    store, stay: no longer part of the batch, and named."""
    honours = session.scalars(select(Honour).where(Honour.import_batch_id == batch_id)).all()
    scanned = set(
        session.scalars(
            select(Attachment.honour_id).where(
                Attachment.honour_id.in_([h.id for h in honours]), Attachment.stored_path.not_in(stored)
            )
        )
    )
    for honour in honours:
        if honour.version > 1 or honour.id in scanned:
            honour.import_batch_id = None
            unit = session.get(Unit, honour.unit_id)
            what = "添加了证书扫描件" if honour.id in scanned else "修改过"
            edited.append(f"单位“{unit.name if unit else ''}”的荣誉“{honour.title}”在导入后{what}，予以保留")
    session.flush()  # before the batch's honours are deleted by a statement


def _remove_created_units(
    session: Session, unit_ids: list[int], versions: dict[str, int]
) -> tuple[int, list[str]]:
    """The units the batch created, unless they hold other records or were edited since (versions: each
    one's version when the batch ended; 1 when not recorded, as a unit inserted by a batch has)."""
    removed, kept = 0, []
    for unit_id in unit_ids:
        unit = session.get(Unit, unit_id)
        if unit is None:
            continue
        if unit.version > versions.get(str(unit_id), 1):
            kept.append(f"单位“{unit.name}”在导入后修改过，予以保留")
            continue
        others = session.scalar(select(func.count()).select_from(Honour).where(Honour.unit_id == unit_id))
        materials = session.scalar(
            select(func.count()).select_from(Material).where(Material.unit_id == unit_id)
        )
        if others or materials:
            kept.append(f"单位“{unit.name}”已有其他荣誉或材料，予以保留")
            continue
        session.delete(unit)
        removed += 1
    return removed, kept


def remembered_mapping(database: Database, signature: str) -> dict[int, str] | None:
    with database.session() as session:
        row = session.scalar(select(ColumnMapping).where(ColumnMapping.signature == signature))
        return {int(c): t for c, t in row.mapping.items()} if row else None


def remember_mapping(database: Database, signature: str, mapping: dict[int, str]) -> None:
    with database.session(write=True) as session:
        row = session.scalar(select(ColumnMapping).where(ColumnMapping.signature == signature))
        if row is None:
            row = ColumnMapping(signature=signature)
            session.add(row)
        row.mapping = {str(c): t for c, t in mapping.items()}
