"""What reading a report proposes: the unit and year, materials by topic, facts and honours.

read_report() reads a file without the database; propose() then matches each document against the
records (unit, values the unit already has, honours it already holds). Everything proposed can be edited,
ticked or unticked before apply.py writes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.db import Database
from core.former_names import match_note
from core.importing.infer import infer_category
from core.inferred import INFERRED
from core.models import Unit
from core.oldreports.content import demoted_lines, is_label_heading, without_framing, without_heading
from core.oldreports.dates import digits_in_dates
from core.oldreports.facts import Fact, find_facts
from core.oldreports.honours import ProposedHonour, honours_from_table, honours_in_paragraph, split_sentences
from core.oldreports.match import (
    UnitRef,
    find_existing,
    guess_unit,
    guess_year,
    load_units,
    mark_duplicates,
    naming_conflict,
    naming_lines,
    other_signers,
    reported_year,
)
from core.oldreports.outline import Document, Paragraph, Section, headings_with_year, split_documents
from core.oldreports.reader import read_source
from core.oldreports.topics import BASICS, PLANS, document_default, topic_of
from core.partial_date import PartialDate, PartialDateError, parse_partial_date
from core.progress import Progress, no_progress
from core.text import name_key

_LABEL_LEVEL = 2  # a heading as deep as （一） may only name its section; a 1. or （1） says something
_OPENING_MIN = 20  # characters of an opening (after its 现将…汇报如下) worth keeping as 基本情况


@dataclass
class ProposedMaterial:
    topic: str
    heading: str  # as written, "" for the opening
    text: str  # the paragraphs under the heading as in the file, without what only frames them (content.py)
    explicit: bool = True  # the heading's words name the topic
    accepted: bool = True
    note: str = ""


@dataclass
class ReportProposal:
    path: Path
    file_hash: str
    part: int | None
    title: str
    text: str  # the whole document, for showing beside the proposals
    headings: list[str]
    naming_lines: list[str] = field(default_factory=list)  # signature and title: where the unit is named
    unit_id: int | None = None
    unit_name: str | None = None
    unit_evidence: str = ""
    year: int | None = None
    year_source: str = ""
    signed_on: PartialDate | None = None  # the 成文日期 at its end, as far as it is written
    materials: list[ProposedMaterial] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    honours: list[ProposedHonour] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        """The file's name, with the part when the file holds several reports: 汇编.txt（第2篇）."""
        return self.path.name + (f"（第{self.part}篇）" if self.part else "")

    @property
    def figures_as_of(self) -> PartialDate | None:
        """The date the document's figures are as of: its 成文日期, else its year (to the year's end); the
        成文日期 only where it lies in the document's year or the next (a year given by hand that differs
        says the date is not the document's)."""
        if self.year is None:
            return self.signed_on
        if self.signed_on is not None and self.signed_on.year in (self.year, self.year + 1):
            return self.signed_on
        try:
            return PartialDate(self.year)
        except PartialDateError:  # a year still being typed (2, 20, 202)
            return None

    @property
    def source_key(self) -> str:
        """What identifies this document across imports: the file's hash and the part."""
        return f"{self.file_hash}:{self.part or 0}"

    def set_year(self, year: int | None) -> None:
        self.year = year
        for honour in self.honours:
            honour.follow_year(year)

    def as_json(self) -> dict[str, Any]:
        return {
            "file": str(self.path),
            "part": self.part,
            "title": self.title,
            "unit": self.unit_name,
            "unit_id": self.unit_id,
            "new_unit": self.unit_id is None and self.unit_name is not None,
            "year": self.year,
            "year_source": self.year_source or None,
            "signed_on": self.signed_on.iso() if self.signed_on else None,
            "figures_as_of": self.figures_as_of.iso() if self.figures_as_of else None,
            "materials": [
                {"topic": m.topic, "heading": m.heading, "text": m.text, "accepted": m.accepted}
                for m in self.materials
            ],
            "facts": [
                {
                    "field": f.field,
                    "label": f.label,
                    "value": f.value.iso() if hasattr(f.value, "iso") else f.value,
                    "display": f.display,
                    "current": f.current.iso() if hasattr(f.current, "iso") else f.current,
                    "accepted": f.accepted,
                    "source": f.source,
                }
                for f in self.facts
            ],
            "honours": [
                {
                    "title": h.title,
                    "awarded_by": h.awarded_by,
                    "date": h.awarded.iso() if h.awarded else None,
                    "year": h.year,
                    "month": h.month,
                    "day": h.day,
                    "year_inferred": h.year_inferred,
                    "level": h.level,
                    "level_inferred": h.level_rule is not None,
                    "level_rule": h.level_rule,
                    "recipient": h.recipient,
                    "grade": h.grade,
                    "document_no": h.document_no,
                    "accepted": h.accepted,
                    "status": h.status,
                    "held_by": h.held_by,
                    "note": h.notes_text() or None,
                    "held_date": h.held_date.iso() if h.can_refine() and h.held_date else None,
                    "fill_date": h.can_refine() and h.refine,
                    "source": h.source,
                }
                for h in self.honours
            ],
            "notes": self.notes,
        }


def read_report(path: Path, progress: Progress = no_progress) -> list[ReportProposal]:
    """The documents of one file, read and proposed without the database."""
    source = read_source(path)
    documents = split_documents(source.blocks)
    proposals = []
    for index, document in enumerate(documents, start=1):
        progress(index, len(documents), f"正在分析“{path.name}”")
        proposal = _propose_document(document, path, source.file_hash)
        proposal.notes.extend(source.notes)
        proposals.append(proposal)
    return proposals


def _propose_document(document: Document, path: Path, file_hash: str) -> ReportProposal:
    paragraphs = document.paragraphs()
    text = "\n".join(document.title_lines + [p.original.strip() for p in paragraphs] + document.signature)
    proposal = ReportProposal(
        path,
        file_hash,
        document.part,
        document.title or path.stem,
        text,
        [p.original.strip() for p in paragraphs if p.heading_level],
        naming_lines(document),
    )
    guess = guess_unit(document, [])
    proposal.unit_name, proposal.unit_evidence = guess.name, guess.evidence
    conflict = naming_conflict(document)
    if conflict:
        proposal.notes.append(conflict)
    proposal.year, proposal.year_source = guess_year(document)
    proposal.signed_on = _signed_on(document)
    proposal.materials = materials_of(document)
    proposal.facts = find_facts(_fact_sentences(document, proposal.materials))
    proposal.honours = honours_of(
        document, proposal.year, (guess.name or "",), report_year=reported_year(document)
    )
    return proposal


def _signed_on(document: Document) -> PartialDate | None:
    """The date line at the document's end (2021年12月20日, 二〇二一年十二月), or None."""
    if not document.date_text:
        return None
    try:
        return parse_partial_date(digits_in_dates(document.date_text).strip("（()） "), allow_future=True)
    except PartialDateError:
        return None


def materials_of(document: Document) -> list[ProposedMaterial]:
    default = document_default(document.title)
    materials = []
    # a speech's greeting and purpose, no material
    speech = re.match(r"^\s*同志们", "".join(p.original for p in document.opening[:1]))
    opening = _content(document.opening)
    if document.sections and not speech and len(opening) >= _OPENING_MIN:
        materials.append(ProposedMaterial(BASICS, "", opening, explicit=False))
    if not document.sections and opening:
        materials.append(ProposedMaterial(default, "", opening, explicit=False))
    kept: dict[str, int] = {}  # topic → top-level headings of it that say something, so far
    for section in document.sections:
        materials.extend(_section_materials(section, default, kept))
    return materials


def _section_materials(section: Section, default: str, kept: dict[str, int]) -> list[ProposedMaterial]:
    if (
        len(section.paragraphs) == 1
        and not section.children
        and section.paragraphs[0].text == section.heading
    ):
        return []  # a heading with nothing under it
    topic, explicit = topic_of(section.heading, default)
    child_topics = [
        topic_of(child.heading, topic) if not child.paragraphs[0].text.endswith("。") else (topic, False)
        for child in section.children
    ]
    named = {child_topic for child_topic, is_named in child_topics if is_named}
    if explicit or len(named) < 2:  # split only a section whose parts name different topics
        if (
            section.level == 1
            and section.paragraphs[0].heading_level
            and not is_label_heading(section.heading)
        ):
            kept[topic] = kept.get(topic, 0) + 1  # under the report's own 一、 it is a （一）
            text = _joined(demoted_lines(section, kept[topic]))
        else:
            text = _content(section.all_paragraphs(), section.heading)
        return [ProposedMaterial(topic, section.heading, text, explicit)] if text else []
    out = []
    if len(section.paragraphs) > 1:
        own = _content(section.paragraphs, section.heading)
        if own:
            out.append(ProposedMaterial(topic, section.heading, own, explicit))
    for child, (child_topic, named) in zip(section.children, child_topics, strict=True):
        text = _content(child.all_paragraphs(), child.heading)
        if text:
            out.append(ProposedMaterial(child_topic, child.heading, text, named))
    return out


def _content(paragraphs: list[Paragraph], heading: str = "") -> str:
    """The material's text: the paragraphs as in the file, without a first line that only names the
    section (the generated report writes its own heading) and without the report's framing sentences.
    A deep heading stays whatever it says: "13、我局现有文明创建荣誉：…" leads its list."""
    lines = [p.original.strip() for p in paragraphs]
    level = paragraphs[0].heading_level if paragraphs else None
    if heading and level and level <= _LABEL_LEVEL and is_label_heading(heading):
        lines[0] = without_heading(lines[0], heading)
    return _joined(lines)


def _joined(lines: list[str]) -> str:
    return "\n".join(text for line in lines if (text := without_framing(line)))


def _fact_sentences(document: Document, materials: list[ProposedMaterial]) -> list[str]:
    """Facts are read where a report describes the unit: its opening and its 基本情况 sections."""
    texts = [p.text for p in document.opening]
    basics = {m.heading for m in materials if m.topic == BASICS and m.heading}
    for section in document.sections:
        if section.heading in basics:
            texts.extend(p.text for p in section.all_paragraphs())
    return [s for text in texts for s in split_sentences(text)]


def _planned(document: Document) -> set[int]:
    """The paragraphs (by id) of 下一步打算 sections: what they name is a goal, not an award."""
    out: set[int] = set()

    def walk(section: Section, inside: bool) -> None:
        inside = inside or (topic_of(section.heading)[0] == PLANS and "计划生育" not in section.heading)
        if inside:
            out.update(id(paragraph) for paragraph in section.paragraphs)
        for child in section.children:
            walk(child, inside)

    for section in document.sections:
        walk(section, False)
    return out


def _past_in_plan(honour: ProposedHonour, year: int | None) -> bool:
    """An honour a plan section names as already held: its year said, before the report's."""
    return bool(year and honour.year and not honour.year_inferred and honour.year < year)


def honours_of(
    document: Document, year: int | None, self_names: tuple[str, ...], *, report_year: int | None = None
) -> list[ProposedHonour]:
    found: list[ProposedHonour] = []
    table: list[tuple[str, ...]] = []
    planned = _planned(document)
    writers = other_signers(document, self_names)
    for paragraph, heading_year in [*headings_with_year(document), (Paragraph("", ""), None)]:
        if paragraph.cells:
            table.append(paragraph.cells)
            continue
        if table:
            found.extend(honours_from_table(table))
            table = []
        if paragraph.text:
            honours = honours_in_paragraph(
                paragraph.text,
                document_year=year,
                heading_year=heading_year,
                self_names=self_names,
                report_year=report_year,
                writers=writers,
            )
            if id(paragraph) in planned:
                honours = [honour for honour in honours if _past_in_plan(honour, year)]
            found.extend(honours)
    for line in document.title_lines:
        if "荣誉" in line or "获奖" in line:
            found.extend(honours_in_paragraph(line, document_year=year, heading_year=None))
    return _without_undated_mentions(found)


def _without_undated_mentions(honours: list[ProposedHonour]) -> list[ProposedHonour]:
    """An honour named without a date ("先后荣获A、B等称号") that the document dates elsewhere (its table,
    a later "2019年被…评为A") is that one honour: the dated one stands for both."""
    dated = {(name_key(h.title), h.recipient) for h in honours if h.year is not None}
    return [h for h in honours if h.year is not None or (name_key(h.title), h.recipient) not in dated]


def propose(
    database: Database,
    proposals: list[ReportProposal],
    *,
    unit_name: str | None = None,
    year: int | None = None,
) -> None:
    """Match each document against the records: its unit (or the one given), the unit's current values
    for the facts, the honours it already holds. A year given replaces the one read."""
    with database.session() as session:
        units = load_units(session)
        for proposal in proposals:
            if year is not None:
                proposal.set_year(year)
                proposal.year_source = "指定"
            _match_unit(proposal, units, unit_name)
            proposal.facts = [f for f in proposal.facts if f.field != "category"]
            proposal.facts.extend(category_facts(proposal.unit_name))
            unit = session.get(Unit, proposal.unit_id) if proposal.unit_id else None
            for fact in proposal.facts:
                fact.current = getattr(unit, fact.field) if unit is not None else None
                fact.accepted = fact.current is None
            for honour in proposal.honours:
                honour.accepted = not honour.doubt  # a doubted row waits for the clerk's tick
                honour.note = ""
                honour.duplicate_of = None
                honour.held_date, honour.refine = None, False
            mark_duplicates(session, proposal.unit_id, proposal.honours)


def category_facts(unit_name: str | None) -> list[Fact]:
    """The unit's 类别 as its name implies it (宁波市城东小学 → 学校), as the register import infers it;
    marked as inferred (类别推断) when written."""
    inferred = infer_category(unit_name)
    if inferred is None:
        return []
    return [
        Fact("category", inferred.value, f"{inferred.value}{INFERRED}", inferred.rule, rule=inferred.rule)
    ]


def _match_unit(proposal: ReportProposal, units: list[UnitRef], given: str | None) -> None:
    if given:
        key = name_key(given)
        unit = next((u for u in units if name_key(u.name) == key or u.short_name == given.strip()), None)
        unit = unit or next((u for u in units if key in map(name_key, u.former)), None)
        proposal.unit_id = unit.id if unit else None
        proposal.unit_name = unit.name if unit else given.strip()
        former = unit.former_in(given) if unit else None
        proposal.unit_evidence = f"指定（{match_note(former)}）" if former else "指定"
        return
    for line in proposal.naming_lines:
        unit = find_existing(line, units)
        if unit is not None:
            former = unit.former_in(line)
            evidence = f"{line}（{match_note(former)}）" if former else line
            proposal.unit_id, proposal.unit_name, proposal.unit_evidence = unit.id, unit.name, evidence
            return
    proposal.unit_id = None
