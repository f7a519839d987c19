"""A material's words as a generated 情况汇报 states them (DESIGN.md 6a: only what the records say).

- 今年/去年/明年 of a 2022 material are 2022/2021/2023 wherever the report's own time is not 2022: a
  2019—2024 report signed in 2025 says 2022年, a 2022 report signed in 2022 keeps 今年; the check before
  generating says so, and asks about a 下一步打算 written years before the 成文日期;
- a material read from an old report before its section heading and framing were left out at import
  ("二、主要做法", "现将…汇报如下：", "特此报告。") shows neither under the report's own heading; the record
  keeps its text;
- a 落款 too long for its line is broken after an organ's name, each line within the text block less
  右空二字, the date two characters right of it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Length

from core.models import Material
from core.reports import layout
from core.reports.cell_lines import text_width
from core.reports.context import Period, ReportOptions
from core.reports.finish import BODY_CHAR, SIGNATURE_GAP_CHARS, signature_room
from core.reports.generate import GenerateRequest, generate_reports
from core.reports.preflight import preflight
from core.reports.relative_years import with_years
from core.reports.table_widths import TEXT_WIDTH
from core.services import Services
from tests.core.reports.entered import entered_before

SCHOOL = "宁波市荷花庄小学"
RESULTS_2022 = "今年我校被评为浙江省绿色学校，比去年多开展活动12次。今年以来，共培训教师80人次。"
PLANS_2022 = "明年我校将争创省文明单位。"


def _generate(services: Services, unit_id: int, period: Period, day: dt.date, folder: Path) -> list[str]:
    entered_before(services, unit_id, day)
    request = GenerateRequest("情况汇报", [unit_id], period, day, folder, options=ReportOptions("omit", ""))
    (result,) = generate_reports(services.db, request)
    return [p.text for p in Document(str(result.path)).paragraphs if p.text.strip()]


@pytest.fixture
def school(services: Services) -> int:
    unit = services.units.create({"name": SCHOOL, "category": "学校"})
    services.materials.create(unit.id, {"year": 2022, "topic": "工作成效", "text": RESULTS_2022})
    services.materials.create(unit.id, {"year": 2022, "topic": "下一步打算", "text": PLANS_2022})
    return unit.id


def test_a_materials_this_year_is_its_year_in_a_longer_report(
    services: Services, school: int, tmp_path: Path
) -> None:
    text = "\n".join(_generate(services, school, Period(2019, 2024), dt.date(2025, 1, 6), tmp_path))
    assert "2022年我校被评为浙江省绿色学校，比2021年多开展活动12次。2022年，共培训教师80人次。" in text
    assert "2023年我校将争创省文明单位。" in text
    for word in ("今年", "去年", "明年"):
        assert word not in text
    with services.db.session() as session:  # the record says what the unit wrote
        assert {m.text for m in session.query(Material)} == {RESULTS_2022, PLANS_2022}


def test_a_report_of_the_materials_own_year_keeps_its_words(
    services: Services, school: int, tmp_path: Path
) -> None:
    text = "\n".join(_generate(services, school, Period(2022, 2022), dt.date(2022, 12, 20), tmp_path))
    assert RESULTS_2022 in text and PLANS_2022 in text


def test_signed_the_next_year_a_one_year_report_says_the_year(
    services: Services, school: int, tmp_path: Path
) -> None:
    text = "\n".join(_generate(services, school, Period(2022, 2022), dt.date(2023, 1, 6), tmp_path))
    assert "2022年我校被评为浙江省绿色学校" in text and "今年" not in text


def _sources(services: Services, unit_id: int, period: Period, day: dt.date) -> dict[str, str]:
    (plan,) = preflight(services.db, "情况汇报", [unit_id], period, day).units
    return {section.name: section.describe() for section in plan.sections}


def test_the_check_before_generating_names_the_words_written_as_years_and_an_old_plan(
    services: Services, school: int
) -> None:
    sources = _sources(services, school, Period(2019, 2024), dt.date(2025, 1, 6))
    assert sources["工作成效"] == "材料“工作成效”（2022年，其中“今年”“去年”“今年以来”按材料年度写明年份）"
    assert sources["下一步打算"] == (
        "材料“下一步打算”（2022年，其中“明年”按材料年度写明年份；"
        "是2022年的打算，成文日期已是2025年，请核对是否仍是打算）"
    )
    # a year-end report signed early the next year: its plan is its own
    sources = _sources(services, school, Period(2022, 2022), dt.date(2023, 1, 6))
    assert sources["下一步打算"] == "材料“下一步打算”（2022年，其中“明年”按材料年度写明年份）"
    assert _sources(services, school, Period(2022, 2022), dt.date(2022, 12, 20))["下一步打算"] == (
        "材料“下一步打算”（2022年）"
    )


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("本年度共发展党员5人", "2022年度共发展党员5人"),
        ("上年度考核优秀", "2021年度考核优秀"),
        ("前年被评为市文明单位", "2020年被评为市文明单位"),
        ("截至今年底", "截至2022年底"),
        ("上半年完成校舍改造", "2022年上半年完成校舍改造"),
        ("今年上半年完成校舍改造", "2022年上半年完成校舍改造"),
        ("去年以来，我校", "2021年至2022年，我校"),
        ("较上年同期增长", "较2021年同期增长"),
    ],
)
def test_relative_year_words(written: str, meant: str) -> None:
    assert with_years(written, 2022).text == meant


@pytest.mark.parametrize(
    "text",
    [
        "如今年轻教师占一半",
        "2010年至今年均增长8%",
        "说明年度计划",
        "学前年龄段儿童",
        "三年前年轻教师少",
        "过去年代的校舍",
        "60岁以上年龄的党员",
        "本年级学生",
        "成本年均下降",
        "每年上半年",
        "2022年下半年",
        "近年来，近三年来，一年来，目前",  # no year of the material's own names them: as written
    ],
)
def test_words_that_only_contain_the_characters_stay(text: str) -> None:
    assert with_years(text, 2022).text == text


OLD_IMPORT = "二、主要做法\n现将我校一年来的工作总结如下：\n我校坚持立德树人，开展读书活动。\n特此报告。"
OLD_TOP_HEADING = "一、加强自身建设，坚持民主管理\n我校每周召开行政会。\n（一）建章立制\n完善制度12项。"


def test_an_old_imports_heading_and_framing_are_not_reported(services: Services, tmp_path: Path) -> None:
    unit = services.units.create({"name": SCHOOL, "category": "学校"})
    services.materials.create(unit.id, {"year": 2022, "topic": "主要做法", "text": OLD_IMPORT})
    services.materials.create(unit.id, {"year": 2022, "topic": "工作成效", "text": OLD_TOP_HEADING})
    lines = _generate(services, unit.id, Period(2022, 2022), dt.date(2022, 12, 20), tmp_path)
    assert [line for line in lines if "主要做法" in line] == ["二、主要做法"]
    assert "我校坚持立德树人，开展读书活动。" in lines
    assert [line for line in lines if "如下" in line] == ["现将我校2022年有关工作情况汇报如下："]  # its own
    assert not [line for line in lines if "特此报告" in line]
    # under the report's own 三、工作成效 the old 一、 reads as its （一）, its （一） as 1.
    start = lines.index("三、工作成效")
    assert lines[start + 1 : start + 5] == [
        "（一）加强自身建设，坚持民主管理",
        "我校每周召开行政会。",
        "1.建章立制",
        "完善制度12项。",
    ]
    with services.db.session() as session:
        assert {m.text for m in session.query(Material)} == {OLD_IMPORT, OLD_TOP_HEADING}


LONG_NAME = "中国共产党宁波市鄞州区钟公庙街道工作委员会办公室宣传部"


def _signature(path: Path) -> tuple[list[str], list[int]]:
    """The 落款's unit lines and the left indents (twips) of its two paragraphs."""
    body = Document(str(path)).element.body
    signed = [
        p
        for p in body.iterchildren(qn("w:p"))
        if p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}") is not None
        and p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}").get(qn("w:val")) == layout.STYLE_SIGNATURE
        and "".join(t.text or "" for t in p.iter(qn("w:t"))).strip()
    ]
    unit, date = signed[-2:]
    text = "".join("\n" if n.tag == qn("w:br") else n.text or "" for n in unit.iter(qn("w:t"), qn("w:br")))
    indents = [int(p.find(f"{qn('w:pPr')}/{qn('w:ind')}").get(qn("w:left"))) for p in (unit, date)]
    return text.split("\n"), indents


def _width(line: str) -> float:
    return text_width(line, layout.SIZE_SAN_HAO, layout.CONDENSE_SAN_HAO.pt).pt


def _signed(services: Services, name: str, folder: Path) -> tuple[list[str], list[int]]:
    """The 落款 of a 2022 情况汇报 of a unit of that name."""
    unit = services.units.create({"name": name, "category": "机关"})
    services.materials.create(unit.id, {"year": 2022, "topic": "主要做法", "text": "抓党建。"})
    day = dt.date(2022, 12, 20)
    entered_before(services, unit.id, day)
    request = GenerateRequest("情况汇报", [unit.id], Period(2022, 2022), day, folder, options=ReportOptions())
    (result,) = generate_reports(services.db, request)
    return _signature(result.path)


def test_a_long_signature_breaks_after_an_organs_name(services: Services, tmp_path: Path) -> None:
    lines, (unit_left, date_left) = _signed(services, LONG_NAME, tmp_path)
    assert lines == ["中国共产党宁波市鄞州区钟公庙街道工作委员会", "办公室宣传部"]
    assert all(_width(line) <= signature_room() for line in lines)
    # the widest line ends two characters in from the right; the date starts two characters right of it
    right = Length(TEXT_WIDTH).pt - BODY_CHAR.pt * SIGNATURE_GAP_CHARS
    assert abs(unit_left / 20 + _width(lines[0]) - right) < 1
    assert abs(date_left - unit_left - BODY_CHAR.twips * SIGNATURE_GAP_CHARS) <= 1


def test_a_signature_that_fits_stays_one_line(services: Services, tmp_path: Path) -> None:
    lines, _ = _signed(services, SCHOOL, tmp_path)
    assert lines == [SCHOOL]


@pytest.mark.parametrize(
    ("name", "lines"),
    [
        (
            "黑龙江省哈尔滨市南岗区花园街道办事处花园社区居民委员会",
            ["黑龙江省哈尔滨市南岗区花园街道办事处", "花园社区居民委员会"],
        ),
        (
            "郑州市金水区人民政府办公室（区政府研究室、区地方志办公室）",
            ["郑州市金水区人民政府办公室", "（区政府研究室、区地方志办公室）"],
        ),
        (
            "金水区市政管理局城市管理综合执法大队第三中队环卫科监察站",
            ["金水区市政管理局城市管理综合执法大队", "第三中队环卫科监察站"],
        ),
        (
            "宁波市鄞州区钟公庙街道中心小学教育集团第二实验学校分校",
            ["宁波市鄞州区钟公庙街道", "中心小学教育集团第二实验学校分校"],
        ),
    ],
)
def test_where_a_long_organs_name_breaks(name: str, lines: list[str]) -> None:
    from core.reports.signature_lines import signature_lines

    assert signature_lines(name, signature_room(), _width) == lines
