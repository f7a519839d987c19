"""templates and generate from the command line."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from docx import Document

from core import cli
from tests.core.reports.hostile import HOSTILE, docx_with


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def demo(tmp_path: Path) -> str:
    data = str(tmp_path / "d")
    assert run("--data-dir", data, "demo")[0] == 0
    return data


def test_templates_lists_the_six_builtins(demo: str) -> None:
    code, out, _ = run("--data-dir", demo, "templates", "--json")
    assert code == 0
    names = [t["name"] for t in json.loads(out)]
    assert names[:6] == [
        "情况汇报",
        "创建文明单位申报材料",
        "自查报告",
        "工作总结",
        "亮点工作汇报",
        "荣誉一览表",
    ]


def test_generate_for_one_unit(demo: str, tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    code, out, err = run(
        "--data-dir",
        demo,
        "generate",
        "--template",
        "荣誉一览表",
        "--unit",
        "宁波市荷花庄小学",
        "--from",
        "2000",
        "--to",
        "2026",
        "--date",
        "2026-03-05",
        "-o",
        str(out_dir),
    )
    assert code == 0, err
    [path] = out_dir.glob("*.docx")
    assert path.name == "宁波市荷花庄小学-荣誉一览表-2026.docx" and str(path) in out
    table = Document(str(path)).tables[0]
    assert len(table.rows) == 1 + 12  # the header and each of the school's twelve honours


def test_generate_all_merged(demo: str, tmp_path: Path) -> None:
    target = tmp_path / "全部情况汇报.docx"
    code, out, err = run(
        "--data-dir",
        demo,
        "generate",
        "--template",
        "情况汇报",
        "--all",
        "--from",
        "2000",
        "-o",
        str(target),
        "--merge",
    )
    assert code == 0, err
    text = "\n".join(p.text for p in Document(str(target)).paragraphs)
    assert "宁波市荷花庄小学情况汇报" in text and "东鲁派出所情况汇报" in text
    assert "共 14 个单位" in out


def test_templates_add_and_check(demo: str, tmp_path: Path) -> None:
    good = docx_with(tmp_path / "我的模板.docx", "{{ 单位.名称 }}{{ 单位.不存在 }}")
    code, out, _ = run("--data-dir", demo, "templates", "add", str(good))
    assert code == 1 and "已添加模板“我的模板”" in out and "单位.不存在" in out  # added, with a warning
    code, out, _ = run("--data-dir", demo, "templates", "check", str(good), "--json")
    report = json.loads(out)
    assert code == 1 and report["unknown_fields"] == ["单位.不存在"]
    [warning] = report["warnings"]
    assert "（此处请补充：单位.不存在）" in warning["message"] and warning["where"].startswith("正文第 1 段")


@pytest.mark.parametrize("name", ["class_escape", "include", "huge_repeat", "recursion"])
def test_hostile_template_is_refused_with_a_chinese_message(demo: str, tmp_path: Path, name: str) -> None:
    bad = docx_with(tmp_path / "外来.docx", HOSTILE[name])
    code, out, err = run("--data-dir", demo, "templates", "add", str(bad))
    assert code == 2 and "模板“外来”不能使用" in err and "Traceback" not in err
    code, out, _ = run("--data-dir", demo, "templates", "check", str(bad))
    assert code == 2 and "不能使用" in out
    code, out, _ = run("--data-dir", demo, "templates", "--json")
    assert "外来" not in [t["name"] for t in json.loads(out)]


def test_generate_bad_arguments(demo: str, tmp_path: Path) -> None:
    code, _, err = run(
        "--data-dir",
        demo,
        "generate",
        "--template",
        "情况汇报",
        "--unit",
        "不存在的单位",
        "-o",
        str(tmp_path),
    )
    assert code == 2 and "没有名为“不存在的单位”的单位" in err
    code, _, err = run("--data-dir", demo, "generate", "--template", "情况汇报", "-o", str(tmp_path))
    assert code == 2 and "以下参数必须给出一个" in err
    code, _, err = run(
        "--data-dir",
        demo,
        "generate",
        "--template",
        "情况汇报",
        "--all",
        "--date",
        "3/5",
        "-o",
        str(tmp_path),
    )
    assert code == 2 and "YYYY-MM-DD" in err


def test_generate_one_unit_into_a_named_file_and_a_held_file_ends_with_exit_1(
    demo: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from core.reports import output

    target = tmp_path / "报告.docx"
    code, out, err = run(
        "--data-dir", demo, "generate", "--template", "情况汇报", "--unit", "东鲁派出所", "-o", str(target)
    )
    assert code == 0, err
    assert target.is_file() and not (tmp_path / "报告.docx").is_dir() and f"已生成：{target}" in out

    folder = tmp_path / "全部"
    held = folder / output.report_file_name("东鲁派出所", "情况汇报", dt.date.today().year)
    folder.mkdir()
    held.write_bytes(b"open in Word")

    def word(path: Path) -> object:
        if Path(path) == held:
            raise PermissionError(13, "sharing violation", str(path))
        return open(path, "r+b")

    monkeypatch.setattr(output, "_open_for_update", word)
    code, out, err = run("--data-dir", demo, "generate", "--template", "情况汇报", "--all", "-o", str(folder))
    assert code == 1 and held.read_bytes() == b"open in Word"
    assert "未能生成“东鲁派出所”：" in err and "1 个单位未能生成" in err and "共 13 份" in out
