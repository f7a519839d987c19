"""The sandbox's own walls and the inspector, in this process (the bounded runs are in test_hostile.py):
size caps, no constant folding, the time budget, placeholders for unknown fields, and syntax problems all
found in one pass, in Chinese, at the paragraph or table cell where they start."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from docx import Document

from core.reports.inspect import TemplateRefused, check_usable, inspect_template
from core.reports.sandbox import FieldMap, ReportEnvironment, TemplateLimitError
from tests.core.reports.hostile import HOSTILE, docx_with, field_paragraph, rewrite, with_body
from tests.core.reports.test_hostile import assert_chinese


def test_refusal_names_the_template_the_expression_and_its_paragraph(tmp_path: Path) -> None:
    path = docx_with(tmp_path / "t.docx", "单位：{{ 单位.名称 }}", "第二段 {{ ''.__class__ }}")
    with pytest.raises(TemplateRefused) as caught:
        check_usable(path, "外来模板")
    assert caught.value.message == (
        "模板“外来模板”不能使用：\n  不允许访问内部属性“''.__class__”（位置：正文第 2 段“第二段 {{ ''.__class__ }}”）"
    )


def test_every_syntax_problem_is_found_in_one_pass_where_it_starts(tmp_path: Path) -> None:
    document = Document()
    document.add_paragraph("{{ 单位.名称 }}情况汇报")
    document.add_paragraph("{% for 项 in 荣誉 %}{{ 项.称号 }}")  # never closed
    document.add_paragraph("正文")
    document.add_paragraph("{% endif %}")  # closes nothing
    table = document.add_table(rows=2, cols=3)
    table.cell(1, 2).text = "{{ 项.称号 + }}"  # a broken expression in row 2, column 3
    table.cell(0, 0).text = "{% 循环 %}"  # not a tag at all
    document.add_paragraph("{{ 单位.名称 }")  # not finished
    document.save(tmp_path / "坏.docx")
    report = inspect_template(tmp_path / "坏.docx")
    found = [(p.message, p.where) for p in report.syntax_errors]
    assert ("“{% endif %}”前面没有对应的“{% if %}”", "正文第 4 段“{% endif %}”") in found
    assert ("“{% for %}”没有对应的“{% endfor %}”", "正文第 2 段“{% for 项 in 荣誉 %}{{ 项.称号…”") in found
    assert ("“{% 循环 %}”不是可用的标签", "正文第 1 个表格第 1 行第 1 列“{% 循环 %}”") in found
    assert (
        "“{{ 项.称号 + }}”：写法有误：多余的“}}”",
        "正文第 1 个表格第 2 行第 3 列“{{ 项.称号 + }}”",
    ) in found
    assert any(
        "没有写完：缺少“}}”" in message and where.startswith("正文第 5 段") for message, where in found
    )
    assert len(found) == 5
    for message, _ in found:
        assert_chinese(
            message.replace("endif", "").replace("endfor", "").replace("if", "").replace("for", "")
        )


@pytest.mark.parametrize(
    ("source", "words"),
    [
        ("{{ 荣誉数量 + }}", "多余的“}}”"),
        ("{% for 项 %}{% endfor %}", "此处应为“in”"),
        ("{{ 单位.名称 ! }}", "不能识别的字符"),
        ("{{ }}", "缺少表达式"),
        ("{{ 单位[ }}", "括号没有配对"),
        ("{% else %}", "不在“{% if %}”或“{% for %}”之中"),
        ("{% if 荣誉数量 %}{% for 项 in 荣誉 %}{% endif %}", "“{% for %}”没有对应的“{% endfor %}”"),
    ],
)
def test_syntax_messages_are_chinese(tmp_path: Path, source: str, words: str) -> None:
    report = inspect_template(docx_with(tmp_path / "t.docx", source))
    assert words in " ".join(p.message for p in report.syntax_errors)


def test_unknown_fields_are_warnings_with_their_place(tmp_path: Path) -> None:
    path = docx_with(
        tmp_path / "t.docx",
        "{{ 单位.名称 }}{{ 单位.负责人 }}{{ 期间 }}{{ 成文日期 }}",
        "{% for 项 in 荣誉 %}{{ 项.称号 }}{% endfor %}",
        "校长：{{ 单位.校长 }}",
        "{{ 项目 }}",
        "{{ 43|中文数字 }}{{ 1|序号('（一）') }}",
    )
    report = inspect_template(path)
    assert report.usable and not report.problems
    assert {"单位.名称", "单位.负责人", "期间", "成文日期", "荣誉"} <= set(report.fields_used)
    assert report.unknown_fields == ["单位.校长", "项目"]
    assert [(w.message, w.where) for w in report.warnings] == [
        (
            "“单位.校长”不是程序提供的字段，生成时将显示为“（此处请补充：单位.校长）”",
            "正文第 3 段“校长：{{ 单位.校长 }}”",
        ),
        ("“项目”不是程序提供的字段，生成时将显示为“（此处请补充：项目）”", "正文第 4 段“{{ 项目 }}”"),
    ]


def test_unknown_fields_render_as_visible_placeholders_never_blank() -> None:
    template = ReportEnvironment().from_string("校长：{{ 单位.校长 }}；{{ 项目 }}；{{ 单位.校长.姓名 }}")
    assert template.render(单位=FieldMap({"名称": "甲"}, "单位")) == (
        "校长：（此处请补充：单位.校长）；（此处请补充：项目）；（此处请补充：单位.校长）"
    )


BOUNDED_ONLY = {"nested_if_500", "center_folded", "digits_5000", "huge_range"}


@pytest.mark.parametrize("name", sorted(set(HOSTILE) - BOUNDED_ONLY))
def test_hostile_templates_are_refused_by_inspection(tmp_path: Path, name: str) -> None:
    """In this process only the cheap ones; test_hostile.py runs them all in a bounded child."""
    path = docx_with(tmp_path / f"{name}.docx", "开头 {{ 单位.名称 }}", HOSTILE[name], "结尾")
    with pytest.raises(TemplateRefused) as caught:
        check_usable(path, f"外来模板-{name}")
    assert f"外来模板-{name}" in caught.value.message and "不能使用" in caught.value.message


def test_tags_outside_the_text_are_inspected_too(tmp_path: Path) -> None:
    """Jinja renders a tag in an attribute or a field's code as it does one in the text, but the checks read
    only the paragraphs' text: these passed the inspection and met only the sandbox."""
    in_attribute = rewrite(
        docx_with(tmp_path / "属性.docx", "{{ 单位.名称 }}"),
        {"word/document.xml": lambda xml: xml.replace("<w:p>", '<w:p w:rsidR="{{ 单位.__class__ }}">', 1)},
    )
    in_code = with_body(
        docx_with(tmp_path / "域代码.docx", "{{ 单位.名称 }}"), field_paragraph("{% include 'a' %}", "x")
    )
    found = [
        [(p.message, p.where) for p in inspect_template(path).unsafe] for path in (in_attribute, in_code)
    ]
    assert found[0] == [
        ("模板标签只能写在文字中，不能写在 Word 的格式代码（属性）里", "正文"),
        ("不允许访问内部属性“单位.__class__”", "正文"),
    ]
    assert found[1] == [
        ("域代码中不允许使用模板标签：生成后可能成为让 Word 运行程序或读取外部文件的域", "正文"),
        ("不允许引用其他文件（include、import、extends）", "正文"),
    ]


@pytest.mark.parametrize(
    ("source", "words"),
    [
        ("{{ 'x' * n }}", "重复生成的内容过长"),
        ("{% for i in range(n) %}{% endfor %}", "range"),
        ("{{ 2 ** n }}", "乘方"),
        ("{{ 'x'|center(n) }}", "补齐后的内容过长"),
        ("{{ 'x'.rjust(n) }}", "补齐后的内容过长"),
        ("{{ 'x'.zfill(n) }}", "补齐后的内容过长"),
        ("{{ ('a' * 1000)|replace('a', 'b' * 10000) }}", "替换后的内容过长"),
        ("{{ ('a' * 1000).replace('a', 'b' * 10000) }}", "替换后的内容过长"),
        ("{{ '%*d' % (n, 1) }}", "格式化的内容过长"),
        ("{{ '{:{w}}'.format(1, w=n) }}", "格式化的内容过长"),
        ("{{ ('x' * 1000)|wordwrap(1, true, 'y' * 2000) }}", "换行后的内容过长"),
        ("{{ [1, 2]|slice(n)|list }}", "分组过长"),
        ("{{ ['x' * 100000] * 20 }}", "重复生成的内容过长"),
        ("{{ ('x' * 900000) ~ ('y' * 900000) }}", "拼接的内容过长"),
        ("{{ ['x' * 600000, 'y' * 600000]|join }}", "连接后的内容过长"),
        ("{{ ('\t' * 1000).expandtabs(10000) }}", "展开后的内容过长"),
    ],
)
def test_runtime_caps_stop_before_allocating(source: str, words: str) -> None:
    with pytest.raises(TemplateLimitError, match=words):
        ReportEnvironment().from_string(source).render(n=10**8)


def test_constant_filters_are_not_run_while_compiling() -> None:
    """Jinja folds constant expressions when compiling; |center(3000000000) would take 3 GB right there."""
    template = ReportEnvironment().from_string("{{ 'x'|center(3000000000) }}")
    with pytest.raises(TemplateLimitError):
        template.render()


def test_silent_loops_stop_at_the_time_limit() -> None:
    environment = ReportEnvironment()
    environment.budget.managed = True
    environment.budget.start(0.3)
    source = "{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}"
    with pytest.raises(TemplateLimitError, match=r"0\.3 秒"):
        environment.from_string(source).render()


def test_autoescape_cannot_be_switched_off_and_safe_is_gone() -> None:
    from jinja2 import TemplateSyntaxError

    with pytest.raises(TemplateSyntaxError):
        ReportEnvironment().from_string("{% autoescape false %}{{ x }}{% endautoescape %}")
    with pytest.raises(TemplateSyntaxError):
        ReportEnvironment().from_string("{{ x|safe }}")


def test_output_is_escaped_for_xml_and_cleaned_of_control_characters() -> None:
    rendered = ReportEnvironment().from_string("{{ 名称 }}").render(名称="甲&乙<丙>\x07丁\x0c戊\r\n己")
    assert rendered == "甲&amp;乙&lt;丙&gt;丁戊\n己"


def test_filters() -> None:
    rendered = ReportEnvironment().from_string(
        "{{ 43|中文数字 }} {{ 2|序号 }} {{ 2|序号('（一）') }} {{ d|中文日期 }}"
    )
    assert rendered.render(d=dt.date(2026, 3, 5)) == "四十三 二、 （二） 2026年3月5日"


def test_loops_keep_what_templates_use_of_them() -> None:
    source = "{% for x in 项 %}{{ loop.index }}/{{ loop.length }}{% if loop.last %}末{% endif %} {% endfor %}"
    assert ReportEnvironment().from_string(source).render(项=["a", "b"]) == "1/2 2/2末 "


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
        for problem in report.problems:
            assert problem.where, problem
