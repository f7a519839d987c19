"""A summary's body streamed (body_stream.py) is the same document as one rendered at once: same package
members, same document.xml byte for byte, for the demo data and for a few hundred generated units."""

from __future__ import annotations

import datetime as dt
import importlib.util
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from core.demo import load_demo
from core.paths import DataDir
from core.reports import body_stream
from core.reports.batch import BatchSession
from core.reports.builtin import SUMMARY_TEMPLATES
from core.reports.context import Period
from core.reports.engine import wrap_context
from core.reports.library import TemplateLibrary
from core.reports.summary_generate import SummaryOptions, summary_fields
from core.services import Services

REPO = Path(__file__).resolve().parents[3]
WRITTEN = dt.date(2026, 1, 8)
PERIOD = Period(2021, 2025)
SUMMARIES = [template.name for template in SUMMARY_TEMPLATES]


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _both_ways(
    services: Services, template: str, tmp_path: Path, options: SummaryOptions, period: Period = PERIOD
) -> tuple[Path, Path]:
    """The summary as it was written (every field, the body at once) and as it is now (the fields the
    template names, the body streamed)."""
    library = TemplateLibrary(services.db)
    source = library.path(library.get(template))
    ids = services.units.listing()
    session = BatchSession()
    session.open(str(source), template, check=False)
    whole, streamed = tmp_path / f"{template}-whole.docx", tmp_path / f"{template}-streamed.docx"
    every_field = summary_fields(services.db, ids, period, WRITTEN, options, today=WRITTEN)
    session.render_file(every_field, "全区", str(whole))
    del every_field
    named = summary_fields(services.db, ids, period, WRITTEN, options, today=WRITTEN, wanted=session.names())
    session.render_streamed(named, "全区", str(streamed))
    return whole, streamed


def _assert_same(whole: Path, streamed: Path) -> None:
    before, after = _members(whole), _members(streamed)
    assert list(before) == list(after)
    for name in before:
        if name != "docProps/core.xml":  # created and modified: the time of writing
            assert before[name] == after[name], name


@pytest.mark.parametrize("template", SUMMARIES)
def test_demo_summary_streamed_is_the_same_document(
    services: Services, tmp_path: Path, template: str
) -> None:
    load_demo(services)
    options = SummaryOptions(
        office="东湖区精神文明建设委员会", document_no="东文明委〔2025〕3号", letterhead=True
    )
    whole, streamed = _both_ways(
        services, template, tmp_path, options, Period(2008, 2018)
    )  # the demo's years
    _assert_same(whole, streamed)
    document = Document(str(streamed))
    text = "\n".join(p.text for p in document.paragraphs)
    assert ("东湖区精神文明建设委员会" in text) != (template == "获奖单位名单")  # its 落款 is the document's
    assert template == "全区文明创建工作情况汇报" or sum(len(t.rows) for t in document.tables) > 5


def _city(tmp_path: Path, units: int) -> Services:
    spec = importlib.util.spec_from_file_location("bigdb", REPO / "bench" / "bigdb.py")
    assert spec is not None and spec.loader is not None
    bigdb = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bigdb)
    data_dir: DataDir = bigdb.build(tmp_path / "city", units=units, honours=units * 10, materials=units)
    from core.db import open_database

    return Services.over(open_database(data_dir))


@pytest.mark.parametrize("template", SUMMARIES)
def test_city_summary_streamed_is_the_same_document(tmp_path: Path, template: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(body_stream, "PIECE", 1000)  # many pieces, each ending after a paragraph
    services = _city(tmp_path, 300)
    try:
        whole, streamed = _both_ways(services, template, tmp_path, SummaryOptions())
        _assert_same(whole, streamed)
        tables = Document(str(streamed)).tables
        rows = sum(len(table.rows) for table in tables)
        assert template == "全区文明创建工作情况汇报" or rows > 300  # the name lists: a row per holder
    finally:
        services.db.dispose()


def test_streamed_name_list_has_every_holder_once(tmp_path: Path) -> None:
    """获奖单位名单 over 300 generated units: a table per title of the fields, in their order, each with the
    title's count of rows and its holders in the fields' order (序号 1..n)."""
    services = _city(tmp_path, 300)
    try:
        fields = summary_fields(services.db, services.units.listing(), PERIOD, WRITTEN, SummaryOptions())
        _whole, streamed = _both_ways(services, "获奖单位名单", tmp_path, SummaryOptions())
        tables = Document(str(streamed)).tables
        titles = fields["荣誉按称号"]
        assert len(tables) == len(titles) > 3
        for table, title in zip(tables, titles, strict=True):
            rows = [[cell.text for cell in row.cells] for row in table.rows[1:]]
            assert len(rows) == title["数量"]
            assert [row[1] for row in rows] == [
                holder["名称"] for group in title["按类别"] for holder in group["单位"]
            ]
            assert [row[0] for row in rows] == [str(n) for n in range(1, len(rows) + 1)]
    finally:
        services.db.dispose()


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _paths(value: Any, at: str = "") -> Iterator[tuple[str, str]]:
    """(where, the name a missing field there is shown with) for every dict of the fields."""
    if isinstance(value, dict):
        yield at, getattr(value, "_field_path", "")
        for key, item in value.items():
            yield from _paths(item, f"{at}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, f"{at}[{index}]")


def test_summary_fields_are_not_copied_for_the_template(services: Services) -> None:
    """The summary's fields come named as the template's fields are (a missing 项.校长 shows as such), so
    the engine wraps nothing twice; named exactly as wrapping plain dicts names them."""
    load_demo(services)
    options = SummaryOptions(document_no="东文明委〔2025〕3号")
    fields = summary_fields(services.db, services.units.listing(), Period(2008, 2018), WRITTEN, options)
    wrapped = wrap_context(fields)
    assert all(wrapped[key] is value for key, value in fields.items())  # not copied
    assert fields["荣誉按称号"] and fields["荣誉按级别"] and fields["荣誉按年度"] and fields["单位"]
    expected = list(_paths(wrap_context(_plain(fields))))
    assert list(_paths(wrapped)) == expected
    assert {name for _, name in expected} >= {"项", "级", "年", "表述"}


def test_an_added_summary_template_renders_streamed_in_the_worker(services: Services, tmp_path: Path) -> None:
    """A summary template from outside: rendered by the worker with only the fields it names, streamed; a
    field the records lack is still shown by its name."""
    from core.reports.generate import GenerateRequest, generate_reports
    from tests.core.reports.hostile import docx_with

    load_demo(services)
    source = docx_with(
        tmp_path / "外来汇总.docx",
        "{{ 范围 }}：{{ 单位数量 }}个单位",
        "{%p for 级 in 荣誉按级别 %}",
        "{{ 级.级别 }}{{ 级.单位数量 }}家{{ 级.校长 }}",
        "{%p endfor %}",
    )
    TemplateLibrary(services.db).add(source)
    ids = services.units.listing()
    request = GenerateRequest("外来汇总", ids, Period(2008, 2018), WRITTEN, tmp_path / "out")
    [result] = generate_reports(services.db, request)
    fields = summary_fields(services.db, ids, Period(2008, 2018), WRITTEN, SummaryOptions())
    expected = [f"全区：{len(ids)}个单位"] + [
        f"{level['级别']}{level['单位数量']}家（此处请补充：级.校长）" for level in fields["荣誉按级别"]
    ]
    assert len(expected) > 2
    assert [p.text for p in Document(str(result.path)).paragraphs if p.text] == expected
