"""Which unit each report of a file is filed under, and what the reading shows as a guess."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

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


def test_an_honour_table_keeps_its_own_level_and_document_number(tmp_path: Path) -> None:
    path = write_docx(
        tmp_path / "总结.docx",
        [
            "东湖区实验小学2021年度工作总结",
            "一、工作成效",
            "学校荣誉如下：",
            [
                ["序号", "获奖时间", "荣誉称号", "级别", "授予单位", "文号"],
                ["1", "2021年10月", "浙江省绿色学校", "省级", "浙江省教育厅", "浙教〔2021〕12号"],
                ["2", "2021.6", "优秀组织奖", "市级", "区教育局", ""],
                ["3", "2021", "安全文明校园", "未定级", "东湖区人民政府", ""],
                ["4", "2021", "书香校园", "", "东湖区教育局", ""],
            ],
            "东湖区实验小学",
            "2021年12月20日",
        ],
    )
    data = str(tmp_path / "d")
    _code, (item,) = report_json(data, str(path), "--dry-run")
    honours = {h["title"]: h for h in item["honours"]}
    assert honours["优秀组织奖"]["level"] == "市级"  # as the table says, not inferred from 区教育局
    assert honours["安全文明校园"]["level"] is None
    assert honours["书香校园"]["level"] == "县区级"  # the table gives none: inferred
    assert honours["浙江省绿色学校"]["document_no"] == "浙教〔2021〕12号"
    report_json(data, str(path))
    run("--data-dir", data, "export", str(tmp_path / "out.xlsx"))
    sheet = load_workbook(tmp_path / "out.xlsx")["荣誉"]
    header = [cell.value for cell in sheet[1]]
    rows = [
        dict(zip(header, (cell.value for cell in row), strict=False)) for row in sheet.iter_rows(min_row=2)
    ]
    green = next(row for row in rows if row["荣誉称号"] == "浙江省绿色学校")
    assert green["文号"] == "浙教〔2021〕12号"


def test_the_command_line_marks_an_inferred_level(tmp_path: Path) -> None:
    path = write_docx(
        tmp_path / "总结.docx", ["东湖区实验小学2021年度工作总结", "2021年，学校被区教育局评为先进集体。"]
    )
    _code, out, _ = run("--data-dir", str(tmp_path / "d"), "import-report", str(path), "--dry-run")
    assert "荣誉：先进集体 | 区教育局 | 2021年 | 县区级（推断）" in out
    _code, (item,) = report_json(str(tmp_path / "d"), str(path), "--dry-run")
    assert item["honours"][0]["level_inferred"] is True
