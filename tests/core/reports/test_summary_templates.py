"""The three built-in summary templates, rendered over a district's records: what each paragraph says."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docxtpl import DocxTemplate

from core.decisions.review import Review, apply_review
from core.reports.builtin import SUMMARY_TEMPLATES, builtin_template
from core.reports.context import Period
from core.reports.finish import finish_report
from core.reports.inspect import inspect_template
from core.reports.sandbox import ReportEnvironment
from core.reports.summary_context import SummaryScope, summary_context
from core.services import Services
from core.vocab import is_summary_kind
from tests.conftest import REPO

WRITTEN = dt.date(2025, 1, 6)
OFFICE = "东湖区精神文明建设委员会"


@pytest.fixture
def district(services: Services) -> list[int]:
    units = {
        name: services.units.create({"name": name, "category": category}).id
        for name, category in [
            ("东湖区第一小学", "学校"),
            ("东湖区实验幼儿园", "幼儿园"),
            ("东湖区卫生健康局", "机关"),
            ("城关镇张家村", "村"),
            ("东湖区城关中学", "学校"),
        ]
    }
    add = services.honours.create
    add(units["东湖区第一小学"], {"title": "省级文明单位", "level": "省级", "awarded": "2021-12"})
    add(units["东湖区卫生健康局"], {"title": "市级文明单位", "level": "市级", "awarded": "2023"})
    add(units["城关镇张家村"], {"title": "市级文明村镇", "level": "市级", "awarded": "2024"})
    add(units["东湖区城关中学"], {"title": "市级文明单位", "level": "市级", "awarded": "2019"})
    add(units["东湖区实验幼儿园"], {"title": "区级文明单位", "level": "县区级"})  # undated: never counted
    add(
        units["东湖区第一小学"],
        {"title": "全国优秀教师", "level": "国家级", "awarded": "2023", "recipient": "王丽"},
    )
    apply_review(services.db, Review("市级文明单位", "撤销", dt.date(2024, 3, 1)), [units["东湖区城关中学"]])
    return list(units.values())


def rendered(
    services: Services, unit_ids: list[int], name: str, tmp_path: Path, **options: object
) -> list[str]:
    with services.db.session() as session:
        context = summary_context(
            session, SummaryScope(unit_ids), Period(2022, 2024), WRITTEN, WRITTEN, office=OFFICE, **options
        )
    path = builtin_template(name).write(tmp_path / f"{name}.docx")
    document = DocxTemplate(path)
    document.render(context, ReportEnvironment(), autoescape=True)
    finish_report(document.docx, author=OFFICE)
    document.save(tmp_path / "out.docx")
    result = Document(str(tmp_path / "out.docx"))
    lines = [p.text for p in result.paragraphs if p.text.strip()]
    for table in result.tables:
        lines += ["|".join(cell.text for cell in row.cells) for row in table.rows]
    return lines


def test_the_three_are_summaries_that_pass_the_check(tmp_path: Path) -> None:
    assert [t.name for t in SUMMARY_TEMPLATES] == ["全区文明创建工作情况汇报", "获奖单位名单", "表彰决定"]
    assert all(is_summary_kind(t.kind) for t in SUMMARY_TEMPLATES)
    for template in SUMMARY_TEMPLATES:
        assert inspect_template(template.write(tmp_path / f"{template.name}.docx")).usable


def test_district_report(services: Services, district: list[int], tmp_path: Path) -> None:
    lines = rendered(services, district, "全区文明创建工作情况汇报", tmp_path)
    assert lines == [
        "全区文明创建工作情况汇报",
        "现将2022年至2024年全区文明创建工作情况汇报如下：",
        "一、基本情况",
        "全区共有各类单位5个，其中学校2所、幼儿园1所、机关1个、村1个。",
        "截至2024年，全区现有文明创建称号3项，按级别分列如下：",
        "（一）省级：1家单位获得1项",
        "省级文明单位1家：东湖区第一小学。",
        "（二）市级：2家单位获得2项",
        "市级文明村镇1家：城关镇张家村。",
        "市级文明单位1家：东湖区卫生健康局。",
        "全区另有1家单位的1项文明创建称号未记录获得时间，未列入统计。",  # 实验幼儿园's 区级文明单位
        "二、创建成效",
        "2022年至2024年，全区新获文明创建称号2项：",
        "市级文明村镇1家：城关镇张家村。",
        "市级文明单位1家：东湖区卫生健康局。",
        "（此处请补充：创建工作取得的其他成效）",
        "三、复查情况",
        "全区到期待复查的有省级文明单位1家：东湖区第一小学（2024年12月到期，未见复查记录）。",
        "2022年至2024年经复查撤销的称号：东湖区城关中学（市级文明单位）。",
        "四、主要做法",
        "（此处请补充“主要做法”材料）",
        "五、存在问题",
        "（此处请补充“存在问题”材料）",
        "六、下一步打算",
        "（此处请补充“下一步打算”材料）",
        OFFICE,
        "2025年1月6日",
    ]


def test_award_list_numbers_each_title_by_category(
    services: Services, district: list[int], tmp_path: Path
) -> None:
    lines = rendered(services, district, "获奖单位名单", tmp_path)
    assert lines == [
        "附件",
        "全区2022年至2024年获奖单位名单",
        "一、市级文明村镇（1家）",
        "二、市级文明单位（1家）",
        "序号|单位名称|单位类别|时间",
        "1|城关镇张家村|村|2024年",
        "序号|单位名称|单位类别|时间",
        "1|东湖区卫生健康局|机关|2023年",
    ]


def test_award_list_tables_line_up_and_its_title_stands_on_line_three(
    services: Services, district: list[int], tmp_path: Path
) -> None:
    rendered(services, district, "获奖单位名单", tmp_path)
    document = Document(str(tmp_path / "out.docx"))
    grids = [[column.width for column in table.columns] for table in document.tables]
    assert len(grids) == 2 and grids[0] == grids[1]  # one title's table under another: the same columns
    texts = [p.text for p in document.paragraphs]
    assert texts[:3] == ["附件", "", "全区2022年至2024年获奖单位名单"]  # GB/T 9704 8.1


def test_commendation_with_the_red_letterhead(
    services: Services, district: list[int], tmp_path: Path
) -> None:
    lines = rendered(
        services, district, "表彰决定", tmp_path, document_no="东文明委〔2025〕1号", letterhead=True
    )
    assert lines[:4] == [
        f"{OFFICE}文件",
        "东文明委〔2025〕1号",
        "关于表彰2022年至2024年\n市级文明村镇、市级文明单位的决定",
        "（此处请补充：主送机关）：",
    ]
    assert (
        "为表彰先进、树立典型，经研究，决定对获得“市级文明村镇”称号的城关镇张家村、"
        "获得“市级文明单位”称号的东湖区卫生健康局予以表彰。" in lines
    )
    assert lines[
        lines.index("附件：2022年至2024年市级文明村镇、市级文明单位名单") + 1 : lines.index("附件") + 2
    ] == [
        OFFICE,
        "2025年1月6日",
        "附件",
        "2022年至2024年市级文明村镇、\n市级文明单位名单",
    ]
    document = Document(str(tmp_path / "out.docx"))
    mark = document.paragraphs[0]
    assert mark.runs[0].font.color.rgb is not None and str(mark.runs[0].font.color.rgb) == "FF0000"
    number = next(p for p in document.paragraphs if p.text == "东文明委〔2025〕1号")
    assert 'w:color="FF0000"' in number._p.xml and "w:bottom" in number._p.xml  # the red separator line
    annex = next(p for p in document.paragraphs if p.text == "附件")
    assert annex.paragraph_format.page_break_before
    closing = next(p for p in document.paragraphs if p.text.startswith("希望受到表彰的单位"))
    assert closing.paragraph_format.keep_with_next  # no page with the 附件说明 and 落款 alone
    texts = [p.text for p in document.paragraphs]
    below_rule = texts[texts.index("东文明委〔2025〕1号") + 1 :]
    assert below_rule[:3] == ["", "", "关于表彰2022年至2024年\n市级文明村镇、市级文明单位的决定"]  # 7.3.1


def test_commendation_without_the_letterhead(services: Services, district: list[int], tmp_path: Path) -> None:
    lines = rendered(services, district, "表彰决定", tmp_path)
    assert lines[0] == "关于表彰2022年至2024年\n市级文明村镇、市级文明单位的决定"
    assert f"{OFFICE}文件" not in lines and "（此处请补充：发文字号）" not in lines


@pytest.mark.parametrize("name", [t.name for t in SUMMARY_TEMPLATES])
def test_shipped_summary_templates_are_built_from_the_builders(tmp_path: Path, name: str) -> None:
    shipped = REPO / "resources" / "templates" / f"{name}.docx"
    fresh = builtin_template(name).write(tmp_path / f"{name}.docx")
    with zipfile.ZipFile(shipped) as old, zipfile.ZipFile(fresh) as new:
        assert old.read("word/document.xml") == new.read("word/document.xml"), (
            "run scripts/build_templates.py"
        )


def test_every_field_of_the_summary_is_in_its_manual(services: Services, district: list[int]) -> None:
    from core.reports.summary_fields import SUMMARY_FIELDS, SUMMARY_TOP_LEVEL_NAMES, uses_summary_fields

    with services.db.session() as session:
        context = summary_context(session, SummaryScope(district), Period(2022, 2024), WRITTEN, WRITTEN)
    assert set(context) == SUMMARY_TOP_LEVEL_NAMES
    documented = {f.name.split(".", 1)[1] for f in SUMMARY_FIELDS if f.name.startswith("表述.")}
    assert set(context["表述"]) == documented
    assert uses_summary_fields(["范围", "荣誉按称号", "期间"])
    assert not uses_summary_fields(["单位.名称", "荣誉概述", "期间"])
    assert not uses_summary_fields(["荣誉", "期间"])  # names both have: a unit's template, as before


def test_district_report_lists_due_titles_one_by_one(services: Services, tmp_path: Path) -> None:
    """Hundreds of due titles in one 、-joined sentence cannot be read: one line per title, its units with their dates."""
    ids = [
        services.units.create({"name": name, "category": "学校"}).id
        for name in ("甲小学", "乙小学", "丙中学")
    ]
    add = services.honours.create
    add(ids[0], {"title": "省级文明单位", "level": "省级", "awarded": "2021-12"})
    add(ids[1], {"title": "市级文明单位", "level": "市级", "awarded": "2020"})
    add(ids[2], {"title": "市级文明单位", "level": "市级", "awarded": "2021-06"})
    lines = rendered(services, ids, "全区文明创建工作情况汇报", tmp_path)
    start = lines.index("三、复查情况") + 1
    assert lines[start : start + 3] == [
        "全区到期待复查的有省级文明单位1家、市级文明单位2家。",
        "省级文明单位1家：甲小学（2024年12月到期，未见复查记录）。",
        "市级文明单位2家：乙小学（2023年到期，未见复查记录）、丙中学（2024年6月到期，未见复查记录）。",
    ]


def test_a_title_heading_never_ends_a_page_with_its_table_header_alone(
    services: Services, district: list[int], tmp_path: Path
) -> None:
    """Each title's heading, its header row and first row are kept with the next row; a table's last row
    is not kept with the next title, or the one-unit tables of a list chain into one block that no page
    holds (the first page held one table and stood half empty)."""
    rendered(services, district, "获奖单位名单", tmp_path)
    document = Document(str(tmp_path / "out.docx"))
    sizes = []
    for table in document.tables:
        heading = table._tbl.getprevious()
        assert "".join(heading.itertext()).endswith("家）") and heading.pPr.keepNext is not None
        kept = [
            all(p.paragraph_format.keep_with_next for cell in row.cells for p in cell.paragraphs)
            for row in table.rows
        ]
        assert kept == [True] * min(2, len(kept) - 1) + [False] * (len(kept) - min(2, len(kept) - 1))
        sizes.append(len(kept))
    assert 2 in sizes  # a title held by one unit: its header is kept with it, and nothing more


def test_award_list_names_every_award_of_a_title_to_one_unit(services: Services, tmp_path: Path) -> None:
    """市级文明单位 in 2022 and again in 2024: the row says both years, the heading still counts one unit."""
    school = services.units.create({"name": "东湖区第一小学", "category": "学校"}).id
    other = services.units.create({"name": "东湖区第二小学", "category": "学校"}).id
    add = services.honours.create
    add(school, {"title": "市级文明单位", "level": "市级", "awarded": "2024-12"})
    add(school, {"title": "2022年度市级文明单位", "level": "市级", "awarded": "2022-01"})
    add(other, {"title": "市级文明单位", "level": "市级", "awarded": "2023"})
    add(other, {"title": "市级文明单位", "level": "市级", "awarded": "2020"})  # before the period: not listed
    lines = rendered(services, [school, other], "获奖单位名单", tmp_path)
    assert lines[2:] == [
        "一、市级文明单位（2家）",
        "序号|单位名称|单位类别|时间",
        "1|东湖区第二小学|学校|2023年",  # by pinyin: er before yi
        "2|东湖区第一小学|学校|2022年、2024年",
    ]


def test_district_report_counts_a_unit_once_at_its_highest_level(services: Services, tmp_path: Path) -> None:
    """A village holding 省级 and 市级文明村镇 is a 省级文明村镇: the levels add up to the villages."""
    ids = {
        name: services.units.create({"name": name, "category": "村"}).id
        for name in ("张家村", "李家村", "王家村")
    }
    add = services.honours.create
    add(ids["张家村"], {"title": "市级文明村镇", "level": "市级", "awarded": "2022-03"})
    add(ids["张家村"], {"title": "省级文明村镇", "level": "省级", "awarded": "2023-05"})
    add(ids["李家村"], {"title": "市级文明村镇", "level": "市级", "awarded": "2023"})
    add(ids["王家村"], {"title": "区级文明村", "level": "县区级", "awarded": "2024"})
    lines = rendered(services, list(ids.values()), "全区文明创建工作情况汇报", tmp_path)
    start = lines.index("一、基本情况") + 1
    assert lines[start : lines.index("二、创建成效")] == [
        "全区共有村3个。",
        "截至2024年，全区现有文明创建称号3项（同一单位获得同一称号多个级别的，按最高级别计），"
        "按级别分列如下：",
        "（一）省级：1家单位获得1项",
        "省级文明村镇1家：张家村。",
        "（二）市级：1家单位获得1项",
        "市级文明村镇1家：李家村。",
        "（三）县区级：1家单位获得1项",
        "区级文明村1家：王家村。",
    ]
    # what was awarded in the period is said title by title: 张家村 was awarded both
    assert "2022年至2024年，全区新获文明创建称号4项：" in lines
    assert "市级文明村镇2家：李家村、张家村。" in lines


def test_a_title_recorded_at_two_levels_is_listed_under_each(services: Services, tmp_path: Path) -> None:
    """“文明单位” from the province for one school and from the city for another: never both under 省级."""
    ids = {
        name: services.units.create({"name": name, "category": "学校"}).id for name in ("甲小学", "乙小学")
    }
    services.honours.create(ids["甲小学"], {"title": "文明单位", "level": "省级", "awarded": "2023"})
    services.honours.create(ids["乙小学"], {"title": "文明单位", "level": "市级", "awarded": "2023"})
    lines = rendered(services, list(ids.values()), "全区文明创建工作情况汇报", tmp_path)
    start = lines.index("一、基本情况") + 2
    assert lines[start : start + 5] == [
        "截至2024年，全区现有文明创建称号2项，按级别分列如下：",
        "（一）省级：1家单位获得1项",
        "省级文明单位1家：甲小学。",
        "（二）市级：1家单位获得1项",
        "市级文明单位1家：乙小学。",
    ]
    names = rendered(services, list(ids.values()), "获奖单位名单", tmp_path)
    assert names[2:] == [
        "一、省级文明单位（1家）",
        "二、市级文明单位（1家）",
        "序号|单位名称|单位类别|时间",
        "1|甲小学|学校|2023年",
        "序号|单位名称|单位类别|时间",
        "1|乙小学|学校|2023年",
    ]


def test_commendation_with_nothing_to_commend_says_what_is_missing(
    services: Services, tmp_path: Path
) -> None:
    unit = services.units.create({"name": "零荣誉社区", "category": "社区"}).id
    services.honours.create(unit, {"title": "区级文明社区", "level": "县区级"})  # no year: never commended
    lines = rendered(services, [unit], "表彰决定", tmp_path)
    assert lines[:3] == [
        "关于表彰2022年至2024年\n（此处请补充：表彰的称号）的决定",  # not “关于表彰2022年至2024年的决定”
        "（此处请补充：主送机关）：",
        "（2022年至2024年未登记表彰的单位）",
    ]
    assert not any(line.startswith("附件") for line in lines)


def test_a_title_awarded_again_after_the_date_is_still_due_in_the_report(
    services: Services, tmp_path: Path
) -> None:
    """The 2021 title lapsed in 2024; it was awarded again in 2025年3月, after the report was signed: the
    report says it is due, as its 基本情况 says (“见复查情况”), not “没有到期待复查的称号”."""
    school = services.units.create({"name": "甲小学", "category": "学校"}).id
    services.honours.create(school, {"title": "市级文明单位", "level": "市级", "awarded": "2021-03"})
    services.honours.create(school, {"title": "市级文明单位", "level": "市级", "awarded": "2025-03"})
    lines = rendered(services, [school], "全区文明创建工作情况汇报", tmp_path)
    assert "截至2024年，全区有市级文明单位1家已过有效期、未见复查记录，见“复查情况”。" in lines
    assert lines[lines.index("三、复查情况") + 1] == (
        "全区到期待复查的有市级文明单位1家：甲小学（2024年3月到期，未见复查记录）。"
    )


def test_a_decision_names_its_own_honours_whatever_year_they_are_recorded_in(
    services: Services, tmp_path: Path
) -> None:
    """东文明委〔2025〕1号 of 2025年1月 names the 2024年度 区级文明单位: generated for 2024, it commends them,
    not every title of 2024 (the 省级 one came from the province)."""
    from core.decisions.award import Decision, apply_decision

    ids = [services.units.create({"name": n, "category": "学校"}).id for n in ("甲小学", "乙小学")]
    services.honours.create(ids[0], {"title": "省级文明单位", "level": "省级", "awarded": "2024-05"})
    own = {"title": "2024年度区级文明单位", "level": "县区级", "awarded": "2025-01-03"}
    apply_decision(services.db, Decision.checked({**own, "document_no": "东文明委〔2025〕1号"}), ids)
    lines = rendered(services, ids, "表彰决定", tmp_path, document_no="东文明委〔2025〕1号")
    assert lines[0] == "关于表彰2022年至2024年\n区级文明单位的决定"
    assert "为表彰先进、树立典型，经研究，决定命名甲小学等2家单位为“区级文明单位”。" in lines
    assert not any("省级文明单位" in line for line in lines)


def test_a_report_signed_before_a_revocation_still_holds_the_title(
    services: Services, tmp_path: Path
) -> None:
    """Revoked by 复查 on 2025年5月4日: a report signed 2025年1月6日 knew it as held and new in 2023; the
    one revoked on 2024年5月4日 it knew as revoked."""
    ids = [services.units.create({"name": n, "category": "学校"}).id for n in ("甲小学", "乙小学")]
    for unit_id in ids:
        services.honours.create(unit_id, {"title": "市级文明单位", "level": "市级", "awarded": "2023-06"})
    apply_review(services.db, Review("市级文明单位", "撤销", dt.date(2025, 5, 4)), [ids[0]])
    apply_review(services.db, Review("市级文明单位", "撤销", dt.date(2024, 5, 4)), [ids[1]])
    lines = rendered(services, ids, "全区文明创建工作情况汇报", tmp_path)
    assert "截至2024年，全区现有文明创建称号1项，按级别分列如下：" in lines
    assert "市级文明单位1家：甲小学。" in lines
    assert "2022年至2024年经复查撤销的称号：乙小学（市级文明单位）。" in lines


DECISION_NO = "东文明委〔2025〕1号"


@pytest.fixture
def decision(services: Services) -> list[int]:
    """东文明委〔2025〕1号 names two schools 区级文明单位 and three teachers; the records also hold a teacher of
    another 文号, one revoked before the decision was signed, and one whose 文号 is written with other brackets."""
    from core.decisions.award import Decision, apply_decision

    ids = [services.units.create({"name": n, "category": "学校"}).id for n in ("甲小学", "乙小学")]
    own = {"title": "区级文明单位", "level": "县区级", "awarded": "2025-01-03", "document_no": DECISION_NO}
    apply_decision(services.db, Decision.checked(own), ids)
    teacher = {"title": "区级优秀教师", "level": "县区级", "awarded": "2025-01-03"}
    add = services.honours.create
    add(ids[0], {**teacher, "recipient": "王丽", "document_no": DECISION_NO})
    add(ids[1], {**teacher, "recipient": "陈建国", "document_no": "东文明委[2025]1号"})
    add(ids[1], {**teacher, "title": "区级优秀班主任", "recipient": "刘芳", "document_no": DECISION_NO})
    add(ids[0], {**teacher, "recipient": "赵强", "document_no": "东教〔2025〕2号"})  # another decision's
    add(
        ids[0],
        {**teacher, "recipient": "孙明", "document_no": DECISION_NO}
        | {"status": "已撤销", "notes": "2025年1月5日复查未通过，撤销称号"},
    )
    return ids


def test_a_decision_names_the_persons_of_its_own_number_with_their_units(
    services: Services, decision: list[int], tmp_path: Path
) -> None:
    """A 表彰决定 lists its 先进集体 and then its 先进个人, each person with their unit: the decision named only
    the units, though the records hold three teachers under its 文号."""
    lines = rendered(services, decision, "表彰决定", tmp_path, document_no=DECISION_NO)
    assert lines[0] == "关于表彰2022年至2024年区级文明单位、\n区级优秀教师、区级优秀班主任的决定"
    assert (
        "为表彰先进、树立典型，经研究，决定命名甲小学等2家单位为“区级文明单位”，"
        "授予王丽等2名同志“区级优秀教师”称号，授予刘芳同志“区级优秀班主任”称号。" in lines
    )
    assert "希望受到表彰的单位和个人珍惜荣誉，再接再厉。（此处请补充：希望和号召）" in lines
    annex = lines[lines.index("附件1") :]  # 先进集体 and 先进个人, each a 附件 of its own
    assert annex[1:7] == [
        "2022年至2024年区级文明单位名单",
        "一、区级文明单位（2家）",
        "附件2",
        "2022年至2024年区级优秀教师、\n区级优秀班主任名单",
        "一、区级优秀教师（2名）",
        "二、区级优秀班主任（1名）",
    ]
    tables = lines[lines.index("序号|单位名称|单位类别") :]
    assert tables == [
        "序号|单位名称|单位类别", "1|甲小学|学校", "2|乙小学|学校",
        "序号|姓名|工作单位", "1|王丽|甲小学", "2|陈建国|乙小学",
        "序号|姓名|工作单位", "1|刘芳|乙小学",
    ]  # fmt: skip
    assert not any(name in line for line in lines for name in ("赵强", "孙明"))


def test_a_decision_of_persons_alone_names_no_unit(services: Services, tmp_path: Path) -> None:
    """Only persons recorded under the 文号: the decision commends them, not every unit title of the period
    (it fell back to those, as if the 文号 had nothing recorded under it)."""
    school = services.units.create({"name": "甲小学", "category": "学校"}).id
    services.honours.create(school, {"title": "市级文明单位", "level": "市级", "awarded": "2023"})
    services.honours.create(
        school,
        {"title": "区级优秀教师", "level": "县区级", "awarded": "2024-12", "recipient": "王丽"}
        | {"document_no": DECISION_NO},
    )
    lines = rendered(services, [school], "表彰决定", tmp_path, document_no=DECISION_NO)
    assert lines[0] == "关于表彰2022年至2024年\n区级优秀教师的决定"
    assert "为表彰先进、树立典型，经研究，决定授予王丽同志“区级优秀教师”称号。" in lines
    assert "希望受到表彰的个人珍惜荣誉，再接再厉。（此处请补充：希望和号召）" in lines
    assert not any("市级文明单位" in line or "单位名称" in line for line in lines)
    assert lines[-2:] == ["序号|姓名|工作单位", "1|王丽|甲小学"]


def test_a_group_of_a_unit_is_not_called_a_comrade(services: Services, tmp_path: Path) -> None:
    bureau = services.units.create({"name": "省质量技术监督局", "category": "机关"}).id
    group = {"title": "省级先进集体", "level": "省级", "awarded": "2024", "document_no": DECISION_NO}
    services.honours.create(bureau, group | {"recipient": "驻望奎县工作组"})
    lines = rendered(services, [bureau], "表彰决定", tmp_path, document_no=DECISION_NO)
    assert "为表彰先进、树立典型，经研究，决定授予驻望奎县工作组“省级先进集体”称号。" in lines
    assert "三、" not in "".join(lines) and lines[-2:] == [
        "序号|获得者|工作单位",
        "1|驻望奎县工作组|省质量技术监督局",
    ]


def _counted(lines: list[str], start: int) -> tuple[int, set[str]]:
    """The titles' lines after start up to the next heading or sentence: their 家 added up, their units."""
    total, names = 0, set()
    for line in lines[start:]:
        found = re.fullmatch(r"(.+?)(\d+)家(?:（[^）]*）)?：(.+)。", line)
        if not found:
            break
        listed = found.group(3).split("、")
        assert int(found.group(2)) == len(listed), line
        total += len(listed)
        names.update(listed)
    return total, names


def test_every_count_of_the_district_report_adds_up_to_what_it_lists(
    services: Services, tmp_path: Path
) -> None:
    """A school holding two national titles: the 国家级 heading counts both the units and the titles it lists,
    the sentence before the levels gives the total the levels add up to, and no sentence lists the titles the
    lines below list again."""
    ids = {
        name: services.units.create({"name": name, "category": "学校"}).id
        for name in ("东湖区第一小学", "东湖区第二小学", "东湖区第三小学")
    }
    add = services.honours.create
    add(ids["东湖区第一小学"], {"title": "全国文明单位", "level": "国家级", "awarded": "2022-12"})
    add(ids["东湖区第一小学"], {"title": "全国文明校园", "level": "国家级", "awarded": "2023-11"})
    add(ids["东湖区第二小学"], {"title": "全国文明校园", "level": "国家级", "awarded": "2023-11"})
    add(ids["东湖区第三小学"], {"title": "市级文明单位", "level": "市级", "awarded": "2024-01"})
    lines = rendered(services, list(ids.values()), "全区文明创建工作情况汇报", tmp_path)
    held = lines[lines.index("一、基本情况") + 2 :]
    assert held[:2] == [
        "截至2024年，全区现有文明创建称号4项，按级别分列如下：",
        "（一）国家级：2家单位获得3项",
    ]
    assert _counted(held, 2) == (3, {"东湖区第一小学", "东湖区第二小学"})
    third = held.index("（二）市级：1家单位获得1项")
    assert _counted(held, third + 1) == (1, {"东湖区第三小学"})
    new = lines.index("二、创建成效") + 1
    assert lines[new] == "2022年至2024年，全区新获文明创建称号4项，即上文所列的全部现有称号。"  # all new
    assert _counted(lines, new + 1)[0] == 0
    # no sentence names the titles the lines below name
    assert not any("全国文明校园2家、" in line or "全国文明校园2家。" in line for line in lines), lines


def test_a_report_whose_titles_are_all_new_lists_them_once(services: Services, tmp_path: Path) -> None:
    """Every title held was awarded in the period: 二、创建成效 listed the same units under the same titles as
    一、基本情况 just above it; it now says in one sentence that they are those. A title held from before the
    period makes the two lists differ, and 二 lists the new ones again."""
    ids = {
        name: services.units.create({"name": name, "category": category}).id
        for name, category in (
            ("东湖区第一小学", "学校"),
            ("东湖区卫生健康局", "机关"),
            ("城关镇张家村", "村"),
        )
    }
    add = services.honours.create
    add(ids["东湖区第一小学"], {"title": "市级文明单位", "level": "市级", "awarded": "2024-03"})
    add(ids["东湖区卫生健康局"], {"title": "市级文明单位", "level": "市级", "awarded": "2024-03"})
    add(ids["城关镇张家村"], {"title": "市级文明村镇", "level": "市级", "awarded": "2024-06"})
    lines = rendered(services, list(ids.values()), "全区文明创建工作情况汇报", tmp_path)
    effects = lines[lines.index("二、创建成效") + 1 : lines.index("三、复查情况")]
    assert effects == [
        "2022年至2024年，全区新获文明创建称号3项，即上文所列的全部现有称号。",
        "（此处请补充：创建工作取得的其他成效）",
    ]
    assert sum("城关镇张家村" in line for line in lines) == 1
    unit = services.units.create({"name": "东湖区城关中学", "category": "学校"}).id
    add(unit, {"title": "市级文明单位", "level": "市级", "awarded": "2019", "valid_until": "2025-12-31"})
    lines = rendered(services, [*ids.values(), unit], "全区文明创建工作情况汇报", tmp_path)
    effects = lines[lines.index("二、创建成效") + 1 : lines.index("三、复查情况")]
    assert effects[:3] == [
        "2022年至2024年，全区新获文明创建称号3项：",
        "市级文明单位2家（其中学校1所、机关1个）：东湖区第一小学、东湖区卫生健康局。",
        "市级文明村镇1家：城关镇张家村。",
    ]
