"""Which unit a register row names: a short name two units share names neither of them."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from core.importing.apply import apply_import
from core.importing.register import read_register
from core.services import HonourFilter, Services


def register(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    book = Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


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
