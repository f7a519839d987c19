"""The units a template is tried on before it is accepted: a template can pass inspection and still fail on
real data ({{ 单位.名称 / 2 }}, a filter on an empty field). `templates check` and `templates add` render it
once, in the bounded worker, for a demo unit built in memory (nothing is written to any database) and for
the first unit of the database when there is one; a failure names the template and the expression.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Any

from sqlalchemy import select

from core.db import Database
from core.demo import DEMO_FILE
from core.fields import HONOUR_FIELDS, UNIT_FIELDS
from core.models import Honour, Unit
from core.reports.context import build_context, report_context
from core.reports.records import HonourSplit, Period, TopicMaterial, UnitRecords
from core.services.records import clean_values
from core.vocab import DEFAULT_HONOUR_STATUS

log = logging.getLogger(__name__)

TrialUnit = tuple[str, dict[str, Any]]  # the unit's name, its report context


def trial_units(database: Database | None = None, today: dt.date | None = None) -> list[TrialUnit]:
    """The demo unit, then the database's first unit (when the database holds one)."""
    units = [demo_unit(today)]
    if database is not None:
        first = first_unit(database, today)
        if first is not None:
            units.append(first)
    return units


def demo_unit(today: dt.date | None = None) -> TrialUnit:
    """The demo unit with the most facts, as report fields, built without a database. Its undated honours
    are dated in the years of its materials, so that every honour list of a template is tried too (this
    unit is never stored or shown)."""
    records = json.loads(DEMO_FILE.read_text(encoding="utf-8"))["units"]
    record = max(records, key=_richness)
    unit = Unit(**clean_values(UNIT_FIELDS, _known(record, UNIT_FIELDS)))
    years = _years(record, today)
    honours = _dated_honours(record, years)
    dated = [h.awarded_year for h in honours if h.awarded_year]
    period = Period(min([*years, *dated]), max([*years, *dated]))
    split = HonourSplit.of(honours, period)
    records_ = UnitRecords(unit, period, split, _materials(record))
    return unit.name, build_context(records_, today or dt.date.today(), today)


def demo_summary(today: dt.date | None = None) -> TrialUnit:
    """All the demo units and their honours as one summary, built without a database, undated honours dated
    in their unit's material years as demo_unit does, with a 发文字号 and the 版头 (表彰决定's parts)."""
    from core.reports.summary_context import summary_of_records

    written_on = today or dt.date.today()
    units: list[Unit] = []
    honours: list[Honour] = []
    for number, record in enumerate(json.loads(DEMO_FILE.read_text(encoding="utf-8"))["units"], 1):
        units.append(Unit(id=number, **clean_values(UNIT_FIELDS, _known(record, UNIT_FIELDS))))
        honours += _dated_honours(record, _years(record, today), unit_id=number, first_id=len(honours) + 1)
    dated = [h.awarded_year for h in honours if h.awarded_year]
    period = Period(min(dated, default=written_on.year), max(dated, default=written_on.year))
    document_no = f"示例〔{period.last_year}〕1号"
    context = summary_of_records(
        units, honours, period, written_on, office="示例办公室", document_no=document_no, letterhead=True
    )
    return "示例数据的全部单位", context


def _years(record: dict[str, Any], today: dt.date | None) -> list[int]:
    """The years of a demo unit's materials (this year when it has none)."""
    return sorted({m["year"] for m in record.get("materials", [])}) or [(today or dt.date.today()).year]


def _dated_honours(
    record: dict[str, Any], years: list[int], *, unit_id: int | None = None, first_id: int = 1
) -> list[Honour]:
    """A demo unit's honours, the undated ones dated in its years in turn (for the trial only)."""
    honours = []
    for number, data in enumerate(record.get("honours", []), first_id):
        awarded = data.get("awarded_on") or str(years[number % len(years)])
        values = clean_values(HONOUR_FIELDS, _known({**data, "awarded": awarded}, HONOUR_FIELDS))
        honour = Honour(id=number, unit_id=unit_id, **values)
        honour.status = honour.status or DEFAULT_HONOUR_STATUS
        honours.append(honour)
    return honours


def first_unit(database: Database, today: dt.date | None = None) -> TrialUnit | None:
    """The database's first live unit, over all the years its honours have."""
    try:
        with database.session() as session:
            unit = session.scalar(select(Unit).where(Unit.deleted_at.is_(None)).order_by(Unit.id).limit(1))
            if unit is None:
                return None
            years = session.scalars(
                select(Honour.awarded_year).where(Honour.unit_id == unit.id, Honour.awarded_year.is_not(None))
            ).all()
            written_on = today or dt.date.today()
            period = Period(min([*years, written_on.year]), max([*years, written_on.year]))
            return unit.name, report_context(session, unit.id, period, written_on, today)
    except Exception:  # the trial is a help: a database that cannot give a unit leaves the demo unit
        log.warning("no unit of the database for the template's trial", exc_info=True)
        return None


def _richness(record: dict[str, Any]) -> int:
    return sum(1 for value in record.values() if value not in (None, "", [], {}))


def _known(record: dict[str, Any], fields: tuple[Any, ...]) -> dict[str, Any]:
    keys = {f.key for f in fields}
    return {key: value for key, value in record.items() if key in keys and value is not None}


def _materials(record: dict[str, Any]) -> dict[str, TopicMaterial]:
    found: dict[str, TopicMaterial] = {}
    for material in sorted(record.get("materials", []), key=lambda m: m["year"]):
        lines = tuple(line.strip() for line in material["text"].splitlines() if line.strip())
        before = found.get(material["topic"])
        if before is None:
            found[material["topic"]] = TopicMaterial(material["topic"], lines, (material["year"],))
        else:
            years = tuple(dict.fromkeys((*before.years, material["year"])))
            found[material["topic"]] = TopicMaterial(material["topic"], before.paragraphs + lines, years)
    return found
