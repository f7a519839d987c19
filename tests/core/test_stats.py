import datetime as dt
from typing import Any

from core.services import Services
from core.stats import StaleUnit, dashboard
from core.vocab import LEVELS

TODAY = dt.date(2026, 5, 1)


def add_unit(services: Services, name: str) -> int:
    return services.units.create({"name": name, "category": "学校"}).id


def add_honour(services: Services, unit_id: int, title: str, **values: Any) -> int:
    return services.honours.create(unit_id, {"title": title, **values}).id


def test_empty_database_gives_zeros_and_every_level(services: Services) -> None:
    board = dashboard(services.db, today=TODAY)
    assert (board.unit_count, board.honour_count) == (0, 0)
    assert board.by_level == dict.fromkeys(LEVELS, 0)
    assert board.by_year == {}
    assert board.stale_units == [] and board.expiring == []


def test_counts_ignore_deleted_honours_and_honours_of_deleted_units(services: Services) -> None:
    kept = add_unit(services, "甲小学")
    gone = add_unit(services, "乙小学")
    add_honour(services, kept, "市文明单位", level="市级", awarded="2024")
    deleted = add_honour(services, kept, "省卫生先进单位", level="省级", awarded="2023")
    add_honour(services, gone, "全国文明校园", level="国家级", awarded="2022")
    services.honours.delete(deleted)
    services.units.delete(gone)

    board = dashboard(services.db, today=TODAY)
    assert board.unit_count == 1
    assert board.honour_count == 1
    assert board.by_level["市级"] == 1
    assert board.by_level["省级"] == 0 and board.by_level["国家级"] == 0
    assert board.by_year == {2024: 1}


def test_by_level_in_vocabulary_order_with_unrated_only_when_present(services: Services) -> None:
    unit = add_unit(services, "甲小学")
    add_honour(services, unit, "区优秀少先队", level="县区级", awarded="2024")
    add_honour(services, unit, "全国文明校园", level="国家级", awarded="2024")
    board = dashboard(services.db, today=TODAY)
    assert list(board.by_level) == list(LEVELS)
    assert "未定级" not in board.by_level

    add_honour(services, unit, "校园之星", awarded="2025")
    add_honour(services, unit, "书香校园", awarded="2025")
    board = dashboard(services.db, today=TODAY)
    assert list(board.by_level) == [*LEVELS, "未定级"]
    assert board.by_level["未定级"] == 2
    assert board.by_level["国家级"] == 1 and board.by_level["县区级"] == 1


def test_by_year_ascending_and_undated_left_out(services: Services) -> None:
    unit = add_unit(services, "甲小学")
    add_honour(services, unit, "甲", awarded="2021-06")
    add_honour(services, unit, "乙", awarded="2018")
    add_honour(services, unit, "丙", awarded="2021")
    add_honour(services, unit, "丁")
    board = dashboard(services.db, today=TODAY)
    assert list(board.by_year.items()) == [(2018, 1), (2021, 2)]
    assert board.honour_count == 4


def test_stale_units_have_no_honour_in_the_last_three_years(services: Services) -> None:
    recent = add_unit(services, "近期小学")
    edge = add_unit(services, "边界小学")
    old = add_unit(services, "陈旧小学")
    never = add_unit(services, "空白小学")
    undated = add_unit(services, "无日期小学")
    add_honour(services, recent, "甲", awarded="2026")
    add_honour(services, edge, "乙", awarded="2024")  # 2024..2026 are the last three years
    add_honour(services, old, "丙", awarded="2023")
    add_honour(services, old, "丁", awarded="2019")
    add_honour(services, undated, "戊")

    board = dashboard(services.db, today=TODAY)
    stale = {item.unit_id: item for item in board.stale_units}
    assert set(stale) == {old, never, undated}
    assert stale[old] == StaleUnit(old, "陈旧小学", 2023)
    assert stale[never].latest_year is None
    assert stale[undated].latest_year is None

    wider = dashboard(services.db, today=TODAY, recent_years=4)
    assert {item.unit_id for item in wider.stale_units} == {never, undated}


def test_a_deleted_recent_honour_makes_a_unit_stale_again(services: Services) -> None:
    unit = add_unit(services, "甲小学")
    add_honour(services, unit, "旧荣誉", awarded="2015")
    recent = add_honour(services, unit, "新荣誉", awarded="2025")
    assert dashboard(services.db, today=TODAY).stale_units == []
    services.honours.delete(recent)
    assert dashboard(services.db, today=TODAY).stale_units == [StaleUnit(unit, "甲小学", 2015)]


def test_expiring_within_the_warning_days_including_past_but_not_revoked(services: Services) -> None:
    unit = add_unit(services, "甲小学")
    soon = add_honour(services, unit, "市文明单位", valid_until="2026-06-30", awarded="2023")
    past = add_honour(services, unit, "省文明校园", valid_until="2026-04-21", awarded="2020")
    add_honour(services, unit, "区文明单位", valid_until="2027-05-01", awarded="2024")
    add_honour(services, unit, "县文明单位", valid_until="2026-05-10", status="已撤销", awarded="2021")
    review = add_honour(
        services, unit, "市卫生单位", valid_until="2026-07-30", status="待复查", awarded="2022"
    )
    add_honour(services, unit, "市绿色学校", valid_until="2026-07-31", awarded="2022")  # 91 days
    add_honour(services, unit, "书香校园", awarded="2025")

    expiring = dashboard(services.db, today=TODAY).expiring
    assert [item.honour_id for item in expiring] == [past, soon, review]  # soonest first
    assert [item.days_left for item in expiring] == [-10, 60, 90]
    first = expiring[0]
    assert (first.unit_id, first.unit_name, first.title) == (unit, "甲小学", "省文明校园")
    assert first.valid_until == dt.date(2026, 4, 21)

    shorter = dashboard(services.db, today=TODAY, warn_days=30).expiring
    assert [item.honour_id for item in shorter] == [past]


def test_expiring_leaves_out_deleted_honours_and_units(services: Services) -> None:
    kept = add_unit(services, "甲小学")
    gone = add_unit(services, "乙小学")
    deleted = add_honour(services, kept, "市文明单位", valid_until="2026-06-01")
    add_honour(services, gone, "市文明单位", valid_until="2026-06-01")
    services.honours.delete(deleted)
    services.units.delete(gone)
    assert dashboard(services.db, today=TODAY).expiring == []


def test_long_reminder_lists_are_cut_but_counted_whole(services: Services) -> None:
    for number in range(5):
        unit = add_unit(services, f"第{number}中学")
        add_honour(services, unit, "平安校园", awarded="2020", valid_until="2026-06-01")
    board = dashboard(services.db, today=TODAY, list_limit=3)
    assert (board.stale_count, board.expiring_count) == (5, 5)
    assert len(board.stale_units) == 3 and len(board.expiring) == 3
    assert all(item.latest_year == 2020 for item in board.stale_units)
