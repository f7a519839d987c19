"""Reports as the window and the command line ask for them: the history of generated reports, the period a
report should cover by default, and the pre-flight plan of what each unit's report will say."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from core.db import Database
from core.errors import UserError
from core.models import Report, Template
from core.progress import Progress, no_progress
from core.reports.records import UNDATED_CHOICES, UNDATED_OMIT, Period, ReportOptions, suggest_period
from core.reports.sections import sections_for
from core.settings import Settings

if TYPE_CHECKING:
    from core.reports.preflight import Preflight

log = logging.getLogger(__name__)


class ReportHistory:
    def __init__(self, database: Database) -> None:
        self.db = database

    def for_unit(self, unit_id: int) -> list[Report]:
        with self.db.session() as session:
            query = (
                select(Report)
                .where(Report.unit_id == unit_id)
                .order_by(Report.created_at.desc(), Report.id.desc())
            )
            return list(session.scalars(query).all())


def report_file(output_path: str) -> Path:
    """A generated report's file, to open or preview: only ever a Word document. The history may come
    from a restored backup or a shared server; a record naming a program or a script must not make a
    click on 打开 run it (the system opens a file with whatever its type says)."""
    path = Path(output_path)
    if path.suffix.lower() != ".docx":
        log.warning("refused to open %r from the report history", output_path)
        raise UserError(f"生成记录中的文件“{output_path}”不是 Word 文档（.docx），未打开。")
    if not path.exists():
        raise UserError(f"文件“{path}”已不存在，可能被移动或删除。")
    return path


def default_period(
    database: Database,
    unit_ids: Sequence[int],
    settings: Settings | None = None,
    today: dt.date | None = None,
) -> Period:
    """The period last used when these units have records in it, else their most recent span with records."""
    with database.session() as session:
        return suggest_period(session, unit_ids, today, last_period(settings))


def last_period(settings: Settings | None) -> Period | None:
    remembered = list(settings.report_period) if settings is not None else []
    try:
        first, last = (int(year) for year in remembered)
        return Period(first, last)
    except (TypeError, ValueError):
        return None


def remembered_options(settings: Settings | None, author: str | None = None) -> ReportOptions:
    """The undated choice, the author and the certificates choice the user made last time."""
    undated = settings.report_undated if settings is not None else UNDATED_OMIT
    if undated not in UNDATED_CHOICES:
        undated = UNDATED_OMIT
    chosen_author = author if author is not None else (settings.report_author if settings is not None else "")
    certificates = settings.report_certificates if settings is not None else True
    return ReportOptions(undated, chosen_author.strip(), certificates is not False)


def remember(settings: Settings, period: Period, options: ReportOptions) -> None:
    """Keep the period and the choices for the next report (the caller saves the settings)."""
    settings.report_period = [period.first_year, period.last_year]
    settings.report_undated = options.undated
    settings.report_author = options.author
    settings.report_certificates = options.certificates


def plan_reports(
    database: Database,
    template: str,
    unit_ids: Sequence[int],
    period: Period,
    written_on: dt.date,
    options: ReportOptions,
    progress: Progress = no_progress,
) -> Preflight:
    """The pre-flight plan for a template (a template of the user's own by the fields it uses). Reads only:
    it runs whenever the generate dialog's form changes."""
    # docx, docxtpl and PIL load with the pre-flight: not on the path of every command that opens the database
    from core.reports.preflight import preflight

    fields_used: list[str] = []
    if not sections_for(template):
        with database.session() as session:
            row = session.scalar(select(Template).where(Template.name == template))
            fields_used = list(row.fields_used or []) if row is not None else []
    return preflight(
        database, template, unit_ids, period, written_on, options, fields_used=fields_used, progress=progress
    )
