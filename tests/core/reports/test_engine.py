"""The engine: every part rendered exactly once, unknown fields shown, data kept as data, errors in Chinese;
and merged documents with a section per unit, or numbered through with a 目录."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from core.reports.engine import CompiledTemplate, TemplateRunError
from core.reports.inspect import inspect_template
from core.reports.merge import MergedWriter, MergeOptions
from core.reports.package import TemplatePackage
from tests.core.reports.hostile import (
    DATA_FIELD,
    MADE_FIELDS,
    NESTED_NAME_FIELD,
    docx_with,
    with_body,
    with_footnote,
)

HEADER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"


def context(name: str, **extra: Any) -> dict[str, Any]:
    return {
        "单位": {"名称": name, "简称": ""},
        "荣誉": [{"称号": "省卫生先进单位"}],
        "期间": "2024年",
        **extra,
    }


def member(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name).decode("utf-8")


def every_part_template(tmp_path: Path) -> Path:
    """{{ 单位.名称 }} in the body, a footnote, the header, the title; two sections."""
    path = docx_with(
        tmp_path / "各部分.docx", "正文：{{ 单位.名称 }}", title="标题：{{ 单位.名称 }}", sections=2
    )
    document = Document(str(path))
    document.sections[0].header.paragraphs[0].text = "页眉：{{ 单位.名称 }}"
    document.save(str(path))
    return with_footnote(path, "脚注：{{ 单位.名称 }}")


def render_to(template: CompiledTemplate, target: Path, values: dict[str, Any]) -> Path:
    template.write(template.render(values, values["单位"]["名称"]), target)
    return target


def test_every_part_is_rendered_once_and_data_stays_data(tmp_path: Path) -> None:
    template = CompiledTemplate(TemplatePackage.open(every_part_template(tmp_path)))
    name = "模板注入{{ 7*7 }}{%p if 1 %}小学"
    out = render_to(template, tmp_path / "out.docx", context(name))
    escaped = name.replace("<", "&lt;")
    assert member(out, "word/document.xml").count(f"正文：{escaped}") == 1
    assert member(out, "word/footnotes.xml").count(f"脚注：{escaped}") == 1
    header = next(n for n in zipfile.ZipFile(out).namelist() if re.match(r"word/header\d*\.xml", n))
    assert member(out, header).count(f"页眉：{escaped}") == 1
    assert Document(str(out)).core_properties.title == f"标题：{name}"
    assert "49" not in member(out, "word/footnotes.xml")


def test_unknown_fields_show_a_placeholder_and_line_breaks_stay_line_breaks(tmp_path: Path) -> None:
    path = docx_with(tmp_path / "t.docx", "校长：{{ 单位.校长 }}", "{{ 材料 }}", "{{ 单位.名称 }}")
    template = CompiledTemplate(TemplatePackage.open(path))
    out = render_to(template, tmp_path / "o.docx", context("甲&乙<丙>\x07丁", 材料="第一段\n第二段"))
    paragraphs = [p.text for p in Document(str(out)).paragraphs]
    assert paragraphs == ["校长：（此处请补充：单位.校长）", "第一段\n第二段", "甲&乙<丙>丁"]
    assert "<w:br/>" in member(out, "word/document.xml")


def test_a_run_time_error_names_the_template_the_unit_the_place_and_the_expression(tmp_path: Path) -> None:
    path = docx_with(tmp_path / "除法.docx", "{{ 单位.名称 }}", "合计：{{ 荣誉|length / 0 }}")
    template = CompiledTemplate(TemplatePackage.open(path))
    with pytest.raises(TemplateRunError) as caught:
        template.render(context("东鲁派出所"), "东鲁派出所")
    assert caught.value.message == (
        "模板“除法”为“东鲁派出所”生成时出错：除数为零（位置：正文第 2 段“合计：{{ 荣誉|length / 0 }}”，"
        "表达式“{{ 荣誉|length / 0 }}”）。未写入文件。"
    )


def test_tables_rows_from_loops_and_a_table_cell_error_is_placed(tmp_path: Path) -> None:
    document = Document()
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text = "{%tr for 项 in 荣誉 %}"
    table.cell(1, 0).text = "{{ loop.index }}"
    table.cell(1, 1).text = "{{ 项.称号 }}{{ 项.称号|序号 }}"
    table.cell(2, 0).text = "{%tr endfor %}"
    document.save(tmp_path / "表.docx")
    template = CompiledTemplate(TemplatePackage.open(tmp_path / "表.docx"))
    with pytest.raises(TemplateRunError, match="第 1 个表格第 2 行第 2 列"):
        template.render(context("甲"), "甲")


def test_active_content_is_stripped_once_for_the_batch(tmp_path: Path) -> None:
    from tests.core.reports.hostile import ACTIVE_MARKERS, with_active_content

    path = with_active_content(docx_with(tmp_path / "外来.docx", "{{ 单位.名称 }}"))
    template = CompiledTemplate(TemplatePackage.open(path))
    assert len(template.stripped) == 7
    out = render_to(template, tmp_path / "o.docx", context("甲"))
    with zipfile.ZipFile(out) as archive:
        text = "".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    assert not [marker for marker in ACTIVE_MARKERS if marker in text]
    assert "DDE结果" in text and "共享盘链接" in text  # what the fields and links showed stays as text


def merge(tmp_path: Path, template: CompiledTemplate, names: list[str], options: MergeOptions) -> Path:
    target = tmp_path / "合并.docx"
    writer = MergedWriter(template, target, len(names), options)
    for name in names:
        writer.add(template.render(context(name), name))
    writer.close()
    return target


def test_a_merged_document_gives_each_unit_a_section_on_an_odd_page_numbered_from_one(tmp_path: Path) -> None:
    template = CompiledTemplate(TemplatePackage.open(every_part_template(tmp_path)))
    out = merge(tmp_path, template, ["甲小学", "乙小学", "丙小学"], MergeOptions())
    document = Document(str(out))
    texts = [p.text for p in document.paragraphs if p.text.startswith("正文")]
    assert texts == ["正文：甲小学", "正文：乙小学", "正文：丙小学"]
    body = member(out, "word/document.xml")
    sections = re.findall(r"<w:sectPr.*?</w:sectPr>", body)
    assert len(sections) == 6  # the template's two sections for each unit
    firsts = sections[::2]
    assert all('w:start="1"' in s for s in firsts) and all("w:start" not in s for s in sections[1::2])
    assert all('w:val="oddPage"' in s for s in firsts[1:])
    notes = member(out, "word/footnotes.xml")
    assert [notes.index(f"脚注：{n}") for n in ("甲小学", "乙小学", "丙小学")] == sorted(
        notes.index(f"脚注：{n}") for n in ("甲小学", "乙小学", "丙小学")
    )
    ids = re.findall(r'<w:footnoteReference w:id="(\d+)"', body)
    assert len(set(ids)) == 3  # each unit's note reference points at its own note
    headers = [n for n in zipfile.ZipFile(out).namelist() if re.match(r"word/header.*\.xml$", n)]
    assert len(headers) == 3  # each unit's header names the unit: one part each, no more
    assert 'w:type="page"' not in body


def test_a_merged_document_shares_headers_and_footers_that_units_render_alike(tmp_path: Path) -> None:
    path = docx_with(tmp_path / "t.docx", "{{ 单位.名称 }}")
    document = Document(str(path))
    document.sections[0].footer.paragraphs[0].text = "第 页"
    document.save(str(path))
    out = merge(tmp_path, CompiledTemplate(TemplatePackage.open(path)), ["甲", "乙", "丙"], MergeOptions())
    names = zipfile.ZipFile(out).namelist()
    assert len([n for n in names if re.match(r"word/footer.*\.xml$", n)]) == 1
    assert len(re.findall(r"<w:footerReference", member(out, "word/document.xml"))) == 3


def test_a_bound_collection_is_numbered_through_with_a_contents_page(tmp_path: Path) -> None:
    template = CompiledTemplate(
        TemplatePackage.open(docx_with(tmp_path / "t.docx", "{{ 单位.名称 }}情况汇报"))
    )
    names = ["甲小学", "乙小学"]
    out = merge(tmp_path, template, names, MergeOptions(continuous=True, contents=tuple(names)))
    paragraphs = [p.text for p in Document(str(out)).paragraphs]
    assert paragraphs[:3] == ["目  录", "1. 甲小学\t", "2. 乙小学\t"]
    assert paragraphs.index("甲小学情况汇报") < paragraphs.index("乙小学情况汇报")
    body = member(out, "word/document.xml")
    sections = re.findall(r"<w:sectPr.*?</w:sectPr>", body)
    assert len(sections) == 3 and 'w:fmt="upperRoman"' in sections[0]
    assert 'w:start="1"' in sections[1] and "w:start" not in sections[2]  # numbered through from the first
    assert body.count("PAGEREF _HD_unit_") == 2 and body.count('w:name="_HD_unit_') == 2
    assert "updateFields" in member(out, "word/settings.xml")


def test_a_document_that_ends_with_a_table_keeps_it_inside_the_units_section(tmp_path: Path) -> None:
    document = Document()
    document.add_paragraph("{{ 单位.名称 }}")
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "表格"
    body = document.element.body
    body.remove(body[-2])  # the empty paragraph python-docx keeps after the table
    body.insert(len(body) - 1, table._tbl)
    document.save(tmp_path / "t.docx")
    out = merge(
        tmp_path, CompiledTemplate(TemplatePackage.open(tmp_path / "t.docx")), ["甲", "乙"], MergeOptions()
    )
    xml = member(out, "word/document.xml")
    assert re.search(r"</w:tbl><w:p><w:pPr><w:sectPr", xml)  # the section break follows the table
    assert len(Document(str(out)).tables) == 2


def test_headers_that_vary_get_their_content_types(tmp_path: Path) -> None:
    template = CompiledTemplate(TemplatePackage.open(every_part_template(tmp_path)))
    out = merge(tmp_path, template, ["甲", "乙"], MergeOptions())
    types = member(out, "[Content_Types].xml")
    rels = member(out, "word/_rels/document.xml.rels")
    for name in zipfile.ZipFile(out).namelist():
        if re.match(r"word/header.*\.xml$", name):
            assert f'PartName="/{name}"' in types and name.removeprefix("word/") in rels
    assert HEADER in rels


def test_a_few_hundred_units_merge_in_order_within_bounded_memory(tmp_path: Path) -> None:
    """Streamed: each unit rendered, appended and released. Holding every rendered unit (about 5 MB each, as
    before) would need some 1.5 GB for these 300; the child here has 400 MB of address space in all."""
    from tests.core.reports.bounded import Job, run_bounded

    names = [f"测试单位{number:04d}" for number in range(1, 301)]
    target = tmp_path / "汇编.docx"
    data = ["--data-dir", str(tmp_path / "data")]
    command = [
        *data,
        "generate",
        "--template",
        "情况汇报",
        "--all",
        "--from",
        "2000",
        "--merge",
        "-o",
        str(target),
    ]
    [run] = run_bounded(Job(data_dir=str(tmp_path / "data"), units=names, commands=[command]), memory_mb=400)
    assert run.code == 0, run.err
    titles = [p.text for p in Document(str(target)).paragraphs if p.text.endswith("情况汇报")]
    assert titles == [f"{name}情况汇报" for name in names]
    sections = re.findall(r"<w:sectPr.*?</w:sectPr>", member(target, "word/document.xml"))
    assert len(sections) == 300 and all('w:start="1"' in s for s in sections)
    assert sum('w:val="oddPage"' in s for s in sections) == 299


def test_a_holder_a_summary_lists_under_several_groupings_is_wrapped_once() -> None:
    """A summary over thousands of units lists each holder under 按称号, 文明创建, 表彰…: wrapping the fields for
    the template must not copy it once per grouping (bench/batch_memory.py measures the memory)."""
    from core.reports.engine import wrap_context

    holder = {"单位": "东湖区第一小学", "年份": 2023}
    title = {"称号": "区级文明单位", "单位": [holder]}
    fields = wrap_context({"荣誉按称号": [title], "文明创建称号": [title], "表彰按称号": [title]})
    assert fields["荣誉按称号"][0] is fields["文明创建称号"][0] is fields["表彰按称号"][0]
    [wrapped] = fields["荣誉按称号"][0]["单位"]
    assert wrapped == holder and wrapped._field_path == "项"


@pytest.mark.parametrize("name", [*MADE_FIELDS, "data_field"])
def test_a_field_made_active_by_rendering_stops_the_report(tmp_path: Path, name: str) -> None:
    """The second wall behind the inspection (which refuses tags in a field's code): the rendered parts are
    looked at for DDEAUTO / INCLUDEPICTURE fields the stripped template did not have, at once and streamed."""
    fragment = DATA_FIELD if name == "data_field" else MADE_FIELDS[name]
    path = with_body(docx_with(tmp_path / f"{name}.docx", "{{ 单位.名称 }}"), fragment)
    template = CompiledTemplate(TemplatePackage.open(path))
    values = context("DDEAUTO c:\\windows\\system32\\cmd.exe" if name == "data_field" else "荷花庄小学")
    unit = values["单位"]["名称"]
    for render in (
        lambda: template.render(values, unit),
        lambda: template.write_streamed(values, unit, tmp_path / "out.docx"),
    ):
        with pytest.raises(TemplateRunError) as caught:
            render()
        assert f"为“{unit}”生成的正文含有域代码“" in str(caught.value), caught.value
        assert "未写入文件" in str(caught.value)
    assert not (tmp_path / "out.docx").exists()


def test_data_holding_docxtpls_escapes_or_control_characters_comes_out_as_it_is(tmp_path: Path) -> None:
    """docxtpl's “{_{” (a literal “{{” in a template's text) was undone in the data as well, and a value
    passed through |e kept the control characters that every other value loses."""
    path = with_footnote(
        docx_with(tmp_path / "转义.docx", "{_{ 原样 }_}：{{ 单位.名称 }}", "转义：{{ 单位.名称|e }}"),
        "脚注：{{ 单位.名称 }}",
    )
    template = CompiledTemplate(TemplatePackage.open(path))
    name = "注入{_{ 8*8 }_}{_% if 1 %_}学校"
    values = context(name.replace("学校", "\x07\x01学校"))
    at_once = render_to(template, tmp_path / "一次.docx", values)
    template.write_streamed(values, name, tmp_path / "流式.docx")
    for out in (at_once, tmp_path / "流式.docx"):
        assert [p.text for p in Document(str(out)).paragraphs] == [f"{{{{ 原样 }}}}：{name}", f"转义：{name}"]
        assert f"脚注：{name}" in member(out, "word/footnotes.xml")


def test_a_field_whose_name_a_nested_field_spells_is_flagged_and_stripped(tmp_path: Path) -> None:
    """{ {QUOTE 68 68 69 65 85 84 79} cmd.exe }: no instruction begins with DDEAUTO, yet Word reads one."""
    path = with_body(docx_with(tmp_path / "嵌套.docx", "{{ 单位.名称 }}"), NESTED_NAME_FIELD)
    found = [p.message for p in inspect_template(path).active_content]
    assert found == ["含有域代码“{嵌套的域} c:\\\\windows\\\\system32\\\\cmd.exe”，生成的汇报中将去掉"]
    out = render_to(CompiledTemplate(TemplatePackage.open(path)), tmp_path / "o.docx", context("荷花庄小学"))
    assert "cmd.exe" not in member(out, "word/document.xml")
