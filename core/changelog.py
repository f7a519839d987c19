"""The change log: one row for every create, update, delete, restore, purge, import and undo."""

from __future__ import annotations

import datetime as dt
import getpass
import logging
from functools import cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.models import ChangeLog
from core.partial_date import PartialDate

log = logging.getLogger(__name__)

ACTION_NAMES = {
    "create": "新增",
    "update": "修改",
    "delete": "删除",
    "restore": "恢复",
    "purge": "彻底删除",
    "import": "导入",
    "undo": "撤销",
    "demo": "载入示例",
}


@cache
def current_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in some service contexts
        log.warning("无法取得当前用户名", exc_info=True)
        return "未知用户"


def plain(value: Any) -> Any:
    """A JSON-ready form of a field value."""
    if isinstance(value, PartialDate):
        return value.iso()
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def local_time(stored: dt.datetime) -> dt.datetime:
    """Stored times are naive UTC; people read local time."""
    return stored.replace(tzinfo=dt.timezone.utc).astimezone().replace(tzinfo=None)


def record_change(
    session: Session,
    action: str,
    entity: str,
    entity_id: int | None,
    summary: str,
    details: dict[str, Any] | None = None,
) -> ChangeLog:
    row = ChangeLog(
        user=current_user(),
        action=action,
        entity=entity,
        entity_id=entity_id,
        summary=summary,
        details=details or {},
    )
    session.add(row)
    return row


def changes_since(session: Session, entity: str, entity_id: int, version: int) -> list[ChangeLog]:
    """Changes to one record made after the given version was read, oldest first."""
    rows = session.scalars(
        select(ChangeLog)
        .where(ChangeLog.entity == entity, ChangeLog.entity_id == entity_id)
        .order_by(ChangeLog.id)
    ).all()
    return [row for row in rows if int(row.details.get("version", 0)) > version]
