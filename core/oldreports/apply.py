"""Writing reviewed proposals: one transaction after a backup, one import batch (kind "report") per document.

What a batch records for its undo (core/importing/history.py): the units it created, the unit fields it
filled (with their old values), the materials it extended (with their old text); the materials and honours
it added point at it through import_batch_id. Nothing is added twice: an honour the unit already holds
(same title, year and holder, whatever the month), a material section whose text is already there, a
fact the unit already has (unless the user ticked to overwrite it) are left alone, so importing the same
document again adds nothing. An honour held to the year only gets the month (or day) the document gives
only where the clerk ticked it (ProposedHonour.refine); the batch records the date it had, for undo.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import figure_dates
from core.changelog import plain, record_change
from core.db import Database
from core.errors import UserError
from core.fields import UNIT_FIELDS, clean_values
from core.inferred import CATEGORY_MARK, LEVEL_MARK, marked
from core.models import Honour, ImportBatch, Material, Unit
from core.oldreports.facts import Fact
from core.oldreports.match import adds_to
from core.oldreports.proposal import ReportProposal, category_facts
from core.progress import Progress, no_progress
from core.services.units import UnitService
from core.text import name_key
from core.vocab import DEFAULT_HONOUR_STATUS, MATERIAL_TOPICS

log = logging.getLogger(__name__)


@dataclass
class DocumentResult:
    label: str
    unit_id: int
    unit_name: str
    batch_id: int
    unit_created: bool = False
    materials_created: int = 0
    materials_extended: int = 0
    facts_set: int = 0
    honours_created: int = 0
    dates_filled: int = 0  # held honours given the month (or day) the document gives, as the clerk chose
    duplicates: int = 0  # honours and material sections already in the records

    @property
    def changed(self) -> bool:
        return bool(
            self.unit_created
            or self.materials_created
            or self.materials_extended
            or self.facts_set
            or self.honours_created
            or self.dates_filled
        )


@dataclass
class ReportImportResult:
    documents: list[DocumentResult] = field(default_factory=list)

    def total(self, name: str) -> int:
        return sum(int(getattr(d, name)) for d in self.documents)


def check_ready(proposal: ReportProposal) -> str:
    """Why the document cannot be applied as it stands, or ""."""
    if not (proposal.unit_id or (proposal.unit_name and proposal.unit_name.strip())):
        return f"“{proposal.label}”没有识别出单位，请指定单位"
    if proposal.year is None:
        return f"“{proposal.label}”没有识别出年度，请指定年度"
    return ""


def apply_reports(
    database: Database, proposals: list[ReportProposal], progress: Progress = no_progress
) -> ReportImportResult:
    """Write every proposal's ticked materials, facts and honours, in one transaction after a backup.

    Raises UserError (nothing written) when a document has no unit or year; Cancelled from progress
    rolls everything back.
    """
    problems = [problem for proposal in proposals if (problem := check_ready(proposal))]
    if problems:
        raise UserError("；".join(problems) + "。未导入任何内容。")
    if database.sqlite_path is not None:
        from core.backup import backup_database

        backup_database(database, reason="before-import")
    result = ReportImportResult()
    units = UnitService(database)
    with database.session(write=True) as session:
        for index, proposal in enumerate(proposals, start=1):
            progress(index - 1, len(proposals), f"正在写入“{proposal.label}”")
            result.documents.append(_apply_one(session, units, proposal))
        progress(len(proposals), len(proposals), "正在保存…")
    log.info("导入往年材料：%s", [(d.label, d.batch_id) for d in result.documents])
    return result


def _apply_one(session: Session, units: UnitService, proposal: ReportProposal) -> DocumentResult:
    batch = ImportBatch(
        kind="report",
        file_name=str(proposal.path),
        file_hash=proposal.file_hash,
        sheet=f"第{proposal.part}篇" if proposal.part else None,
        mapping={"part": proposal.part, "title": proposal.title},
    )
    session.add(batch)
    session.flush()
    unit, created = _unit(session, units, proposal)
    outcome = DocumentResult(proposal.label, unit.id, unit.name, batch.id, unit_created=created)
    undo: dict[str, Any] = {"created_units": [unit.id] if created else [], "updated_units": {}}
    old_values = _set_facts(session, unit, proposal, outcome)
    if old_values:
        undo["updated_units"] = {str(unit.id): old_values}
        undo["written_units"] = {str(unit.id): {key: plain(getattr(unit, key)) for key in old_values}}
    if created:  # its version once the facts are set: undo keeps it only when edited after that
        session.flush()
        undo["unit_versions"] = {str(unit.id): unit.version}
    extended = _write_materials(session, unit.id, proposal, batch.id, outcome)
    undo["updated_materials"] = extended
    undo["written_materials"] = {  # the texts the batch left: undo keeps a material edited since
        material_id: session.get(Material, int(material_id)).text  # type: ignore[union-attr]
        for material_id in extended
    }
    _write_honours(session, unit.id, proposal, batch.id, outcome)
    undo.update(_fill_dates(session, unit.id, proposal, outcome))
    batch.undo_data = undo
    batch.counts = {
        "units_created": int(created),
        "units_updated": int(bool(old_values)),
        "materials_created": outcome.materials_created,
        "materials_extended": outcome.materials_extended,
        "honours_created": outcome.honours_created,
        "honours_dated": outcome.dates_filled,
        "duplicates": outcome.duplicates,
        "rejected": 0,
    }
    record_change(
        session,
        "import",
        "import_batch",
        batch.id,
        f"导入往年材料“{proposal.label}”（{unit.name}，{proposal.year}年）：新增工作材料 "
        f"{outcome.materials_created} 篇、补充 {outcome.materials_extended} 篇，荣誉 {outcome.honours_created} 项，"
        f"填写单位信息 {outcome.facts_set} 项"
        + (f"，为已有荣誉补充获得时间 {outcome.dates_filled} 项" if outcome.dates_filled else ""),
        {"counts": batch.counts},
    )
    return outcome


def _unit(session: Session, units: UnitService, proposal: ReportProposal) -> tuple[Unit, bool]:
    if proposal.unit_id is not None:
        unit = session.get(Unit, proposal.unit_id)
        if unit is None or unit.is_deleted:
            raise UserError(f"“{proposal.label}”所指的单位已被删除，请重新选择单位。未导入任何内容。")
        return unit, False
    name = (proposal.unit_name or "").strip()
    existing = session.scalar(select(Unit).where(Unit.deleted_at.is_(None), Unit.name_key == name_key(name)))
    if existing is not None:  # made by an earlier document of the same run
        return existing, False
    return units.create({"name": name}, session=session), True


def _set_facts(
    session: Session, unit: Unit, proposal: ReportProposal, outcome: DocumentResult
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    rules: dict[str, str] = {}
    for fact in _as_named(proposal.facts, unit.name):
        current = getattr(unit, fact.field)
        if (
            not fact.accepted
            or (current is not None and not fact.overwrite)
            or plain(current) == plain(fact.value)
        ):
            continue
        values[fact.field] = fact.value
        if fact.rule:
            rules[fact.field] = fact.rule
    if not values:
        return {}
    cleaned = clean_values(UNIT_FIELDS, values, partial=True)
    outcome.facts_set = len(cleaned)
    when = proposal.figures_as_of  # the figures are the document's, not today's
    dated = {key: when for key in cleaned if key in figure_dates.FIGURES}
    extra = unit.extra
    if when is not None and dated:
        extra = figure_dates.with_dates(extra, dated)
    if "category" in cleaned and "category" in rules:
        extra = marked(extra, CATEGORY_MARK, rules["category"])
    if extra is not unit.extra:
        cleaned["extra"] = extra
    old = {key: plain(getattr(unit, key)) for key in cleaned}
    for key, value in cleaned.items():
        setattr(unit, key, value)
    session.flush()
    return old


def _as_named(facts: list[Fact], name: str) -> list[Fact]:
    """The facts, with the inferred 类别 inferred again from the unit's name as it is written (the clerk
    may have chosen another unit after the review was made); none where that name implies none."""
    out = [fact for fact in facts if not (fact.field == "category" and fact.rule)]
    for fact in facts:
        if fact.field == "category" and fact.rule:
            out.extend(
                replace(again, accepted=fact.accepted, overwrite=fact.overwrite)
                for again in category_facts(name)
            )
    return out


def _write_materials(
    session: Session, unit_id: int, proposal: ReportProposal, batch_id: int, outcome: DocumentResult
) -> dict[str, str]:
    """New materials by topic; sections added to a material the unit already has for that year and topic.
    Returns the extended materials' old text (id → text), for undo."""
    by_topic: dict[str, list[str]] = defaultdict(list)
    for material in proposal.materials:
        if material.accepted and material.text.strip() and material.topic in MATERIAL_TOPICS:
            by_topic[material.topic].append(material.text.strip())
    extended: dict[str, str] = {}
    year = int(proposal.year or 0)
    for topic in MATERIAL_TOPICS:
        sections = by_topic.get(topic)
        if not sections:
            continue
        existing = session.scalar(
            select(Material).where(
                Material.unit_id == unit_id,
                Material.year == year,
                Material.topic == topic,
                Material.deleted_at.is_(None),
            )
        )
        if existing is None:
            session.add(
                Material(
                    unit_id=unit_id,
                    year=year,
                    topic=topic,
                    text="\n".join(sections),
                    import_batch_id=batch_id,
                )
            )
            outcome.materials_created += 1
            continue
        held = _squash(existing.text)
        missing = [text for text in sections if _squash(text) not in held]
        outcome.duplicates += len(sections) - len(missing)
        if missing:
            extended[str(existing.id)] = existing.text
            existing.text = existing.text.rstrip() + "\n" + "\n".join(missing)
            outcome.materials_extended += 1
    session.flush()
    return extended


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _write_honours(
    session: Session, unit_id: int, proposal: ReportProposal, batch_id: int, outcome: DocumentResult
) -> None:
    held = {
        (title_key, year, recipient or None)
        for title_key, year, recipient in session.execute(
            select(Honour.title_key, Honour.awarded_year, Honour.recipient).where(
                Honour.unit_id == unit_id, Honour.deleted_at.is_(None)
            )
        )
    }
    for honour in proposal.honours:
        if not honour.accepted or not honour.title.strip():
            continue
        key = (name_key(honour.title), honour.year, honour.recipient or None)
        if key in held:
            outcome.duplicates += 1
            continue
        held.add(key)
        notes = (
            "；".join(
                part
                for part in (
                    "年份据上下文推断" if honour.year_inferred else "",
                    f"获得集体：{honour.held_by}" if honour.held_by else "",
                )
                if part
            )
            or None
        )
        extra = {"出处": honour.source[:500]} if honour.source else {}
        if honour.level and honour.level_rule:
            extra = marked(extra, LEVEL_MARK, honour.level_rule)
        session.add(
            Honour(
                unit_id=unit_id,
                title=honour.title.strip(),
                title_key=key[0],
                recipient=honour.recipient or None,
                level=honour.level,
                awarded_by=honour.awarded_by or None,
                awarded_year=honour.year,
                awarded_month=honour.month,
                awarded_day=honour.day,
                grade=honour.grade,
                document_no=honour.document_no or None,
                status=honour.status or DEFAULT_HONOUR_STATUS,
                notes=notes,
                extra=extra,
                import_batch_id=batch_id,
            )
        )
        outcome.honours_created += 1
    session.flush()


def _fill_dates(
    session: Session, unit_id: int, proposal: ReportProposal, outcome: DocumentResult
) -> dict[str, Any]:
    """Give the held honours the clerk ticked 补充月份 for the month (and day) the document gives, where
    they still hold the date the review showed; what undo needs: their dates before and after."""
    before: dict[str, dict[str, Any]] = {}
    after: dict[str, dict[str, Any]] = {}
    for honour in proposal.honours:
        read, held_date = honour.awarded, honour.held_date
        if not (honour.refine and honour.can_refine() and read and held_date and adds_to(held_date, read)):
            continue  # not chosen, or the date was since edited into one that is no finer date of it
        held = session.get(Honour, honour.duplicate_of)
        if held is None or held.is_deleted or held.unit_id != unit_id or held.awarded != honour.held_date:
            continue  # changed since the review (or filled by an earlier part of this import): left alone
        before[str(held.id)] = {"awarded": plain(held.awarded)}
        held.awarded = read
        after[str(held.id)] = {"awarded": plain(held.awarded)}
        outcome.dates_filled += 1
    session.flush()
    return {"updated_honours": before, "written_honours": after} if before else {}
