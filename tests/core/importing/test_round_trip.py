"""An export comes back whole: imported into an empty database it gives the same records, field for field."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from sqlalchemy import delete, func, select

from core.db import Database, open_database
from core.demo import load_demo
from core.export import export_all
from core.importing.apply import apply_import
from core.importing.workbook import read_registers
from core.models import Honour, Unit
from core.partial_date import PartialDate
from core.paths import DataDir
from core.services import Services
from tests.conftest import REPO, make_credit_code
from tests.core.importing.roundtrip import import_export, snapshot


def empty_database(folder: Path) -> Database:
    return open_database(DataDir(folder).create())


def test_demo_data_with_every_field_comes_back_whole(services: Services, tmp_path: Path) -> None:
    load_demo(services)
    unit = services.units.create(
        {
            "name": "宁波市荷花庄小学附属幼儿园",
            "credit_code": make_credit_code(),
            "land_area_m2": 6666.67,
            "staff_count": 25,
            # 截至: the figures' own date, as an old report's import keeps it (core/figure_dates.py)
            "extra": {
                "校园网址": "www.hhz.cn",
                "办学性质": "公办",
                "截至": "职工人数、占地面积：2021年12月20日",
            },
            "former_names": [
                {"name": "荷花庄小学附属幼儿班", "until": "2009"},
                {"name": "宁波市江东区荷花庄幼儿园", "until": "2016-08"},
            ],
            "region": "浙江省宁波市鄞州区",
            "former_regions": [{"name": "浙江省宁波市江东区", "until": "2016-08"}],
        }
    )
    services.honours.create(
        unit.id,
        {
            "title": "全国青少年书法大赛",
            "grade": "一等奖",
            "level": "国家级",
            "awarded_by": "中国书法家协会",
            "awarded": "2021-10",
            "document_no": "中书协〔2021〕8号",
            "certificate_no": "SF-2021-00123",
            "recipient": "李想",
            "valid_until": "2027-12-31",
            "status": "待复查",
            "category": "文化艺术",
            "notes": "指导教师获优秀指导奖\n证书原件存档案室",
            "extra": {"指导教师": "王丽", "作品名称": "春江花月夜"},
        },
    )
    services.honours.create(unit.id, {"title": "校园文化建设优秀单位"})  # no level, no date, no body
    source = snapshot(services.db)
    path = tmp_path / "导出.xlsx"
    counts = export_all(services.db, path)
    assert counts.materials == len(source["materials"]) > 0

    target = empty_database(tmp_path / "second")
    results = import_export(target, path)
    assert [r["units_created"] for r in results] == [len(source["units"]), 0, 0]
    assert results[1]["honours_created"] == len(source["honours"])
    assert results[2]["materials_created"] == len(source["materials"])
    assert snapshot(target) == source


def test_user_text_that_looks_like_formulas_comes_back_as_text(services: Services, tmp_path: Path) -> None:
    for name in ("=1+1", "+86 单位", "-5 单位", "@单位", '=HYPERLINK("http://x","点击")'):
        unit = services.units.create({"name": name, "phone": "=2+3", "leader": "@王"})
        services.honours.create(unit.id, {"title": "=cmd|' /C calc'!A0", "document_no": "-1+1号"})
    path = tmp_path / "导出.xlsx"
    export_all(services.db, path)

    from openpyxl import load_workbook

    book = load_workbook(path)
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]
    assert all(c.data_type != "f" for c in cells)  # not one formula in the file
    target = empty_database(tmp_path / "second")
    import_export(target, path)
    assert snapshot(target) == snapshot(services.db)


def test_control_characters_never_stop_an_export(services: Services, tmp_path: Path) -> None:
    with services.db.session(write=True) as session:  # as an old import or another program left them
        session.add(Unit(name="荷花\x07庄小学", name_key="荷花\x07庄小学", extra={"备\x01注": "a\x0bb"}))
    path = tmp_path / "导出.xlsx"
    assert export_all(services.db, path).units == 1
    target = empty_database(tmp_path / "second")
    import_export(target, path)
    [row] = snapshot(target)["units"]
    assert row[0] == "荷花\ufffd庄小学"


def load_bigdb():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("bigdb", REPO / "bench" / "bigdb.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_generated_city_database_comes_back_whole(tmp_path: Path) -> None:
    bigdb = load_bigdb()
    source_dir = bigdb.build(tmp_path / "city", units=150, honours=1500, materials=300)
    source = open_database(source_dir)
    _drop_duplicates(source)
    expected = snapshot(source)
    assert len(expected["honours"]) > 1400 and len(expected["materials"]) == 300
    path = tmp_path / "城市导出.xlsx"
    export_all(source, path)

    target = empty_database(tmp_path / "second")
    import_export(target, path)
    assert snapshot(target) == expected
    source.dispose()
    target.dispose()


def _drop_duplicates(database: Database) -> None:
    """bigdb inserts in bulk, past the rule that a unit holds one honour per title and year (and body);
    an import keeps that rule, so the few random repeats are removed before comparing."""
    with database.session(write=True) as session:
        keep = (
            select(func.min(Honour.id))
            .group_by(Honour.unit_id, Honour.title_key, Honour.awarded_year, Honour.awarded_by)
            .scalar_subquery()
        )
        session.execute(delete(Honour).where(Honour.id.not_in(keep)))


def test_partial_dates_keep_their_precision(services: Services, tmp_path: Path) -> None:
    unit = services.units.create({"name": "甘垛镇荷花村", "founded": "1958"})
    for awarded in ("2016", "2016-05", "2016-05-20"):
        services.honours.create(unit.id, {"title": f"文明村{awarded}", "awarded": awarded})
    path = tmp_path / "导出.xlsx"
    export_all(services.db, path)
    target = empty_database(tmp_path / "second")
    import_export(target, path)
    dates = {h.title: h.awarded for h in Services.over(target).honours.list()}
    assert dates == {
        "文明村2016": PartialDate(2016),
        "文明村2016-05": PartialDate(2016, 5),
        "文明村2016-05-20": PartialDate(2016, 5, 20),
    }


def test_office_registers_once_imported_come_back_whole(services: Services, tmp_path: Path) -> None:
    """Persons' honours (获得者), terms (有效期), notes, 文号, and levels and categories marked 推断 by an
    import come back from the export as they were."""
    from tests.core.importing.office_registers import OFFICE_REGISTERS

    for name in ("persons", "terms", "level_sheets", "no_levels"):
        builder, file_name, _ = OFFICE_REGISTERS[name]
        apply_import(services.db, read_registers(builder(tmp_path / file_name)))
    source = snapshot(services.db)
    assert any("级别推断" in dict(h[-1]) for h in source["honours"])
    path = tmp_path / "导出.xlsx"
    export_all(services.db, path)
    target = empty_database(tmp_path / "second")
    import_export(target, path)
    assert snapshot(target) == source
