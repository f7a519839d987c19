"""A report states only what the records say (DESIGN.md 6a), over records drawn at random.

Each example is one unit with honours of every kind a report must tell apart: inside and outside the
period, after the report's date, without a year, revoked, a person's. Every title is a word of its own, so
its appearance in the text can be looked for. Every built-in unit template is generated and read back as
the official receiving it reads it:

- a title outside the period, awarded after the report's date, without a year or revoked is nowhere;
- a person's title stands only beside the person's name;
- every year the text names is a year of the period or of the report's date;
- the templates that list the period's honours in full (情况汇报, 荣誉一览表) name every one of them.

The summaries (全区汇报, 获奖单位名单, 表彰决定) over several such units are read the same way, with what
they may say besides: 全区汇报 names titles held before the period (现有, 复查) and revoked ones where it
says they were revoked, and the years a title falls due (2022年到期).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.reports.context import Period
from core.reports.summary_generate import SummaryOptions
from core.services import Services
from tests.core.reports.test_trust_audit import generated_text

PERIOD = Period(2021, 2023)
WRITTEN = dt.date(2023, 6, 30)  # mid-year: a 2023年10月 award is after the report's date
UNIT_TEMPLATES = ("情况汇报", "创建文明单位申报材料", "自查报告", "工作总结", "亮点工作汇报", "荣誉一览表")
LISTS_EVERY_HONOUR = ("情况汇报", "荣誉一览表")
# Two-character words no template or verb contains, one per honour: a title is found by its word.
WORDS = ("青松", "翠柏", "红梅", "金桂", "银杏", "紫荆", "白桦", "碧桃", "丹枫", "绿萝", "墨竹", "雪莲")
KINDS = ("先进集体", "文明单位", "示范学校", "先进单位", "优秀组织奖")
PERSONS = ("王丽", "陈建国", "刘龙")
# (year, month): inside, before, after the period, after the report's date, no year
WHEN = st.sampled_from(
    [(2021, None), (2022, 5), (2023, 3), (2019, None), (2024, 2), (2023, 10), (None, None)]
)


@dataclass(frozen=True)
class Drawn:
    title: str
    year: int | None
    month: int | None
    holder: str | None
    revoked: bool

    @property
    def stated(self) -> bool:
        """Whether a report for PERIOD written on WRITTEN may state it (records.HonourSplit's rules)."""
        if self.revoked or not PERIOD.holds(self.year):
            return False
        assert self.year is not None
        return dt.date(self.year, self.month or 1, 1) <= WRITTEN

    @property
    def awarded(self) -> str | None:
        if self.year is None:
            return None
        return f"{self.year}-{self.month:02d}" if self.month else str(self.year)


@st.composite
def honours(draw: st.DrawFn, words: tuple[str, ...] = WORDS) -> list[Drawn]:
    count = draw(st.integers(min_value=1, max_value=len(words)))
    words = draw(st.permutations(words))[:count]
    drawn = []
    for word in words:
        year, month = draw(WHEN)
        holder = draw(st.one_of(st.none(), st.none(), st.sampled_from(PERSONS)))
        drawn.append(Drawn(word + draw(st.sampled_from(KINDS)), year, month, holder, draw(st.booleans())))
    return drawn


_numbers = itertools.count(1)
_YEAR = re.compile(r"((?:19|20)\d\d)年")
_FALLS_DUE = re.compile(r"(?:19|20)\d\d年到期")
ALLOWED_YEARS = {str(year) for year in range(PERIOD.first_year, PERIOD.last_year + 1)} | {str(WRITTEN.year)}


def add_unit(services: Services, drawn: list[Drawn]) -> int:
    number = next(_numbers)
    unit = services.units.create({"name": f"东湖区第{number}小学", "category": "学校", "region": "东湖区"}).id
    for honour in drawn:
        services.honours.create(
            unit,
            {
                "title": honour.title,
                "level": "县区级",
                "awarded_by": "东湖区文明委",
                "awarded": honour.awarded,
                "recipient": honour.holder,
                "status": "已撤销" if honour.revoked else "有效",
            },
        )
    return unit


# Ten examples, the same in every run (each generates three to six documents).
DOCUMENTS_DRAWN = settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def named_years(text: list[str]) -> set[str]:
    """The years the text names, but for the years a title falls due."""
    return {year for line in text for year in _YEAR.findall(_FALLS_DUE.sub("", line))}


@pytest.mark.slow
@DOCUMENTS_DRAWN
@given(drawn=honours())
def test_every_unit_template_states_only_what_the_records_say(
    services: Services, tmp_path: Path, drawn: list[Drawn]
) -> None:
    unit = add_unit(services, drawn)
    for template in UNIT_TEMPLATES:
        text = generated_text(
            services, template, [unit], tmp_path / f"{unit}-{template}", period=PERIOD, written_on=WRITTEN
        )
        for honour in drawn:
            lines = [line for line in text if honour.title in line]
            if not honour.stated:
                assert not lines, f"{template}: {honour} is stated: {lines}"
            elif honour.holder:
                assert all(honour.holder in line for line in lines), f"{template}: {honour}: {lines}"
            elif template in LISTS_EVERY_HONOUR:
                assert lines, f"{template} leaves out {honour}"
        assert named_years(text) <= ALLOWED_YEARS, (
            f"{template} names years {named_years(text) - ALLOWED_YEARS}"
        )


@pytest.mark.slow
@DOCUMENTS_DRAWN
@given(first=honours(WORDS[:6]), second=honours(WORDS[6:]))
def test_every_summary_states_only_what_the_records_say(
    services: Services, tmp_path: Path, first: list[Drawn], second: list[Drawn]
) -> None:
    units = [add_unit(services, first), add_unit(services, second)]
    for template in ("全区文明创建工作情况汇报", "获奖单位名单", "表彰决定"):
        folder = tmp_path / f"{units[0]}-{template}"
        summary = SummaryOptions(subject="东湖区", description="地区：东湖区")
        text = generated_text(
            services, template, units, folder, period=PERIOD, written_on=WRITTEN, summary=summary
        )
        for honour in first + second:
            lines = [line for line in text if honour.title in line]
            if template == "全区文明创建工作情况汇报":
                if honour.revoked:
                    lines = [line for line in lines if "撤销" not in line]
                elif honour.year is not None and honour.year < PERIOD.first_year:
                    continue  # 现有 and 复查 name the titles held before the period
            if honour.holder or not honour.stated:
                assert not lines, f"{template}: {honour} is stated: {lines}"
            elif template == "获奖单位名单":
                assert any(line.endswith(f"、{honour.title}（1家）") for line in lines), (
                    f"{template}: {honour}"
                )
        assert named_years(text) <= ALLOWED_YEARS, (
            f"{template} names years {named_years(text) - ALLOWED_YEARS}"
        )
