"""A sheet headed 单位名称 / 年度 / 主题 / 内容 is a materials register: its rows become work material."""

from __future__ import annotations

import io
import json
from pathlib import Path

from core import cli
from core.importing.apply import apply_import
from core.importing.register import read_register
from core.services import Services
from tests.core.importing.keeping import write_register

HEADER = ["单位名称", "年度", "主题", "内容"]
TEXT = "学校坚持立德树人根本任务。\n完善工作机制，落实主体责任。"


def test_a_materials_register_adds_materials_and_their_units(services: Services, tmp_path: Path) -> None:
    services.units.create({"name": "宁波市荷花庄小学"})
    rows: list[list[object]] = [
        ["宁波市荷花庄小学", 2021, "主要做法", TEXT],
        ["宁波市荷花庄小学", "2022年度", "工作成效", "成效显著。"],
        ["口东中心幼儿园", "2022", "特色亮点", "园本课程。"],
    ]
    register = read_register(write_register(tmp_path / "材料.xlsx", HEADER, rows))
    assert register.kind == "materials"
    result = apply_import(services.db, register)
    assert (result.counts["materials_created"], result.counts["units_created"]) == (3, 1)
    school = services.units.find_by_name("宁波市荷花庄小学")
    assert school is not None
    texts = {(m.year, m.topic): m.text for m in services.materials.list(school.id)}
    assert texts == {(2021, "主要做法"): TEXT, (2022, "工作成效"): "成效显著。"}
    kindergarten = services.units.find_by_name("口东中心幼儿园")
    assert kindergarten is not None and kindergarten.category == "幼儿园"  # inferred for the new unit

    again = apply_import(services.db, read_register(tmp_path / "材料.xlsx"))
    assert again.counts["materials_created"] == 0 and again.counts["duplicates"] == 3


def test_other_text_for_a_recorded_material_is_refused_not_overwritten(
    services: Services, tmp_path: Path
) -> None:
    unit = services.units.create({"name": "宁波市荷花庄小学"})
    services.materials.create(unit.id, {"year": 2021, "topic": "主要做法", "text": "原来的内容。"})
    path = write_register(
        tmp_path / "材料.xlsx", HEADER, [["宁波市荷花庄小学", 2021, "主要做法", "新的内容。"]]
    )
    result = apply_import(services.db, read_register(path))
    [error] = result.errors
    assert "内容不同" in error.message
    assert [m.text for m in services.materials.list(unit.id)] == ["原来的内容。"]


def test_rows_missing_a_part_are_rejected(tmp_path: Path) -> None:
    rows: list[list[object]] = [["甲小学", None, "主要做法", "内容"], ["甲小学", 2021, "主要做法", None]]
    register = read_register(write_register(tmp_path / "材料.xlsx", HEADER, rows))
    assert [[p.message for p in r.problems] for r in register.rows] == [["缺少年度"], ["缺少内容"]]


def test_the_command_line_reports_materials_guesses_and_warnings(tmp_path: Path) -> None:
    header = ["单位名称", "荣誉称号", "颁发机构名称", "获得时间"]
    path = write_register(tmp_path / "登记表.xlsx", header, [["甲小学", "文明校园", "省文明委", 2019.1]])
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(["--data-dir", str(tmp_path / "d"), "import", str(path)], out, err)
    assert code == 1, err.getvalue()  # read, but with a warning
    text = out.getvalue()
    assert "新增工作材料 0 篇" in text and "颁发机构" in text and "推断" in text and "10 月" in text
    out = io.StringIO()
    cli.run(["--data-dir", str(tmp_path / "e"), "import", str(path), "--json"], out, err)
    result = json.loads(out.getvalue())
    assert result["warnings"][0]["column"] == "获得时间" and result["materials_created"] == 0


def test_undoing_the_import_removes_its_materials_and_units(services: Services, tmp_path: Path) -> None:
    from core.importing.history import undo_batch

    path = write_register(
        tmp_path / "材料.xlsx", HEADER, [["口东中心幼儿园", 2022, "特色亮点", "园本课程。"]]
    )
    result = apply_import(services.db, read_register(path))
    assert result.batch_id is not None
    undone = undo_batch(services.db, result.batch_id)
    assert undone.materials_removed == 1 and undone.units_removed == 1
    assert services.units.list() == []
