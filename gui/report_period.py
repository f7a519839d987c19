"""Which years a report covers unless the clerk says otherwise, and why (shown in the pre-flight).

The period last generated is offered again only in the same session and for the same kind of document:
a period chosen last spring for a 自查报告 is no guess for this autumn's 情况汇报. Otherwise the units'
most recent span of years with records (core's suggestion; the pre-flight questions one that ended long
before the 成文日期); with no records, 近三年 up to this year.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence

from core.reports.records import DEFAULT_SPAN, Period
from core.services.reports import default_period
from gui.context import AppContext

log = logging.getLogger(__name__)

SAME_AS_BEFORE = "与本次打开程序后上次生成的“{kind}”相同"
RECORDS = "所选单位有记录的最近年份"
RECENT = f"近{'三' if DEFAULT_SPAN == 3 else DEFAULT_SPAN}年"
CHOSEN = "自选"


def remember_period(context: AppContext, kind: str, period: Period) -> None:
    """A report of this kind was generated for this period: offer it again until the program closes."""
    context.report_periods[kind] = period


def suggested_period(
    context: AppContext, kind: str, unit_ids: Sequence[int], today: dt.date | None = None
) -> tuple[Period, str]:
    """The period to offer and where it comes from, in words for the clerk."""
    used = context.report_periods.get(kind)
    if isinstance(used, Period):
        return used, SAME_AS_BEFORE.format(kind=kind)
    recent = Period.recent(DEFAULT_SPAN, today)
    try:
        spanned = default_period(context.services.db, unit_ids, None, today)
    except Exception:
        log.info("cannot read the units' years", exc_info=True)
        return recent, RECENT
    return spanned, RECENT if spanned == recent else RECORDS
