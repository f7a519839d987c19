"""Which unit each report of a file is filed under, and what the reading shows as a guess."""

from __future__ import annotations

from pathlib import Path

from tests.core.oldreports.test_import_report import report_json, run
from tests.core.oldreports.written import write_docx


def test_two_short_reports_in_one_file_are_two_documents_each_with_its_unit(tmp_path: Path) -> None:
    path = write_docx(
        tmp_path / "两篇.docx",
        [
            "东湖区第二中学2020年工作总结",
            "一、主要做法",
            "2020年，学校被市教育局评为“书香校园”。",
            "东湖区第二中学",
            "2020年12月",
            "西湖区第一幼儿园2020年工作总结",
            "一、主要做法",
            "2020年，我园被区教育局评为“平安校园”。",
            "西湖区第一幼儿园",
            "2020年12月",
        ],
    )
    code, items = report_json(str(tmp_path / "d"), str(path), "--dry-run")
    assert code == 0
    assert [(item["unit"], [h["title"] for h in item["honours"]]) for item in items] == [
        ("东湖区第二中学", ["书香校园"]),
        ("西湖区第一幼儿园", ["平安校园"]),
    ]
    assert "西湖区第一幼儿园" not in items[0]["materials"][0]["text"]


def test_a_title_and_a_signature_naming_different_units_are_shown_as_such(tmp_path: Path) -> None:
    path = write_docx(
        tmp_path / "总结.docx",
        [
            "东湖区第二中学2020年工作总结",
            "一、主要做法",
            "2020年，学校被市教育局评为“书香校园”。",
            "西湖区第一幼儿园",
            "2020年12月",
        ],
    )
    _code, (item,) = report_json(str(tmp_path / "d"), str(path), "--dry-run")
    assert any("东湖区第二中学" in note and "西湖区第一幼儿园" in note for note in item["notes"])
    _code, out, _ = run("--data-dir", str(tmp_path / "d"), "import-report", str(path), "--dry-run")
    assert "东湖区第二中学" in out and "请核对" in out


def test_the_command_line_shows_where_the_year_came_from_and_which_years_are_inferred(
    tmp_path: Path,
) -> None:
    path = write_docx(
        tmp_path / "总结.docx",
        [
            "东湖区实验小学2019年度工作总结",
            "一、主要做法",
            "去年，学校被市文明委命名为文明单位。",
        ],
    )
    _code, out, _ = run("--data-dir", str(tmp_path / "d"), "import-report", str(path), "--dry-run")
    assert "2019年（读自标题）" in out
    assert "荣誉：文明单位 | 市文明委 | 2018年（推断）" in out
