"""Which unit a register row names: a short name two units share names neither of them."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import Workbook

from core.importing.apply import apply_import
from core.importing.register import read_register
from core.services import HonourFilter, Services
from tests.core.importing.test_import_writing import register as one_sheet


def register(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    return one_sheet(path, rows, header)


def test_a_short_name_two_units_share_is_refused_naming_both(services: Services, tmp_path: Path) -> None:
    east = services.units.create({"name": "东湖区实验小学", "short_name": "实验小学"})
    west = services.units.create({"name": "西湖区实验小学", "short_name": "实验小学"})
    path = register(
        tmp_path / "荣誉.xlsx",
        ["单位名称", "荣誉称号", "授予单位", "获得时间"],
        [["实验小学", "绿色学校", "市教育局", "2022"], ["东湖区实验小学", "书香校园", "区教育局", "2022"]],
    )
    result = apply_import(services.db, read_register(path))
    assert result.counts["honours_created"] == 1 and result.counts["units_created"] == 0
    assert [(e.row, e.column) for e in result.errors] == [(2, "单位名称")]
    message = result.errors[0].message
    assert "东湖区实验小学" in message and "西湖区实验小学" in message
    assert [h.title for h in services.honours.list(HonourFilter(unit_id=east.id))] == ["书香校园"]
    assert services.honours.list(HonourFilter(unit_id=west.id)) == []


def test_a_short_name_one_unit_has_still_names_it(services: Services, tmp_path: Path) -> None:
    east = services.units.create({"name": "东湖区实验小学", "short_name": "实验小学"})
    services.units.create({"name": "西湖区实验小学", "short_name": "西湖实小"})
    path = register(
        tmp_path / "荣誉.xlsx",
        ["单位名称", "荣誉称号", "授予单位", "获得时间"],
        [["实验小学", "绿色学校", "市教育局", "2022"]],
    )
    result = apply_import(services.db, read_register(path))
    assert result.counts["honours_created"] == 1 and not result.errors
    assert [h.title for h in services.honours.list(HonourFilter(unit_id=east.id))] == ["绿色学校"]


def test_a_unit_register_replacing_recorded_values_names_old_and_new(
    services: Services, tmp_path: Path
) -> None:
    from tests.core.oldreports.test_import_report import run

    data = tmp_path / "d"
    run("--data-dir", str(data), "units")  # an empty database
    from core.db import open_database
    from core.paths import DataDir

    database = open_database(DataDir(data))
    try:
        Services.over(database).units.create({"name": "东湖区实验小学", "phone": "0574-1111"})
    finally:
        database.dispose()
    path = register(
        tmp_path / "单位.xlsx",
        ["单位名称", "联系电话", "负责人"],
        [["东湖区实验小学", "0574-1234", "王一"]],
    )
    code, out, _ = run("--data-dir", str(data), "import", str(path), "--dry-run")
    assert code == 0
    assert "联系电话由“0574-1111”改为“0574-1234”" in out
    assert "负责人" not in out  # filling an empty field replaces nothing
    _, out, _ = run("--data-dir", str(data), "import", str(path), "--dry-run", "--json")
    assert (
        json.loads(out)["replaced"][0]["message"]
        == "单位“东湖区实验小学”的联系电话由“0574-1111”改为“0574-1234”"
    )

    preview = apply_import(services.db, read_register(path), dry_run=True)
    assert preview.plan is not None and preview.plan.rows[0].message == "新增单位"
    services.units.create({"name": "东湖区实验小学", "phone": "0574-1111"})
    preview = apply_import(services.db, read_register(path), dry_run=True)
    assert preview.plan is not None
    assert preview.plan.rows[0].message == "更新：联系电话（由“0574-1111”改为“0574-1234”）、负责人（补填）"


def test_an_honour_recorded_with_another_year_or_body_is_added_with_a_warning(
    services: Services, tmp_path: Path
) -> None:
    school = services.units.create({"name": "东湖区第二中学"})
    services.honours.create(school.id, {"title": "平安校园", "awarded": "2021", "awarded_by": "区教育局"})
    services.honours.create(school.id, {"title": "文明单位", "awarded_by": "市文明委"})
    path = register(
        tmp_path / "荣誉.xlsx",
        ["单位名称", "荣誉称号", "授予单位", "获得时间"],
        [
            ["东湖区第二中学", "平安校园", "东湖区教育局", "2021"],
            ["东湖区第二中学", "文明单位", "宁波市文明委", "2021"],
            ["东湖区第二中学", "书香校园", "区教育局", "2021"],
        ],
    )
    result = apply_import(services.db, read_register(path), dry_run=True)
    assert result.plan is not None and result.counts["honours_created"] == 3
    warned = {w.row: w.message for w in result.plan.warnings}
    assert set(warned) == {2, 3}
    assert "已有荣誉“平安校园”（2021年，区教育局），本行（2021年，东湖区教育局）" in warned[2]
    assert "已有荣誉“文明单位”（未记年份，市文明委）" in warned[3]
    assert [row.message.endswith("（库中有相近的一项，见提醒）") for row in result.plan.rows] == [
        True,
        True,
        False,
    ]


def test_a_row_naming_its_unit_by_short_name_says_which_unit_it_goes_to(
    services: Services, tmp_path: Path
) -> None:
    services.units.create({"name": "东湖区第二中学", "short_name": "二中"})
    path = register(
        tmp_path / "荣誉.xlsx",
        ["单位名称", "荣誉称号", "授予单位", "获得时间"],
        [["二中", "书香校园", "区教育局", "2022"], ["东湖区 第二中学", "平安校园", "区教育局", "2022"]],
    )
    result = apply_import(services.db, read_register(path), dry_run=True)
    assert result.plan is not None
    assert [row.message for row in result.plan.rows] == [
        "新增荣誉“书香校园”（归入单位“东湖区第二中学”）",
        "新增荣誉“平安校园”",
    ]


def test_a_year_only_in_the_sheet_name_is_not_given_to_the_honours_but_pointed_out(
    services: Services, tmp_path: Path
) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "2021年荣誉"
    sheet.append(["东湖区各单位荣誉登记表"])
    sheet.append(["单位名称", "荣誉称号", "授予单位"])
    sheet.append(["东湖区实验小学", "文明校园", "区文明委"])
    book.save(tmp_path / "荣誉.xlsx")
    result = apply_import(services.db, read_register(tmp_path / "荣誉.xlsx"))
    assert [h.awarded for h in services.honours.list()] == [None]  # never invented from the sheet name
    assert result.plan is not None
    (warning,) = result.plan.warnings
    assert warning.row == 2 and "获得时间" in warning.message
    assert "工作表名“2021年荣誉”" in warning.message and "不记年份" in warning.message


def test_a_register_with_a_date_column_or_no_year_anywhere_gets_no_such_warning(
    services: Services, tmp_path: Path
) -> None:
    dated = register(
        tmp_path / "a.xlsx", ["单位名称", "荣誉称号", "获得时间"], [["甲小学", "文明校园", "2021"]]
    )
    plain = register(tmp_path / "b.xlsx", ["单位名称", "荣誉称号"], [["甲小学", "文明校园"]])
    assert read_register(dated).warnings == [] and read_register(plain).warnings == []


def test_rows_under_a_header_with_other_columns_mid_sheet_are_refused_not_misread(
    services: Services, tmp_path: Path
) -> None:
    path = register(
        tmp_path / "荣誉.xlsx",
        ["单位名称", "荣誉称号", "授予单位", "获得时间"],
        [
            ["东湖区实验小学", "文明校园", "区文明委", "2021"],
            ["荣誉称号", "单位名称", "授予单位", "获得时间"],  # the columns change here
            ["书香校园", "东湖区第二中学", "区教育局", "2022"],
            ["平安校园", "东湖区第二中学", "区政法委", "2022年5月"],
            ["学校名称", "奖项名称", "颁发单位", "时间"],  # the first layout again, in other words
            ["东湖区第一幼儿园", "优秀组织奖", "区教育局", "2022"],
        ],
    )
    result = apply_import(services.db, read_register(path))
    assert sorted(s.unit.name for s in services.units.list()) == ["东湖区实验小学", "东湖区第一幼儿园"]
    assert {h.title for h in services.honours.list()} == {"文明校园", "优秀组织奖"}
    assert [e.row for e in result.errors] == [4, 5]
    assert all("第 3 行" in e.message and "表头" in e.message for e in result.errors)
    skipped = {s.number: s.reason for s in result.plan.register.skipped_rows}  # type: ignore[union-attr]
    assert "表头" in skipped[3] and "表头" in skipped[6]


def test_a_new_unit_whose_name_is_part_of_another_is_created_but_pointed_out(
    services: Services, tmp_path: Path
) -> None:
    services.units.create({"name": "东湖区实验小学"})
    path = register(
        tmp_path / "荣誉.xlsx",
        ["单位名称", "荣誉称号", "授予单位", "获得时间"],
        [
            ["实验小学 ", "绿色学校", "市教育局", "2022"],
            ["宁波市东湖区第二中学", "书香校园", "区教育局", "2022"],
            ["东湖区第二中学", "平安校园", "区教育局", "2022"],
            ["东湖区第三中学", "平安校园", "区教育局", "2022"],
        ],
    )
    result = apply_import(services.db, read_register(path), dry_run=True)
    assert result.plan is not None and result.counts["units_created"] == 4  # nothing merged by guess
    warned = {w.row: w.message for w in result.plan.warnings}
    assert set(warned) == {2, 3, 4}
    assert "“实验小学”" in warned[2] and "“东湖区实验小学”" in warned[2] and "同一单位" in warned[2]
    assert "“东湖区第二中学”" in warned[3] and "“宁波市东湖区第二中学”" in warned[4]
