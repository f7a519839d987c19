"""The documents the office itself writes (表彰决定, 获奖单位名单, 全区文明创建工作情况汇报), read as the
official who receives them reads them: the order of their lists, their attachments, their titles."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.services import Services
from tests.core.reports.test_summary_templates import rendered

# Three titles at one level, each held by one school: by pinyin 绿色学校 (lü) < 平安单位 (ping) <
# 依法治校示范校 (yi); by code point 依 < 平 < 绿.
TIED = ["依法治校示范校", "平安单位", "绿色学校"]
BY_PINYIN = ["绿色学校", "平安单位", "依法治校示范校"]


@pytest.fixture
def tied(services: Services) -> list[int]:
    ids = []
    for number, title in enumerate(TIED):
        unit = services.units.create({"name": f"东湖区第{'一二三'[number]}小学", "category": "学校"}).id
        services.honours.create(
            unit, {"title": f"市级{title}", "level": "市级", "awarded": "2023", "category": "文明创建"}
        )
        ids.append(unit)
    return ids


def test_titles_held_by_as_many_units_are_listed_by_pinyin_in_every_document(
    services: Services, tied: list[int], tmp_path: Path
) -> None:
    """Ties in title order were broken by code point (依 before 平 before 绿): the list, the decision and
    the report name them as the unit list sorts names, by pinyin, and all three alike."""
    wanted = [f"市级{title}" for title in BY_PINYIN]
    names = rendered(services, tied, "获奖单位名单", tmp_path / "names")
    assert [
        line.split("、", 1)[1].split("（")[0] for line in names if line[:2] in ("一、", "二、", "三、")
    ] == wanted
    decision = rendered(services, tied, "表彰决定", tmp_path / "decision")
    assert decision[0] == "关于表彰2022年至2024年市级绿色学校、\n市级平安单位、市级依法治校示范校的决定"
    sentence = next(line for line in decision if line.startswith("为表彰先进"))
    assert [sentence.index(f"“{title}”") for title in wanted] == sorted(
        sentence.index(f"“{title}”") for title in wanted
    )
    report = rendered(services, tied, "全区文明创建工作情况汇报", tmp_path / "report")
    assert "截至2024年，全区现有市级绿色学校1家、市级平安单位1家、市级依法治校示范校1家。" in report


def test_grades_of_a_competition_are_listed_by_their_number(services: Services, tmp_path: Path) -> None:
    """特等奖, 一等奖, 二等奖, 三等奖 — by code point 三 came before 二 and 特 last; by pinyin 二 (er) would."""
    grades = ["三等奖", "特等奖", "二等奖", "一等奖"]
    ids = []
    for number, grade in enumerate(grades):
        unit = services.units.create({"name": f"东湖区环卫{'一二三四'[number]}所", "category": "事业单位"}).id
        honour = {"title": "全市环卫工作", "grade": grade, "level": "市级", "awarded": "2023"}
        services.honours.create(unit, honour)
        ids.append(unit)
    names = rendered(services, ids, "获奖单位名单", tmp_path)
    assert [line for line in names if line.endswith("（1家）")] == [
        "一、全市环卫工作特等奖（1家）",
        "二、全市环卫工作一等奖（1家）",
        "三、全市环卫工作二等奖（1家）",
        "四、全市环卫工作三等奖（1家）",
    ]
