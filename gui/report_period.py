"""Which years a report covers unless the clerk says otherwise, and why (shown in the pre-flight).

The period last generated is offered again only in the same session and for the same kind of document:
a period chosen last spring for a 自查报告 is no guess for this autumn's 情况汇报. Otherwise the units'
most recent span of years with records (core's suggestion) when it reaches last year or this one; else
近三年 up to this year — records that stop in 2009 make no 2009 report signed today (the pre-flight would
question it), and the pre-flight lists what falls outside the period.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence

from core.reports.preflight import LATE_AFTER_YEARS
from core.reports.records import DEFAULT_SPAN, Period
from core.services.reports import default_period
from gui.context import AppContext

log = logging.getLogger(__name__)

SAME_AS_BEFORE = "与本次打开程序后上次生成的“{kind}”相同"
RECORDS = "所选单位有记录的最近年份"
RECENT = f"近{'三' if DEFAULT_SPAN == 3 else DEFAULT_SPAN}年"
CHOSEN = "自选"


def remember_period(
    context: AppContext, kind: str, period: Period, written_on: dt.date | None = None
) -> None:
    """A report of this kind was generated for this period (and dated so): offer both again until the
    program closes — a year-end batch of 情况汇报 all signed 2025-01-06 is dated once."""
    context.report_periods[kind] = period
    if written_on is not None:
        context.report_dates[kind] = written_on


def suggested_date(context: AppContext, kind: str) -> dt.date | None:
    """The 成文日期 this kind was last generated with in this session; None: none yet (the form offers today)."""
    used = context.report_dates.get(kind)
    return used if isinstance(used, dt.date) else None


def today() -> dt.date:
    return dt.date.today()


def suggested_period(context: AppContext, kind: str, unit_ids: Sequence[int]) -> tuple[Period, str]:
    """The period to offer and where it comes from, in words for the clerk."""
    used = context.report_periods.get(kind)
    if isinstance(used, Period):
        return used, SAME_AS_BEFORE.format(kind=kind)
    now = today()
    recent = Period.recent(DEFAULT_SPAN, now)
    try:
        spanned = default_period(context.services.db, unit_ids, None, now)
    except Exception:
        log.info("cannot read the units' years", exc_info=True)
        return recent, RECENT
    if spanned == recent or spanned.last_year < now.year - LATE_AFTER_YEARS:
        return recent, RECENT
    return spanned, RECORDS
