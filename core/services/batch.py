"""Work on several selected records at once, as a clerk does in Excel: delete them, or set one field of
them all. Each runs in one transaction (all or none) and says what it changed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from core.changelog import plain
from core.changes import Changes
from core.errors import UserError
from core.services.records import RecordService


@dataclass(frozen=True)
class BatchResult:
    changes: Changes
    ids: list[int]
    before: dict[int, dict[str, Any]] = field(default_factory=dict)  # an edit's old values, for its undo
    after: dict[int, dict[str, Any]] = field(default_factory=dict)


def delete_records(service: RecordService[Any], ids: Sequence[int]) -> BatchResult:
    """Move the records to the recycle bin; before holds what they held, for a redo to check."""
    deleted = service.delete_many(list(ids))
    before = {record.id: service.field_values(record) for record in deleted}
    return BatchResult(service.changes, [record.id for record in deleted], before)


def restore_records(service: RecordService[Any], ids: Sequence[int]) -> BatchResult:
    """Bring the records back from the recycle bin."""
    restored = service.restore_many(list(ids))
    return BatchResult(service.changes, [record.id for record in restored])


def set_field(service: RecordService[Any], ids: Sequence[int], key: str, value: Any) -> BatchResult:
    """Give every record the same value of one field (级别, 类别, 地区); refused as a whole when one
    record cannot take it."""
    if key not in {f.key for f in service.fields}:
        raise UserError(f"不能批量设置“{key}”。")
    keys = (key, "extra") if key in service.marks else (key,)  # its 推断 mark goes, and comes back on undo
    before = {
        record_id: {k: plain(getattr(record, k)) for k in keys}
        for record_id in ids
        for record in [service.get(record_id)]
    }
    updated = service.update_each({record_id: {key: value} for record_id in ids})
    after = {record.id: {k: plain(getattr(record, k)) for k in keys} for record in updated}  # as stored
    return BatchResult(service.changes, list(ids), before, after)
