"""The built-in templates as a clerk gets them: GB/T 9704 layout, every honour, placeholders, page numbers.

Each template is built from builtin.py into a temporary folder, rendered in the report sandbox with the
context of a unit made through the services (宁波市荷花庄小学, three honours 2019–2021, some materials),
and opened again with python-docx.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Length, Mm
from docx.text.paragraph import Paragraph
from docxtpl import DocxTemplate

from core.reports import layout
from core.reports.builtin import BUILTIN_TEMPLATES, builtin_template, write_builtin_templates
from core.reports.context import Period, report_context
from core.reports.finish import cell_line_width, column_widths, finish_report, signature_indents, text_width
from core.reports.inspect import inspect_template
from core.reports.pdf import find_soffice, to_pdf
from core.reports.sandbox import ReportEnvironment
from core.reports.table_widths import TABLE_SLACK, table_lines
from core.services import Services
from core.vocab import TEMPLATE_KINDS
from tests.conftest import REPO
from tests.core.reports.entered import entered_before

WRITTEN_ON = dt.date(2026, 3, 5)
PERIOD = Period(2019, 2021)
SCHOOL = "宁波市荷花庄小学"
HONOURS = (
    # title, level, awarded by, awarded, document number
    ("全国书法艺术教育实验学校", "国家级", "中国书法家协会", "2019-05", "中书协〔2019〕8号"),
    ("浙江省卫生先进单位", "省级", "省爱卫会", "2020-12", "浙爱卫〔2020〕12号"),
    ("宁波市文明单位", "市级", "市委、市政府", "2021-03-05", "甬党〔2021〕3号"),
)
MATERIALS = (
    (2019, "基本情况", "学校座落在宁波市中心城区全国文明社区中，校园书香韵味浓厚。"),
    (2020, "主要做法", "加强自身建设，坚持民主管理。\n坚持立德树人，开展“书香校园”&<读书节>活动。"),
    (2021, "工作成效", "学校各项管理得到有效落实，办学效益和管理效率不断提高。"),
    (2021, "特色亮点", "全面发展，艺术见长，书法领先。"),
)
PERSONAL = ("全国优秀教师", "国家级", "教育部", "2020-09", "王丽")
FULL_HONOUR_TEMPLATES = ("情况汇报", "创建文明单位申报材料", "荣誉一览表")
PLACEHOLDER = "（此处请补充“{}”材料）"
MM_TOLERANCE = 0.5


# ---------------------------------------------------------------- building and rendering


@pytest.fixture(scope="module")
def template_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("templates")
    write_builtin_templates(directory)
    return directory


def make_school(services: Services) -> int:
    unit = services.units.create(
        {
            "name": SCHOOL,
            "category": "学校",
            "founded": "1989-09",
            "staff_count": 43,
            "student_count": 800,
            "class_count": 24,
            "land_area_m2": 7000,
            "building_area_m2": 5000,
        }
    )
    for title, level, awarded_by, awarded, number in HONOURS:
        services.honours.create(
            unit.id,
            {
                "title": title,
                "level": level,
                "awarded_by": awarded_by,
                "awarded": awarded,
                "document_no": number,
            },
        )
    title, level, awarded_by, awarded, person = PERSONAL
    services.honours.create(
        unit.id,
        {"title": title, "level": level, "awarded_by": awarded_by, "awarded": awarded, "recipient": person},
    )
    for year, topic, text in MATERIALS:
        services.materials.create(unit.id, {"year": year, "topic": topic, "text": text})
    return unit.id


def context_of(services: Services, unit_id: int, template: str | None = None) -> dict[str, Any]:
    entered_before(services, unit_id, WRITTEN_ON)
    with services.db.session() as session:
        return report_context(session, unit_id, PERIOD, WRITTEN_ON, today=WRITTEN_ON, template=template)


def render(template: Path, context: dict[str, Any], target: Path) -> DocumentObject:
    """As generation does it: rendered in the sandbox, then finished (落款, tables, properties)."""
    document = DocxTemplate(template)
    document.render(context, ReportEnvironment(), autoescape=True)
    finish_report(document.docx, author="江东区文明办")
    document.save(target)
    return Document(str(target))


Renderer = Callable[[str], DocumentObject]


@pytest.fixture
def school(services: Services) -> int:
    return make_school(services)


@pytest.fixture
def rendered(template_dir: Path, services: Services, school: int, tmp_path: Path) -> Renderer:
    def of(name: str) -> DocumentObject:
        context = context_of(services, school, name)
        return render(template_dir / f"{name}.docx", context, tmp_path / f"{name}.docx")

    return of


# ---------------------------------------------------------------- reading the output


def style_chain(paragraph: Paragraph) -> Iterator[Any]:
    style = paragraph.style
    while style is not None:
        yield style
        style = style.base_style


def east_asian_font(paragraph: Paragraph) -> str | None:
    """The East Asian font the paragraph's text shows in: its runs', else its style's."""
    runs = [r for r in paragraph.runs if r.text.strip()]
    names = {_rfonts_east_asian(r._r.rPr) for r in runs}
    if names and None not in names and len(names) == 1:
        return names.pop()
    for style in style_chain(paragraph):
        name = _rfonts_east_asian(style.element.rPr)
        if name:
            return name
    return None


def _rfonts_east_asian(rpr: Any) -> str | None:
    if rpr is None or rpr.rFonts is None:
        return None
    return rpr.rFonts.get(qn("w:eastAsia"))


def font_size_pt(paragraph: Paragraph) -> float | None:
    sizes = {r.font.size for r in paragraph.runs if r.text.strip()}
    if len(sizes) == 1 and None not in sizes:
        return sizes.pop().pt
    for style in style_chain(paragraph):
        if style.font.size is not None:
            return style.font.size.pt
    return None


def paragraph_format_value(paragraph: Paragraph, name: str) -> Any:
    value = getattr(paragraph.paragraph_format, name)
    if value is not None:
        return value
    for style in style_chain(paragraph):
        value = getattr(style.paragraph_format, name)
        if value is not None:
            return value
    return None


def texts(document: DocumentObject) -> list[str]:
    return [p.text for p in document.paragraphs if p.text.strip()]


def full_text(document: DocumentObject) -> str:
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([*texts(document), *cells])


def in_style(document: DocumentObject, style: str) -> list[Paragraph]:
    return [p for p in document.paragraphs if p.style.name == style and p.text.strip()]


def mm(length: Length) -> float:
    return length.mm


def xml_parts(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as archive:
        return {
            name: archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if re.fullmatch(r"word/(document|footer\d*|header\d*)\.xml", name)
        }


def visible_text(xml: str) -> str:
    return "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))


# ---------------------------------------------------------------- the set of templates


def test_six_builtins_with_their_kinds() -> None:
    assert [t.name for t in BUILTIN_TEMPLATES] == [
        "情况汇报",
        "创建文明单位申报材料",
        "自查报告",
        "工作总结",
        "亮点工作汇报",
        "荣誉一览表",
    ]
    assert [t.kind for t in BUILTIN_TEMPLATES] == [
        "情况汇报",
        "申报材料",
        "自查报告",
        "工作总结",
        "亮点汇报",
        "荣誉一览表",
    ]
    assert all(t.kind in TEMPLATE_KINDS and t.description for t in BUILTIN_TEMPLATES)


@pytest.mark.parametrize("name", [t.name for t in BUILTIN_TEMPLATES])
def test_builtins_pass_the_template_check(template_dir: Path, name: str) -> None:
    report = inspect_template(template_dir / f"{name}.docx")
    assert report.usable, report.refusal()
    assert report.unknown_fields == []


@pytest.mark.parametrize("name", [t.name for t in BUILTIN_TEMPLATES])
def test_every_run_names_its_chinese_font_and_no_tag_is_split(template_dir: Path, name: str) -> None:
    for part, xml in xml_parts(template_dir / f"{name}.docx").items():
        runs = re.findall(r"<w:r>.*?</w:r>", xml, flags=re.DOTALL)
        assert runs, part
        latin = "宋体" if "footer" in part else "Times New Roman"  # page numbers: 宋体 digits (GB/T 9704 7.5)
        for run in runs:
            assert re.search(r'<w:rFonts [^>]*w:eastAsia="[^"]+"', run), (part, run[:200])
            assert f'w:ascii="{latin}"' in run, (part, run[:200])
        for text in re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml):
            assert text.count("{{") == text.count("}}") and text.count("{%") == text.count("%}"), text
        # tags only in text, never in an attribute: the template itself opens in Word without complaint
        outside_text = re.sub(r"<w:t(?: [^>]*)?>[^<]*</w:t>", "", xml)
        assert "{{" not in outside_text and "{%" not in outside_text, part


# ---------------------------------------------------------------- page layout


@pytest.mark.parametrize("name", [t.name for t in BUILTIN_TEMPLATES])
def test_a4_with_the_official_margins(rendered: Renderer, name: str) -> None:
    section = rendered(name).sections[0]
    expected = {
        "page_width": 210,
        "page_height": 297,
        "top_margin": 37,
        "bottom_margin": 35,
        "left_margin": 28,
        "right_margin": 26,
    }
    for attribute, value in expected.items():
        assert mm(getattr(section, attribute)) == pytest.approx(value, abs=MM_TOLERANCE), attribute


def test_title_body_and_headings_in_the_official_fonts(rendered: Renderer) -> None:
    document = rendered("情况汇报")
    title = document.paragraphs[0]
    assert title.text == f"{SCHOOL}情况汇报"
    assert title.style.name == layout.STYLE_TITLE
    assert font_size_pt(title) == 22
    assert east_asian_font(title) == "方正小标宋简体"
    assert paragraph_format_value(title, "alignment") == WD_ALIGN_PARAGRAPH.CENTER
    assert paragraph_format_value(title, "space_after").pt == pytest.approx(28.95, abs=0.1)  # a blank line

    body = in_style(document, "Normal")
    assert len(body) >= 8
    for paragraph in body:
        assert font_size_pt(paragraph) == 16, paragraph.text
        assert east_asian_font(paragraph) == "仿宋_GB2312", paragraph.text
        assert paragraph_format_value(paragraph, "line_spacing_rule") == WD_LINE_SPACING.EXACTLY
        assert paragraph_format_value(paragraph, "line_spacing").pt == pytest.approx(28.95, abs=0.05)
        assert paragraph_format_value(paragraph, "first_line_indent").pt == pytest.approx(32, abs=0.1)
        assert paragraph_format_value(paragraph, "space_before").pt == 0
        assert paragraph_format_value(paragraph, "space_after").pt == 0
        assert {r.font.name for r in paragraph.runs} == {"Times New Roman"}  # digits and Latin

    headings = in_style(document, layout.STYLE_HEADING_1)
    assert [h.text for h in headings] == [
        "一、基本情况",
        "二、主要做法",
        "三、工作成效",
        "四、存在问题",
        "五、下一步打算",
    ]
    for heading in headings:
        assert east_asian_font(heading) == "黑体" and font_size_pt(heading) == 16


def test_second_level_headings_in_kai(rendered: Renderer) -> None:
    document = rendered("创建文明单位申报材料")
    headings = in_style(document, layout.STYLE_HEADING_2)
    assert [h.text for h in headings] == ["（一）集体荣誉", "（二）个人荣誉"]
    for heading in headings:
        assert east_asian_font(heading) == "楷体_GB2312" and font_size_pt(heading) == 16


@pytest.mark.parametrize("name", [t.name for t in BUILTIN_TEMPLATES])
def test_signed_with_the_unit_and_the_date_as_gb_t_9704_says(rendered: Renderer, name: str) -> None:
    """7.3.5.2: the signature two characters in from the right, the date below it starting two characters
    further right; both in the body font, after a blank line."""
    document = rendered(name)
    *_, unit, date = document.paragraphs
    assert (unit.text, date.text) == (SCHOOL, "2026年3月5日")
    one_char = 16 - 0.25  # 三号, condensed to 28 characters a line
    unit_left, date_left = (p.paragraph_format.left_indent.pt for p in (unit, date))
    assert date_left - unit_left == pytest.approx(2 * one_char, abs=0.1)
    assert unit_left + len(SCHOOL) * one_char == pytest.approx(Mm(156).pt - 2 * one_char, abs=0.1)
    for paragraph in (unit, date):
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.LEFT
        assert paragraph.paragraph_format.right_indent == 0  # not the style's: the line keeps its width
        assert east_asian_font(paragraph) == "仿宋_GB2312" and font_size_pt(paragraph) == 16
    assert document.paragraphs[-3].text == ""  # a blank line between the body and the signature


def test_a_date_longer_than_the_signature_keeps_two_characters_and_moves_the_signature() -> None:
    unit_left, date_left = signature_indents("东鲁派出所", "2026年11月22日")
    gap = 2 * (16 - 0.25)
    date_width = 3 * 15.75 + 8 * 7.75  # three characters, eight Times New Roman digits
    assert date_left.pt + date_width == pytest.approx(Mm(156).pt - gap, abs=0.1)
    assert date_left.pt - unit_left.pt == pytest.approx(gap, abs=0.1)  # never left of the signature


@pytest.mark.parametrize("name", [t.name for t in BUILTIN_TEMPLATES])
def test_page_number_field_at_the_outside_corner(template_dir: Path, rendered: Renderer, name: str) -> None:
    document = rendered(name)
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    for paragraph in (odd, even):
        assert paragraph.text == "— 1 —"
        assert font_size_pt(paragraph) == 14
        instructions = [i.text.strip() for i in paragraph._p.iter(qn("w:instrText"))]
        assert instructions == ["PAGE"]
    assert paragraph_format_value(odd, "alignment") == WD_ALIGN_PARAGRAPH.RIGHT
    assert paragraph_format_value(even, "alignment") == WD_ALIGN_PARAGRAPH.LEFT


# ---------------------------------------------------------------- content


@pytest.mark.parametrize("name", [t.name for t in BUILTIN_TEMPLATES])
def test_nothing_of_the_template_language_is_left(rendered: Renderer, tmp_path: Path, name: str) -> None:
    rendered(name)
    for part, xml in xml_parts(tmp_path / f"{name}.docx").items():
        text = visible_text(xml)
        assert "{{" not in text and "{%" not in text and "}}" not in text and "%}" not in text, part
        assert "None" not in text and "年份不详" not in text, part


@pytest.mark.parametrize("name", FULL_HONOUR_TEMPLATES)
def test_every_honour_of_the_period_is_named(rendered: Renderer, name: str) -> None:
    text = full_text(rendered(name))
    for title, *_ in HONOURS:
        assert title in text, title


def test_situation_report_paragraph_by_paragraph(rendered: Renderer) -> None:
    assert texts(rendered("情况汇报")) == [
        f"{SCHOOL}情况汇报",
        "现将我校2019年至2021年有关工作情况汇报如下：",
        "一、基本情况",
        "学校座落在宁波市中心城区全国文明社区中，校园书香韵味浓厚。",
        "我校成立于1989年9月，占地面积7000平方米，建筑面积5000平方米，现有教职工43人、学生800人、班级24个。",
        "二、主要做法",
        # the material's lines are paragraphs of their own, its & < > kept as written
        "加强自身建设，坚持民主管理。",
        "坚持立德树人，开展“书香校园”&<读书节>活动。",
        "三、工作成效",
        "学校各项管理得到有效落实，办学效益和管理效率不断提高。",
        "2019年，被中国书法家协会命名为全国书法艺术教育实验学校。",
        "2020年，被省爱卫会评为浙江省卫生先进单位。",
        "2021年，被市委、市政府命名为宁波市文明单位。",
        "个人荣誉方面，2020年，王丽被教育部评为全国优秀教师。",
        "四、存在问题",
        PLACEHOLDER.format("存在问题"),
        "五、下一步打算",
        PLACEHOLDER.format("下一步打算"),
        SCHOOL,
        "2026年3月5日",
    ]


def test_application_counts_what_it_lists_and_names_the_persons_apart(rendered: Renderer) -> None:
    lines = texts(rendered("创建文明单位申报材料"))
    start = lines.index("五、近年获奖情况")
    assert lines[start:] == [
        "五、近年获奖情况",
        "（一）集体荣誉",
        "2019年至2021年，我校共获得集体荣誉3项。",
        "2019年，被中国书法家协会命名为全国书法艺术教育实验学校。",
        "2020年，被省爱卫会评为浙江省卫生先进单位。",
        "2021年，被市委、市政府命名为宁波市文明单位。",
        "（二）个人荣誉",
        "2020年，王丽被教育部评为全国优秀教师。",
        SCHOOL,
        "2026年3月5日",
    ]


@pytest.mark.parametrize(
    ("name", "missing"),
    [
        ("情况汇报", ("存在问题", "下一步打算")),
        ("自查报告", ("存在问题", "整改措施")),
        ("工作总结", ("存在问题", "下一步打算")),
        ("亮点工作汇报", ("下一步打算",)),
    ],
)
def test_a_missing_material_is_asked_for(rendered: Renderer, name: str, missing: tuple[str, ...]) -> None:
    lines = texts(rendered(name))
    for topic in missing:
        assert PLACEHOLDER.format(topic) in lines
    assert PLACEHOLDER.format("主要做法") not in lines and PLACEHOLDER.format("工作成效") not in lines


def test_self_inspection_as_the_seed_writes_it(rendered: Renderer) -> None:
    assert texts(rendered("自查报告")) == [
        f"{SCHOOL}自查报告",
        "现将我校2019年至2021年自查情况报告如下：",
        "一、主要工作成绩",
        "学校各项管理得到有效落实，办学效益和管理效率不断提高。",
        "2019年至2021年，我校先后荣获全国书法艺术教育实验学校、浙江省卫生先进单位、宁波市文明单位等荣誉称号。",
        "个人荣誉方面，王丽被教育部评为全国优秀教师。",
        "二、存在具体问题",
        PLACEHOLDER.format("存在问题"),
        "三、下一步整改措施",
        PLACEHOLDER.format("整改措施"),
        SCHOOL,
        "2026年3月5日",
    ]


def test_highlights_lead(rendered: Renderer) -> None:
    document = rendered("亮点工作汇报")
    lines = texts(document)
    assert lines[2] == "一、特色亮点" and lines[3] == "全面发展，艺术见长，书法领先。"


def test_honour_table_has_a_row_per_honour_and_a_table_per_part(rendered: Renderer) -> None:
    document = rendered("荣誉一览表")
    assert document.paragraphs[0].text == f"{SCHOOL}荣誉一览表\n（2019年至2021年）"
    assert in_style(document, layout.STYLE_HEADING_1)[0].text == "一、集体荣誉"
    own, persons = document.tables
    rows = [[cell.text for cell in row.cells] for row in own.rows]
    assert rows == [
        ["序号", "荣誉称号", "授予单位", "级别", "时间", "文号"],  # 获得者 is empty in the unit's own list
        # a 文号 wider than its column breaks before its year, never inside 〔2019〕8号
        ["1", "全国书法艺术教育实验学校", "中国书法家协会", "国家级", "2019年5月", "中书协\n〔2019〕8号"],
        # dates break before their month beside two-line 文号, so that 宁波市文明单位 takes one line
        # rather than leave 位 alone on its second (宁波市文明单 / 位)
        ["2", "浙江省卫生先进单位", "省爱卫会", "省级", "2020年\n12月", "浙爱卫\n〔2020〕12号"],
        # a date breaks before its month where the row is two lines tall anyway (the title had a third)
        ["3", "宁波市文明单位", "市委、市政府", "市级", "2021年\n3月5日", "甬党\n〔2021〕3号"],
    ]
    assert [[cell.text for cell in row.cells] for row in persons.rows] == [
        ["序号", "荣誉称号", "获得者", "授予单位", "级别", "时间"],  # no 文号 recorded: no column
        ["1", "全国优秀教师", "王丽", "教育部", "国家级", "2020年9月"],
    ]
    header = own.rows[0].cells[0].paragraphs[0]
    cell = own.rows[1].cells[1].paragraphs[0]
    assert east_asian_font(header) == "黑体" and font_size_pt(header) == 14
    assert east_asian_font(cell) == "仿宋_GB2312" and font_size_pt(cell) == 14
    borders = own._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"single"} and len(borders) == 6
    for table in (own, persons):
        assert sum(mm(c.width) for c in table.rows[0].cells) == pytest.approx(156, abs=MM_TOLERANCE)


def test_the_room_goes_where_it_saves_the_table_lines() -> None:
    """Three 文号 each over three lines made every row three lines tall while the 授予单位 column had room:
    the 文号 now takes two lines (broken before its year) and two of the rows two lines."""
    rows = [
        ["序号", "荣誉称号", "授予单位", "级别", "时间", "文号"],
        ["1", "全国书法艺术教育实验学校", "中国书法家协会", "国家级", "2019年5月", "中书协〔2019〕8号"],
        ["2", "浙江省卫生先进单位", "省爱卫会", "省级", "2020年12月", "浙爱卫〔2020〕12号"],
        ["3", "宁波市文明单位", "市委、市政府", "市级", "2021年3月5日", "甬党〔2021〕3号"],
    ]
    widths = column_widths(rows)
    assert sum(widths) == Mm(156)
    room = [w - layout.CELL_MARGIN * 2 for w in widths]

    def lines(text: str, column: int) -> int:  # a sentence wraps between any two characters
        return math.ceil(cell_line_width(text, 14) / room[column])

    for row in rows[1:]:
        number, year = row[5].split("〔")
        assert cell_line_width(number, 14) <= room[5] and cell_line_width("〔" + year, 14) <= room[5]
    heights = [max(2, lines(row[1], 1), lines(row[2], 2)) for row in rows[1:]]
    assert sum(heights) <= 7, heights


def test_a_single_document_number_is_not_broken_inside_its_year() -> None:
    """One 文号 beside long 授予单位 names: balancing for lines alone left it at its header's width, broken
    character by character over five lines (甬 / 文明 / 委 / 〔 / 2021〕…)."""
    rows = [
        ["序号", "荣誉称号", "授予单位", "级别", "时间", "文号"],
        ["1", "平安单位", "武侯区社会治安综合治理委员会", "县区级", "2018年12月20日", ""],
        ["2", "宁波市文明单位", "宁波市精神文明建设委员会", "市级", "2021年3月5日", "甬文明委〔2021〕3号"],
    ]
    widths = column_widths(rows)
    assert sum(widths) == Mm(156)
    assert cell_line_width("〔2021〕3号", 14) <= widths[5] - layout.CELL_MARGIN * 2


def test_table_columns_fit_their_content() -> None:
    """A level and a 序号 never break inside themselves, a date only before its month; the title column takes
    the rest. A column as wide as 2022年12月31日 for one cell kept the long title on three lines and the short
    one on two: breaking that date beside the title's two lines, the table takes three lines, not five."""
    rows = [
        ["序号", "荣誉称号", "授予单位", "级别", "时间"],
        ["1", "郑州市职工经济技术创新工作和劳动竞赛活动先进集体", "市总工会", "县区级", "2022年12月31日"],
        ["12", "107国道综合整治先进单位", "市委、市政府", "国家级", "2022年6月"],
    ]
    widths = column_widths(rows)
    assert sum(widths) == Mm(156)
    margins = layout.CELL_MARGIN * 2
    assert widths[4] - margins - TABLE_SLACK >= cell_line_width("12月31日", 14)
    assert widths[4] - margins - TABLE_SLACK >= cell_line_width("2022年6月", 14)
    assert widths[3] - margins >= text_width("县区级", 14) and widths[0] - margins >= text_width("序号", 14)
    assert widths[1] == max(widths)  # the title column gets the room
    assert [max(row) for row in table_lines(rows, widths)] == [2, 1]


@pytest.mark.skipif(find_soffice() is None or shutil.which("pdftotext") is None, reason="no LibreOffice")
def test_dates_stay_on_one_line_as_libreoffice_prints_them(rendered: Renderer, tmp_path: Path) -> None:
    """LibreOffice (the preview on PCs without Word or WPS) spaces Chinese from digits: 2015年12月 must
    still fit its column."""
    document = rendered("荣誉一览表")
    pdf = to_pdf(tmp_path / "荣誉一览表.docx")
    printed = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True).stdout
    lines = [re.sub(r"\s+", "", line) for line in printed.decode("utf-8").splitlines()]
    # a 文号 breaks before its year, a date before its month, and each part prints whole
    planned = [cell for table in document.tables for row in table.rows[1:] for cell in row.cells[4:]]
    parts = {part for cell in planned for part in cell.text.split("\n") if part}
    assert {"2020年9月", "〔2020〕12号", "〔2021〕3号", "2021年", "3月5日"} <= parts
    for part in parts:
        assert any(part in line for line in lines), f"{part} is broken over lines:\n" + "\n".join(lines)


# ---------------------------------------------------------------- other units


def test_a_village_gets_its_own_figures_and_no_school_ones(
    services: Services, template_dir: Path, tmp_path: Path
) -> None:
    village = services.units.create(
        {
            "name": "甘垛镇荷花村",
            "category": "村",
            "household_count": 320,
            "population": 1200,
            "party_member_count": 45,
            "profile": "甘垛镇荷花村设村党总支。",
        }
    )
    context = context_of(services, village.id, "情况汇报")
    document = render(template_dir / "情况汇报.docx", context, tmp_path / "村.docx")
    lines = texts(document)
    # no 基本情况 material: the village's 简介, then its figures
    assert lines[2:5] == ["一、基本情况", "甘垛镇荷花村设村党总支。", "我村现有320户、人口1200人、党员45名。"]


def test_a_unit_without_figures_or_honours(services: Services, template_dir: Path, tmp_path: Path) -> None:
    unit = services.units.create({"name": "东鲁派出所"})
    report = render(
        template_dir / "情况汇报.docx", context_of(services, unit.id, "情况汇报"), tmp_path / "a.docx"
    )
    # no sentence of empty figures: the heading is followed by the request for material
    assert texts(report)[2:4] == ["一、基本情况", PLACEHOLDER.format("基本情况")]
    assert "荣获" not in full_text(report)

    application = render(
        template_dir / "创建文明单位申报材料.docx",
        context_of(services, unit.id, "创建文明单位申报材料"),
        tmp_path / "b.docx",
    )
    assert texts(application)[-3:] == [
        "（2019年至2021年未登记荣誉，如有请补充）",
        "东鲁派出所",
        "2026年3月5日",
    ]
    assert in_style(application, layout.STYLE_HEADING_2) == []

    table_doc = render(
        template_dir / "荣誉一览表.docx", context_of(services, unit.id, "荣誉一览表"), tmp_path / "c.docx"
    )
    assert table_doc.tables == []  # one sentence instead of an empty table
    assert texts(table_doc)[1] == "（2019年至2021年未登记荣誉，如有请补充）"


def test_an_undated_honour_is_left_out(services: Services, template_dir: Path, tmp_path: Path) -> None:
    unit_id = make_school(services)
    services.honours.create(unit_id, {"title": "区书香校园", "awarded_by": "区教育局"})
    for name in ("情况汇报", "荣誉一览表"):
        context = context_of(services, unit_id, name)
        assert "区书香校园" not in full_text(
            render(template_dir / f"{name}.docx", context, tmp_path / "a.docx")
        )


# ---------------------------------------------------------------- blank template and the shipped files


def test_blank_template_has_the_layout_and_the_common_fields(services: Services, tmp_path: Path) -> None:
    path = layout.blank_template(tmp_path / "空白模板.docx")
    source = visible_text(xml_parts(path)["word/document.xml"])
    for tag in ("{{ 单位.名称 }}", "{{ 期间 }}", "{%p for 项 in 荣誉 %}", "{{ 成文日期 }}"):
        assert tag in source
    assert inspect_template(path).usable
    document = render(path, context_of(services, make_school(services)), tmp_path / "out.docx")
    assert document.paragraphs[0].text == f"{SCHOOL}情况汇报"
    assert "1.全国书法艺术教育实验学校（2019年5月）" in texts(document)
    assert mm(document.sections[0].top_margin) == pytest.approx(37, abs=MM_TOLERANCE)


@pytest.mark.parametrize("name", [t.name for t in BUILTIN_TEMPLATES])
def test_shipped_templates_are_built_from_builtin_py(tmp_path: Path, name: str) -> None:
    shipped = REPO / "resources" / "templates" / f"{name}.docx"
    assert shipped.exists(), "run scripts/build_templates.py"
    fresh = builtin_template(name).write(tmp_path / f"{name}.docx")
    for part in ("word/document.xml", "word/styles.xml", "word/footer1.xml", "word/footer2.xml"):
        with zipfile.ZipFile(shipped) as old, zipfile.ZipFile(fresh) as new:
            assert old.read(part) == new.read(part), (
                f"{name}: {part} is out of date; run scripts/build_templates.py"
            )


def test_the_signature_never_stands_alone_on_a_page(rendered: Renderer) -> None:
    """The last paragraph before the signature, and the table's last row, keep with what follows."""
    report = rendered("情况汇报").paragraphs
    kept = [
        p.text for p in report if paragraph_format_value(p, "keep_with_next") and p.style.name == "Normal"
    ]
    assert kept == [PLACEHOLDER.format("下一步打算"), ""]  # the last material paragraph and the blank line
    rows = rendered("荣誉一览表").tables[-1].rows
    assert [bool(r.cells[0].paragraphs[0].paragraph_format.keep_with_next) for r in rows[1:]] == [True]
