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
    """The demo school's twelve honours have no year: left out by default, listed apart on request,
    and the request is remembered for the next run."""
    args = ("--data-dir", demo, "generate", "--template", "荣誉一览表", "--unit", "宁波市荷花庄小学")
    period = ("--from", "2000", "--to", "2026", "--date", "2026-03-05")
    code, out, err = run(*args, *period, "-o", str(tmp_path / "a"))
    assert code == 0, err
    [path] = (tmp_path / "a").glob("*.docx")
    assert path.name == "宁波市荷花庄小学-荣誉一览表-2026.docx" and str(path) in out
    assert "未注明时间 12 项（不写入）" in out and "--undated list" in out
    document = Document(str(path))
    assert document.tables == []
    assert document.paragraphs[1].text == "（2000年至2026年未登记荣誉，如有请补充）"

    code, out, err = run(*args, *period, "--undated", "list", "-o", str(tmp_path / "b"))
    assert code == 0, err
    [path] = (tmp_path / "b").glob("*.docx")
    (table,) = Document(str(path)).tables
    assert len(table.rows) == 1 + 12  # the header and each of the school's twelve honours
    assert "获得时间未记录的荣誉" in [p.text for p in Document(str(path)).paragraphs]

    code, out, err = run(*args, "-o", str(tmp_path / "c"))  # the choice and the period remembered
    assert code == 0, err
    assert "未注明时间 12 项（单列）" in out and "期间 2000年至2026年" in out
    [path] = (tmp_path / "c").glob("*.docx")
    assert len(Document(str(path)).tables) == 1


def test_dry_run_shows_what_each_section_is_filled_from(demo: str, tmp_path: Path) -> None:
    code, out, err = run(
        "--data-dir",
        demo,
        "generate",
        "--template",
        "自查报告",
        "--unit",
        "甘垛镇荷花村",
        "--date",
        "2026-03-05",
        "-o",
        str(tmp_path / "out"),
        "--dry-run",
    )
    assert code == 0, err
    assert not (tmp_path / "out").exists()
    lines = [line.strip() for line in out.splitlines()]
    # the default period: the most recent span with the village's records
    assert "模板“自查报告”，期间 2018年，成文日期 2026年3月5日" in lines
    assert "注意：成文日期（2026年3月5日）比汇报期间（2018年）晚 8 年，请核对期间或成文日期。" in lines
    assert "主要工作成绩：材料“主要做法”（2018年），代替缺少的“工作成效”" in lines
    # a plan of 2018 in a report signed 2026: the clerk is asked whether it is still one
    assert (
        "下一步整改措施：材料“整改措施”（2018年；是2018年的打算，成文日期已是2026年，请核对是否仍是打算）"
        in lines
    )


def test_templates_manual(demo: str, tmp_path: Path) -> None:
    target = tmp_path / "字段说明.docx"
    code, out, err = run("--data-dir", demo, "templates", "manual", "-o", str(target))
    assert code == 0 and str(target) in out, err
    names = [row.cells[0].text for row in Document(str(target)).tables[0].rows]
    assert "集体荣誉" in names and "个人荣誉" in names and "|中文数字" in names


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
    code, out, err = run(
        "--data-dir", demo, "generate", "--template", "情况汇报", "--all", "--replace", "-o", str(folder)
    )
    assert code == 1 and held.read_bytes() == b"open in Word"
    assert "未能生成“东鲁派出所”：" in err and "1 个单位未能生成" in err and "共 13 份" in out


def test_generate_replaces_files_already_there_only_when_told_to(demo: str, tmp_path: Path) -> None:
    folder, merged = tmp_path / "汇报", tmp_path / "合并.docx"
    args = ("--data-dir", demo, "generate", "--template", "情况汇报", "--all", "--date", "2026-03-05")
    assert run(*args, "-o", str(folder))[0] == 0
    kept = sorted(folder.iterdir())
    for path in kept:
        path.write_bytes(b"the clerk's edited copy")
    merged.write_bytes(b"last year's bound copy")

    code, out, err = run(*args, "-o", str(folder))
    assert code == 2 and "已生成" not in out
    assert f"“{folder}”中已有 {len(kept)} 个同名文件" in err and kept[0].name in err and "--replace" in err
    assert all(path.read_bytes() == b"the clerk's edited copy" for path in kept)
    code, _, err = run(*args, "--merge", "-o", str(merged))
    assert code == 2 and merged.read_bytes() == b"last year's bound copy" and "合并.docx" in err

    code, out, err = run(*args, "--replace", "-o", str(folder))
    assert code == 0, err
    assert sorted(folder.iterdir()) == kept
    assert all(path.read_bytes().startswith(b"PK") for path in kept)


def test_a_short_name_two_units_share_is_refused_naming_both(tmp_path: Path) -> None:
    from core.db import open_database
    from core.paths import DataDir
    from core.services import Services

    data = tmp_path / "d"
    services = Services.over(open_database(DataDir(data).create()))
    for district in ("东湖区", "西湖区"):
        services.units.create({"name": f"{district}第一小学", "short_name": "第一小学", "region": district})
    services.db.dispose()
    args = ("--data-dir", str(data), "generate", "--template", "情况汇报", "--from", "2024", "--to", "2025")
    code, _out, err = run(*args, "--unit", "第一小学", "-o", str(tmp_path / "out"))
    assert code == 2 and not (tmp_path / "out").exists()
    assert "“东湖区第一小学”" in err and "“西湖区第一小学”" in err and "全称" in err
    code, _out, err = run(*args, "--unit", "西湖区第一小学", "-o", str(tmp_path / "out"))
    assert code == 0, err
    assert [p.name for p in (tmp_path / "out").iterdir()] == [
        f"西湖区第一小学-情况汇报-{dt.date.today().year}.docx"
    ]


def test_generate_for_a_unit_in_the_recycle_bin_says_so(demo: str, tmp_path: Path) -> None:
    """The records hold the unit, deleted: “没有名为…的单位” told the clerk it was never entered."""
    from core.db import open_database
    from core.paths import DataDir
    from core.services import Services

    database = open_database(DataDir(Path(demo)))
    try:
        services = Services.over(database)
        [found] = [s.unit for s in services.units.list() if s.unit.name == "口东中心幼儿园"]
        services.units.delete(found.id)
    finally:
        database.dispose()
    code, _, err = run(
        "--data-dir",
        demo,
        "generate",
        "--template",
        "情况汇报",
        "--unit",
        "口东中心幼儿园",
        "-o",
        str(tmp_path),
    )
    assert code == 2 and "单位“口东中心幼儿园”已删除（在回收站中），恢复后才能生成汇报" in err
    assert not list(tmp_path.glob("*.docx"))


class ClosedAfterFirstLine(io.StringIO):
    """Standard output piped into `head -1`: the reader leaves after the first line."""

    def write(self, text: str) -> int:
        if "\n" in self.getvalue():
            raise BrokenPipeError(32, "Broken pipe")
        return super().write(text)


def test_output_closed_by_its_reader_is_not_told_as_a_file_error_that_changed_nothing(
    demo: str, tmp_path: Path
) -> None:
    out, err = ClosedAfterFirstLine(), io.StringIO()
    folder = tmp_path / "out"
    code = cli.run(
        ["--data-dir", demo, "generate", "--template", "情况汇报", "--all", "-o", str(folder)], out, err
    )
    assert code == cli.EXIT_INTERNAL
    assert "输出被提前关闭" in err.getvalue() and "已经保存的内容不会撤回" in err.getvalue()
    assert "未做任何修改" not in err.getvalue()
