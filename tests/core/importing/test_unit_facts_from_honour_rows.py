"""An honour register's unit columns (类别, 地址, 联系电话 …) for a unit already recorded: they fill its
empty fields, never overwrite a filled one (a differing value is a conflict the preview shows), and
undoing the import empties them again."""

from __future__ import annotations

import io
import json
from pathlib import Path

from core import cli
from core.importing.apply import apply_import
from core.importing.history import undo_batch
from core.importing.register import read_register
from core.services import Services
from tests.core.importing.keeping import write_register

HEADER = ["单位名称", "荣誉称号", "获得时间", "单位类别", "地址", "联系电话"]


def unit_of(services: Services, name: str):  # type: ignore[no-untyped-def]
    unit = services.units.find_by_name(name)
    assert unit is not None
    return unit


def test_honour_rows_fill_the_empty_fields_of_an_existing_unit_and_undo_empties_them(
    services: Services, tmp_path: Path
) -> None:
    services.units.create({"name": "甲小学", "category": "学校"})
    path = write_register(
        tmp_path / "荣誉.xlsx",
        HEADER,
        [
            ["甲小学", "文明校园", 2020, "幼儿园", "江北区人民路 1 号", "0574-87654321"],
            ["甲小学", "绿色学校", 2021, None, "江北区人民路 9 号", None],
        ],
    )
    result = apply_import(services.db, read_register(path))
    assert result.counts["honours_created"] == 2 and result.counts["units_updated"] == 1
    unit = unit_of(services, "甲小学")
    assert (unit.category, unit.address, unit.phone) == ("学校", "江北区人民路 1 号", "0574-87654321")

    conflicts = {(w["row"], w["column"]): w["message"] for w in result.as_json()["warnings"]}
    assert set(conflicts) == {(2, "单位类别"), (3, "地址")}
    assert "“学校”" in conflicts[(2, "单位类别")] and "“幼儿园”" in conflicts[(2, "单位类别")]
    assert "“江北区人民路 1 号”" in conflicts[(3, "地址")] and "保留原记录" in conflicts[(3, "地址")]
    rows = {row.number: row.message for row in result.plan.rows}  # type: ignore[union-attr]
    assert rows[2] == "新增荣誉“文明校园”；补充单位地址、联系电话"

    undo_batch(services.db, result.batch_id)  # type: ignore[arg-type]
    unit = unit_of(services, "甲小学")
    assert (unit.category, unit.address, unit.phone) == ("学校", None, None)
    assert services.honours.list() == []


def test_a_dry_run_shows_the_fills_and_conflicts_and_changes_nothing(
    services: Services, tmp_path: Path
) -> None:
    services.units.create({"name": "乙幼儿园", "phone": "111"})
    path = write_register(
        tmp_path / "荣誉.xlsx", HEADER, [["乙幼儿园", "平安校园", 2022, "幼儿园", "某路", "222"]]
    )
    result = apply_import(services.db, read_register(path), dry_run=True)
    assert not result.applied and result.counts["units_updated"] == 1
    [conflict] = result.plan.warnings  # type: ignore[union-attr]
    assert conflict.row == 2 and conflict.column == "联系电话" and "“111”" in conflict.message
    unit = unit_of(services, "乙幼儿园")
    assert (unit.category, unit.address, unit.phone) == (None, None, "111")


def test_rows_that_only_repeat_the_records_change_nothing(services: Services, tmp_path: Path) -> None:
    services.units.create({"name": "丙中学", "category": "学校", "address": "某路", "phone": "1"})
    path = write_register(tmp_path / "荣誉.xlsx", HEADER, [["丙中学", "书香校园", 2023, "学校", "某路", "1"]])
    result = apply_import(services.db, read_register(path))
    assert result.counts["units_updated"] == 0 and result.as_json()["warnings"] == []


def test_the_command_line_names_the_conflict_and_exits_with_warnings(tmp_path: Path) -> None:
    path = write_register(tmp_path / "荣誉.xlsx", HEADER, [["丁村", "文明村", 2020, "村", "丁村路", "9"]])
    data = ["--data-dir", str(tmp_path / "数据")]
    out = io.StringIO()
    assert cli.run([*data, "import", str(path)], out, io.StringIO()) == 0  # creates 丁村 with its facts
    second = write_register(
        tmp_path / "荣誉2.xlsx", HEADER, [["丁村", "卫生村", 2021, None, "丁村新路", None]]
    )
    out = io.StringIO()
    assert cli.run([*data, "import", str(second), "--json"], out, io.StringIO()) == 1
    [warning] = json.loads(out.getvalue())["warnings"]
    assert warning["row"] == 2 and warning["column"] == "地址" and "“丁村路”" in warning["message"]


def test_a_short_name_the_import_gave_is_searched_by_pinyin_until_the_import_is_undone(
    services: Services, tmp_path: Path
) -> None:
    services.units.create({"name": "宁波市荷花庄小学"})
    path = write_register(
        tmp_path / "荣誉.xlsx", ["单位名称", "简称", "荣誉称号"], [["宁波市荷花庄小学", "荷小", "文明校园"]]
    )
    result = apply_import(services.db, read_register(path))
    assert services.units.fill_pending_keys() == 1  # the import left the keys to the next command
    assert [found.unit.name for found in services.units.search("hx")] == ["宁波市荷花庄小学"]

    undo_batch(services.db, result.batch_id)  # type: ignore[arg-type]
    assert unit_of(services, "宁波市荷花庄小学").short_name is None
    assert services.units.fill_pending_keys() == 1
    assert services.units.search("hx") == []
    assert [found.unit.name for found in services.units.search("hhz")] == ["宁波市荷花庄小学"]
