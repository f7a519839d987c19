"""generate with a summary template from the command line: --all / --category / --region, issuer, 版头."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document

from core import cli


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def data(tmp_path: Path) -> str:
    path = str(tmp_path / "d")
    assert run("--data-dir", path, "demo")[0] == 0
    add = (
        "honours",
        "add",
        "--title",
        "区级文明单位",
        "--level",
        "县区级",
        "--by",
        "区文明委",
        "--date",
        "2024-12",
    )
    assert run("--data-dir", path, *add, "--unit", "荷花庄小学", "西平县柏亭耿庄小学", "东鲁派出所")[0] == 0
    return path


def test_a_decision_for_the_schools(data: str, tmp_path: Path) -> None:
    code, out, _ = run(
        "--data-dir", data, "generate", "--template", "表彰决定", "--category", "学校", "--from", "2024", "--to",
        "2024", "--date", "2025-01-06", "--office", "东湖区文明委", "--doc-no", "东文明委〔2025〕1号", "--letterhead",
        "-o", str(tmp_path),
    )  # fmt: skip
    assert code == 0
    assert "全区学校（2 个单位）：期间内各单位的荣誉 2 项计入" in out
    assert "项不计入汇总；补填获得时间后才计入" in out and "--undated" not in out  # no option lists them
    target = tmp_path / "全区学校-表彰决定-2024.docx"  # the period's year
    assert f"已生成：{target}（汇总 2 个单位）" in out
    text = [p.text for p in Document(str(target)).paragraphs if p.text.strip()]
    assert text[:3] == ["东湖区文明委文件", "东文明委〔2025〕1号", "关于表彰2024年区级文明单位的决定"]


def test_summary_options_with_a_unit_template_are_refused(data: str, tmp_path: Path) -> None:
    code, _out, err = run(
        "--data-dir", data, "generate", "--template", "情况汇报", "--all", "--letterhead", "-o", str(tmp_path)
    )
    assert code == 2 and "只用于汇总模板" in err
    code, _out, err = run(
        "--data-dir",
        data,
        "generate",
        "--template",
        "获奖单位名单",
        "--unit",
        "东鲁派出所",
        "-o",
        str(tmp_path),
    )
    assert code == 2 and "--all、--category 或 --region" in err


def test_a_region_names_exactly_its_units(data: str, tmp_path: Path) -> None:
    """--region 东湖区 is neither 西东湖区 (another district) nor a unit recorded under 东湖区东街道: a
    list for 东湖区 that named them would speak for units the office did not choose."""
    from core.db import open_database
    from core.paths import DataDir
    from core.services import Services

    database = open_database(DataDir(Path(data)))
    units = Services.over(database).units
    for name, region in [("东湖一小", "东湖区"), ("西东湖小学", "西东湖区"), ("东街道小学", "东湖区东街道")]:
        units.create({"name": name, "region": region})
    database.dispose()
    generate = (
        "--data-dir",
        data,
        "generate",
        "--template",
        "获奖单位名单",
        "--from",
        "2000",
        "-o",
        str(tmp_path),
    )

    code, out, _ = run(*generate, "--region", "东湖区")
    assert code in (0, 1) and "东湖区（1 个单位）" in out

    code, _out, err = run(*generate, "--region", "东湖")
    assert code == 2 and "没有地区正是“东湖”的单位" in err and "东湖区、东湖区东街道、西东湖区" in err


def test_a_summary_reads_the_records_once_for_its_check_and_its_document(
    data: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """generate prints the pre-flight, then writes the document from the same fields: the units' honours
    are read once (a city's summary read them twice, a third of its time), and the document is the one
    built from fields read afresh."""
    from core.reports import summary_context

    reads: list[int] = []
    awards = summary_context._awards
    monkeypatch.setattr(summary_context, "_awards", lambda *a: reads.append(1) or awards(*a))
    args = ("generate", "--template", "全区文明创建工作情况汇报", "--all", "--from", "2022", "--to", "2024",
            "--date", "2025-01-06", "--office", "东湖区文明委")  # fmt: skip
    code, out, _ = run("--data-dir", data, *args, "-o", str(tmp_path / "once.docx"))
    assert code == 0 and "生成前检查" in out
    assert len(reads) == 1
    monkeypatch.setattr("core.reports.summary_generate.prepared_summary", lambda plan: None)
    assert run("--data-dir", data, *args, "-o", str(tmp_path / "twice.docx"))[0] == 0
    assert len(reads) == 3

    def text(path: Path) -> list[str]:
        document = Document(str(path))
        cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
        return [p.text for p in document.paragraphs] + cells

    assert text(tmp_path / "once.docx") == text(tmp_path / "twice.docx")
    assert "新获文明创建称号" in "".join(text(tmp_path / "once.docx"))
