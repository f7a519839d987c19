"""Whether this PC's clock can be right, asked once at start.

An office PC whose CMOS battery went flat starts in 2008 or 2000 (its BIOS's date) and is never online to
be set again. Nothing fails loudly: every change is recorded at the wrong time, a new automatic backup is
named out of order, and an award of last year is refused as lying in the future. The clerk is told at
start, without being stopped, when the date is before this program existed or clearly before what the
records already hold (the newest change, the newest automatic backup).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from core.partial_date import PROGRAM_EXISTS_SINCE

if TYPE_CHECKING:
    from core.db import Database

log = logging.getLogger(__name__)

# How far the records may lie ahead of the clock before it is taken to be wrong: more than a time zone set
# wrongly (UTC−12 on a PC showing Beijing time moves the recorded UTC by 20 hours) or a server's PCs whose
# clocks differ by minutes.
TOLERANCE = dt.timedelta(days=2)

HOW_TO_SET = "请在 Windows 的“设置 → 时间和语言 → 日期和时间”中校正（可打开“自动设置时间”），再继续录入。"


@dataclass(frozen=True)
class Evidence:
    """A time the records hold, in local time, and what it is (“最近一次修改”)."""

    what: str
    when: dt.datetime


@dataclass(frozen=True)
class ClockWarning:
    """What the clerk is told, and (when the records alone say so) the recorded time it rests on: a clerk
    whose clock is right after all (an earlier clock ran ahead and left records in the future) may stop the
    warning for that time; a date before the program existed is always told."""

    text: str
    recorded: dt.datetime | None = None

    @property
    def key(self) -> str:
        return self.recorded.isoformat() if self.recorded is not None else ""


def clock_warning(now: dt.datetime, evidence: Iterable[Evidence] = ()) -> ClockWarning | None:
    """The Chinese warning that the PC's date (now, local time) is wrong, or None when it can be right."""
    today = f"这台电脑的日期是{_day(now)}"
    recorded = None
    if now.date() < PROGRAM_EXISTS_SINCE:
        reason = f"{today}，早于本程序问世的{_day(PROGRAM_EXISTS_SINCE)}，显然不对（可能是主板电池没电了）。"
    else:
        latest = max(evidence, key=lambda item: item.when, default=None)
        if latest is None or latest.when - now <= TOLERANCE:
            return None
        recorded = latest.when
        reason = f"{today}，却早于数据中{latest.what}的时间（{_day(latest.when)}），电脑的日期可能不对。"
    text = (
        reason
        + "日期不对时，新记录的修改时间、自动备份的先后都会记错，去年的荣誉也会被当作“将来的日期”拒绝。"
        + HOW_TO_SET
    )
    return ClockWarning(text, recorded)


def _day(when: dt.date) -> str:
    return f"{when.year}年{when.month}月{when.day}日"


def recorded_times(database: Database, backups: Path | None) -> list[Evidence]:
    """The newest change in the database and the newest automatic backup, as far as they can be read (a
    failure is logged: this check never stands in the way of opening the data)."""
    from sqlalchemy import func, select

    from core.backup import newest_backup_time
    from core.changelog import local_time
    from core.models import ChangeLog

    found: list[Evidence] = []
    try:
        with database.session() as session:
            changed = session.scalar(select(func.max(ChangeLog.at)))
        if changed is not None:
            found.append(Evidence("最近一次修改", local_time(changed)))
        backed_up = newest_backup_time(backups) if backups is not None else None
        if backed_up is not None:
            found.append(Evidence("最新自动备份", backed_up))
    except Exception:
        log.warning("未能读取数据中最近的时间，跳过对电脑日期的检查", exc_info=True)
    return found


def _now() -> dt.datetime:  # the PC's clock, local time (replaced in tests)
    return dt.datetime.now()


def startup_warning(
    database: Database, backups: Path | None, now: dt.datetime | None = None
) -> ClockWarning | None:
    """The warning to show at start, or None; it is also logged."""
    now = now or _now()
    warning = clock_warning(now, recorded_times(database, backups))
    if warning is not None:
        log.warning("电脑日期可能不对：%s", warning.text)
    return warning
