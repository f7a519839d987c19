"""What a generated report says, read back paragraph by paragraph (DESIGN.md 6a, issue 12).

One school holds honours of every kind a register gives: dated in the period, dated outside it, without a
year, a person's (dated and undated), revoked; and materials for some topics only (one outside the period).
Every built-in template is generated for it through generate_reports, with undated honours left out and
listed, and the .docx is read back with python-docx.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml.ns import qn

from core.models import Honour
from core.reports import layout
from core.reports.builtin import BUILTIN_TEMPLATES
from core.reports.context import Period, ReportOptions
from core.reports.generate import GenerateRequest, generate_reports
from core.reports.honour_text import PERSONAL_INTRO, UNDATED_INTRO
from core.services import Services
from tests.core.reports.entered import entered_before

SCHOOL = "宁波市荷花庄小学"
PERIOD = Period(2019, 2021)
WRITTEN_ON = dt.date(2022, 1, 10)
BASIS = "根据《某某区学校自查工作方案》（某教发〔2021〕5号）的要求"

# title, level, awarded by, awarded, recipient
IN_PERIOD = (
    ("全国书法艺术教育实验学校", "国家级", "中国书法家协会", "2019-05", None),
    ("浙江省卫生先进单位", "省级", "省爱卫会", "2020-12", None),
    ("107国道综合整治先进单位", "市级", "市委、市政府", "2020", None),
    ("浙江省绿色学校称号", "省级", "浙江省教育厅", "2021", None),
    ("县级优秀组织奖", "省级", "省教育厅", "2021-06", None),
    ("全市第二届百万妇女健身活动大赛拔河比赛第六名", "市级", None, "2021", None),
    ("四川省第7届中小学生艺术节", "省级", "省教育厅", "2020", None),  # with the grade 一等奖
)
UNDATED = (
    ("全国写字教育先进集体", "国家级", None, None, None),
    ("省行风建设先进集体", "省级", None, None, None),
)
OUTSIDE = (("市文明单位", "市级", "市文明委", "2015", None),)
PERSONAL = (("全国优秀教师", "国家级", "教育部", "2020", "王丽"),)
PERSONAL_UNDATED = (("市优秀班主任", "市级", None, None, "李华"),)
REVOKED = (("区平安校园", "县区级", "区政府", "2020", None),)
MATERIALS = (
    (2020, "基本情况", "学校创建于1989年9月，占地10.5亩。\n现有教师43人，其中市名师1人。"),
    (2021, "主要做法", "加强管理。\n立德树人。"),
    (2015, "存在问题", "期间外的问题。"),
    (2021, "下一步打算", "继续加强管理。"),
)
PLACEHOLDER = "（此处请补充“{}”材料）"


@pytest.fixture
def school(services: Services) -> int:
    unit = services.units.create(
        {
            "name": SCHOOL,
            "category": "学校",
            "founded": "1989-09",
            "staff_count": 43,
            "land_area_m2": 7000,
            "building_area_m2": 5000,
            "extra": {"自查依据": BASIS},
        }
    )
    for title, level, body, when, who in (
        *IN_PERIOD,
        *UNDATED,
        *OUTSIDE,
        *PERSONAL,
        *PERSONAL_UNDATED,
        *REVOKED,
    ):
        services.honours.create(
            unit.id, {"title": title, "level": level, "awarded_by": body, "awarded": when, "recipient": who}
        )
    with services.db.session(write=True) as session:  # the fields the forms do not show yet
        for honour in session.query(Honour).filter(Honour.unit_id == unit.id):
            if honour.title == "四川省第7届中小学生艺术节":
                honour.grade = "一等奖"
            if honour.recipient == "王丽":
                honour.extra = {"职务": "教师"}
            if honour.title == "区平安校园":
                honour.status = "已撤销"
    for year, topic, text in MATERIALS:
        services.materials.create(unit.id, {"year": year, "topic": topic, "text": text})
    return unit.id


def generate(
    services: Services, unit_id: int, template: str, folder: Path, undated: str = "omit", author: str = ""
):  # type: ignore[no-untyped-def]
    entered_before(services, unit_id, WRITTEN_ON)
    request = GenerateRequest(
        template, [unit_id], PERIOD, WRITTEN_ON, folder, options=ReportOptions(undated, author)
    )
    (result,) = generate_reports(services.db, request)
    return result.path


def paragraphs(document: DocumentObject) -> list[str]:
    return [p.text for p in document.paragraphs if p.text.strip()]


def rows(document: DocumentObject) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]


def blocks(document: DocumentObject) -> Iterator[tuple[str, str]]:
    """(the heading it stands under, text) for every paragraph and every table row, in order."""
    heading = ""
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            style = element.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            text = "".join(t.text or "" for t in element.iter(qn("w:t")))
            if style is not None and style.get(qn("w:val")) in (
                layout.STYLE_HEADING_1,
                layout.STYLE_HEADING_2,
            ):
                heading = text
            elif text.strip():
                yield heading, text
        elif element.tag == qn("w:tbl"):
            for row in element.iter(qn("w:tr")):
                yield (
                    heading,
                    " | ".join(
                        "".join(t.text or "" for t in tc.iter(qn("w:t"))) for tc in row.iter(qn("w:tc"))
                    ),
                )


def titles(*groups: tuple[tuple[str, ...], ...]) -> list[str]:
    return [record[0] for group in groups for record in group]


@pytest.fixture(params=["omit", "list"])
def undated(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def documents(services: Services, school: int, tmp_path: Path, undated: str) -> dict[str, DocumentObject]:
    return {
        t.name: Document(str(generate(services, school, t.name, tmp_path / t.name, undated)))
        for t in BUILTIN_TEMPLATES
    }


# ---------------------------------------------------------------- dates are facts


def test_outside_the_period_and_revoked_honours_are_nowhere(documents: dict[str, DocumentObject]) -> None:
    for name, document in documents.items():
        for _heading, text in blocks(document):
            for title in titles(OUTSIDE, REVOKED):
                assert title not in text, (name, text)


def test_undated_honours_are_left_out_or_listed_apart_never_in_a_period_sentence(
    documents: dict[str, DocumentObject], undated: str
) -> None:
    for name, document in documents.items():
        seen = set()
        for heading, text in blocks(document):
            named = [t for t in titles(UNDATED, PERSONAL_UNDATED) if t in text]
            if not named:
                continue
            assert undated == "list", (name, text)
            seen.update(named)
            if name == "荣誉一览表":
                assert heading == "三、获得时间未记录的荣誉", text  # its own table
                assert not re.search(r"\d{4}年", text)
            else:
                assert text.startswith(UNDATED_INTRO), (name, text)
                assert not re.search(r"\d{4}年|先后|\d+项|共", text), (name, text)
        assert seen == (set(titles(UNDATED, PERSONAL_UNDATED)) if undated == "list" else set()), name


def test_personal_honours_only_with_the_person_in_their_own_part(
    documents: dict[str, DocumentObject],
) -> None:
    for name, document in documents.items():
        for heading, text in blocks(document):
            if "全国优秀教师" in text:
                assert "王丽" in text, (name, text)
                assert text.startswith(PERSONAL_INTRO) or "个人荣誉" in heading, (name, heading, text)
                assert "先后" not in text and "共获得" not in text
            if "市优秀班主任" in text:
                assert "李华" in text, (name, text)


def test_every_count_counts_what_is_listed(documents: dict[str, DocumentObject]) -> None:
    lines = paragraphs(documents["创建文明单位申报材料"])
    (count,) = [line for line in lines if "共获得" in line]
    assert count == "2019年至2021年，我校共获得集体荣誉7项。"
    listed = lines[lines.index(count) + 1 : lines.index("（二）个人荣誉")]
    named = [title.removesuffix("第六名") for title in titles(IN_PERIOD)]  # 在…拔河比赛中取得第六名
    assert sum(title in line for line in listed for title in named) == 7


# ---------------------------------------------------------------- the language of such reports


def test_verbs_follow_the_kind_of_title_and_titles_never_read_as_numbers(
    documents: dict[str, DocumentObject],
) -> None:
    lines = paragraphs(documents["情况汇报"])
    start = lines.index("三、工作成效") + 1
    assert lines[start : start + 4] == [
        "2019年，被中国书法家协会命名为全国书法艺术教育实验学校。",
        "2020年，被省爱卫会评为浙江省卫生先进单位，被省教育厅授予四川省第7届中小学生艺术节一等奖，"
        "被市委、市政府评为107国道综合整治先进单位。",
        # within a year: the highest level first, then by date (a month recorded before one that is not)
        "2021年，被省教育厅授予县级优秀组织奖，被浙江省教育厅授予浙江省绿色学校称号，"
        "在全市第二届百万妇女健身活动大赛拔河比赛中取得第六名。",
        "个人荣誉方面，2020年，教师王丽被教育部评为全国优秀教师。",
    ]
    for name, document in documents.items():
        for _heading, text in blocks(document):
            assert "奖称号" not in text and "称号称号" not in text, (name, text)
            assert not re.match(r"\d+\.\d", text), (name, text)  # "21.107国道…" reads as a decimal


def test_a_summary_names_the_highest_level_first_and_no_list_repeats_it(
    documents: dict[str, DocumentObject],
) -> None:
    lines = paragraphs(documents["工作总结"])
    (summary,) = [line for line in lines if "先后" in line]
    assert summary == (
        "2019年至2021年，我校先后获得全国书法艺术教育实验学校、浙江省绿色学校、县级优秀组织奖、"
        "浙江省卫生先进单位、四川省第7届中小学生艺术节一等奖、全市第二届百万妇女健身活动大赛拔河比赛第六名"
        "等荣誉。"
    )
    for name in ("情况汇报", "创建文明单位申报材料", "自查报告", "工作总结", "亮点工作汇报"):
        for title in titles(IN_PERIOD):
            mentions = [line for line in paragraphs(documents[name]) if title.removesuffix("称号") in line]
            assert len(mentions) <= 1, (name, title, mentions)  # each honour said once


def test_a_fact_a_material_states_is_not_stated_again_in_other_words(
    documents: dict[str, DocumentObject],
) -> None:
    lines = paragraphs(documents["情况汇报"])
    start = lines.index("一、基本情况") + 1
    assert lines[start : lines.index("二、主要做法")] == [
        "学校创建于1989年9月，占地10.5亩。",
        "现有教师43人，其中市名师1人。",
        "我校建筑面积5000平方米。",  # only the figure the material does not give
    ]
    assert all("教职工" not in line and "成立于" not in line for line in lines)


def test_the_unit_names_itself_after_the_title(documents: dict[str, DocumentObject]) -> None:
    for name, document in documents.items():
        lines = paragraphs(document)
        assert lines[0].startswith(SCHOOL) and lines[-2] == SCHOOL, name  # the title and the 落款
        assert all(SCHOOL not in line for line in lines[1:-2]), name
        assert all(SCHOOL not in " ".join(row) for row in rows(document)), name


# ---------------------------------------------------------------- sections find their material


def test_situation_report_sections(documents: dict[str, DocumentObject], undated: str) -> None:
    lines = paragraphs(documents["情况汇报"])
    assert lines[:2] == [f"{SCHOOL}情况汇报", "现将我校2019年至2021年有关工作情况汇报如下："]
    start = lines.index("二、主要做法")
    assert lines[start : start + 4] == ["二、主要做法", "加强管理。", "立德树人。", "三、工作成效"]
    tail = [
        "四、存在问题",
        PLACEHOLDER.format("存在问题"),  # the 2015 material is outside the period
        "五、下一步打算",
        "继续加强管理。",
        SCHOOL,
        "2022年1月10日",
    ]
    assert lines[-len(tail) :] == tail
    if undated == "list":
        assert lines[lines.index("四、存在问题") - 1] == (
            "以下荣誉的获得时间未记录：我校曾被评为全国写字教育先进集体、省行风建设先进集体；李华曾被评为市优秀班主任。"
        )


def test_self_inspection_opens_with_its_basis_and_finds_its_material(
    documents: dict[str, DocumentObject],
) -> None:
    lines = paragraphs(documents["自查报告"])
    assert lines[:5] == [
        f"{SCHOOL}自查报告",
        "根据《某某区学校自查工作方案》（某教发〔2021〕5号）的要求，现将我校2019年至2021年自查情况报告如下：",
        "一、主要工作成绩",
        "加强管理。",  # no 工作成效: its 主要做法
        "立德树人。",
    ]
    start = lines.index("二、存在具体问题")
    assert lines[start:] == [
        "二、存在具体问题",
        PLACEHOLDER.format("存在问题"),
        "三、下一步整改措施",
        "继续加强管理。",  # no 整改措施: its 下一步打算
        SCHOOL,
        "2022年1月10日",
    ]


def test_honour_table_one_table_per_part(documents: dict[str, DocumentObject], undated: str) -> None:
    document = documents["荣誉一览表"]
    headings = [h.text for h in document.paragraphs if h.style.name == layout.STYLE_HEADING_1]
    expected = ["一、集体荣誉", "二、个人荣誉"] + (["三、获得时间未记录的荣誉"] if undated == "list" else [])
    assert headings == expected
    own, persons, *rest = document.tables
    own_rows = [[c.text for c in row.cells] for row in own.rows]
    assert own_rows[0] == ["序号", "荣誉称号", "授予单位", "级别", "时间"]  # no 文号 recorded, no 获得者
    assert [row[0] for row in own_rows[1:]] == [str(n) for n in range(1, 8)]
    assert own_rows[1] == ["1", "全国书法艺术教育实验学校", "中国书法家协会", "国家级", "2019年5月"]
    assert [
        "2",
        "四川省第7届中小学生艺术节一等奖",
        "省教育厅",
        "省级",
        "2020年",
    ] in own_rows  # 省级 before 市级
    assert [[c.text for c in row.cells] for row in persons.rows] == [
        ["序号", "荣誉称号", "获得者", "授予单位", "级别", "时间"],
        ["1", "全国优秀教师", "王丽", "教育部", "国家级", "2020年"],
    ]
    if undated == "list":
        (apart,) = rest
        assert [[c.text for c in row.cells] for row in apart.rows] == [
            ["序号", "荣誉称号", "获得者", "级别"],  # no 时间 column: none is recorded
            ["1", "全国写字教育先进集体", "", "国家级"],
            ["2", "省行风建设先进集体", "", "省级"],
            ["3", "市优秀班主任", "李华", "市级"],
        ]


# ---------------------------------------------------------------- the document itself


def test_document_properties_and_parts_carry_nothing_of_python_docx(
    services: Services, school: int, tmp_path: Path
) -> None:
    before = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    path = generate(services, school, "情况汇报", tmp_path, author="江东区文明办")
    document = Document(str(path))
    props = document.core_properties
    assert props.title == f"{SCHOOL}情况汇报" and props.author == "江东区文明办"
    assert (
        before - dt.timedelta(seconds=5)
        <= props.created
        <= props.modified
        <= before + dt.timedelta(minutes=1)
    )
    assert props.language == "zh-CN"
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        parts = {name: archive.read(name).decode("utf-8") for name in names if name.endswith(".xml")}
    assert "<Application>HonourDesk</Application>" in parts["docProps/app.xml"]
    assert not any("Macintosh" in xml or "2013-12-23" in xml for xml in parts.values())
    assert (
        not any(name.startswith("customXml") for name in names) and "word/stylesWithEffects.xml" not in names
    )
    assert re.search(r'<w:themeFontLang [^>]*w:eastAsia="zh-CN"', parts["word/settings.xml"])
    styles = set(re.findall(r'<w:style [^>]*w:styleId="([^"]+)"', parts["word/styles.xml"]))
    assert styles == {
        "Normal", "DefaultParagraphFont", "TableNormal", "NoList", "公文标题", "一级标题", "二级标题",
        "三级标题", "落款", "表格文字", "表头文字", "页码", "荣誉一览表",
    }  # fmt: skip
    footer = document.sections[0].footer.paragraphs[0]
    digits = [r for r in footer.runs if r.text.strip().isdigit()]
    assert digits and all(r._r.rPr.rFonts.get(qn("w:ascii")) == "宋体" for r in digits)


def test_author_is_the_unit_when_no_office_is_set(services: Services, school: int, tmp_path: Path) -> None:
    document = Document(str(generate(services, school, "荣誉一览表", tmp_path)))
    assert document.core_properties.author == SCHOOL
    assert document.core_properties.title == f"{SCHOOL}荣誉一览表（2019年至2021年）"


def test_a_number_of_something_else_does_not_stand_for_a_registered_figure(
    services: Services, tmp_path: Path
) -> None:
    """The material's 24个社团 and 800人次 are not the school's 24 classes and 800 students: the registered
    figures are still stated; its 教师43人 is the staff, which is not stated twice."""
    unit = services.units.create(
        {"name": SCHOOL, "category": "学校", "staff_count": 43, "student_count": 800, "class_count": 24}
    ).id
    text = "现有教师43人。学校开设24个社团，全年开展活动800人次。"
    services.materials.create(unit, {"year": 2020, "topic": "基本情况", "text": text})
    document = Document(str(generate(services, unit, "情况汇报", tmp_path)))
    lines = paragraphs(document)
    start = lines.index("一、基本情况") + 1
    assert lines[start : lines.index("二、主要做法")] == [
        "现有教师43人。学校开设24个社团，全年开展活动800人次。",
        "我校现有学生800人、班级24个。",
    ]


def test_a_year_near_创建_is_no_founding_date(services: Services, tmp_path: Path) -> None:
    """创建文明单位 work begun in 2019 does not state that the school was founded in 2019."""
    unit = services.units.create({"name": SCHOOL, "category": "学校", "founded": "2019-09"}).id
    text = "我校创建文明单位工作自2019年启动，2019年成立了家长委员会。"
    services.materials.create(unit, {"year": 2020, "topic": "基本情况", "text": text})
    lines = paragraphs(Document(str(generate(services, unit, "情况汇报", tmp_path))))
    start = lines.index("一、基本情况") + 1
    assert lines[start : lines.index("二、主要做法")] == [text, "我校成立于2019年9月。"]


def test_a_unit_report_signed_before_a_revocation_names_the_title(services: Services, tmp_path: Path) -> None:
    """Revoked on 2023年5月4日: the 一览表 signed 2022年1月10日 lists it, as the records held it then."""
    from core.decisions.review import Review, apply_review

    unit = services.units.create({"name": SCHOOL, "category": "学校"}).id
    services.honours.create(
        unit, {"title": "市级文明单位", "level": "市级", "awarded_by": "市文明委", "awarded": "2020-06"}
    )
    apply_review(services.db, Review("市级文明单位", "撤销", dt.date(2023, 5, 4)), [unit])
    table = rows(Document(str(generate(services, unit, "荣誉一览表", tmp_path))))
    assert table[1][1:] == ["市级文明单位", "市文明委", "市级", "2020年6月"]
