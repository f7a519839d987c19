"""The documents the office itself writes (表彰决定, 获奖单位名单, 全区文明创建工作情况汇报), read as the
official who receives them reads them: the order of their lists, their attachments, their titles."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.reports.context import Period
from core.reports.summary_generate import SummaryOptions
from core.services import Services
from tests.core.reports.test_summary_templates import DECISION_NO, rendered
from tests.core.reports.test_trust_audit import generated_text

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
    held = report[report.index("（一）市级：3家单位获得3项") + 1 :]
    assert [line.split("1家：")[0] for line in held[:3]] == wanted


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


def test_a_decision_of_units_and_persons_has_two_numbered_attachments(
    services: Services, tmp_path: Path
) -> None:
    """GB/T 9704 7.3.4 and 8: 附件：1.…名单 / 2.…名单, each 附件 from a new page headed 附件1 / 附件2 in 黑体,
    its title as the 附件说明 names it, its own headings from 一、 — the 先进个人 were 三、 under the units'
    title in one 附件 that no 附件说明 named."""
    from docx import Document

    school = services.units.create({"name": "甲小学", "category": "学校"}).id
    own = {"level": "县区级", "awarded": "2024-12", "document_no": DECISION_NO}
    services.honours.create(school, {"title": "区级文明单位", **own})
    services.honours.create(school, {"title": "区级优秀教师", "recipient": "王丽", **own})
    lines = rendered(services, [school], "表彰决定", tmp_path, document_no=DECISION_NO)
    note = lines.index("附件：1.2022年至2024年区级文明单位名单")
    assert lines[note + 1] == "2.2022年至2024年区级优秀教师名单"
    assert lines[lines.index("附件1") + 1 : lines.index("附件1") + 3] == [
        "2022年至2024年区级文明单位名单",
        "一、区级文明单位（1家）",
    ]
    assert lines[lines.index("附件2") + 1 : lines.index("附件2") + 3] == [
        "2022年至2024年区级优秀教师名单",
        "一、区级优秀教师（1名）",
    ]
    document = Document(str(tmp_path / "out.docx"))
    paragraphs = {p.text: p for p in document.paragraphs}
    for label in ("附件1", "附件2"):
        assert paragraphs[label].paragraph_format.page_break_before
        assert paragraphs[label].style.name == "一级标题"  # 三号黑体
    first, second = paragraphs[lines[note]], paragraphs[lines[note + 1]]
    assert first.paragraph_format.keep_with_next
    # 2. stands under 1.: both names start at the same left indent
    assert first.paragraph_format.left_indent == second.paragraph_format.left_indent
    assert (
        first.paragraph_format.left_indent + first.paragraph_format.first_line_indent
        < second.paragraph_format.left_indent + second.paragraph_format.first_line_indent
    )


def test_a_decision_of_many_titles_is_titled_by_kind(services: Services, tmp_path: Path) -> None:
    """Every new title of a city (sixty in a big register) made a title of two pages and a 附件说明 of twenty
    lines that pushed the 落款 pages away: past three lines the decision names 先进集体, as offices do, when
    it confers the titles (recorded under its 文号); over titles the records hold under other 文号 or none,
    获奖单位 (先进集体 is a title the records do not give them)."""
    titles = ["文明单位", "绿色学校", "平安单位", "书香校园", "依法治校示范校", "卫生先进单位", "巾帼文明岗"]
    ids = []
    for number, title in enumerate(titles):
        unit = services.units.create({"name": f"东湖区第{number + 1}小学", "category": "学校"}).id
        values = {"title": f"市级{title}", "level": "市级", "awarded": "2023", "document_no": DECISION_NO}
        services.honours.create(unit, values)
        ids.append(unit)
    for number, kind in ((DECISION_NO, "先进集体"), ("", "获奖单位")):
        lines = rendered(services, ids, "表彰决定", tmp_path / kind, document_no=number)
        assert lines[0] == f"关于表彰2022年至2024年{kind}的决定"
        assert f"附件：2022年至2024年{kind}名单" in lines
        assert lines[lines.index("附件") + 1] == f"2022年至2024年{kind}名单"
        sentence = next(line for line in lines if line.startswith("为表彰先进"))
        assert all(f"“市级{title}”" in sentence for title in titles)  # the decision still names each title
        assert [line for line in lines if line.endswith("（1家）")][-1] == "七、市级依法治校示范校（1家）"


def test_a_long_title_breaks_after_the_unit_name_not_inside_its_kind(
    services: Services, tmp_path: Path
) -> None:
    """长治市镇海区姜山第265实验幼儿园荣誉一览 / 表 as LibreOffice printed it (GB/T 9704 7.3.1 词意完整): the
    title breaks after the name; a name short enough keeps the title on one line; a district's name list too."""
    long_name = "长治市镇海区姜山第265实验幼儿园"
    school = services.units.create({"name": long_name, "category": "幼儿园"}).id
    short = services.units.create({"name": "东湖区第一小学", "category": "学校"}).id
    for unit in (school, short):
        services.honours.create(unit, {"title": "市级绿色学校", "level": "市级", "awarded": "2023"})
    lines = generated_text(services, "荣誉一览表", [school], tmp_path / "long", period=Period(2022, 2024))
    assert lines[0] == f"{long_name}\n荣誉一览表\n（2022年至2024年）"
    lines = generated_text(services, "荣誉一览表", [short], tmp_path / "short", period=Period(2022, 2024))
    assert lines[0] == "东湖区第一小学荣誉一览表\n（2022年至2024年）"
    summary = SummaryOptions(subject="全区中小学校和幼儿园")
    lines = generated_text(services, "获奖单位名单", [school, short], tmp_path / "list", summary=summary)
    assert lines[1] == "全区中小学校和幼儿园\n2022年至2024年获奖单位名单"
