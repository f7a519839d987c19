"""The indexes on honours after migration 0006: three single-column ones gone (every import writes each
index), and the unit list, a unit's honours and a save still searching an index on a city's records."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import event, inspect, text

from core import migrate
from core.db import Database, open_database, sqlite_url
from core.models import Unit
from core.partial_date import PartialDate
from core.paths import DataDir
from core.services import HonourFilter, Services, UnitFilter
from core.vocab import UNLEVELLED
from tests.core.test_concurrency_and_migrations import database_at

DROPPED = {"ix_honours_unit_id", "ix_honours_level", "ix_honours_awarded_year"}
COMPOSITE = {"ix_honours_unit_live", "ix_honours_live_level", "ix_honours_live_year"}


def honour_indexes(database: Database) -> set[str]:
    with database.engine.connect() as connection:
        return {index["name"] or "" for index in inspect(connection).get_indexes("honours")}


def migrate_to(database: Database, revision: str, *, down: bool = False) -> None:
    with database.engine.begin() as connection:
        config = migrate.alembic_config()
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)


def test_upgrade_from_0005_drops_three_indexes_and_keeps_the_honours(services: Services) -> None:
    """On SQLite and, when the suite runs there, on PostgreSQL: down to 0005 (which recreates the
    indexes), then up again with the records as they were."""
    unit = services.units.create({"name": "宁波市荷花庄小学"})
    services.honours.create(
        unit.id,
        {"title": "省卫生先进单位", "level": "省级", "awarded_by": "省爱卫会", "awarded": "2008年12月"},
    )
    services.honours.create(unit.id, {"title": "市文明单位", "awarded": "2018"})

    migrate_to(services.db, "0005", down=True)
    assert honour_indexes(services.db) >= DROPPED
    migrate_to(services.db, "0006")
    assert not DROPPED & honour_indexes(services.db)
    migrate_to(services.db, "head")  # the models read the columns of later revisions too

    assert migrate.current_revision(services.db) == migrate.SCHEMA_HEAD
    indexes = honour_indexes(services.db)
    assert not DROPPED & indexes
    assert indexes >= COMPOSITE
    [row] = services.units.rows([unit.id], UnitFilter(level="省级")).values()
    assert (row.name, row.honour_count, row.latest_honour_year) == ("宁波市荷花庄小学", 1, 2008)
    history = services.honours.list(HonourFilter(unit_id=unit.id))
    assert [(h.title, h.level, h.awarded_by, h.awarded) for h in history] == [
        ("市文明单位", None, None, PartialDate(2018)),
        ("省卫生先进单位", "省级", "省爱卫会", PartialDate(2008, 12)),
    ]


@pytest.mark.sqlite_only
def test_a_0005_file_is_upgraded_at_start_with_its_records(tmp_path: Path) -> None:
    data = DataDir(tmp_path / "data").create()
    database_at(data.database, "0005")
    old = Database(sqlite_url(data.database))
    with old.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO units (id, name, name_key, version, extra, pinyin_full, pinyin_initials, created_at, "
                "updated_at) VALUES (1, '宁波市荷花庄小学', '宁波市荷花庄小学', 1, '{}', "
                "'ningboshihehuazhuangxiaoxue', 'nbshhzxx', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO honours (unit_id, title, title_key, level, awarded_year, status, version, extra, "
                "created_at, updated_at) VALUES (1, '省卫生先进单位', '省卫生先进单位', '省级', 2008, '有效', 1, "
                "'{}', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            )
        )
    assert honour_indexes(old) >= DROPPED
    old.dispose()

    upgraded = Services.over(open_database(data))
    assert migrate.current_revision(upgraded.db) == migrate.SCHEMA_HEAD
    assert not DROPPED & honour_indexes(upgraded.db)
    [summary] = upgraded.units.list()
    assert (summary.unit.name, summary.honour_count) == ("宁波市荷花庄小学", 1)
    assert list(data.backups.glob("*before-migration-0005*"))
    upgraded.db.dispose()


# -- query plans --------------------------------------------------------------------------------


@contextmanager
def honour_plans(database: Database) -> Iterator[list[tuple[str, str]]]:
    """(statement, EXPLAIN QUERY PLAN) of every statement reading honours run inside the block."""
    plans: list[tuple[str, str]] = []

    def explain(conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, many: bool) -> None:
        if many or "honours" not in statement or not statement.lstrip().upper().startswith("SELECT"):
            return
        rows = conn.connection.driver_connection.execute("EXPLAIN QUERY PLAN " + statement, parameters)
        plans.append((statement, " | ".join(row[3] for row in rows)))

    event.listen(database.engine, "before_cursor_execute", explain)
    try:
        yield plans
    finally:
        event.remove(database.engine, "before_cursor_execute", explain)


@pytest.fixture
def city(services: Services) -> tuple[Services, Unit]:
    """A few records: without ANALYZE statistics (the program never gathers them) SQLite plans a
    query the same for them as for a city's 100,000 honours."""
    units = [
        services.units.create({"name": name})
        for name in ("宁波市荷花庄小学", "宁波市东湖中学", "江北区文化馆")
    ]
    for number, unit in enumerate(units):
        for year in (2019, 2021, 2023):
            services.honours.create(
                unit.id, {"title": f"文明单位{number}", "level": "市级", "awarded": str(year)}
            )
        services.honours.create(unit.id, {"title": "先进集体", "awarded": None})
    return services, units[0]


def searched(plans: list[tuple[str, str]]) -> list[str]:
    assert plans, "no statement read honours"
    for statement, plan in plans:
        assert "SCAN honours" not in plan, (statement, plan)
        assert "SEARCH honours USING" in plan, (statement, plan)
    return [plan for _, plan in plans]


CRITERIA = [
    UnitFilter(),
    UnitFilter(level="市级"),
    UnitFilter(level=UNLEVELLED),
    UnitFilter(year_from=2020, year_to=2022),
    UnitFilter(level="市级", year_from=2021),
]


@pytest.mark.sqlite_only
@pytest.mark.parametrize("criteria", CRITERIA, ids=lambda c: repr(c).split("(", 1)[1][:-1] or "all")
def test_the_unit_lists_honour_counts_search_an_index(
    city: tuple[Services, Unit], criteria: UnitFilter
) -> None:
    services, _ = city
    ids = services.units.listing(criteria)
    with honour_plans(services.db) as plans:
        services.units.rows(ids, criteria)
        services.units.listing(criteria, sort="honours")
    searched(plans)


Operation = Callable[[Services, Unit], object]
ONE_UNIT: dict[str, Operation] = {
    "its honours": lambda s, u: s.honours.list(HonourFilter(unit_id=u.id)),
    "saving a dated honour": lambda s, u: s.honours.create(u.id, {"title": "绿色学校", "awarded": "2024"}),
    "saving an undated one": lambda s, u: s.honours.create(u.id, {"title": "平安校园", "awarded": None}),
}


@pytest.mark.sqlite_only
@pytest.mark.parametrize("name", ONE_UNIT)
def test_a_units_honours_are_found_through_the_unit(city: tuple[Services, Unit], name: str) -> None:
    """Through an index on the unit, not on the title or the year alone (which every unit shares)."""
    services, unit = city
    with honour_plans(services.db) as plans:
        ONE_UNIT[name](services, unit)
    for plan in searched(plans):
        assert "unit_id=?" in plan or "rowid=?" in plan, plan
