"""Rejected rows saved as an .xlsx with a 错误原因 column, ready to be corrected and imported again."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from core.errors import UserError
from core.importing.register import Register, RowProblem, read_register
from core.importing.rejects import REASON_HEADER, rejection_reasons, write_rejected_rows

HEADER = ["序号", "单位名称", "荣誉称号", "级别", "授予单位", "获得时间", "备注"]


def messy_register(path: Path) -> Path:
    """A title, a 填报单位 line, the header on row 3; rows 6 (bad date) and 7 (no unit) are rejected."""
    book = Workbook()
    sheet = book.active
    sheet.title = "荣誉登记"
    sheet.append(["江北区单位荣誉登记表"])
    sheet.merge_cells("A1:G1")
    sheet.append(["填报单位：江北区文明办", None, None, None, "填报日期：2020年1月"])
    sheet.append(HEADER)
    sheet.append([1, "宁波市荷花庄小学", "省卫生先进单位", "省级", "省爱卫会", "2008", None])  # 4
    sheet.append([2, "东鲁派出所", "人民满意派出所", "市级", "市公安局", dt.date(2019, 12, 5), None])  # 5
    sheet.append([3, "口东中心幼儿园", "市一级幼儿园", "市级", None, "2019年13月", None])  # 6
    sheet.append([4, None, "某荣誉", "省级", None, 2019, None])  # 7
    book.save(path)
    return path


def row_problems(register: Register) -> list[RowProblem]:
    return [problem for row in register.rows for problem in row.problems]


def read_back(path: Path) -> list[list[object]]:
    book = load_workbook(path)
    return [list(row) for row in book.active.iter_rows(values_only=True)]


def test_rejected_rows_keep_the_source_columns_and_add_the_reason(tmp_path: Path) -> None:
    register = read_register(messy_register(tmp_path / "登记表.xlsx"))
    register.rows[2].raw.append("=SUM(A1:A3)")  # 备注 of row 6, as text
    target = tmp_path / "错误行.xlsx"

    written = write_rejected_rows(register, row_problems(register), target)

    assert written == 2
    head, bad_date, no_unit = read_back(target)
    assert head == [*HEADER, REASON_HEADER]
    assert bad_date[:6] == [3, "口东中心幼儿园", "市一级幼儿园", "市级", None, "2019年13月"]
    assert bad_date[6] == "=SUM(A1:A3)"  # text that looks like a formula stays text
    assert "获得时间" in bad_date[7] and "13" in bad_date[7]
    assert no_unit[:6] == [4, None, "某荣誉", "省级", None, 2019]
    assert no_unit[7] == "缺少单位名称"
    sheet = load_workbook(target).active
    assert all(cell.font.bold for cell in sheet[1])
    assert not sheet["A2"].font.bold
    assert sheet["G2"].data_type == "s"  # not a formula


def test_several_problems_of_one_row_are_joined(tmp_path: Path) -> None:
    register = read_register(messy_register(tmp_path / "登记表.xlsx"))
    problems = [
        RowProblem(4, "级别", "“省”不在可选范围内"),
        RowProblem(4, "统一社会信用代码", "统一社会信用代码“123”无效"),
    ]
    target = tmp_path / "错误行.xlsx"
    assert write_rejected_rows(register, problems, target) == 1
    _head, row = read_back(target)
    assert row[1] == "宁波市荷花庄小学"
    assert row[-1] == "级别：“省”不在可选范围内；统一社会信用代码“123”无效"


def test_reasons_by_row() -> None:
    problems = [
        RowProblem(9, "单位名称", "缺少单位名称"),
        RowProblem(9, "获得时间", "月份 13 应在 1 到 12 之间"),
        RowProblem(9, "获得时间", "月份 13 应在 1 到 12 之间"),
        RowProblem(12, "级别", "“省”不在可选范围内"),
    ]
    assert rejection_reasons(problems) == {
        9: "缺少单位名称；获得时间：月份 13 应在 1 到 12 之间",
        12: "级别：“省”不在可选范围内",
    }


def test_only_xlsx_is_written(tmp_path: Path) -> None:
    register = read_register(messy_register(tmp_path / "登记表.xlsx"))
    with pytest.raises(UserError, match=r"\.xlsx"):
        write_rejected_rows(register, row_problems(register), tmp_path / "错误行.csv")
    assert not (tmp_path / "错误行.csv").exists()
