"""What a template writes into a report is content: never Python's text for an object (“range(0, 10)”,
“<generator object …>”, “None”), and never hundreds of MB built where the document's output cap does not
look (macros, {% set %} and {% call %} blocks, filter chains): such a template is stopped early, in
Chinese, nothing written, and the worker goes on with the next unit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docx import Document

from core.reports.engine import TemplateRunError
from core.reports.limits import MB, Limits
from core.reports.printable import NotPrintable
from core.reports.sandbox import FieldMap, ReportEnvironment
from core.reports.worker import WorkerSession
from tests.core.reports.bounded import Job, run_bounded
from tests.core.reports.hostile import (
    EXPANDING,
    GROWING,
    MARKUP_REWRITES,
    RUNNING_FIELDS,
    SLOW_STEPS,
    docx_with,
    field_paragraph,
    with_body,
)
from tests.core.reports.test_hostile import UNIT as SCHOOL
from tests.core.reports.test_hostile import (
    all_xml,
    assert_chinese,
    data_args,
    generate,
)

UNIT = FieldMap({"名称": "甲", "简称": None, "曾用名": ["乙", "丙"]}, "单位")


def rendered(source: str) -> str:
    return ReportEnvironment().from_string(source).render(单位=UNIT)


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        ("{{ 单位.曾用名 }}", "乙、丙"),
        ("[{{ 单位.简称 }}]", "[]"),
        ("{{ 单位.名称 == '甲' }}{{ false }}{{ none }}", "是否"),
        ("{{ [单位.校长] }}", "（此处请补充：单位.校长）"),
        ("{{ 单位|dictsort|first }}", "名称、甲"),
        ("{{ '%s' % 单位.曾用名 }}", "乙、丙"),
        ("{{ '{}；{:.1f}'.format(单位.曾用名, 2.5) }}", "乙、丙；2.5"),
        ("{{ 单位.曾用名|string }}", "乙、丙"),
        ("{{ 'x' ~ 单位.曾用名 }}", "x乙、丙"),
        ("{{ [单位.曾用名, 1]|join('；') }}", "乙、丙；1"),
        ("{{ ['<甲&乙>'] }}", "&lt;甲&amp;乙&gt;"),
        ("{{ '、'.join(单位.曾用名|map('string')) }}", "乙、丙"),  # the check had used the items up
        ("{{ '文件'[:1] }}{{ 单位.曾用名[::-1]|join }}", "文丙乙"),
    ],
)
def test_lists_empty_values_and_truth_values_are_written_as_content_never_as_python_text(
    source: str, shown: str
) -> None:
    assert rendered(source) == shown


@pytest.mark.parametrize(
    ("source", "words"),
    [
        ("{{ range(10) }}", "range() 只能用在“{% for %}”中"),
        ("{% set r = range(3) %}{{ '第' ~ r }}", "range() 只能用在“{% for %}”中"),
        ("{% macro m() %}x{% endmacro %}{{ m }}", "调用时要加括号"),
        ("{{ 单位.名称.upper }}", "调用时要加括号"),
        ("{% for i in [1] %}{{ loop }}{% endfor %}", "循环变量“loop”本身"),
        ("{% for i in [1] %}{{ loop.cycle|string }}{% endfor %}", "调用时要加括号"),
        ("{{ [1, 2]|map('string') }}", "尚未展开的一串内容"),
        ("{{ 单位.items() }}", "尚未展开的一串内容"),
        ("{{ 单位 }}", "一组字段"),
        ("{{ '%s' % 单位.get }}", "调用时要加括号"),
        ("{{ '{}'.format(range(2)) }}", "range()"),
        ("{{ {'a': [1]|reverse}|xmlattr }}", "程序内部的文字"),
    ],
)
def test_objects_with_no_content_are_refused_in_chinese(source: str, words: str) -> None:
    with pytest.raises(NotPrintable) as caught:
        rendered(source)
    assert words in str(caught.value)
    assert_chinese(str(caught.value).replace("range", "").replace("loop", "").replace("index", ""))


def _text_of(path: Path) -> str:
    return "\n".join(paragraph.text for paragraph in Document(str(path)).paragraphs)


def _stopped_for_one_unit(tmp_path: Path, payload: str, limits: Limits) -> str:
    """payload rendered for 甲 only, in a worker with limits: the message it is stopped with, once the
    same worker has gone on to render 乙's report."""
    text = "{% if 单位.名称 == '甲' %}" + payload + "{% endif %}"
    path = docx_with(tmp_path / "展开.docx", "{{ 单位.名称 }}", text)
    with WorkerSession("展开", limits) as worker:
        worker.open(str(path), "展开", check=False)
        with pytest.raises(TemplateRunError) as caught:
            worker.render_file({"单位": {"名称": "甲"}}, "甲", str(tmp_path / "甲.docx"))
        worker.render_file({"单位": {"名称": "乙"}}, "乙", str(tmp_path / "乙.docx"))
    assert not (tmp_path / "甲.docx").exists()
    assert _text_of(tmp_path / "乙.docx").startswith("乙")
    return caught.value.message


_WORKER = Limits(cpu_seconds=20, wall_seconds=60.0, memory_bytes=1024 * MB, render_seconds=30.0)


@pytest.mark.parametrize("name", sorted(EXPANDING))
def test_a_small_template_expanding_to_hundreds_of_mb_is_stopped_early_and_the_worker_goes_on(
    tmp_path: Path, name: str
) -> None:
    """In the bounded worker (1 GB, 20 s of CPU): without the count the worker ran out of memory or time
    and the user read a generic message."""
    message = _stopped_for_one_unit(tmp_path, EXPANDING[name], _WORKER)
    assert message.startswith(
        "模板“展开”为“甲”生成时出错：生成的内容超过上限（200 MB），已停止：模板可能含有无限展开的循环或宏"
        "（位置：正文第 2 段"
    ), message


@pytest.mark.parametrize("name", sorted(GROWING))
def test_lists_and_copies_grown_in_place_are_counted_and_the_worker_goes_on(
    tmp_path: Path, name: str
) -> None:
    """list.extend(range(…)), dict.update(a generator), a list extended by a |map over itself, bytes
    from .encode(), slices, and the runs docxtpl makes of each tab: none of them was counted, and each
    ran the worker (1 GB, 20 s of CPU) out of memory or time. Now stopped by the sandbox, in Chinese."""
    text, words = GROWING[name]
    message = _stopped_for_one_unit(tmp_path, text, _WORKER)
    assert message.startswith("模板“展开”为“甲”生成时出错：") and words in message, message
    assert_chinese(message.split("（位置")[0].replace("展开", ""))


def test_a_template_burning_cpu_in_long_steps_is_stopped_by_the_time_limit_and_the_worker_goes_on(
    tmp_path: Path,
) -> None:
    """Each turn of the loop compares million-item lists (CPU, no memory). The clock was looked at every
    1024 steps, about 30 s of CPU here: the kernel killed the worker for its CPU time, and the next unit
    had no worker. Now the sandbox's time limit stops it and the worker renders the next unit."""
    limits = Limits(cpu_seconds=8, wall_seconds=60.0, memory_bytes=1024 * MB, render_seconds=1.0)
    message = _stopped_for_one_unit(tmp_path, SLOW_STEPS, limits)
    assert message.startswith("模板“展开”为“甲”生成时出错：生成超过 1 秒仍未完成，已停止"), message


def test_markup_rewritten_into_active_content_while_rendering_is_refused_and_never_reaches_a_report(
    tmp_path: Path,
) -> None:
    """A {% filter replace(…) %} block or |replace on a macro's output renames the template's own harmless
    markup (a bookmark) into an altChunk, an OLE object or a subdocument after the template was stripped
    of them: these came out of generation in the report."""
    commands = []
    for name, (fragment, _) in MARKUP_REWRITES.items():
        gated = fragment.replace("<w:t>{%", '<w:t>{% if 成文日期 == "2000年1月1日" %}{%', 1)
        gated = gated[: gated.rindex("</w:t>")] + "{% endif %}" + gated[gated.rindex("</w:t>") :]
        path = with_body(docx_with(tmp_path / f"{name}.docx", "{{ 单位.名称 }}"), gated)
        commands += [[*data_args(tmp_path), "templates", "add", str(path)], generate(tmp_path, name)]
    job = Job(data_dir=str(tmp_path / "data"), units=[SCHOOL], commands=commands)
    outcomes = run_bounded(job, seconds=120)
    for index, (name, (_, what)) in enumerate(MARKUP_REWRITES.items()):
        add, run = outcomes[2 * index : 2 * index + 2]
        assert add.code in (0, 1), (name, add.err)
        assert run.code == 2, (name, run.out)
        assert f"模板“{name}”为“{SCHOOL}”生成的正文含有{what}" in run.err, (name, run.err)
        assert_chinese(run.err.replace(name, ""))
    assert not list((tmp_path / "out").glob("*.docx"))


def test_fields_that_connect_run_commands_or_leak_credentials_are_flagged_and_stripped(
    tmp_path: Path,
) -> None:
    fragments = "".join(field_paragraph(code, "结果") for code, _ in RUNNING_FIELDS.values())
    path = with_body(docx_with(tmp_path / "域.docx", "{{ 单位.名称 }}"), fragments)
    job = Job(
        data_dir=str(tmp_path / "data"),
        units=[SCHOOL],
        commands=[
            [*data_args(tmp_path), "templates", "check", str(path), "--json"],
            [*data_args(tmp_path), "templates", "add", str(path)],
            generate(tmp_path, "域"),
        ],
    )
    check, add, run = run_bounded(job, seconds=120)
    found = " ".join(problem["message"] for problem in json.loads(check.out)["active_content"])
    for _, name in RUNNING_FIELDS.values():
        assert f"含有域代码“{name}" in found, (name, found)
    assert add.code == 1 and run.code == 0, run.err
    [report] = (tmp_path / "out").glob("*.docx")
    written = all_xml(report)
    assert SCHOOL in written and not [name for _, name in RUNNING_FIELDS.values() if name in written]
