"""What the preview shows and lets the clerk change: each column's destination, inferred levels and
categories changed one by one or several at once, and kept through a new check."""

from __future__ import annotations

from pathlib import Path

from core.importing.apply import apply_import, preview_import
from core.importing.register import read_register
from core.importing.review import LEVEL, choices, choose, column_destinations, inferred_values, reapply
from core.services import Services
from tests.core.importing.keeping import write_register

HEADER = ["序号", "单位名称", "获奖名称", "授奖单位", "颁发机构名称", "指导教师"]
ROWS: list[list[object]] = [
    [1, "杭州市文三街小学", "浙江省文明校园", "浙江省文明委", None, "王丽"],
    [2, "杭州市文三街小学", "区优秀少先队集体", "团区委", None, None],
    [3, "西湖区某某", "市级先进集体", "市委", None, None],
]


def test_every_column_says_where_it_goes(tmp_path: Path) -> None:
    register = read_register(write_register(tmp_path / "r.xlsx", HEADER, ROWS))
    destinations = {d.label: (d.destination, d.how) for d in column_destinations(register)}
    assert destinations["序号"] == ("序号（不导入）", "按表头")
    assert destinations["授奖单位"] == ("荣誉·授予单位", "按表头")
    assert destinations["颁发机构名称"] == (
        "荣誉的其他信息“颁发机构名称”",
        "其他信息",
    )  # a second body column
    [second] = [d for d in column_destinations(register) if d.label == "颁发机构名称"]
    assert "第 4 列已是“荣誉·授予单位”" in second.note
    assert destinations["指导教师"] == ("荣誉的其他信息“指导教师”", "其他信息")


def test_inferred_values_are_listed_and_changed(services: Services, tmp_path: Path) -> None:
    register = read_register(write_register(tmp_path / "r.xlsx", HEADER, ROWS))
    plan = preview_import(services.db, register)
    items = inferred_values(register, plan)
    levels = {i.subject: (i.value, i.rule) for i in items if i.kind == LEVEL}
    assert levels["杭州市文三街小学：浙江省文明校园"][0] == "省级"
    assert "浙江省" in levels["杭州市文三街小学：浙江省文明校园"][1]
    assert levels["杭州市文三街小学：区优秀少先队集体"][0] == "县区级"
    categories = {i.subject: (i.value, i.rows) for i in items if i.kind == "category"}
    assert categories == {"杭州市文三街小学": ("学校", (2, 3))}  # 西湖区某某 says no category

    # several levels at once, then one category by itself
    choose(register, plan, [i for i in items if i.kind == LEVEL], "市级")
    choose(register, plan, [i for i in items if i.kind == "category"], "其他")
    assert {i.value for i in inferred_values(register, plan)} == {"市级", "其他"}
    assert all(i.rule == "手动指定" for i in inferred_values(register, plan))

    apply_import(services.db, register)
    assert {h.level for h in services.honours.list()} == {"市级"}
    assert services.units.find_by_name("杭州市文三街小学").category == "其他"  # type: ignore[union-attr]


def test_a_new_check_keeps_what_was_chosen(services: Services, tmp_path: Path) -> None:
    path = write_register(tmp_path / "r.xlsx", HEADER, ROWS)
    register = read_register(path)
    plan = preview_import(services.db, register)
    [first, *_] = [i for i in inferred_values(register, plan) if i.kind == LEVEL]
    choose(register, plan, [first], None)
    kept = choices(register)
    again = read_register(path)
    plan = preview_import(services.db, again)
    reapply(again, plan, kept)
    [row] = [r for r in again.rows if r.number == first.rows[0]]
    assert row.honour["level"] is None
    apply_import(services.db, again)
    assert {h.title: h.level for h in services.honours.list()}["浙江省文明校园"] is None
