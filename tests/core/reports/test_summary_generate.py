"""Generating a summary: one file over the chosen units, named after its scope; its scopes and pre-flight."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from docx import Document
from sqlalchemy import select

from core.models import Report
from core.reports.context import Period
from core.reports.generate import GenerateRequest, generate_reports
from core.reports.summary_generate import SummaryOptions, summary_preflight, summary_scopes
from core.services import Services

WRITTEN = dt.date(2025, 1, 6)


@pytest.fixture
def units(services: Services) -> list[int]:
    ids = []
    for name, category, region in [
        ("东湖区第一小学", "学校", "浙江省宁波市东湖区"),
        ("西湖区第一小学", "学校", "浙江省宁波市西湖区"),
        ("东湖区卫生健康局", "机关", "浙江省宁波市东湖区"),
    ]:
        ids.append(services.units.create({"name": name, "category": category, "region": region}).id)
    for unit_id in ids:
        services.honours.create(unit_id, {"title": "区级文明单位", "level": "县区级", "awarded": "2024"})
    services.honours.create(ids[0], {"title": "优秀教师", "recipient": "王丽", "awarded": "2024"})
    return ids


@pytest.mark.parametrize(
    ("template", "named"),
    [
        ("全区文明创建工作情况汇报", "文明创建工作情况汇报"),
        ("获奖单位名单", "获奖单位名单"),
        ("表彰决定", "表彰决定"),
    ],
)
def test_one_file_named_after_the_scope(
    services: Services, units: list[int], tmp_path: Path, template: str, named: str
) -> None:
    request = GenerateRequest(
        template,
        units[:2],
        Period(2024, 2024),
        WRITTEN,
        tmp_path,
        summary=SummaryOptions("全区学校", office="东湖区文明委"),
    )
    [result] = generate_reports(services.db, request)
    assert result.path == tmp_path / f"全区学校-{named}-2024.docx"  # the period's, not the signing year's
    text = "\n".join(p.text for p in Document(str(result.path)).paragraphs)
    text += "\n".join(c.text for t in Document(str(result.path)).tables for r in t.rows for c in r.cells)
    assert "东湖区第一小学" in text and "西湖区第一小学" in text and "东湖区卫生健康局" not in text
    assert "王丽" not in text and "优秀教师" not in text
    with services.db.session() as session:
        assert [r.output_path for r in session.scalars(select(Report))] == [str(result.path)]


def test_a_docx_output_is_the_file(services: Services, units: list[int], tmp_path: Path) -> None:
    target = tmp_path / "决定.docx"
    [result] = generate_reports(
        services.db, GenerateRequest("表彰决定", units, Period(2024, 2024), WRITTEN, target)
    )
    assert result.path == target and target.exists()


def test_scopes_all_categories_and_regions(services: Services, units: list[int]) -> None:
    choices = summary_scopes(services.db)
    assert [(c.caption, c.subject) for c in choices] == [
        ("全部单位（3 个）", "全区"),
        ("类别：学校（2 个）", "全区学校"),
        ("类别：机关（1 个）", "全区机关"),
        ("地区：浙江省宁波市东湖区（2 个）", "东湖区"),
        ("地区：浙江省宁波市西湖区（1 个）", "西湖区"),
    ]
    assert sorted(choices[3].unit_ids(services.db)) == sorted([units[0], units[2]])


def test_a_region_scope_speaks_for_the_units_its_caption_counts(services: Services) -> None:
    """地区：东湖区 must not take in 西东湖区 (another district) nor the units recorded under its 街道."""
    for index, region in enumerate(["东湖区", "东湖区", "东湖区东街道", "西东湖区"]):
        services.units.create({"name": f"单位{index}", "region": region})
    choices = {c.region: c for c in summary_scopes(services.db) if c.region}
    for region, choice in choices.items():
        ids = choice.unit_ids(services.db)
        assert len(ids) == choice.count and {services.units.get(i).region for i in ids} == {region}


def test_regions_are_offered_in_pinyin_order(services: Services) -> None:
    for name, region in [
        ("甲", "四川省成都市武侯区"),
        ("乙", "山东省济宁市微山县"),
        ("丙", "河南省郑州市金水区"),
    ]:
        services.units.create({"name": name, "region": region})
    regions = [c.caption for c in summary_scopes(services.db) if c.caption.startswith("地区")]
    assert regions == [  # he-nan, shan-dong, si-chuan (by code point 四 came before 山 and 河)
        "地区：河南省郑州市金水区（1 个）",
        "地区：山东省济宁市微山县（1 个）",
        "地区：四川省成都市武侯区（1 个）",
    ]


def test_preflight_of_a_summary(services: Services, units: list[int]) -> None:
    plan = summary_preflight(services.db, "表彰决定", units, Period(2024, 2024), WRITTEN, SummaryOptions())
    [entry] = plan.units
    assert entry.unit_name == "全区（3 个单位）"
    assert entry.summary() == (
        "期间内各单位的荣誉 3 项计入；个人荣誉 1 项（不计入）；"
        "待补充：主送机关、表彰的缘由和依据、希望和号召、发文机关"
    )
    assert [(s.name, s.describe()) for s in entry.sections][:2] == [
        ("单位", "3 个单位：学校2所、机关1个"),
        ("表彰的称号", "区级文明单位 3 家"),
    ]


def test_an_added_template_using_summary_fields_is_a_summary(
    services: Services, units: list[int], tmp_path: Path
) -> None:
    from core.reports.library import TemplateLibrary
    from tests.core.reports.hostile import docx_with

    source = docx_with(
        tmp_path / "我的汇总.docx",
        "{{ 表述.单位概况 }}。",
        "{%p for 称号 in 荣誉按称号 %}",
        "{{ 称号.称号 }}{{ 称号.数量 }}家：{{ 称号.单位名单 }}",
        "{%p endfor %}",
    )
    template, _report = TemplateLibrary(services.db).add(source)
    assert template.kind == "汇总材料"
    [result] = generate_reports(
        services.db, GenerateRequest("我的汇总", units, Period(2024, 2024), WRITTEN, tmp_path / "out")
    )
    assert [p.text for p in Document(str(result.path)).paragraphs if p.text] == [
        "全区共有各类单位3个，其中学校2所、机关1个。",
        "区级文明单位3家：东湖区第一小学、西湖区第一小学、东湖区卫生健康局",
    ]


def test_the_check_of_a_summary_template_knows_its_fields(tmp_path: Path) -> None:
    from core.reports.inspect import inspect_template
    from tests.core.reports.hostile import docx_with

    source = docx_with(
        tmp_path / "汇总.docx", "{{ 范围 }}{{ 表述.现有荣誉 }}{{ 表述.乱写 }}", "{{ 单位数量 }}{{ 校长 }}"
    )
    assert sorted(inspect_template(source).unknown_fields) == sorted(["表述.乱写", "校长"])


def test_preflight_warns_when_a_decision_would_name_every_title(services: Services, units: list[int]) -> None:
    plan = summary_preflight(services.db, "表彰决定", units, Period(2024, 2024), WRITTEN, SummaryOptions())
    assert any("未填发文字号，表彰决定将列出期间内新获的全部称号" in w for w in plan.warnings)
    numbered = SummaryOptions(document_no="东文明委〔2025〕1号")
    plan = summary_preflight(services.db, "表彰决定", units, Period(2024, 2024), WRITTEN, numbered)
    assert any("没有以文号“东文明委〔2025〕1号”录入的荣誉" in w for w in plan.warnings)
    assert [s.name for s in plan.units[0].sections][1] == "表彰的称号"


@pytest.mark.parametrize(
    ("subject", "template", "period", "name"),
    [
        ("全区", "全区文明创建工作情况汇报", Period(2024, 2024), "全区-文明创建工作情况汇报-2024.docx"),
        (
            "全区学校",
            "全区文明创建工作情况汇报",
            Period(2024, 2024),
            "全区学校-文明创建工作情况汇报-2024.docx",
        ),
        ("东湖区", "表彰决定", Period(2024, 2024), "东湖区-表彰决定-2024.docx"),
        ("全区", "获奖单位名单", Period(2019, 2024), "全区-获奖单位名单-2019-2024.docx"),
    ],
)
def test_summary_file_names_say_the_scope_once_and_the_period(
    subject: str, template: str, period: Period, name: str
) -> None:
    """Named for the period it speaks of: the 2024 summary signed on 2025-01-06 was named 2025."""
    from core.reports.summary_generate import summary_file_name

    assert summary_file_name(subject, template, period) == name


def test_preflight_of_a_decision_states_its_own_numbers_honours(services: Services, units: list[int]) -> None:
    """A decision by its 发文字号 states the honours recorded under it, the person's too: the pre-flight
    called the person's honour 不计入 and counted every honour of the period as stated."""
    number = "东文明委〔2025〕1号"
    services.honours.create(
        units[1], {"title": "优秀教师", "recipient": "陈建国", "awarded": "2024-12", "document_no": number}
    )
    services.honours.create(
        units[2], {"title": "先进集体", "level": "县区级", "awarded": "2024-12", "document_no": number}
    )
    options = SummaryOptions(office="东湖区文明委", document_no=number)
    plan = summary_preflight(services.db, "表彰决定", units, Period(2024, 2024), WRITTEN, options)
    [entry] = plan.units
    assert entry.stated == ("东湖区卫生健康局：先进集体（2024年12月）", "陈建国（西湖区第一小学）：优秀教师")
    assert entry.summary().startswith(
        "以文号“东文明委〔2025〕1号”录入的荣誉 2 项写入（单位和个人）；期间内不是以此文号录入的荣誉 4 项（不计入）；"
        "待补充："
    )
    assert dict((s.name, s.describe()) for s in entry.sections)["表彰的称号"] == (
        "先进集体 1 家、优秀教师 1 名（个人）"
    )


def test_preflight_of_the_district_report_counts_what_it_states(
    services: Services, units: list[int], tmp_path: Path
) -> None:
    """全区文明创建工作情况汇报 states 文明创建 titles alone: its pre-flight counted a 一等奖 and a 先进集体 of
    the period as stated (5 项计入 over a document that says 3项). The count and the lines come from the
    fields the document is built from."""
    services.honours.create(
        units[2], {"title": "全市环卫工作", "grade": "一等奖", "level": "市级", "awarded": "2024-05"}
    )
    services.honours.create(units[1], {"title": "先进集体", "level": "县区级", "awarded": "2024-06"})
    options = SummaryOptions(office="东湖区文明委")
    plan = summary_preflight(
        services.db, "全区文明创建工作情况汇报", units, Period(2024, 2024), WRITTEN, options
    )
    [entry] = plan.units
    assert entry.summary().startswith(
        "期间新获的文明创建称号 3 项计入；期间内其他称号和奖项 2 项（不计入）；个人荣誉 1 项（不计入）"
    )
    assert not any("一等奖" in line or "先进集体" in line for line in entry.stated)
    sections = dict((s.name, s.describe()) for s in entry.sections)
    assert sections["期间新获的文明创建称号"] == "区级文明单位 3 家"
    empty = summary_preflight(
        services.db, "全区文明创建工作情况汇报", units, Period(2010, 2012), WRITTEN, options
    )
    assert [s.describe() for s in empty.units[0].sections][1:3] == [  # the document's own words
        "无可用材料，将显示（2010年至2012年未登记新获文明创建称号，如有请补充）",
        "无可用材料，将显示（截至2012年未登记文明创建称号，如有请补充）",
    ]
    [result] = generate_reports(
        services.db,
        GenerateRequest(
            "全区文明创建工作情况汇报", units, Period(2024, 2024), WRITTEN, tmp_path, summary=options
        ),
    )
    text = "\n".join(p.text for p in Document(str(result.path)).paragraphs)
    assert "新获文明创建称号3项" in text and "一等奖" not in text and "先进集体" not in text
    names = summary_preflight(services.db, "获奖单位名单", units, Period(2024, 2024), WRITTEN, options)
    assert names.units[0].summary().startswith("期间内各单位的荣誉 5 项计入；个人荣誉 1 项（不计入）")
    assert "东湖区卫生健康局：全市环卫工作一等奖（2024年5月）" in names.units[0].stated
    assert [s.name for s in names.units[0].sections][:2] == ["单位", "期间获得的称号"]
    assert "截至期末现有的称号" not in [s.name for s in names.units[0].sections]  # the list states none


def test_a_record_changed_after_the_preflight_is_in_the_document(
    services: Services, units: list[int], tmp_path: Path
) -> None:
    """The document is generated from the fields its pre-flight read only while the records and the choices
    are as they were: an honour added in between is in it, and so is a changed 主语."""
    from core.reports.summary_generate import prepared_summary

    period, options = Period(2024, 2024), SummaryOptions(office="东湖区文明委")
    plan = summary_preflight(services.db, "获奖单位名单", units, period, WRITTEN, options)
    services.honours.create(units[1], {"title": "市级文明单位", "level": "市级", "awarded": "2024-09"})
    request = GenerateRequest(
        "获奖单位名单", units, period, WRITTEN, tmp_path, summary=options, prepared=prepared_summary(plan)
    )
    [result] = generate_reports(services.db, request)
    headings = [p.text for p in Document(str(result.path)).paragraphs if p.text.strip()]
    assert "一、市级文明单位（1家）" in headings
    plan = summary_preflight(services.db, "获奖单位名单", units, period, WRITTEN, options)
    other = SummaryOptions("全区学校", office="东湖区文明委")
    request = GenerateRequest(
        "获奖单位名单",
        units,
        period,
        WRITTEN,
        tmp_path / "a.docx",
        summary=other,
        prepared=prepared_summary(plan),
    )
    generate_reports(services.db, request)
    assert "全区学校2024年获奖单位名单" in [p.text for p in Document(str(tmp_path / "a.docx")).paragraphs]


@pytest.mark.parametrize("name", ["全区文明创建工作情况汇报", "获奖单位名单"])
def test_the_fields_a_preflight_counts_are_those_the_template_lists(name: str, tmp_path: Path) -> None:
    """The pre-flight's count and the document's list are one field: the template loops over it (and over
    the held titles' field only where the pre-flight shows them)."""
    import zipfile

    from core.reports.builtin import builtin_template
    from core.reports.summary_generate import STATEMENTS

    path = builtin_template(name).write(tmp_path / f"{name}.docx")
    xml = zipfile.ZipFile(path).read("word/document.xml").decode()
    statement = STATEMENTS[name]
    assert f"for 称号 in {statement.new} " in xml
    assert (statement.held is not None) == (
        "现有文明创建按级别" in xml or "现有按级别" in xml or "现有称号" in xml
    )


def test_the_district_report_says_titles_are_registered_without_a_year(
    services: Services, units: list[int], tmp_path: Path
) -> None:
    """Titles recorded without the year they were awarded are in no list of the district report; it said
    “截至2012年未登记文明创建称号” over units holding them. It says they are registered and not listed; a
    prize of a sports meet (文明奖) and a person's 文明家庭 are not among them."""
    honours = services.honours
    honours.create(units[1], {"title": "市级文明单位", "level": "市级"})
    honours.create(units[2], {"title": "省级文明窗口", "level": "省级"})
    honours.create(units[2], {"title": "省直机关第二届职工田径运动会文明奖", "level": "省级"})
    honours.create(units[0], {"title": "文明家庭", "level": "县区级", "recipient": "王丽"})
    options = SummaryOptions(office="东湖区文明委")

    def document(period: Period) -> str:
        out = tmp_path / f"{period.first_year}"
        request = GenerateRequest("全区文明创建工作情况汇报", units, period, WRITTEN, out, summary=options)
        [result] = generate_reports(services.db, request)
        return "\n".join(p.text for p in Document(str(result.path)).paragraphs)

    none_dated = "全区已登记的2项文明创建称号（2家单位）均未记录获得时间，未列入统计。"
    text = document(Period(2010, 2012))
    assert none_dated in text and "未登记文明创建称号" not in text
    plan = summary_preflight(
        services.db, "全区文明创建工作情况汇报", units, Period(2010, 2012), WRITTEN, options
    )
    sections = dict((s.name, s.describe()) for s in plan.units[0].sections)
    assert sections["截至期末现有的称号"] == f"无可用材料，将显示{none_dated}"
    text = document(Period(2024, 2024))
    assert "全区现有文明创建称号3项" in text
    assert "全区另有2家单位的2项文明创建称号未记录获得时间，未列入统计。" in text


def test_a_term_changed_after_the_preflight_makes_the_document_read_again(
    services: Services, units: list[int]
) -> None:
    """A 复查周期 decides what is 待复查, 过期 or 现有: one set between the pre-flight and the document left the
    document stating the old terms (set_term wrote no change-log entry)."""
    from core.decisions.terms import set_term
    from core.reports.summary_generate import prepared_summary

    period, options = Period(2024, 2024), SummaryOptions(office="东湖区文明委")
    plan = summary_preflight(services.db, "全区文明创建工作情况汇报", units, period, WRITTEN, options)
    prepared = prepared_summary(plan)
    assert prepared is not None
    set_term(services.db, "文明单位", 5)
    assert prepared.take(services.db, units, period, WRITTEN, options) is None
