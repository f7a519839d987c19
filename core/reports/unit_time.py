"""What a report of a period, signed on a day, may state of the unit's 简介, 特色 and registered figures.

The records carry no date for a 简介 (nor, mostly, for a figure) of their own: what they hold is when the unit's record was
last written (Unit.updated_at, which every writer moves: the unit form, a register import, an old report's
facts), and the change log's rows naming the fields the unit form wrote (an import names none). A report
signed before a field was written cannot know what was written then (as it cannot know an honour awarded
after its date), so:

- the figures (人数, 面积) are stated as 现有 only when the record was last written by the 成文日期;
- except a figure with a date of its own (an old report's, core/figure_dates.py): that date wins over the
  write time: on or before the 成文日期 it is stated, as 现有 when it falls in the period's last year or
  later, else with its date (截至2021年底，我校有教职工120人), as reports write an older figure;
- from a 简介 or 特色 written after the 成文日期, the sentences that state the unit's present state
  (现有教职工120人, 目前…) are left out; the rest (where the unit is, what it stands for) is kept;
- a sentence naming a year after the period (2016年被评为… in a 2010–2013 report) is left out whenever the
  text was written, and a founding after the period is not stated;

and each thing left out is named, with its field and year, in the pre-flight's words.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from core import figure_dates
from core.changelog import local_time
from core.models import ChangeLog, ImportBatch, Unit
from core.partial_date import PartialDate
from core.reports.facts import Fact, unit_facts
from core.reports.prose import chinese_date

_SENTENCE = re.compile(r"[^。！？；!?;]*[。！？；!?;]?")
# A year the text states as a date: 2016年, 2016-2018年, 2016年至2018年 (not 2050平方米)
_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d{2})(?=\s*(?:年|[-—–~～至到]\s*(?:19|20)\d{2}\s*年))")
# Words by which a sentence speaks of the time it was written: 现有教职工120人, 目前, 如今, 截至
_NOW = re.compile(r"现有|现拥有|现在|现为|现已|现任|目前|如今|当前|至今|截至|截止|今年|本年度")
_QUOTE = 16  # characters of a left-out sentence the warning quotes


@dataclass(frozen=True)
class UnitAsOf:
    """The unit's 简介, 特色 and figures as a report of the period signed on the day may state them."""

    profile: str
    features: str
    facts: tuple[Fact, ...]
    left_out: tuple[str, ...]  # what was left out and why, one sentence each
    to_check: tuple[str, ...] = ()  # stated, but recorded before the period: may no longer be so
    recorded: dt.date | None = None  # the day the record was last written
    later: tuple[str, ...] = ()  # the figures (labels) not stated: written after the 成文日期
    # the figures (labels) whose own date (figure_dates) is not the report's present: after the 成文日期 or
    # before the period's last year, with that date as the report words it (2009年11月)
    dated: tuple[tuple[str, str], ...] = ()


def recorded_on(unit: Unit) -> dt.date | None:
    """The (local) day the unit's record was last written; None for a record not yet stored."""
    stamp = unit.updated_at or unit.created_at
    return local_time(stamp).date() if stamp is not None else None


# The unit's fields a 基本情况 states, by the label its Fact carries
_FIGURE_KEYS = {
    "占地面积": "land_area_m2",
    "建筑面积": "building_area_m2",
    "职工人数": "staff_count",
    "学生人数": "student_count",
    "班级数": "class_count",
    "户数": "household_count",
    "人口": "population",
    "党员人数": "party_member_count",
}
_LOGGED_FIELDS = {"create": "values", "update": "changes"}


def fields_written_after(session: Session, unit: Unit, day: dt.date) -> frozenset[str] | None:
    """The unit's fields (keys) written after the day, as the change log names them; None when a write
    after the day is not accounted for field by field (an import, an undo), so that any field may be."""
    recorded = recorded_on(unit)
    if recorded is None or recorded <= day:
        return frozenset()
    since = dt.datetime.combine(day - dt.timedelta(days=1), dt.time())  # local day vs UTC: a day's slack
    rows = session.execute(
        select(ChangeLog.at, ChangeLog.action, ChangeLog.details).where(
            ChangeLog.entity == "unit", ChangeLog.entity_id == unit.id, ChangeLog.at >= since
        )
    ).all()
    written: set[str] = set()
    explained = False  # a row after the day accounts for the record's last write
    for at, action, details in rows:
        if local_time(at).date() <= day:
            continue
        explained = True
        if action in ("delete", "restore"):
            continue
        if action not in _LOGGED_FIELDS:
            return None
        written.update((details or {}).get(_LOGGED_FIELDS[action]) or {})
    if unit.id in _imported_since(session, since):  # an import writes no change log row per unit
        return None
    return frozenset(written) if explained else None


def _imported_since(session: Session, since: dt.datetime) -> set[int]:
    """The units imports (or their undoing) since then created or changed; read once per session."""
    key = ("units imported since", since)
    if key not in session.info:
        units: set[int] = set()
        written = or_(ImportBatch.created_at >= since, ImportBatch.undone_at >= since)  # undoing writes too
        for undo in session.scalars(select(ImportBatch.undo_data).where(written)):
            units.update(int(unit_id) for unit_id in (undo or {}).get("updated_units") or {})
            units.update(int(unit_id) for unit_id in (undo or {}).get("created_units") or [])
        session.info[key] = units
    return session.info[key]


def unit_as_of(
    unit: Unit,
    last_year: int,
    written_on: dt.date | None,
    first_year: int | None = None,
    rewritten: frozenset[str] | None = None,
) -> UnitAsOf:
    """last_year, first_year: the period's; written_on: the 成文日期 (None: no figure is too recent);
    rewritten: the fields written after it (fields_written_after; None: any of them may have been)."""
    recorded = recorded_on(unit)
    after = recorded is not None and written_on is not None and recorded > written_on

    def later(key: str) -> bool:
        return after and (rewritten is None or key in rewritten)

    notes: list[str] = []
    facts = []
    dropped = []
    dated = figure_dates.dates_of(unit.extra)
    own: dict[str, list[str]] = {"after": [], "before": []}  # labels of figures with a date of their own
    for fact in unit_facts(unit):
        key = _FIGURE_KEYS.get(fact.label, "")
        if not fact.current and unit.founded is not None and unit.founded.year > last_year:
            notes.append(f"登记的“{fact.label}”为{unit.founded.chinese()}，在汇报期间之后，不写入")
        elif fact.current and key in dated:  # its own date wins over the record's write time
            when = dated[key]
            if written_on is not None and figure_dates.last_day(when) > written_on:
                own["after"].append(fact.label)
            elif when.year < last_year:
                own["before"].append(fact.label)
                facts.append(replace(fact, as_of=when))
            else:
                facts.append(fact)
        elif fact.current and later(key):
            dropped.append(fact.label)  # named together below
        else:
            facts.append(fact)
    notes += _dated_notes(dated, own["after"], "晚于成文日期，不写入")
    to_check_dated = _dated_notes(
        dated, own["before"], "早于汇报期间的最后一年，写明截至日期；如有新数字请修改单位信息"
    )
    if dropped:
        notes.append(
            f"单位信息最后修改于{chinese_date(recorded)}，晚于成文日期，其中登记的"
            f"“{'”“'.join(dropped)}”不作为现状写入"
        )
    profile = _kept(unit.profile, "单位简介", last_year, recorded if later("profile") else None, notes)
    features = _kept(unit.features, "单位特色", last_year, recorded if later("features") else None, notes)
    stale = [f.label for f in facts if f.current and _FIGURE_KEYS.get(f.label) not in dated]
    to_check = tuple(to_check_dated)
    if stale and recorded is not None and first_year is not None and recorded.year < first_year:
        to_check += (
            f"单位信息最后修改于{chinese_date(recorded)}，早于汇报期间，登记的"
            f"“{'”“'.join(stale)}”将作为现状写入，请核对是否仍是如此",
        )
    named = [
        (label, figure_dates.spoken(dated[_FIGURE_KEYS[label]])) for label in own["after"] + own["before"]
    ]
    return UnitAsOf(
        profile, features, tuple(facts), tuple(notes), to_check, recorded, tuple(dropped), tuple(named)
    )


def _dated_notes(dated: dict[str, PartialDate], labels: list[str], what: str) -> list[str]:
    """One note per date: 登记的“职工人数”“学生人数”是截至2021年12月20日的数字（往年材料），晚于成文日期，不写入."""
    by_date: dict[PartialDate, list[str]] = {}
    for label in labels:
        by_date.setdefault(dated[_FIGURE_KEYS[label]], []).append(label)
    return [
        f"登记的“{'”“'.join(named)}”是截至{figure_dates.spoken(when)}的数字，{what}"
        for when, named in by_date.items()
    ]


def _kept(text: str | None, label: str, last_year: int, later: dt.date | None, notes: list[str]) -> str:
    """The text without the sentences it may not state (later: the day it was written, when after the
    成文日期); notes gets one line for each kind left out."""
    after: list[str] = []
    present: list[str] = []
    lines = []
    for line in (text or "").splitlines():
        kept = []
        for sentence in (s for s in _SENTENCE.findall(line) if s.strip()):
            years = [int(y) for y in _YEAR.findall(sentence)]
            if any(year > last_year for year in years):
                after.append(sentence)
            elif later is not None and _NOW.search(sentence):
                present.append(sentence)
            else:
                kept.append(sentence)
        if "".join(kept).strip():
            lines.append("".join(kept).strip())
    if after:
        years = sorted({y for s in after for y in map(int, _YEAR.findall(s)) if y > last_year})
        notes.append(
            f"{label}中写到{'、'.join(f'{y}年' for y in years)}（汇报期间之后）的{len(after)}句不写入："
            f"“{_quote(after[0])}”"
        )
    if present and later is not None:
        notes.append(
            f"{label}最后修改于{chinese_date(later)}，晚于成文日期，其中说现状的{len(present)}句不写入："
            f"“{_quote(present[0])}”"
        )
    return "\n".join(lines)


def _quote(sentence: str) -> str:
    sentence = sentence.strip().rstrip("。！？；!?;")
    return sentence if len(sentence) <= _QUOTE else sentence[:_QUOTE] + "…"
