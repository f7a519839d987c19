"""Templates from elsewhere can neither run code nor freeze or exhaust the program."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.reports.inspect import TemplateRefused, check_usable, inspect_template
from core.reports.sandbox import ReportEnvironment, TemplateLimitError
from tests.core.reports.hostile import HOSTILE, docx_with


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_templates_are_refused_by_inspection(tmp_path: Path, name: str) -> None:
    path = docx_with(tmp_path / f"{name}.docx", "开头 {{ 单位.名称 }}", HOSTILE[name], "结尾")
    with pytest.raises(TemplateRefused) as caught:
        check_usable(path, f"外来模板-{name}")
    message = caught.value.message
    assert f"外来模板-{name}" in message and "不能使用" in message


def test_refusal_names_the_offending_expression(tmp_path: Path) -> None:
    path = docx_with(tmp_path / "t.docx", "单位：{{ 单位.名称 }}", "{{ ''.__class__ }}")
    report = inspect_template(path)
    assert not report.usable
    assert any("__class__" in str(p) for p in report.unsafe)


def test_syntax_errors_name_the_paragraph(tmp_path: Path) -> None:
    path = docx_with(
        tmp_path / "t.docx", "第一段正常 {{ 单位.名称 }}", "第二段有错 {% if 荣誉数量 %}没有结束"
    )
    report = inspect_template(path)
    assert report.syntax_errors and "语法错误" in report.syntax_errors[0].message
    assert "第二段有错" in report.syntax_errors[0].where or report.syntax_errors[0].where == ""


def test_fields_used_and_unknown_fields(tmp_path: Path) -> None:
    path = docx_with(
        tmp_path / "t.docx",
        "{{ 单位.名称 }}{{ 单位.负责人 }}{{ 期间 }}{{ 成文日期 }}",
        "{% for 项 in 荣誉 %}{{ 项.称号 }}{% endfor %}",
        "{{ 单位.校长爱好 }}{{ 不存在的字段 }}",
        "{{ 43|中文数字 }}{{ 1|序号('（一）') }}",
    )
    report = inspect_template(path)
    assert report.usable
    assert {"单位.名称", "单位.负责人", "期间", "成文日期", "荣誉"} <= set(report.fields_used)
    assert set(report.unknown_fields) == {"单位.校长爱好", "不存在的字段"}


@pytest.mark.parametrize(
    ("source", "words"),
    [
        ("{{ 'x' * n }}", "重复"),
        ("{% for i in range(n) %}{% endfor %}", "range"),
        ("{{ 2 ** n }}", "乘方"),
    ],
)
def test_runtime_limits_stop_what_inspection_cannot_see(source: str, words: str) -> None:
    with pytest.raises(TemplateLimitError, match=words):
        ReportEnvironment().from_string(source).render(n=10**8)


def test_output_is_escaped_for_xml() -> None:
    rendered = ReportEnvironment().from_string("{{ 名称 }}").render(名称="甲&乙<丙>")
    assert rendered == "甲&amp;乙&lt;丙&gt;"


def test_filters() -> None:
    rendered = ReportEnvironment().from_string(
        "{{ 43|中文数字 }} {{ 2|序号 }} {{ 2|序号('（一）') }} {{ d|中文日期 }}"
    )
    import datetime as dt

    assert rendered.render(d=dt.date(2026, 3, 5)) == "四十三 二、 （二） 2026年3月5日"


CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus" / "docxtpl"


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus/docxtpl is not beside the project")
@pytest.mark.parametrize(
    "path", sorted(CORPUS.glob("*.docx")) if CORPUS.is_dir() else [], ids=lambda p: p.name
)
def test_every_corpus_template_is_inspected_without_a_crash(path: Path) -> None:
    report = inspect_template(path)
    assert isinstance(report.fields_used, list)
    if not report.usable:
        assert report.refusal().startswith(f"模板“{path.stem}”不能使用")
