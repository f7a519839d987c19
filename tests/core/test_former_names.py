"""A unit's former names (曾用名): kept, checked, placed in time, and the schema that holds them (0007)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import text

from core import former_names, migrate
from core.changes import Changes
from core.db import Database, open_database, sqlite_url
from core.errors import ValidationError
from core.former_names import FormerNameError, clean, name_at, named_then, renamed, with_rename
from core.partial_date import PartialDate
from core.paths import DataDir
from core.services import HonourFilter, Services
from tests.core.cli.test_commands import run
from tests.core.test_concurrency_and_migrations import database_at
from tests.core.test_honour_indexes import migrate_to

OLD, NEW = "武侯区第二小学", "武侯区棕北小学"
RENAMED_2015 = [{"name": OLD, "until": "2015"}]


# -- what is kept ---------------------------------------------------------------------------------


def test_text_as_a_register_or_an_export_writes_it_is_read_oldest_first() -> None:
    assert clean("武侯区棕北小学筹建处（至2009年9月）；武侯区第二小学(2015止)") == [
        {"name": "武侯区棕北小学筹建处", "until": "2009-09"},
        {"name": OLD, "until": "2015"},
    ]
    assert former_names.text_of(clean(f"{OLD}（至2015年）")) == f"{OLD}（至2015年）"
    assert clean(f"{OLD}；{OLD}（2015年）") == [{"name": OLD, "until": None}]  # the same name once


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ([{"name": "", "until": "2015"}], "曾用名不能为空"),
        ([{"name": OLD, "until": "2015-09-01"}], "只写年或年月"),
        ([{"name": OLD, "until": "去年"}], "停用时间"),
        ([{"name": OLD, "until": "2099"}], "停用时间"),
        (42, "列表"),
    ],
)
def test_a_former_name_that_cannot_be_kept_is_refused_naming_why(raw: object, reason: str) -> None:
    with pytest.raises(FormerNameError, match=reason):
        clean(raw)


@given(st.text(max_size=60))
def test_any_text_gives_former_names_or_a_chinese_refusal(raw: str) -> None:
    try:
        kept = clean(raw)
    except FormerNameError as error:
        assert re.search(r"[\u4e00-\u9fff]", str(error)) and "Error" not in str(error)
        return
    assert clean(kept) == kept  # stored values read back as themselves


def test_a_rename_keeps_the_old_name_with_the_year_and_taking_a_name_back_drops_it() -> None:
    assert renamed([], OLD, NEW, PartialDate(2026)) == [{"name": OLD, "until": "2026"}]
    assert (
        renamed(RENAMED_2015, OLD, NEW, PartialDate(2026)) == RENAMED_2015
    )  # already listed: its date stays
    assert renamed(RENAMED_2015, NEW, OLD, PartialDate(2026)) == [{"name": NEW, "until": "2026"}]
    assert renamed([], OLD, NEW, None) == [{"name": OLD, "until": None}]  # when: not known
    assert with_rename(OLD, [], {"phone": "1"}, PartialDate(2026)) == {
        "phone": "1"
    }  # no rename: nothing added
    assert with_rename(OLD, [], {"name": f" {OLD} "}, PartialDate(2026)) == {"name": f" {OLD} "}


# -- placed in time -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("awarded", "then"),
    [
        (PartialDate(2014), OLD),
        (PartialDate(2015, 8), None),  # the rename is known to the year only: 2015 is not placed
        (PartialDate(2015), None),
        (PartialDate(2016, 3), None),
        (None, None),
    ],
)
def test_an_award_is_given_the_old_name_only_when_surely_before_the_rename(
    awarded: PartialDate | None, then: str | None
) -> None:
    assert name_at(RENAMED_2015, awarded) == then


def test_months_place_an_award_in_the_rename_year_and_a_chain_of_names_is_followed() -> None:
    chain = [{"name": "城关小学", "until": "2009-08"}, {"name": OLD, "until": "2015-07"}]
    assert name_at(chain, PartialDate(2009, 3)) == "城关小学"
    assert name_at(chain, PartialDate(2009)) is None  # before or after August 2009: not known
    assert name_at(chain, PartialDate(2009, 9)) == OLD
    assert name_at(chain, PartialDate(2015, 6, 30)) == OLD
    assert name_at(chain, PartialDate(2015, 7)) is None
    assert name_at(chain, PartialDate(2015)) is None  # a year-only award in the rename year
    assert name_at(chain, PartialDate(2016)) is None
    assert named_then(NEW, chain, PartialDate(2012)) == f"{OLD}（现{NEW}）"
    assert named_then(NEW, chain, PartialDate(2015)) == NEW
    undated = [{"name": "城关小学", "until": None}, {"name": OLD, "until": "2015"}]
    assert name_at(undated, PartialDate(2012)) is None  # when 城关小学 was dropped is not known


# -- the service and the schema -------------------------------------------------------------------


def test_former_names_are_a_checked_unit_field(services: Services) -> None:
    unit = services.units.create({"name": NEW, "former_names": f"{OLD}（至2015年）"})
    assert services.units.get(unit.id).former_names == RENAMED_2015
    with pytest.raises(ValidationError) as refused:
        services.units.update(
            unit.id, {"former_names": [{"name": OLD, "until": "2015-13"}]}, expected_version=1
        )
    assert refused.value.problems[0].label == "曾用名"
    assert services.units.get(unit.id).former_names == RENAMED_2015  # left as it was
    assert services.units.changes == Changes(units=True)


@pytest.mark.sqlite_only
def test_a_0006_file_is_upgraded_with_its_units_and_honours(tmp_path: Path) -> None:
    data = DataDir(tmp_path / "data").create()
    database_at(data.database, "0006")
    old = Database(sqlite_url(data.database))
    with old.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO units (id, name, name_key, version, extra, pinyin_full, pinyin_initials, created_at, "
                f"updated_at) VALUES (1, '{NEW}', '{NEW}', 1, '{{}}', 'x', 'x', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO honours (unit_id, title, title_key, awarded_year, status, version, extra, created_at, "
                "updated_at) VALUES (1, '省绿色学校', '省绿色学校', 2014, '有效', 1, '{}', CURRENT_TIMESTAMP, "
                "CURRENT_TIMESTAMP)"
            )
        )
    old.dispose()

    upgraded = Services.over(open_database(data))
    assert migrate.current_revision(upgraded.db) == migrate.SCHEMA_HEAD
    [unit] = [summary.unit for summary in upgraded.units.list()]
    assert (unit.name, unit.former_names) == (NEW, [])
    upgraded.units.update(unit.id, {"former_names": RENAMED_2015}, expected_version=unit.version)
    assert upgraded.units.get(unit.id).former_names == RENAMED_2015
    upgraded.db.dispose()


@pytest.mark.sqlite_only
def test_restore_takes_a_0006_backup_and_brings_it_to_0007(tmp_path: Path) -> None:
    backup = database_at(tmp_path / "去年的备份.db", "0006")
    old = Database(sqlite_url(backup))
    with old.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO units (id, name, name_key, category, version, extra, pinyin_full, pinyin_initials, "
                f"created_at, updated_at) VALUES (1, '{OLD}', '{OLD}', '学校', 1, '{{}}', 'x', 'x', "
                "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            )
        )
    old.dispose()
    live = tmp_path / "live"
    assert run("--data-dir", str(live), "units")[0] == 0  # a current (0007) database to replace

    code, _out, err = run("--data-dir", str(live), "restore", str(backup))
    assert code == 0, err
    restored = Services.over(open_database(DataDir(live)))
    assert migrate.current_revision(restored.db) == migrate.SCHEMA_HEAD
    [unit] = [summary.unit for summary in restored.units.list()]
    assert (unit.name, unit.former_names) == (OLD, [])
    assert run("--data-dir", str(live), "check")[0] == 0
    restored.db.dispose()


def test_down_to_0006_and_up_again_keeps_units_and_honours(services: Services) -> None:
    """On SQLite and on PostgreSQL: dropping the column must not cascade to the honours."""
    unit = services.units.create({"name": NEW, "former_names": RENAMED_2015})
    services.honours.create(unit.id, {"title": "省绿色学校", "awarded": "2014"})
    migrate_to(services.db, "0006", down=True)
    migrate_to(services.db, "head")
    unit = services.units.get(unit.id)
    assert (unit.name, unit.former_names) == (NEW, [])  # the column came back empty
    assert [h.title for h in services.honours.list(HonourFilter(unit_id=unit.id))] == ["省绿色学校"]
