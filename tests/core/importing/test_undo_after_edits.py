"""Undoing an import after the clerk has edited what it filled in: the clerk's edit stays, and is named."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import select

from core.importing.apply import apply_import
from core.importing.history import undo_batch
from core.importing.register import read_register
from core.models import Material
from core.services import Services
from tests.core.oldreports.test_import_report import report_json


def unit_register(path: Path) -> Path:
    book = Workbook()
    book.active.append(["单位名称", "地址", "联系电话"])
    book.active.append(["东湖区实验小学", "东湖路1号", "0574-1111"])
    book.save(path)
    return path


def test_a_field_edited_after_the_import_is_kept_by_its_undo(services: Services, tmp_path: Path) -> None:
    unit = services.units.create({"name": "东湖区实验小学"})
    result = apply_import(services.db, read_register(unit_register(tmp_path / "单位.xlsx")))
    imported = services.units.get(unit.id)
    assert (imported.address, imported.phone) == ("东湖路1号", "0574-1111")
    services.units.update(unit.id, {"address": "东湖路2号"}, expected_version=imported.version)

    undone = undo_batch(services.db, result.batch_id)  # type: ignore[arg-type]
    after = services.units.get(unit.id)
    assert after.address == "东湖路2号"  # typed by the clerk after the import
    assert after.phone is None  # only the import wrote it
    assert any("东湖区实验小学" in line and "地址" in line and "东湖路2号" in line for line in undone.kept)


def test_a_material_edited_after_an_old_report_extended_it_is_kept_by_the_undo(tmp_path: Path) -> None:
    from core.db import open_database
    from core.paths import DataDir
    from tests.core.oldreports.test_import_report import run

    data = tmp_path / "d"
    run("--data-dir", str(data), "demo")
    text = tmp_path / "荷花庄小学2009年补充材料.txt"
    body = (
        "荷花庄小学2009年度工作总结\n一、主要做法\n学校开展“{}”读书节活动。\n宁波市荷花庄小学\n2009年12月\n"
    )
    text.write_text(body.format("书香校园"), encoding="utf-8")
    report_json(str(data), str(text))
    text.write_text(body.format("经典诵读"), encoding="utf-8")
    _code, (extended,) = report_json(str(data), str(text))
    assert extended["materials_extended"] == 1
    database = open_database(DataDir(data))
    try:
        with database.session(write=True) as session:
            material = session.scalars(select(Material).where(Material.text.contains("读书节"))).one()
            material.text += "\n（办公室补充的一段）"
        undone = undo_batch(database, extended["batch_id"])
        with database.session() as session:
            kept = session.scalars(select(Material).where(Material.text.contains("读书节"))).one().text
    finally:
        database.dispose()
    assert "经典诵读" in kept and "办公室补充的一段" in kept
    assert any("荷花庄小学" in line and "工作材料" in line for line in undone.kept)


def honour_register(path: Path) -> Path:
    book = Workbook()
    book.active.append(["单位名称", "荣誉称号", "授予单位", "获得时间"])
    book.active.append(["东湖区新学校", "文明校园", "区文明委", "2021"])
    book.active.append(["东湖区新学校", "书香校园", "区教育局", "2021"])
    book.save(path)
    return path


def test_an_honour_given_a_certificate_after_the_import_is_kept_by_its_undo(
    services: Services, tmp_path: Path
) -> None:
    from PIL import Image

    result = apply_import(services.db, read_register(honour_register(tmp_path / "荣誉.xlsx")))
    honours = {h.title: h for h in services.honours.list()}
    scan = tmp_path / "证书.png"
    Image.new("RGB", (40, 30), "white").save(scan)
    services.attachments.add(honours["文明校园"].id, scan)

    undone = undo_batch(services.db, result.batch_id)  # type: ignore[arg-type]
    assert [h.title for h in services.honours.list()] == ["文明校园"]
    assert len(services.attachments.list(honours["文明校园"].id)) == 1
    assert services.units.find_by_name("东湖区新学校") is not None  # it holds the kept honour
    assert any("文明校园" in line and "保留" in line for line in undone.kept)
    assert undone.honours_removed == 1


def test_a_unit_the_import_created_and_the_clerk_then_filled_in_is_kept_by_its_undo(
    services: Services, tmp_path: Path
) -> None:
    result = apply_import(services.db, read_register(honour_register(tmp_path / "荣誉.xlsx")))
    unit = services.units.find_by_name("东湖区新学校")
    assert unit is not None
    services.units.update(unit.id, {"phone": "0574-5555"}, expected_version=unit.version)

    undone = undo_batch(services.db, result.batch_id)  # type: ignore[arg-type]
    assert services.honours.list() == []
    kept = services.units.find_by_name("东湖区新学校")
    assert kept is not None and kept.phone == "0574-5555"
    assert any("东湖区新学校" in line and "保留" in line for line in undone.kept)
