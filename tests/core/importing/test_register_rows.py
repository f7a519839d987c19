"""Reading register rows: repeated cells converted alike, repeated headers, totals and footers skipped,
look-alikes kept."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from core.importing.apply import apply_import
from core.importing.register import read_register
from core.importing.skipping import FOOTER, TOTAL
from core.partial_date import PartialDate
from core.services import Services

HEADER = ["单位名称", "荣誉称号", "级别", "获得时间", "文号"]


def register(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    book.active.append(HEADER)
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_a_repeated_bad_cell_is_refused_on_every_row(tmp_path: Path) -> None:
    rows: list[list[object]] = [["甲", "先进", "奇怪级", 2019, None] for _ in range(3)]
    problems = [p for row in read_register(register(tmp_path / "r.xlsx", rows)).rows for p in row.problems]
    assert [(p.row, p.column) for p in problems] == [(2, "级别"), (3, "级别"), (4, "级别")]
    assert len({p.message for p in problems}) == 1 and "奇怪级" in problems[0].message


def test_equal_cells_of_different_types_are_read_by_their_type(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["甲", "先进", "市级", 2019, 1],
        ["甲", "先进", "市级", "2019年3月", True],
        ["甲", "先进", "市级", 2019, "1"],
        ["甲", "先进", "市级", "2019年3月", 1],
    ]
    read = read_register(register(tmp_path / "r.xlsx", rows)).rows
    assert [row.honour["document_no"] for row in read] == ["1", "是", "1", "1"]
    assert [row.honour["awarded"] for row in read] == [PartialDate(2019), PartialDate(2019, 3)] * 2


def test_repeated_headers_are_skipped_and_look_alikes_kept(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["甲", "先进", "市级", 2019, None],
        ["单位 名称", "荣誉称号：", "级别", None, None],  # the header again, typed a little differently
        ["单位名称*", "（必填）荣誉称号", None, None, None],
        ["单位名称有限公司", "荣誉称号", "市级", 2019, None],  # a unit whose name contains the label
        ["名称单位", "称号荣誉", "市级", 2019, None],
    ]
    result = read_register(register(tmp_path / "r.xlsx", rows))
    assert [row.number for row in result.rows] == [2, 5, 6]
    assert result.skipped == 2


def test_sign_off_footers_and_notes_are_skipped_never_errors(services: Services, tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["说明书印刷厂", "先进", "市级", 2019, None],  # a unit whose name starts like a note: kept
        ["东鲁派出所", "人民满意派出所", "市级", "2019年12月", None],
        ["合计", "2项"],
        ["填表人：王芳    审核人：陈建国    联系电话：0574-87654321"],
        [None, "制 表：李明", None, "填报日期：2020年1月"],
        ["备注：级别按授予机关填写"],
        ["说明"],
        [None, "1. 获得时间写到月；"],
        ["注1：文号可不填。"],
    ]
    register_ = read_register(register(tmp_path / "r.xlsx", rows))
    assert [row.number for row in register_.rows] == [2, 3]
    assert [(s.number, s.reason) for s in register_.skipped_rows] == [(4, TOTAL)] + [
        (number, FOOTER) for number in range(5, 11)
    ]
    result = apply_import(services.db, register_)
    assert result.errors == [] and result.counts["honours_created"] == 2
    assert result.plan is not None
    statuses = {row.number: (row.status, row.message) for row in result.plan.rows}
    assert statuses[5] == ("skipped", f"{FOOTER}，已跳过")


def test_a_signature_block_below_the_rows_is_skipped(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["东鲁派出所", "人民满意派出所", "市级", "2019年12月", None],
        ["盖章机刻制中心", "诚信单位", "市级", "2019年", None],  # a unit that names 盖章 in passing: kept
        ["单位负责人（签字）：", None, "经办人：李娜"],
        ["（单位盖章）"],
    ]
    register_ = read_register(register(tmp_path / "r.xlsx", rows))
    assert [row.number for row in register_.rows] == [2, 3]
    assert [(s.number, s.reason) for s in register_.skipped_rows] == [(4, FOOTER), (5, FOOTER)]
    for text in ("负责人签名：", "经办人：李娜", "单位(盖章)", "主要负责人 签字："):
        assert (
            read_register(register(tmp_path / "s.xlsx", [rows[0], [text]])).skipped_rows[0].reason == FOOTER
        )
