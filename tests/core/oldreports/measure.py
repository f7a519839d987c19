"""Scoring what the reader proposes against hand labels (labels/*.json, one per seed report in ../shared/seeds/).

Honours match on title, awarding body, year and holder (titles and bodies compared as the records compare
them: without quotes, spaces and the separators between bodies); facts on the document (part), field and
value (a seed's labels list every fact its documents state of their own unit); sections on the topic they
are filed under.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from core.oldreports.outline import normalise, numbered
from core.oldreports.proposal import ReportProposal, read_report
from core.text import name_key

HERE = Path(__file__).parent
SEEDS = next(  # the real reports beside every checkout (/work/main) and worktree (/work/wt/<name>)
    (p / "shared" / "seeds" for p in HERE.parents if (p / "shared" / "seeds").is_dir()),
    HERE.parents[3] / "shared" / "seeds",
)
LABELS = HERE / "labels"


def body_key(body: str | None) -> str:
    return re.sub(r"[、，,和及与]", "", name_key(body)) if body else ""


def honour_key(
    title: str, body: str | None, year: int | None, recipient: str | None
) -> tuple[str, str, int | None, str]:
    return (name_key(title), body_key(body), year, recipient or "")


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


@dataclass
class Score:
    true_positive: int = 0
    labelled: int = 0
    proposed: int = 0
    sections_right: int = 0
    sections: int = 0
    facts_right: int = 0
    facts_labelled: int = 0
    facts_proposed: int = 0
    facts_missed: list[object] = field(default_factory=list)
    facts_extra: list[object] = field(default_factory=list)
    missed: list[object] = field(default_factory=list)
    extra: list[object] = field(default_factory=list)
    wrong_sections: list[object] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return _ratio(self.true_positive, self.proposed)

    @property
    def recall(self) -> float:
        return _ratio(self.true_positive, self.labelled)

    @property
    def fact_precision(self) -> float:
        return _ratio(self.facts_right, self.facts_proposed)

    @property
    def fact_recall(self) -> float:
        return _ratio(self.facts_right, self.facts_labelled)

    @property
    def section_accuracy(self) -> float:
        return _ratio(self.sections_right, self.sections)

    def add(self, other: Score) -> None:
        for name in (
            "true_positive",
            "labelled",
            "proposed",
            "sections_right",
            "sections",
            "facts_right",
            "facts_labelled",
            "facts_proposed",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.facts_missed += other.facts_missed
        self.facts_extra += other.facts_extra
        self.missed += other.missed
        self.extra += other.extra
        self.wrong_sections += other.wrong_sections


def score(proposals: list[ReportProposal], labels: dict) -> Score:
    result = Score()
    wanted = Counter(
        honour_key(h["title"], h["awarded_by"], h["year"], h["recipient"]) for h in labels["honours"]
    )
    got = Counter(
        honour_key(h.title, h.awarded_by, h.year, h.recipient)
        for proposal in proposals
        for h in proposal.honours
        if h.accepted  # an unticked row is shown for the clerk's decision, not imported
    )
    result.labelled, result.proposed = sum(wanted.values()), sum(got.values())
    result.true_positive = sum((wanted & got).values())
    result.missed = sorted((wanted - got).elements(), key=str)
    result.extra = sorted((got - wanted).elements(), key=str)
    _score_facts(result, proposals, labels)
    materials = [m for proposal in proposals for m in proposal.materials]
    position = 0
    for label in labels["sections"]:
        result.sections += 1
        found = _find_section(materials, label, position)
        if found is None:
            if label["topic"] is None:
                result.sections_right += 1  # rightly not filed
            else:
                result.wrong_sections.append((label, "没有这一段"))
            continue
        position = found + 1
        topic = materials[found].topic
        if topic == label["topic"]:
            result.sections_right += 1
        else:
            result.wrong_sections.append((label, topic))
    return result


def _score_facts(result: Score, proposals: list[ReportProposal], labels: dict) -> None:
    if not isinstance(labels.get("facts"), list):
        return  # written.py's reports check their facts by field (test_measured)
    wanted = Counter((f["part"], f["field"], f["value"]) for f in labels["facts"])
    got = Counter(
        (proposal.part, f.field, f.value.iso() if hasattr(f.value, "iso") else f.value)
        for proposal in proposals
        for f in proposal.facts
    )
    result.facts_labelled, result.facts_proposed = sum(wanted.values()), sum(got.values())
    result.facts_right = sum((wanted & got).values())
    result.facts_missed = sorted((wanted - got).elements(), key=str)
    result.facts_extra = sorted((got - wanted).elements(), key=str)


def _find_section(materials: list, label: dict, start: int) -> int | None:
    """The material the labelled section went into: the one it heads, else the one whose text holds its
    heading line (a section kept inside its parent's material is filed under the parent's topic)."""
    heading = name_key(label["heading"])
    for index in range(start, len(materials)):
        material = materials[index]
        if heading and name_key(material.heading).startswith(heading):
            return index
        if (
            not heading
            and not material.heading
            and normalise(material.text).startswith(label.get("opening", ""))
        ):
            return index
    if heading:
        for index in range(max(start - 1, 0), len(materials)):
            lines = materials[index].text.splitlines()
            if any(name_key(normalise(line)).startswith(heading) for line in lines):
                return index
    return None


def score_seed(name: str) -> tuple[Score, dict, list[ReportProposal]]:
    labels = json.loads((LABELS / name.replace(".txt", ".json")).read_text(encoding="utf-8"))
    proposals = read_report(SEEDS / name)
    return score(proposals, labels), labels, proposals


def seed_names() -> list[str]:
    return sorted(path.name.replace(".json", ".txt") for path in LABELS.glob("*.json"))


def seed_docx(name: str, folder: Path) -> Path:
    """The seed report as an office keeps it in Word: its 一、 and （一） lines in heading styles, the rest
    plain paragraphs."""
    import docx  # only the .docx measurements need it

    document = docx.Document()
    for line in (SEEDS / name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            continue
        outline = numbered(line)
        if outline and outline[0] in (1, 2) and len(line) < 60:
            document.add_paragraph(line, style=f"Heading {outline[0]}")
        else:
            document.add_paragraph(line)
    path = folder / name.replace(".txt", ".docx")
    document.save(str(path))
    return path


@dataclass
class HeldOutScore(Score):
    """Score plus what the held-out labels also give: levels and 文号 of the honours found, facts by field,
    unit and year, and the honours to be shown unticked for the clerk's decision."""

    levels_right: int = 0
    numbers_right: int = 0
    numbers_labelled: int = 0
    names_right: int = 0
    documents: int = 0
    review_shown: int = 0
    review_labelled: int = 0
    wrong_levels: list[object] = field(default_factory=list)
    wrong_numbers: list[object] = field(default_factory=list)
    review_missed: list[object] = field(default_factory=list)

    def add_held_out(self, other: HeldOutScore) -> None:
        self.add(other)
        for name in (
            "levels_right",
            "numbers_right",
            "numbers_labelled",
            "names_right",
            "documents",
            "review_shown",
            "review_labelled",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.wrong_levels += other.wrong_levels
        self.wrong_numbers += other.wrong_numbers
        self.review_missed += other.review_missed

    @property
    def level_accuracy(self) -> float:
        return _ratio(self.levels_right, self.true_positive)

    def summary(self) -> str:
        return (
            f"荣誉 P={self.precision:.3f} R={self.recall:.3f} ({self.true_positive}/{self.proposed}/"
            f"{self.labelled}); 级别 {self.levels_right}/{self.true_positive}; 文号 {self.numbers_right}/"
            f"{self.numbers_labelled}; 事实 P={self.fact_precision:.3f} R={self.fact_recall:.3f}; 单位年度 "
            f"{self.names_right}/{self.documents}; 待核对 {self.review_shown}/{self.review_labelled}"
        )


def score_held_out(proposals: list[ReportProposal], labels: dict) -> HeldOutScore:
    result = HeldOutScore()
    base = score(proposals, {**labels, "facts": None, "sections": []})
    result.add(base)
    ticked = [h for p in proposals for h in p.honours if h.accepted]
    by_key = {honour_key(h.title, h.awarded_by, h.year, h.recipient): h for h in ticked}
    for label in labels["honours"]:
        found = by_key.get(honour_key(label["title"], label["awarded_by"], label["year"], label["recipient"]))
        if found is None:
            continue
        if found.level == label["level"]:
            result.levels_right += 1
        else:
            result.wrong_levels.append((label["title"], found.level, label["level"]))
        if label["document_no"]:
            result.numbers_labelled += 1
            if name_key(found.document_no or "") == name_key(label["document_no"]):
                result.numbers_right += 1
            else:
                result.wrong_numbers.append((label["title"], found.document_no, label["document_no"]))
    unticked = [h for p in proposals for h in p.honours if not h.accepted]
    for label in labels["review"]:
        result.review_labelled += 1
        shown = any(
            name_key(h.title) == name_key(label["title"]) and h.year == label["year"] and h.notes_text()
            for h in unticked
        )
        result.review_shown += shown
        if not shown:
            result.review_missed.append(label["title"])
    got = {
        f.field: (f.value.iso() if hasattr(f.value, "iso") else f.value) for p in proposals for f in p.facts
    }
    wanted = labels["facts"]
    result.facts_labelled, result.facts_proposed = len(wanted), len(got)
    result.facts_right = sum(1 for name, value in wanted.items() if got.get(name) == value)
    result.facts_missed = [(n, v, got.get(n)) for n, v in wanted.items() if got.get(n) != v]
    result.facts_extra = [(n, v) for n, v in got.items() if wanted.get(n) != v]
    result.documents = 1
    (first, *_) = proposals
    result.names_right = int((first.unit_name, first.year) == (labels["unit"], labels["year"]))
    return result
