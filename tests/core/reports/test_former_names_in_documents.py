"""Documents name a renamed unit as it was called when it received an honour, and only when that is certain."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from docx import Document

from core.reports.context import Period
from core.reports.generate import GenerateRequest, generate_reports
from core.reports.summary_generate import SummaryOptions
from core.services import Services

OLD, NEW = "武侯区第二小学", "武侯区棕北小学"
WRITTEN = dt.date(2025, 1, 6)


@pytest.fixture
def school(services: Services) -> int:
    """Renamed in September 2015: an award of July 2015 went to the old name, one of 2015 (no month) is
    not placed, one of 2016 went to the new name."""
    unit = services.units.create(
        {
            "name": NEW,
            "category": "学校",
            "founded": "1956",
            "former_names": [{"name": OLD, "until": "2015-09"}],
        }
    )
    for title, awarded in [
        ("省绿色学校", "2014"),
        ("市书香校园", "2015-07"),
        ("市平安校园", "2015"),
        ("市文明校园", "2016"),
    ]:
        services.honours.create(unit.id, {"title": title, "level": "市级", "awarded": awarded})
    return unit.id


def text_of(path: Path) -> str:
    document = Document(str(path))
    lines = [p.text for p in document.paragraphs]
    lines += ["|".join(c.text for c in row.cells) for table in document.tables for row in table.rows]
    return "\n".join(lines)


def generate(services: Services, template: str, school: int, folder: Path, **options: object) -> str:
    request = GenerateRequest(template, [school], Period(2014, 2016), WRITTEN, folder, **options)
    [result] = generate_reports(services.db, request)
    return text_of(result.path)


def test_the_list_of_awarded_units_names_the_unit_as_it_was_called(
    services: Services, school: int, tmp_path: Path
) -> None:
    text = generate(services, "获奖单位名单", school, tmp_path, summary=SummaryOptions("全区学校"))
    then = f"{OLD}（现{NEW}）"
    headings = [line for line in text.splitlines() if line[:2] in ("一、", "二、", "三、", "四、")]
    holders = [line.split("|")[1] for line in text.splitlines() if line.startswith("1|")]
    named = dict(zip([heading[2:].split("（")[0] for heading in headings], holders, strict=True))
    assert named == {
        "省绿色学校": then,  # 2014: before the rename
        "市书香校园": then,  # July 2015: before September 2015
        "市平安校园": NEW,  # 2015 with no month: not known to be before the rename
        "市文明校园": NEW,
    }


def test_the_unit_honour_table_notes_the_name_at_the_time(
    services: Services, school: int, tmp_path: Path
) -> None:
    text = generate(services, "荣誉一览表", school, tmp_path)
    named = [line.split("|")[1] for line in text.splitlines() if line[:1].isdigit() and "|" in line]
    assert sorted(named) == sorted(
        [
            f"省绿色学校（时称{OLD}）",
            f"市书香校园（时称{OLD}）",
            "市平安校园",  # a year-only award in the rename year: no name claimed
            "市文明校园",
        ]
    )


def test_the_situation_report_says_what_the_unit_was_called(
    services: Services, school: int, tmp_path: Path
) -> None:
    text = generate(services, "情况汇报", school, tmp_path)
    assert f"我校（原名{OLD}）成立于1956年" in text
    later = GenerateRequest("情况汇报", [school], Period(2016, 2016), WRITTEN, tmp_path / "later")
    [result] = generate_reports(services.db, later)
    assert "原名" not in text_of(result.path)  # the old name was not used in 2016
