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
            lines = materials[index].text.splitlines()[1:]
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
