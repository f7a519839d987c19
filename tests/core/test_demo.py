import json

from sqlalchemy import func, select

from core.demo import DEMO_FILE, load_demo
from core.models import ChangeLog, Honour, Material, Unit
from core.services import Services

SEED_UNITS = [
    "宁波市荷花庄小学",
    "西平县柏亭耿庄小学",
    "甘垛镇荷花村",
    "金水区市政管理局",
    "口东中心幼儿园",
    "东鲁派出所",
    "长治市工商行政管理局城区分局",
]


def table_counts(services: Services) -> tuple[int, ...]:
    with services.db.session() as session:
        return tuple(
            session.scalar(select(func.count()).select_from(model)) or 0
            for model in (Unit, Honour, Material, ChangeLog)
        )


def test_demo_holds_the_seed_units_with_their_honours_and_materials(services: Services) -> None:
    result = load_demo(services)
    summaries = {s.unit.name: s for s in services.units.list()}
    assert len(summaries) >= 8
    assert set(SEED_UNITS) <= set(summaries)
    assert any("实验幼儿园" in name for name in summaries)

    source = {u["name"]: u for u in json.loads(DEMO_FILE.read_text(encoding="utf-8"))["units"]}
    for name, record in source.items():
        assert summaries[name].honour_count == len(record["honours"]), name
        assert len(services.materials.list(summaries[name].unit.id)) == len(record["materials"]), name
    assert result.honours_created == sum(len(u["honours"]) for u in source.values())

    school = summaries["宁波市荷花庄小学"].unit
    assert school.founded is not None and (school.founded.year, school.founded.month) == (1989, 9)
    assert school.staff_count == 43
    assert "全国书法艺术教育实验学校" in [h.title for h in services.honours.list()]


def test_loading_twice_changes_nothing(services: Services) -> None:
    first = load_demo(services)
    assert first.changed
    before = table_counts(services)
    second = load_demo(services)
    assert not second.changed
    assert table_counts(services) == before


def test_demo_fills_in_around_existing_records(services: Services) -> None:
    services.units.create({"name": "东鲁派出所", "leader": "已有负责人"})
    load_demo(services)
    unit = services.units.find_by_name("东鲁派出所")
    assert unit is not None and unit.leader == "已有负责人"
    assert next(s for s in services.units.list() if s.unit.id == unit.id).honour_count > 0
