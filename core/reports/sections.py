"""Each built-in template's sections and the records that feed them, in order of preference.

A section takes the first of its topics that has material in the period (a fallback topic only when no
other section of the same report has it as its own), else the unit's 简介 or 特色 where it says so, plus the
registered figures the text does not already give, plus honour sentences where it holds the honours. Only
a section that nothing fits gets the visible placeholder, which names the topic to fill in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from core.former_names import with_former_name
from core.reports import honour_text
from core.reports.facts import facts_sentence, unstated
from core.reports.records import ReportOptions, TopicMaterial, UnitRecords
from core.vocab import MATERIAL_TOPICS

MATERIAL_PLACEHOLDER = "（此处请补充“{topic}”材料）"

PLAN_TOPICS = ("下一步打算", "整改措施")  # what a unit means to do: of its year, not of every later one
STALE_PLAN_YEARS = 1  # a plan of the year before the 成文日期's is the report's own (a year-end report)

HONOURS_NONE = ""
HONOURS_BY_YEAR = "by_year"  # every honour of the period in its year
HONOURS_SUMMARY = "summary"  # 先后荣获……等荣誉称号


@dataclass(frozen=True)
class Section:
    name: str  # the heading without its number: 主要工作成绩
    topics: tuple[str, ...] = ()  # material topics, the preferred first
    profile: bool = False  # no material: the unit's 简介
    features: bool = False  # no material: the unit's 特色
    facts: bool = False  # the registered figures the text does not state
    honours: str = HONOURS_NONE

    @property
    def placeholder(self) -> str:
        return MATERIAL_PLACEHOLDER.format(topic=self.topics[0] if self.topics else self.name)


@dataclass(frozen=True)
class FilledSection:
    name: str
    paragraphs: tuple[str, ...]
    sources: tuple[str, ...]  # what it is filled from, in words: 材料“工作成效”（2021年）
    honours: int  # honours it states
    placeholder: bool  # nothing fitted: the paragraphs are the placeholder


BASIC = Section("基本情况", ("基本情况",), profile=True, facts=True)
PRACTICE = Section("主要做法", ("主要做法",))
RESULTS = Section("工作成效", ("工作成效",), honours=HONOURS_BY_YEAR)
RESULTS_SUMMARY = Section("工作成效", ("工作成效",), honours=HONOURS_SUMMARY)
FEATURES = Section("特色亮点", ("特色亮点",), features=True)
PROBLEMS = Section("存在问题", ("存在问题",))
NEXT = Section("下一步打算", ("下一步打算", "整改措施"))

BUILTIN_SECTIONS: dict[str, tuple[Section, ...]] = {
    "情况汇报": (BASIC, PRACTICE, RESULTS, PROBLEMS, NEXT),
    "创建文明单位申报材料": (BASIC, PRACTICE, FEATURES, Section("工作成效", ("工作成效",))),
    "自查报告": (
        Section("主要工作成绩", ("工作成效", "主要做法"), honours=HONOURS_SUMMARY),
        Section("存在具体问题", ("存在问题",)),
        Section("下一步整改措施", ("整改措施", "下一步打算")),
    ),
    "工作总结": (PRACTICE, RESULTS_SUMMARY, PROBLEMS, NEXT),
    "亮点工作汇报": (FEATURES, PRACTICE, RESULTS_SUMMARY, NEXT),
    "荣誉一览表": (),
}

# For templates of the user's own: one section per topic, named as the topic.
DEFAULT_SECTIONS: tuple[Section, ...] = (
    BASIC,
    PRACTICE,
    Section("工作成效", ("工作成效",)),
    FEATURES,
    PROBLEMS,
    Section("整改措施", ("整改措施", "下一步打算")),
    NEXT,
)
assert [s.name for s in DEFAULT_SECTIONS] == list(MATERIAL_TOPICS)


def sections_for(template: str | None) -> tuple[Section, ...]:
    """The sections a built-in template declares; a template of the user's own has none declared."""
    return BUILTIN_SECTIONS.get(template or "", ())


def _years(material: TopicMaterial) -> str:
    years = material.years
    if len(years) == 1:
        return f"{years[0]}年"
    return (
        f"{years[0]}年至{years[-1]}年"
        if years == tuple(range(years[0], years[-1] + 1))
        else "、".join(f"{y}年" for y in years)
    )


class _Filler:
    """Fills the sections of one report, so that no material serves two of them."""

    def __init__(
        self, records: UnitRecords, subject: str, options: ReportOptions, sections: Sequence[Section]
    ):
        self.records = records
        self.subject = subject
        self.options = options
        self.reserved = {s.topics[0] for s in sections if s.topics}
        self.used: set[str] = set()
        self.written: list[str] = []  # the paragraphs of the sections filled so far

    def material(self, section: Section) -> tuple[TopicMaterial | None, str]:
        for index, topic in enumerate(section.topics):
            material = self.records.materials.get(topic)
            if material is None or topic in self.used or (index and topic in self.reserved):
                continue
            self.used.add(topic)
            relative = (
                f"，其中“{'”“'.join(material.relative)}”按材料年度写明年份" if material.relative else ""
            )
            source = f"材料“{topic}”（{_years(material)}{relative}{self._stale(topic, material)}）"
            if index:
                source += f"，代替缺少的“{section.topics[0]}”"
            return material, source
        return None, ""

    def _stale(self, topic: str, material: TopicMaterial) -> str:
        """What the plan says of a plan written long before the 成文日期: it may be done or dropped by now."""
        day = self.records.written_on
        if topic not in PLAN_TOPICS or day is None or material.years[-1] >= day.year - STALE_PLAN_YEARS:
            return ""
        return f"；是{material.years[-1]}年的打算，成文日期已是{day.year}年，请核对是否仍是打算"

    def fill(self, section: Section) -> FilledSection:
        unit = self.records.unit
        paragraphs: list[str] = []
        sources: list[str] = []
        material, source = self.material(section)
        if material is not None:
            paragraphs.extend(material.paragraphs)
            sources.append(source)
        elif section.profile and self.records.as_of.profile:
            paragraphs.extend(_lines(self.records.as_of.profile))
            sources.append("单位简介")
        elif section.features and self.records.as_of.features:
            paragraphs.extend(_lines(self.records.as_of.features))
            sources.append("单位特色")
        if section.facts:
            subject = with_former_name(self.subject, unit.former_names, self.records.period.first_year)
            sentence = facts_sentence(subject, unstated(self.records.as_of.facts, paragraphs))
            if sentence:
                paragraphs.append(sentence)
                sources.append("登记的单位概况")
        honours = 0
        if section.honours:  # an honour the report has already named (in a material, a 简介) is not repeated
            lines, honours = self.honour_lines(section, "\n".join([*self.written, *paragraphs]))
            paragraphs.extend(lines)
            if honours:
                sources.append(f"荣誉 {honours} 项")
        self.written.extend(paragraphs)
        if not paragraphs:
            return FilledSection(section.name, (section.placeholder,), (), 0, True)
        return FilledSection(section.name, tuple(paragraphs), tuple(sources), honours, False)

    def honour_lines(self, section: Section, text: str) -> tuple[list[str], int]:
        split = self.records.honours
        own = [h for h in split.collective if not honour_text.mentioned_in(h, text)]
        persons = [h for h in split.personal if not honour_text.mentioned_in(h, text)]
        undated = [h for h in split.undated if not honour_text.mentioned_in(h, text)]
        undated = undated if self.options.list_undated else []
        lines: list[str] = []
        if section.honours == HONOURS_BY_YEAR:
            lines.extend(honour_text.year_lines(own))
            personal = honour_text.personal_paragraph(persons, with_years=True)
        else:
            lines.append(honour_text.period_summary(self.records.period, self.subject, own))
            personal = honour_text.personal_paragraph(persons, with_years=False)
        lines.extend([personal, honour_text.undated_paragraph(undated, self.subject)])
        return [line for line in lines if line], len(own) + len(persons) + len(undated)


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def fill_sections(
    records: UnitRecords, subject: str, options: ReportOptions, sections: Sequence[Section]
) -> list[FilledSection]:
    """The sections of one report, in their order."""
    filler = _Filler(records, subject, options, sections)
    return [filler.fill(section) for section in sections]
