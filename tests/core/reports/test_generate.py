"""Generating reports from a template: files, merged documents, records, refusals."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from docx import Document

from core.errors import UserError
from core.reports.context import Period
from core.reports.generate import GenerateRequest, generate_reports, report_file_name
from core.reports.inspect import TemplateRefused
from core.reports.library import TemplateLibrary
from core.services import Services
from tests.core.reports.hostile import HOSTILE, docx_with

WRITTEN_ON = dt.date(2026, 3, 5)


def text_of(path: Path) -> str:
    document = Document(str(path))
    return "\n".join(p.text for p in document.paragraphs)


@pytest.fixture
def simple_template(services: Services, tmp_path: Path) -> str:
    path = docx_with(
        tmp_path / "简单汇报.docx",
        "{{ 单位.名称 }}情况汇报",
        "{{ 期间 }}，{{ 荣誉概述 }}。",
        "{% for 项 in 荣誉 %}{{ loop.index|序号('（一）') }}{{ 项.称号 }}{% endfor %}",
        "{{ 材料.主要做法 }}",
        "{{ 成文日期 }}",
    )
    template, report = TemplateLibrary(services.db).add(path)
    assert report.usable and template.name == "简单汇报"
    return template.name


@pytest.fixture
def units(services: Services) -> list[int]:
    first = services.units.create({"name": "宁波市荷花庄小学"})
    second = services.units.create({"name": "东鲁派出所"})
    services.honours.create(
        first.id, {"title": "省卫生先进单位", "awarded_by": "省爱卫会", "awarded": "2025"}
    )
    services.honours.create(
        first.id, {"title": "全国写字教育先进集体", "level": "国家级", "awarded": "2026-01"}
    )
    services.honours.create(second.id, {"title": "人民满意派出所", "awarded": "2024"})
    services.materials.create(first.id, {"year": 2025, "topic": "主要做法", "text": "坚持立德树人。"})
    return [first.id, second.id]


def request(template: str, unit_ids: list[int], output: Path, merge: bool = False) -> GenerateRequest:
    return GenerateRequest(template, unit_ids, Period(2024, 2026), WRITTEN_ON, output, merge)


def test_one_file_per_unit(
    services: Services, simple_template: str, units: list[int], tmp_path: Path
) -> None:
    results = generate_reports(services.db, request(simple_template, units, tmp_path / "out"))
    assert [r.path.name for r in results] == [
        "宁波市荷花庄小学-简单汇报-2026.docx",
        "东鲁派出所-简单汇报-2026.docx",
    ]
    text = text_of(results[0].path)
    assert "宁波市荷花庄小学情况汇报" in text and "2024年至2026年" in text
    assert "（一）省卫生先进单位" in text and "（二）全国写字教育先进集体" in text
    assert "坚持立德树人。" in text and "2026年3月5日" in text
    assert "（此处请补充“主要做法”材料）" in text_of(results[1].path)  # missing material said plainly
    assert not list((tmp_path / "out").glob(".*part*"))


def test_merged_document_has_every_unit_with_a_page_break(
    services: Services, simple_template: str, units: list[int], tmp_path: Path
) -> None:
    target = tmp_path / "合并.docx"
    results = generate_reports(services.db, request(simple_template, units, target, merge=True))
    assert {r.path for r in results} == {target}
    text = text_of(target)
    assert text.index("宁波市荷花庄小学情况汇报") < text.index("东鲁派出所情况汇报")
    assert 'w:type="page"' in Document(str(target)).element.xml


def test_every_output_is_recorded(
    services: Services, simple_template: str, units: list[int], tmp_path: Path
) -> None:
    generate_reports(services.db, request(simple_template, units, tmp_path))
    [report] = services.reports.for_unit(units[0])
    assert report.template_name == "简单汇报" and report.parameters["from"] == 2024
    assert Path(report.output_path).name == report_file_name("宁波市荷花庄小学", "简单汇报", 2026)


def test_a_file_open_in_word_is_reported_not_overwritten(
    services: Services, simple_template: str, units: list[int], tmp_path: Path
) -> None:
    target = tmp_path / report_file_name("宁波市荷花庄小学", "简单汇报", 2026)
    target.write_bytes(b"the clerk's edited copy")
    (tmp_path / f"~${target.name[2:]}").write_bytes(b"lock")
    with pytest.raises(UserError, match="正在 Word 或 WPS 中打开"):
        generate_reports(services.db, request(simple_template, units[:1], tmp_path))
    assert target.read_bytes() == b"the clerk's edited copy"


def test_a_hostile_template_file_is_refused_and_nothing_is_written(
    services: Services, simple_template: str, units: list[int], tmp_path: Path
) -> None:
    library = TemplateLibrary(services.db)
    stored = library.path(library.get(simple_template))
    docx_with(
        stored, "{{ 单位.名称 }}", HOSTILE["class_escape"]
    )  # the file changed on disk after it was added
    with pytest.raises(TemplateRefused, match="简单汇报"):
        generate_reports(services.db, request(simple_template, units, tmp_path / "out"))
    assert not (tmp_path / "out").exists()
    assert services.reports.for_unit(units[0]) == []


def test_library_refuses_hostile_templates_and_protects_builtins(services: Services, tmp_path: Path) -> None:
    library = TemplateLibrary(services.db)
    with pytest.raises(TemplateRefused):
        library.add(docx_with(tmp_path / "坏模板.docx", HOSTILE["include"]))
    assert "坏模板" not in [t.name for t in library.list()]
    with pytest.raises(UserError, match="内置模板"):
        library.delete("情况汇报")
    with pytest.raises(UserError, match=r"\.docx"):
        library.add(docx_with(tmp_path / "x.docx", "a").rename(tmp_path / "x.doc"))


def test_added_template_can_be_replaced_and_deleted(services: Services, tmp_path: Path) -> None:
    library = TemplateLibrary(services.db)
    library.add(docx_with(tmp_path / "甲.docx", "{{ 单位.名称 }}"))
    with pytest.raises(UserError, match="已有名为“甲”"):
        library.add(docx_with(tmp_path / "甲.docx", "{{ 期间 }}"))
    _, report = library.add(docx_with(tmp_path / "甲.docx", "{{ 期间 }}"), replace=True)
    assert report.fields_used == ["期间"]
    library.delete("甲")
    assert "甲" not in [t.name for t in library.list()]


def test_unknown_template_names_the_available_ones(
    services: Services, units: list[int], tmp_path: Path
) -> None:
    with pytest.raises(UserError, match=r"没有名为“不存在”的模板.*情况汇报"):
        generate_reports(services.db, request("不存在", units, tmp_path))
