"""Generating reports from a template: files, merged documents, records, refusals, files held open."""

from __future__ import annotations

import datetime as dt
import os
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document

from core.errors import UserError
from core.progress import Cancelled
from core.reports import output
from core.reports.context import Period, ReportOptions
from core.reports.generate import GenerateRequest, generate_reports, report_file_name, retry_request
from core.reports.inspect import TemplateRefused
from core.reports.library import TemplateLibrary
from core.services import Services
from tests.core.reports.hostile import HOSTILE, docx_with

WRITTEN_ON = dt.date(2026, 3, 5)


def text_of(path: Path) -> str:
    document = Document(str(path))
    return "\n".join(p.text for p in document.paragraphs)


def body_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("word/document.xml").decode("utf-8")


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


def request(
    template: str, unit_ids: list[int], target: Path, merge: bool = False, **options
) -> GenerateRequest:  # type: ignore[no-untyped-def]
    return GenerateRequest(template, unit_ids, Period(2024, 2026), WRITTEN_ON, target, merge, **options)


@pytest.fixture
def word_holds(monkeypatch: pytest.MonkeyPatch) -> set[Path]:
    """Files a fake Word holds open: opening them for update fails as a sharing violation does."""
    held: set[Path] = set()
    real = output._open_for_update

    def fake(path: Path) -> object:
        if Path(path) in held:
            raise PermissionError(13, "The process cannot access the file", str(path))
        return real(path)

    monkeypatch.setattr(output, "_open_for_update", fake)
    return held


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
    assert results.failures == []


def test_one_unit_with_a_docx_path_writes_that_file(
    services: Services, simple_template: str, units: list[int], tmp_path: Path
) -> None:
    target = tmp_path / "报告.docx"
    [result] = generate_reports(services.db, request(simple_template, units[:1], target))
    assert result.path == target and target.is_file() and "宁波市荷花庄小学情况汇报" in text_of(target)
    folder = tmp_path / "汇报文件夹"  # no .docx: a folder
    [result] = generate_reports(services.db, request(simple_template, units[:1], folder))
    assert result.path.parent == folder and folder.is_dir()


def test_merged_document_gives_each_unit_its_own_section_on_an_odd_page(
    services: Services, simple_template: str, units: list[int], tmp_path: Path
) -> None:
    target = tmp_path / "合并.docx"
    results = generate_reports(services.db, request(simple_template, units, target, merge=True))
    assert {r.path for r in results} == {target}
    text = text_of(target)
    assert text.index("宁波市荷花庄小学情况汇报") < text.index("东鲁派出所情况汇报")
    xml = body_xml(target)
    sections = re.findall(r"<w:sectPr.*?</w:sectPr>", xml)
    assert len(sections) == 2  # one per unit
    assert 'w:val="oddPage"' in sections[1] and all('w:start="1"' in s for s in sections)
    assert 'w:type="page"' not in xml  # no page breaks carried by empty paragraphs
    assert not list(tmp_path.glob(".*part*"))


def test_a_merged_document_is_not_titled_and_signed_as_its_first_unit(
    services: Services, units: list[int], tmp_path: Path
) -> None:
    """Word's 文件信息, Explorer and a PDF viewer's title bar show the properties: a merged batch of many units
    must not present itself as the first unit's report."""
    target = tmp_path / "合并.docx"
    generate_reports(services.db, request("情况汇报", units, target, merge=True))
    properties = Document(str(target)).core_properties
    assert properties.title == "情况汇报（合并，2 个单位）"
    assert "宁波市荷花庄小学" not in properties.author + properties.last_modified_by

    shared = tmp_path / "署名.docx"  # an author the clerk gave is every unit's, and stays
    options = ReportOptions(author="江东区文明办")
    generate_reports(services.db, request("情况汇报", units, shared, merge=True, options=options))
    assert Document(str(shared)).core_properties.author == "江东区文明办"
    [alone] = generate_reports(
        services.db, request("情况汇报", units[:1], tmp_path / "一个.docx", merge=True)
    )
    assert Document(str(alone.path)).core_properties.title == "宁波市荷花庄小学情况汇报"


def test_a_disk_filling_up_during_a_merged_batch_is_said_in_chinese_and_leaves_no_file(
    services: Services, units: list[int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from core.reports import merge

    real = merge.MergedWriter.add

    def full(self, rendered) -> None:  # type: ignore[no-untyped-def]
        if self.added == 1:
            raise OSError(28, "No space left on device")
        real(self, rendered)

    monkeypatch.setattr(merge.MergedWriter, "add", full)
    target = tmp_path / "out" / "合并.docx"
    with pytest.raises(UserError) as refused:
        generate_reports(services.db, request("情况汇报", units, target, merge=True))
    assert "“合并.docx”" in refused.value.message and "空间不足" in refused.value.message
    assert list(target.parent.iterdir()) == []


def section_texts(path: Path) -> list[list[str]]:
    """The merged body's paragraphs and table rows, split where a section (a unit) ends."""
    body = Document(str(path)).element.body
    sections: list[list[str]] = [[]]
    for element in body.iterchildren():
        if element.tag.endswith("}tbl"):
            rows = element.iter("{*}tr")
            sections[-1] += ["|".join("".join(t.text or "" for t in row.iter("{*}t")) for row in rows)]
        elif element.tag.endswith("}p"):
            text = "".join(t.text or "" for t in element.iter("{*}t"))
            sections[-1] += [text] if text.strip() else []
            if element.find("{*}pPr/{*}sectPr") is not None:
                sections.append([])
    return [section for section in sections if section]


@pytest.mark.parametrize("template", ["情况汇报", "荣誉一览表"])
def test_each_unit_of_a_merged_document_says_exactly_what_its_own_report_says(
    services: Services, tmp_path: Path, template: str
) -> None:
    """Units of like names (第一小学, 第一小学分校) with the same titles in other years: no section borrows a
    neighbour's honours, holders or dates."""
    ids = []
    for index, name in enumerate(["东湖区第一小学", "东湖区第一小学分校", "第一小学", "东湖区实验小学"]):
        unit = services.units.create({"name": name, "category": "学校", "founded": str(1950 + index)})
        for title, year in (("区级文明单位", 2024 + index % 3), ("市级文明校园", 2026 - index % 2)):
            fields = {"title": title, "level": "县区级", "awarded_by": "东湖区文明委", "awarded": str(year)}
            services.honours.create(unit.id, {**fields, "document_no": f"东文明〔{year}〕{index}号"})
        services.honours.create(unit.id, {"title": "优秀教师", "recipient": f"王{index}", "awarded": "2025"})
        ids.append(unit.id)
    merged = generate_reports(services.db, request(template, ids, tmp_path / "合并.docx", merge=True))
    alone = [
        section_texts(generate_reports(services.db, request(template, [i], tmp_path / f"{i}.docx"))[0].path)
        for i in ids
    ]
    assert section_texts(merged[0].path) == [section for sections in alone for section in sections]


def test_every_output_is_recorded(
    services: Services, simple_template: str, units: list[int], tmp_path: Path
) -> None:
    generate_reports(services.db, request(simple_template, units, tmp_path))
    [report] = services.reports.for_unit(units[0])
    assert report.template_name == "简单汇报" and report.parameters["from"] == 2024
    assert Path(report.output_path).name == report_file_name("宁波市荷花庄小学", "简单汇报", 2026)


def test_a_file_open_in_word_fails_that_unit_and_the_batch_goes_on(
    services: Services, simple_template: str, units: list[int], tmp_path: Path, word_holds: set[Path]
) -> None:
    target = tmp_path / report_file_name("宁波市荷花庄小学", "简单汇报", 2026)
    target.write_bytes(b"the clerk's edited copy")
    (tmp_path / f"~${target.name[2:]}").write_bytes(b"owner")
    word_holds.add(target)
    results = generate_reports(services.db, request(simple_template, units, tmp_path))
    assert target.read_bytes() == b"the clerk's edited copy"
    [failure] = results.failures
    assert failure.unit_name == "宁波市荷花庄小学" and "正在 Word 或 WPS 中打开" in failure.message
    assert [r.unit_name for r in results] == ["东鲁派出所"] and results[0].path.is_file()
    assert services.reports.for_unit(units[0]) == [] and len(services.reports.for_unit(units[1])) == 1
    assert "1 个单位未能生成" in results.summary()


def test_a_leftover_owner_file_is_only_a_hint(
    services: Services, simple_template: str, units: list[int], tmp_path: Path
) -> None:
    target = tmp_path / report_file_name("宁波市荷花庄小学", "简单汇报", 2026)
    target.write_bytes(b"old")
    (tmp_path / f"~${target.name[2:]}").write_bytes(b"left behind by a Word crash")
    results = generate_reports(services.db, request(simple_template, units[:1], tmp_path))
    assert results.failures == [] and "宁波市荷花庄小学情况汇报" in text_of(target)


def test_long_unit_names_get_short_distinct_file_names_and_full_names_inside(
    services: Services, simple_template: str, tmp_path: Path
) -> None:
    base = "某某省某某市某某区某某街道某某社区居民委员会下属" * 4
    ids = [
        services.units.create({"name": base + suffix}).id for suffix in ("第一网格工作站", "第二网格工作站")
    ]
    results = generate_reports(services.db, request(simple_template, ids, tmp_path / "out"))
    assert results.failures == [] and len({r.path for r in results}) == 2
    for result in results:
        assert len(result.path.name.encode("utf-8")) <= 240 and "…" in result.path.name
        assert result.unit_name + "情况汇报" in text_of(result.path)


def test_units_whose_names_differ_only_in_characters_a_file_name_cannot_hold_get_a_file_each(
    services: Services, simple_template: str, tmp_path: Path
) -> None:
    names = [
        "城关镇中心小学/幼儿园",
        "城关镇中心小学:幼儿园",
        "城关镇中心小学_幼儿园",
        "东湖小学.",
        "东湖小学",
    ]
    ids = [services.units.create({"name": name}).id for name in names]
    results = generate_reports(services.db, request(simple_template, ids, tmp_path / "out"))
    assert results.failures == [] and len(list((tmp_path / "out").iterdir())) == len(names)
    for result in results:  # each file holds its own unit's report, none replaced by another's
        assert text_of(result.path).startswith(result.unit_name + "情况汇报")
    by_unit = {result.unit_name: result.path.name for result in results}
    assert (
        by_unit["城关镇中心小学_幼儿园"] == "城关镇中心小学_幼儿园-简单汇报-2026.docx"
    )  # its own name, as typed
    assert by_unit["东湖小学"] == "东湖小学-简单汇报-2026.docx"


def test_a_retry_writes_each_unit_to_the_file_the_first_run_named_and_no_other_units_file(
    services: Services, simple_template: str, tmp_path: Path, word_holds: set[Path]
) -> None:
    """城关镇中心小学/幼儿园 shares its plain file name with 城关镇中心小学_幼儿园, so the batch marks it. Its
    report open in Word, it is left out; 重试 (generating only it) named it alone, unmarked: it replaced
    城关镇中心小学_幼儿园's report with its own and left the open one stale."""
    names = ["城关镇中心小学_幼儿园", "城关镇中心小学/幼儿园"]
    ids = [services.units.create({"name": name}).id for name in names]
    first = request(simple_template, ids, tmp_path / "out")
    folder = tmp_path / "out"
    folder.mkdir()
    marked = output.report_file_names(names, "简单汇报", 2026, folder)[1]
    (folder / marked).write_bytes(b"open in Word")
    word_holds.add(folder / marked)
    results = generate_reports(services.db, first)
    assert [r.unit_name for r in results] == [names[0]] and [f.unit_name for f in results.failures] == [
        names[1]
    ]
    word_holds.clear()  # the clerk closes it in Word, then 重试
    [again] = generate_reports(services.db, retry_request(first, results.failures))
    assert again.path == folder / marked and text_of(again.path).startswith(names[1] + "情况汇报")
    assert text_of(results[0].path).startswith(names[0] + "情况汇报")  # the other unit's report is its own
    assert len(list(folder.glob("*.docx"))) == 2


def test_a_unit_the_template_fails_for_is_named_with_what_was_kept_and_what_was_not_generated(
    services: Services, tmp_path: Path
) -> None:
    path = docx_with(tmp_path / "人均.docx", "{{ 单位.名称 }}情况", "人均{{ 1000 // 单位.职工人数 }}")
    template, _ = TemplateLibrary(services.db).add(path)
    staff = [12, 30, 0, 25, 8]
    ids = [
        services.units.create({"name": f"东湖区第{n}小学", "staff_count": s}).id
        for n, s in zip("一二三四五", staff, strict=True)
    ]
    folder = tmp_path / "out"
    with pytest.raises(UserError) as failed:
        generate_reports(services.db, request(template.name, ids, folder))
    message = failed.value.message
    assert "为“东湖区第三小学”生成时出错：除数为零" in message
    assert "此前已生成的 2 份汇报保留" in message and "其余 3 个单位（从“东湖区第三小学”起）未生成" in message
    written = sorted(p.name for p in folder.iterdir())
    assert written == ["东湖区第一小学-人均-2026.docx", "东湖区第二小学-人均-2026.docx"]
    assert text_of(folder / written[1]).startswith("东湖区第二小学情况\n人均33")


def test_cancelling_a_merged_batch_leaves_no_file(
    services: Services, simple_template: str, units: list[int], tmp_path: Path
) -> None:
    target = tmp_path / "out" / "合并.docx"
    seen: list[str] = []

    def progress(done: int, total: int, label: str = "") -> None:
        seen.append(label)
        if done == 1:
            raise Cancelled()

    with pytest.raises(Cancelled):
        generate_reports(services.db, request(simple_template, units, target, merge=True), progress)
    assert not target.exists() and list(target.parent.iterdir()) == []
    assert seen[0] == "正在合并“宁波市荷花庄小学”（1/2）"


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


def test_file_names_fit_windows_paths_in_a_deep_folder(tmp_path: Path) -> None:
    folder = tmp_path / ("深" * (190 - len(str(tmp_path.absolute()))))  # 190 characters before the name
    unit = "宁波市荷花庄小学教育集团东部校区" * 3
    name = report_file_name(unit, "情况汇报", 2026, folder)
    assert name.endswith("-情况汇报-2026.docx") and "…" in name and name.startswith("宁波市荷花庄小学")
    # its temporary file, in a hidden folder beside it, fits too (not only the shorter dot-file)
    assert len(str(folder.absolute() / ".honourdesk-0a1b2c3d" / name)) <= 259
    assert (
        report_file_name(unit.replace("东部", "西部"), "情况汇报", 2026, folder) != name
    )  # never the same file


@pytest.fixture
def windows_read_only(monkeypatch: pytest.MonkeyPatch) -> set[Path]:
    """Files marked 只读 (read-only attribute) as Windows treats them: opening for update and replacing
    them are refused with "access denied", as for a file held open."""
    marked: set[Path] = set()
    real_open, real_replace = output._open_for_update, os.replace

    def open_for_update(path: Path) -> object:
        if Path(path) in marked:
            raise PermissionError(13, "拒绝访问。", str(path))
        return real_open(path)

    def replace(source: str | Path, target: str | Path) -> None:
        if Path(target) in marked:
            raise PermissionError(13, "拒绝访问。", str(target))
        real_replace(source, target)

    monkeypatch.setattr(output, "_open_for_update", open_for_update)
    monkeypatch.setattr(os, "replace", replace)
    return marked


def test_a_read_only_file_is_said_to_be_read_only_not_open_in_word(
    services: Services, simple_template: str, units: list[int], tmp_path: Path, windows_read_only: set[Path]
) -> None:
    target = tmp_path / report_file_name("宁波市荷花庄小学", "简单汇报", 2026)
    target.write_bytes(b"last spring's report, marked read-only")
    target.chmod(0o444)
    windows_read_only.add(target)
    results = generate_reports(services.db, request(simple_template, units, tmp_path))
    [failure] = results.failures
    assert "只读" in failure.message and "属性" in failure.message
    assert "打开" not in failure.message and "占用" not in failure.message
    assert target.read_bytes() == b"last spring's report, marked read-only"
    assert [r.unit_name for r in results] == ["东鲁派出所"]
    assert not list(tmp_path.glob(".*part*"))
