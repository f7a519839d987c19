"""Units listed by name follow the phrase reading; keys from an older program are recomputed once."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import update

from core.models import ChangeLog, Unit
from core.pinyin_keys import KEY_VERSION
from core.services import Services


def names_in_order(services: Services) -> list[str]:
    ids = services.units.listing(sort="name")
    rows = services.units.rows(ids)
    return [rows[unit_id].name for unit_id in ids]


def test_listing_by_name_reads_place_names_as_said(services: Services) -> None:
    for name in ("靖远县第一中学", "长治市第一中学", "金水区实验小学", "重庆市巴蜀中学", "宁波市荷花庄小学"):
        services.units.create({"name": name})
    assert names_in_order(services) == [
        "长治市第一中学",
        "重庆市巴蜀中学",
        "金水区实验小学",
        "靖远县第一中学",
        "宁波市荷花庄小学",
    ]


def test_old_keys_are_recomputed_once_at_start_up(services: Services) -> None:
    for name in ("长治市第一中学", "安阳市第一中学", "重庆市巴蜀中学"):
        services.units.create({"name": name})
    services.units.refresh_pinyin_keys()
    # As an older program wrote them: whole-name readings without a sort key, 长 read as zhang.
    old = {"长治市第一中学": "zhangzhishidiyizhongxue", "安阳市第一中学": "anyangshidiyizhongxue"}
    with services.db.session(write=True) as session:
        for name, key in old.items():
            session.execute(update(Unit).where(Unit.name == name).values(pinyin_full=key))
        session.query(ChangeLog).filter(ChangeLog.entity == "pinyin_keys").delete()
    assert names_in_order(services)[-1] == "长治市第一中学"  # read as zhang

    assert services.units.refresh_pinyin_keys() == 2  # 重庆's keys were current: not rewritten
    assert names_in_order(services) == ["安阳市第一中学", "长治市第一中学", "重庆市巴蜀中学"]
    assert services.units.search("changzhi")[0].unit.name == "长治市第一中学"
    assert services.units.refresh_pinyin_keys() is None  # recorded as version KEY_VERSION: not again
    with services.db.session() as session:
        marker = session.query(ChangeLog).filter(ChangeLog.entity == "pinyin_keys").one()
    assert marker.entity_id == KEY_VERSION


def test_recomputing_keys_leaves_every_unit_s_version_and_time(services: Services) -> None:
    """The first window start after the command line made the database (no key version recorded yet)
    recomputes the keys: derived data, so no unit looks edited and no one's open form conflicts."""
    for name in ("长治市第一中学", "安阳市第一中学"):
        services.units.create({"name": name})
    with services.db.session(write=True) as session:
        session.execute(update(Unit).where(Unit.name == "长治市第一中学").values(pinyin_full="zhangzhi"))

    def stamps() -> list[tuple[str, int, object]]:
        with services.db.session() as session:
            return [(u.name, u.version, u.updated_at) for u in session.query(Unit).order_by(Unit.id)]

    before = stamps()
    assert services.units.refresh_pinyin_keys() == 1
    assert stamps() == before
    assert services.units.search("changzhi")[0].unit.name == "长治市第一中学"


@pytest.mark.sqlite_only
def test_current_keys_are_checked_without_waiting_for_another_writer(services: Services) -> None:
    """At start-up another process may be importing: a read says the keys are current, no write lock taken."""
    services.units.create({"name": "长治市第一中学"})
    services.units.refresh_pinyin_keys()
    writer = sqlite3.connect(services.db.url.removeprefix("sqlite:///"), timeout=0)
    try:
        writer.execute("BEGIN IMMEDIATE")  # holds the write lock, as an import would
        assert services.units.refresh_pinyin_keys() is None
    finally:
        writer.rollback()
        writer.close()


def test_listing_by_name_puts_numbered_units_in_number_order(services: Services) -> None:
    for number in (10, 2, 100, 1, 11):
        services.units.create({"name": f"东湖区第{number}小学"})
    assert names_in_order(services) == [f"东湖区第{n}小学" for n in (1, 2, 10, 11, 100)]
