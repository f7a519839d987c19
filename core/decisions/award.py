"""One decision, many honours: a 表彰决定 names a title once and the units it commends in its 附件.

apply_decision() records the title for each unit in one transaction, as one batch (ImportBatch, kind
"decision") that the import history can undo whole. A unit that already holds the same title of the same
year is a duplicate and gets nothing new, so applying the same decision twice adds nothing.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from core.changelog import plain, record_change
from core.changes import Changes
from core.db import Database
from core.errors import UserError
from core.fields import HONOUR_FIELDS, clean_values
from core.models import Honour, ImportBatch, Unit
from core.partial_date import PartialDate
from core.services.honours import find_duplicate
from core.services.units import UnitService
from core.text import name_key
from core.vocab import DEFAULT_HONOUR_STATUS

log = logging.getLogger(__name__)

DECISION = "decision"  # ImportBatch.kind


@dataclass(frozen=True)
class Decision:
    """What the decision says once for every unit it names."""

    title: str
    level: str | None
    awarded_by: str | None
    awarded: PartialDate | None
    document_no: str | None = None
    category: str | None = None  # 荣誉类别, e.g. 文明创建

    @classmethod
    def checked(cls, values: Mapping[str, Any]) -> Decision:
        """From user input (title, level, awarded_by, awarded, document_no, category): cleaned as the
        honour form cleans them; ValidationError names every bad field. The date is required."""
        keys = ("title", "level", "awarded_by", "awarded", "document_no", "category")
        cleaned = clean_values(HONOUR_FIELDS, {key: values.get(key) for key in keys}, partial=True)
        if not cleaned.get("title"):
            raise UserError("请填写表彰的荣誉称号。")
        if cleaned.get("awarded") is None:
            raise UserError("请填写表彰日期（至少到年份，如 2023 或 2023-12-05）。")
        return cls(**{key: cleaned.get(key) for key in keys})

    def honour_values(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "level": self.level,
            "awarded_by": self.awarded_by,
            "awarded": self.awarded,
            "document_no": self.document_no,
            "category": self.category,
        }

    def describe(self) -> str:
        """表彰“市级文明单位”（东文明委〔2023〕5号）"""
        source = f"（{self.document_no}）" if self.document_no else f"（{self.awarded.chinese()}）"
        return f"表彰“{self.title}”{source}" if self.awarded else f"表彰“{self.title}”"


@dataclass(frozen=True)
class NewUnit:
    """A unit the decision names that the records do not hold yet, to be created with it."""

    name: str
    category: str | None = None
    region: str | None = None


@dataclass
class DecisionResult:
    honours_created: int
    duplicates: list[str]  # units that already held the title of that year
    unmatched: list[str]  # names given that were not applied (no unit, or several)
    units_created: int = 0
    applied: bool = False  # False: a dry run, or nothing to add
    batch_id: int | None = None
    recipients: list[str] = field(default_factory=list)  # units that got the honour (or would)

    @property
    def changes(self) -> Changes:
        if not self.applied:
            return Changes()
        return Changes(honours=True, units=bool(self.units_created), imports=True)

    def as_json(self) -> dict[str, Any]:
        return {
            "honours_created": self.honours_created,
            "duplicates": self.duplicates,
            "unmatched": self.unmatched,
            "units_created": self.units_created,
            "applied": self.applied,
            "batch_id": self.batch_id,
            "recipients": self.recipients,
        }


def apply_decision(
    database: Database,
    decision: Decision,
    unit_ids: Sequence[int],
    *,
    new_units: Sequence[NewUnit] = (),
    unmatched: Sequence[str] = (),
    dry_run: bool = False,
) -> DecisionResult:
    """Record the decision's title for each unit (and for each new unit, created with it), in one
    transaction as one undoable batch. unmatched: names given that stay unapplied, reported back."""
    if not unit_ids and not new_units:
        raise UserError("没有要表彰的单位：请选择单位，或粘贴名单并确认每个名称对应的单位。")
    with database.session() as session:
        result = _plan(session, decision, unit_ids, new_units, list(unmatched))
    if dry_run or not result.recipients:
        return result
    _backup_first(database)
    with database.session(write=True) as session:
        result = _plan(session, decision, unit_ids, new_units, list(unmatched))
        result.batch_id = _write(session, database, decision, unit_ids, new_units, result)
        result.applied = True
    log.info(
        "%s：新增荣誉 %d 项，重复 %d 个单位",
        decision.describe(),
        result.honours_created,
        len(result.duplicates),
    )
    return result


def _plan(
    session: Session,
    decision: Decision,
    unit_ids: Sequence[int],
    new_units: Sequence[NewUnit],
    unmatched: list[str],
) -> DecisionResult:
    recipients, duplicates = [], []
    for unit_id in dict.fromkeys(unit_ids):
        unit = session.get(Unit, unit_id)
        if unit is None or unit.is_deleted:
            raise UserError("所选单位中有一个已被删除，请重新选择后再录入。")
        probe = Honour(unit_id=unit_id, **decision.honour_values())
        if find_duplicate(session, probe) is not None:
            duplicates.append(unit.name)
        else:
            recipients.append(unit.name)
    seen = {name_key(name) for name in recipients + duplicates}
    for new in new_units:
        if name_key(new.name) not in seen:
            seen.add(name_key(new.name))
            recipients.append(new.name)
    return DecisionResult(len(recipients), duplicates, unmatched, len(new_units), recipients=recipients)


def _backup_first(database: Database) -> None:
    if database.sqlite_path is not None:
        from core.backup import backup_database

        backup_database(database, reason="before-decision")


def _write(
    session: Session,
    database: Database,
    decision: Decision,
    unit_ids: Sequence[int],
    new_units: Sequence[NewUnit],
    result: DecisionResult,
) -> int:
    batch = ImportBatch(
        kind=DECISION,
        file_name=decision.describe(),
        file_hash=_fingerprint(decision, unit_ids, new_units),
        sheet=None,
        mapping={"decision": {key: plain(value) for key, value in decision.honour_values().items()}},
        counts={},
    )
    session.add(batch)
    session.flush()
    units = UnitService(database)
    created_units = [
        units.create({"name": new.name, "category": new.category, "region": new.region}, session=session).id
        for new in new_units
    ]
    targets = [*dict.fromkeys(unit_ids), *created_units]
    created = 0
    for unit_id in targets:
        honour = Honour(unit_id=unit_id, import_batch_id=batch.id, **decision.honour_values())
        if find_duplicate(session, honour) is not None:
            continue
        honour.title_key = name_key(honour.title)
        honour.status = DEFAULT_HONOUR_STATUS
        honour.extra = {}
        session.add(honour)
        session.flush()  # the next unit's duplicate check sees this one
        created += 1
    result.honours_created = created
    result.units_created = len(created_units)
    batch.counts = {
        "units_created": len(created_units),
        "honours_created": created,
        "duplicates": len(result.duplicates),
        "rejected": len(result.unmatched),
    }
    batch.undo_data = {"created_units": created_units, "updated_units": {}}
    record_change(
        session,
        "import",
        "import_batch",
        batch.id,
        f"{decision.describe()}：新增荣誉 {created} 项，新建单位 {len(created_units)} 个，"
        f"已有 {len(result.duplicates)} 个单位，未录入名称 {len(result.unmatched)} 个",
        {"counts": batch.counts, "unmatched": result.unmatched},
    )
    return batch.id


def _fingerprint(decision: Decision, unit_ids: Sequence[int], new_units: Sequence[NewUnit]) -> str:
    payload = {
        "decision": {key: plain(value) for key, value in decision.honour_values().items()},
        "units": sorted(set(unit_ids)),
        "new": sorted(new.name for new in new_units),
    }
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
