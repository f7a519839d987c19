"""Issue 14's hostile templates, each through the real command line in a child process with its own limits
(bounded.py): refused at check and add, or stopped while generating, always in Chinese, naming the template
(and the unit and the place); data never evaluated as template text; active content flagged and stripped;
zip bombs refused; and the worker's operating-system limits stopping what the sandbox lets through."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document

from tests.core.reports.bounded import TEST_LIMITS, Job, Outcome, run_bounded
from tests.core.reports.hostile import (
    ACTIVE_MARKERS,
    DATA_FIELD,
    HOSTILE,
    MADE_FIELDS,
    STOPPED,
    dense_paragraphs,
    docx_with,
    nested,
    rewrite,
    with_active_content,
    with_body,
    with_footnote,
    zip_bomb,
)

UNIT = "宁波市荷花庄小学"
ENGLISH = re.compile(
    r"Traceback|Error|error|unexpected|expected|undefined|object|Exceeds|recursion|Jinja|NoneType|File \""
)


def assert_chinese(text: str) -> None:
    assert text.strip() and not ENGLISH.search(text), text


def data_args(tmp_path: Path) -> list[str]:
    return ["--data-dir", str(tmp_path / "data")]


def generate(tmp_path: Path, template: str, *extra: str) -> list[str]:
    return [
        *data_args(tmp_path),
        "generate",
        "--template",
        template,
        "--unit",
        UNIT,
        "--date",
        GENERATED_ON,
        "-o",
        str(tmp_path / "out"),
        *extra,
    ]


GENERATED_ON = "2000-01-01"


def on_generation_day(text: str) -> str:
    """A payload that acts only on the day of generation, so that the trial render of `templates add`
    (which dates the report today) lets the template in and generation has to stop it."""
    gate = '{% if 成文日期 == "2000年1月1日" %}'
    doubling = "{{ caller() }}{{ caller() }}"
    if doubling in text:  # 30 nested calls: the gate goes inside the macro, not one level deeper
        return text.replace(doubling, f"{gate}{doubling}{{% endif %}}")
    return f"{gate}{text}{{% endif %}}"


def all_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return "".join(
            archive.read(name).decode("utf-8", "replace")
            for name in archive.namelist()
            if name.endswith((".xml", ".rels"))
        )


ADDED = (
    "class_escape",
    "center_folded",
    "safe_filter",
    "nested_if_500",
    "batch_constant",
)  # add refuses as check does


def test_hostile_templates_are_refused_by_check_and_add_in_chinese(tmp_path: Path) -> None:
    commands = []
    for name, text in HOSTILE.items():
        path = docx_with(tmp_path / f"{name}.docx", "开头 {{ 单位.名称 }}", text, "结尾")
        commands.append([*data_args(tmp_path), "templates", "check", str(path), "--json"])
    commands += [[*data_args(tmp_path), "templates", "add", str(tmp_path / f"{name}.docx")] for name in ADDED]
    commands.append([*data_args(tmp_path), "templates", "--json"])
    outcomes = run_bounded(Job(commands=commands), seconds=150)
    assert len(outcomes) == len(HOSTILE) + len(ADDED) + 1
    for name, check in zip(HOSTILE, outcomes, strict=False):
        report = json.loads(check.out)
        assert check.code == 2 and not report["usable"], name
        problems = report["unsafe"] + report["syntax_errors"]
        assert problems and all(p["where"].startswith("正文第 2 段") for p in problems), (name, problems)
        for problem in problems:
            assert_chinese(re.sub(r"“[^”]*”", "", problem["message"]))
    for name, add in zip(ADDED, outcomes[len(HOSTILE) :], strict=False):
        assert add.code == 2 and f"模板“{name}”不能使用" in add.err, (name, add.err)
        assert_chinese(add.err.split("（位置")[0].replace(name, ""))
    assert not set(HOSTILE) & {t["name"] for t in json.loads(outcomes[-1].out)}


def test_templates_that_fail_or_hang_on_a_unit_are_refused_at_add_by_the_trial(tmp_path: Path) -> None:
    """The trial render in the bounded worker finds what the inspector cannot see, before any report."""
    commands = []
    for name, (text, _) in STOPPED.items():
        path = docx_with(tmp_path / f"{name}.docx", "{{ 单位.名称 }}", text)
        commands.append([*data_args(tmp_path), "templates", "add", str(path)])
    commands.append([*data_args(tmp_path), "templates", "--json"])
    outcomes = run_bounded(Job(data_dir=str(tmp_path / "data"), commands=commands), seconds=240)
    for name, add in zip(STOPPED, outcomes, strict=False):
        assert add.code == 2 and f"模板“{name}”为“{UNIT}”" in add.err, (name, add.err)
        assert STOPPED[name][1] in add.err, (name, add.err)
        assert_chinese(add.err.split("（位置")[0].replace(name, ""))
    assert not set(STOPPED) & {t["name"] for t in json.loads(outcomes[-1].out)}


def _added_and_generated(tmp_path: Path, cases: dict[str, Path]) -> dict[str, tuple[Outcome, Outcome]]:
    commands = []
    for name, path in cases.items():
        commands += [[*data_args(tmp_path), "templates", "add", str(path)], generate(tmp_path, name)]
    job = Job(data_dir=str(tmp_path / "data"), units=[UNIT], commands=commands)
    outcomes = run_bounded(job, seconds=240)
    return {name: (outcomes[2 * i], outcomes[2 * i + 1]) for i, name in enumerate(cases)}


def test_templates_that_pass_the_checks_are_stopped_while_generating(tmp_path: Path) -> None:
    cases = {
        name: docx_with(tmp_path / f"{name}.docx", "{{ 单位.名称 }}", on_generation_day(text))
        for name, (text, _) in STOPPED.items()
    }
    for name, (add, run) in _added_and_generated(tmp_path, cases).items():
        assert add.code in (0, 1), (name, add.err)
        words = STOPPED[name][1]
        assert run.code == 2, (name, run.out, run.err)
        assert f"模板“{name}”为“{UNIT}”生成时" in run.err and words in run.err, (name, run.err)
        assert "位置：正文第 2 段" in run.err, (name, run.err)
        assert_chinese(run.err.split("（位置")[0].replace(name, ""))
    assert not list((tmp_path / "out").glob("*.docx"))


def test_payloads_in_the_document_properties_and_in_footnotes_are_stopped_too(tmp_path: Path) -> None:
    loops = on_generation_day(nested("{% for i in range(10000) %}", "{% endfor %}", 3, ""))
    power = on_generation_day(STOPPED["tower_power"][0])
    cases = {
        "标题里的循环": docx_with(tmp_path / "标题里的循环.docx", "{{ 单位.名称 }}", title=loops),
        "脚注里的乘方": with_footnote(docx_with(tmp_path / "脚注里的乘方.docx", "{{ 单位.名称 }}"), power),
    }
    results = _added_and_generated(tmp_path, cases)
    _, run = results["标题里的循环"]
    assert run.code == 2 and "秒仍未完成" in run.err and "位置：文档属性“标题”" in run.err, run.err
    _, run = results["脚注里的乘方"]
    assert run.code == 2 and "乘方得到的数过大" in run.err and "位置：第 1 条脚注" in run.err, run.err


def test_unsafe_expressions_in_footnotes_and_properties_are_refused_at_check(tmp_path: Path) -> None:
    footnote = with_footnote(docx_with(tmp_path / "脚注.docx", "{{ 单位.名称 }}"), "{{ self }}")
    title = docx_with(tmp_path / "标题.docx", "{{ 单位.名称 }}", title="{{ ''.__class__ }}")
    commands = [[*data_args(tmp_path), "templates", "check", str(p), "--json"] for p in (footnote, title)]
    first, second = run_bounded(Job(commands=commands))
    assert first.code == 2 and json.loads(first.out)["unsafe"] == [
        {"message": "不允许使用“self”", "where": "第 1 条脚注“{{ self }}”"}
    ]
    assert second.code == 2 and json.loads(second.out)["unsafe"][0]["where"] == "文档属性“标题”"


def test_data_is_never_evaluated_as_template_text(tmp_path: Path) -> None:
    """docxtpl renders footnotes once per section: a name that reached one was evaluated on the next pass."""
    path = with_footnote(
        docx_with(tmp_path / "两节.docx", "{{ 单位.名称 }}情况汇报", sections=2), "脚注：{{ 单位.名称 }}"
    )
    names = ["模板注入{{ 7*7 }}小学", "注入{%set x=99999**999%}{{ x }}学校"]
    job = Job(
        data_dir=str(tmp_path / "data"),
        units=names,
        commands=[
            [*data_args(tmp_path), "templates", "add", str(path)],
            [*data_args(tmp_path), "generate", "--template", "两节", "--all", "-o", str(tmp_path / "out")],
        ],
    )
    _, run = run_bounded(job)
    assert run.code == 0, run.err
    for name in names:
        [report] = [p for p in (tmp_path / "out").glob("*.docx") if name[:4] in p.name]
        assert f"{name}情况汇报" in [p.text for p in Document(str(report)).paragraphs]
        with zipfile.ZipFile(report) as archive:
            footnotes = archive.read("word/footnotes.xml").decode("utf-8")
        assert f"脚注：{name}".replace("<", "&lt;") in footnotes and "模板注入49小学" not in footnotes


def test_active_content_is_flagged_and_stripped_unless_kept(tmp_path: Path) -> None:
    path = with_active_content(docx_with(tmp_path / "外来.docx", "{{ 单位.名称 }}"))
    kept = tmp_path / "kept"
    job = Job(
        data_dir=str(tmp_path / "data"),
        units=[UNIT],
        commands=[
            [*data_args(tmp_path), "templates", "check", str(path), "--json"],
            [*data_args(tmp_path), "templates", "add", str(path)],
            generate(tmp_path, "外来"),
            [
                *data_args(tmp_path),
                "generate",
                "--template",
                "外来",
                "--unit",
                UNIT,
                "-o",
                str(kept),
                "--keep-active",
            ],
        ],
    )
    check, add, run, keep = run_bounded(job)
    report = json.loads(check.out)
    assert check.code == 1 and report["usable"]
    found = " ".join(p["message"] for p in report["active_content"])
    for words in ("外部模板", "altChunk", "OLE", "DDEAUTO", "INCLUDETEXT", "INCLUDEPICTURE", "file://"):
        assert words in found, (words, found)
    assert add.code == 1 and "生成的汇报中将去掉" in add.out
    assert run.code == 0, run.err
    [report_path] = (tmp_path / "out").glob("*.docx")
    stripped = all_xml(report_path)
    assert not [marker for marker in ACTIVE_MARKERS if marker in stripped]
    assert UNIT in "".join(p.text for p in Document(str(report_path)).paragraphs)  # still a Word document
    assert keep.code == 0, keep.err
    [kept_path] = kept.glob("*.docx")
    assert all(marker in all_xml(kept_path) for marker in ACTIVE_MARKERS)


def test_fields_that_rendering_would_make_active_are_refused_and_never_reach_a_report(tmp_path: Path) -> None:
    """A field whose code holds a tag (“{{ '' }}DDEAUTO …”, “{{ 单位.名称 }}”) or is uncovered by “{% if %}”
    looked harmless when the template was stripped and came out of generation as a live DDEAUTO or
    INCLUDEPICTURE field. Now refused at check and add, before anything is rendered."""
    cases = {**MADE_FIELDS, "data_field": DATA_FIELD}
    commands = []
    for name, fragment in cases.items():
        path = with_body(docx_with(tmp_path / f"{name}.docx", "{{ 单位.名称 }}"), fragment)
        commands += [
            [*data_args(tmp_path), "templates", "check", str(path), "--json"],
            [*data_args(tmp_path), "templates", "add", str(path)],
        ]
    commands.append([*data_args(tmp_path), "templates", "--json"])
    outcomes = run_bounded(Job(data_dir=str(tmp_path / "data"), units=[UNIT], commands=commands), seconds=120)
    for index, name in enumerate(cases):
        check, add = outcomes[2 * index : 2 * index + 2]
        report = json.loads(check.out)
        assert check.code == 2 and not report["usable"], (name, report)
        assert {
            "message": "域代码中不允许使用模板标签：生成后可能成为让 Word 运行程序或读取外部文件的域",
            "where": "正文",
        } in report["unsafe"], (name, report)
        assert add.code == 2 and f"模板“{name}”不能使用" in add.err, (name, add.err)
        assert_chinese(add.err.replace(name, ""))
    assert not set(cases) & {t["name"] for t in json.loads(outcomes[-1].out)}


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    bomb = zip_bomb(tmp_path / "炸弹.docx")
    commands = [
        [*data_args(tmp_path), "templates", "check", str(bomb)],
        [*data_args(tmp_path), "templates", "add", str(bomb)],
    ]
    # 600 MB of address space and 20 s: unpacking the 100 MB part (or a 2 GB one) would not fit.
    check, add = run_bounded(Job(commands=commands), seconds=20, memory_mb=1200)
    for outcome in (check, add):
        assert outcome.code == 2 and "炸弹" in outcome.err and "超出可以安全读取的范围" in outcome.err
        assert_chinese(outcome.err)


def test_a_small_template_of_millions_of_elements_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    """2.5 million empty paragraphs in 40 KB pass the zip guard's sizes; parsed, they exhausted the worker's
    memory and were reported as "not valid XML". Now named for what they are, before any parsing."""
    path = rewrite(
        docx_with(tmp_path / "空段落.docx", "{{ 单位.名称 }}"),
        {"word/document.xml": lambda xml: xml.replace("<w:sectPr", "<w:p/>" * 2_500_000 + "<w:sectPr", 1)},
    )
    commands = [[*data_args(tmp_path), "templates", "check", str(path)]]
    (check,) = run_bounded(Job(commands=commands), seconds=30, memory_mb=1200)
    assert check.code == 2 and "模板“空段落.docx”的内容过于繁杂" in check.err, check.err
    assert_chinese(check.err)


def test_a_paragraph_of_ten_million_characters_is_refused_for_its_length_not_as_damaged(
    tmp_path: Path,
) -> None:
    """700,000 tags in one paragraph: the XML parser refuses a text that long, which was told as a damaged
    file ("不是有效的 XML")."""
    path = docx_with(tmp_path / "长段落.docx", "{{ 单位.名称 }}" * 700_000)
    commands = [[*data_args(tmp_path), "templates", "check", str(path)]]
    (check,) = run_bounded(Job(commands=commands), seconds=60, memory_mb=1500)
    assert check.code == 2 and "模板“长段落”的“word/document.xml”中有一段文字过长" in check.err, check.err
    assert_chinese(check.err.replace("word/document.xml", ""))


@pytest.mark.parametrize(
    ("limits", "text", "words"),
    [
        (
            {"render_seconds": 600, "cpu_seconds": 2, "wall_seconds": 60},
            STOPPED["silent_loops"][0],
            "计算时间超过限制",
        ),
        (
            # wall: long enough for the worker's start and `templates add` on a loaded machine (3 s failed
            # at load 9), short of the endless loop
            {"render_seconds": 600, "cpu_seconds": 600, "wall_seconds": 10},
            STOPPED["silent_loops"][0],
            "已强行停止",
        ),
    ],
    ids=["cpu", "wall"],
)
def test_the_workers_operating_system_limits_stop_what_the_sandbox_lets_through(
    tmp_path: Path, limits: dict[str, float], text: str, words: str
) -> None:
    path = docx_with(tmp_path / "耗尽.docx", "{{ 单位.名称 }}", on_generation_day(text))
    job = Job(
        data_dir=str(tmp_path / "data"),
        units=[UNIT],
        commands=[[*data_args(tmp_path), "templates", "add", str(path)], generate(tmp_path, "耗尽")],
        limits={**TEST_LIMITS, **limits},
    )
    add, run = run_bounded(job)
    assert add.code in (0, 1), add.err
    assert run.code == 2 and "模板“耗尽”为“宁波市荷花庄小学”生成时" in run.err and words in run.err, run.err
    assert_chinese(run.err)
    assert not list((tmp_path / "out").glob("*.docx"))


def test_the_workers_memory_limit_stops_a_tree_the_sandbox_does_not_count(tmp_path: Path) -> None:
    """The sandbox counts what a template makes, not the tree lxml parses the output into: a loop of the
    template's own empty paragraphs writes 36 million characters (within the output cap, nothing counted)
    that parse into 6 million elements, about 750 MB. The worker's memory limit stops it, told in Chinese,
    nothing written; libxml2 out of memory had been told as a template with misplaced tags."""
    path = dense_paragraphs(tmp_path / "耗尽.docx", loops=6000)
    job = Job(
        data_dir=str(tmp_path / "data"),
        units=[UNIT],
        commands=[[*data_args(tmp_path), "templates", "add", str(path)], generate(tmp_path, "耗尽")],
        limits={**TEST_LIMITS, "memory_bytes": 600 * 1024 * 1024},
    )
    add, run = run_bounded(job)
    assert add.code in (0, 1), add.err
    assert run.code == 2 and "模板“耗尽”为“宁波市荷花庄小学”生成时" in run.err, run.err
    assert "内存超出限制" in run.err and "不是有效的 Word 内容" not in run.err, run.err
    assert_chinese(run.err)
    assert not list((tmp_path / "out").glob("*.docx"))


def _summary_of(tmp_path: Path, text: str, limits: dict[str, float]) -> Outcome:
    """A summary template from outside (it names 单位数量), added and generated over five units."""
    path = docx_with(tmp_path / "汇总耗尽.docx", "{{ 单位数量 }}", on_generation_day(text))
    units = [f"宁波市第{i}中学" for i in range(1, 6)]
    generate = [
        "generate",
        "--template",
        "汇总耗尽",
        "--all",
        "--date",
        GENERATED_ON,
        "-o",
        str(tmp_path / "out"),
    ]
    job = Job(
        data_dir=str(tmp_path / "data"),
        units=units,
        commands=[[*data_args(tmp_path), "templates", "add", str(path)], [*data_args(tmp_path), *generate]],
        limits={**TEST_LIMITS, **limits},
    )
    add, run = run_bounded(job)
    assert add.code in (0, 1), add.err
    assert not list((tmp_path / "out").glob("*.docx"))
    return run


def test_a_summarys_wider_limits_still_stop_a_runaway_at_their_cap(tmp_path: Path) -> None:
    """A summary's job gets more time per unit (1 s a unit here), but only up to most_units (2): over five
    units its CPU limit is 2 + 2 seconds, not 2 + 4, and a loop that never ends is stopped there."""
    limits = {
        "render_seconds": 600,
        "cpu_seconds": 2,
        "wall_seconds": 60,
        "unit_seconds": 1.0,
        "most_units": 2,
    }
    run = _summary_of(tmp_path, STOPPED["silent_loops"][0], limits)
    assert run.code == 2 and "模板“汇总耗尽”为“全区”生成时" in run.err, run.err
    assert "计算时间超过限制（4 秒）" in run.err, run.err
    assert_chinese(run.err.replace("汇总耗尽", ""))


def test_a_summary_of_huge_output_is_stopped_by_the_output_cap(tmp_path: Path) -> None:
    text = "{% set x = '好' * 5000 %}{% for i in range(10000) %}{% for j in range(10000) %}{{ x }}{% endfor %}{% endfor %}"
    limits = {"render_seconds": 600, "cpu_seconds": 20, "wall_seconds": 60, "unit_seconds": 1.0}
    run = _summary_of(tmp_path, text, limits)
    assert (
        run.code == 2 and "模板“汇总耗尽”为“全区”生成时" in run.err and "超过上限（5000 万字）" in run.err
    ), run.err
    assert_chinese(run.err.split("（位置")[0].replace("汇总耗尽", ""))


def test_a_doctype_or_comments_between_a_parts_elements_are_answered_not_an_unexpected_error(
    tmp_path: Path,
) -> None:
    """Found by bench/fuzz_hostile.py: an entity declared in _rels/.rels and used between two
    relationships; the entity reference (like a comment) has no element name, and reading the
    relationships ended in “出现意外错误” (exit 3). A DOCTYPE, which Word never writes, is refused naming
    the part; comments are passed over and the template is read."""
    doctype = rewrite(
        docx_with(tmp_path / "实体.docx", "{{ 单位名称 }}"),
        {
            "_rels/.rels": lambda xml: xml.replace(
                "<Relationships", '<!DOCTYPE r [<!ENTITY e "单位">]><Relationships', 1
            ).replace("</Relationships>", "&e;</Relationships>")
        },
    )
    commented = rewrite(
        docx_with(tmp_path / "注释.docx", "{{ 单位名称 }}", title="{{ 单位名称 }}"),
        {
            "_rels/.rels": lambda xml: xml.replace("</Relationships>", "<!-- 备注 --></Relationships>"),
            "docProps/core.xml": lambda xml: xml.replace(
                "</cp:coreProperties>", "<!-- 备注 --></cp:coreProperties>"
            ),
        },
    )
    commands = [
        [*data_args(tmp_path), "templates", "check", str(doctype)],
        [*data_args(tmp_path), "templates", "add", str(doctype)],
        [*data_args(tmp_path), "templates", "check", str(commented)],
    ]
    check, add, read = run_bounded(Job(commands=commands), seconds=60, memory_mb=1200)
    for outcome in (check, add):
        assert outcome.code == 2, outcome
        assert "模板“实体”中的“_rels/.rels”含有文档类型声明（DOCTYPE）" in outcome.err, outcome
        assert_chinese(outcome.err)
    assert read.code in (0, 1) and "单位名称" in read.out, read


def test_a_broken_relationships_part_anywhere_in_a_template_is_named_not_an_unexpected_error(
    tmp_path: Path,
) -> None:
    """Found by bench/fuzz_hostile.py: a flipped byte in word/glossary/_rels/document.xml.rels, a part
    only the search for active content reads; its parser's syntax error ended in “出现意外错误”."""
    broken = rewrite(
        docx_with(tmp_path / "词汇.docx", "{{ 单位名称 }}"),
        {},
        added={"word/glossary/_rels/document.xml.rels": b'<?xml version="1.0"?><Relationships><Rel'},
    )
    commands = [
        [*data_args(tmp_path), "templates", "check", str(broken)],
        [*data_args(tmp_path), "templates", "add", str(broken)],
    ]
    for outcome in run_bounded(Job(commands=commands), seconds=60, memory_mb=1200):
        assert outcome.code == 2, outcome
        assert "模板“词汇”已损坏：其中的“word/glossary/_rels/document.xml.rels”不是有效的 XML" in outcome.err
        assert_chinese(outcome.err)
