"""Copying all records to another database (and back), with counts verified on both sides."""

from pathlib import Path

import pytest

from core.copy_database import copy_database, row_counts
from core.db import Database, open_database, sqlite_url
from core.demo import load_demo
from core.errors import UserError
from core.paths import DataDir
from core.progress import Cancelled, ProgressTracker
from core.services import Services, UnitFilter


@pytest.fixture
def filled(services: Services) -> Services:
    load_demo(services)
    unit = services.units.find_by_name("宁波市荷花庄小学")
    assert unit is not None
    services.units.delete(unit.id)  # the recycle bin travels too
    return services


@pytest.fixture
def empty_target(tmp_path: Path) -> Database:
    target = open_database(DataDir(tmp_path / "target").create())
    yield target
    target.dispose()


def test_every_record_is_copied_and_counted(filled: Services, empty_target: Database) -> None:
    seen: list[tuple[int, int]] = []
    result = copy_database(filled.db, empty_target, lambda done, total, _label: seen.append((done, total)))
    assert result.counts == row_counts(filled.db) == row_counts(empty_target)
    assert result.counts["units"] >= 14 and result.counts["honours"] >= 60
    assert seen[-1][0] == seen[-1][1] == sum(result.counts.values())
    copied = Services.over(empty_target)
    assert [u.unit.name for u in copied.units.search("hhz")] == []  # deleted in the source: still deleted
    assert copied.units.list_deleted()[0].name == "宁波市荷花庄小学"
    assert copied.units.listing(UnitFilter(search="长治")) == filled.units.listing(UnitFilter(search="长治"))
    new = copied.units.create({"name": "复制后新建的单位"})  # ids go on after the copied ones
    assert new.id == result.counts["units"] + 1


def test_a_target_with_records_is_refused_and_left_alone(filled: Services, empty_target: Database) -> None:
    Services.over(empty_target).units.create({"name": "已有的单位"})
    with pytest.raises(UserError, match="已有数据（单位 1"):
        copy_database(filled.db, empty_target)
    assert row_counts(empty_target)["units"] == 1


def test_replace_swaps_the_records_in_one_go(filled: Services, empty_target: Database) -> None:
    Services.over(empty_target).units.create({"name": "已有的单位"})
    copy_database(filled.db, empty_target, replace=True)
    assert row_counts(empty_target) == row_counts(filled.db)
    assert Services.over(empty_target).units.find_by_name("已有的单位") is None


def test_a_cancelled_copy_leaves_the_target_empty(filled: Services, empty_target: Database) -> None:
    tracker = ProgressTracker(lambda done, _total, _label: tracker.cancel() if done else None)
    with pytest.raises(Cancelled):
        copy_database(filled.db, empty_target, tracker)
    assert sum(row_counts(empty_target).values()) == 0


def test_copy_into_a_new_sqlite_file(filled: Services, tmp_path: Path) -> None:
    target = Database(sqlite_url(tmp_path / "copy.db"))
    from core.migrate import upgrade_to_head

    upgrade_to_head(target)
    copy_database(filled.db, target)
    assert row_counts(target) == row_counts(filled.db)
    target.dispose()


def test_copy_back_from_a_file_into_the_live_database(filled: Services, tmp_path: Path) -> None:
    """Into a new file and from it into an empty database (a PostgreSQL server when the suite runs there)."""
    from core.migrate import upgrade_to_head

    middle = Database(sqlite_url(tmp_path / "middle.db"))
    upgrade_to_head(middle)
    copy_database(filled.db, middle)
    expected = row_counts(filled.db)
    copy_database(middle, filled.db, replace=True)
    assert row_counts(filled.db) == expected == row_counts(middle)
    assert filled.units.search("changzhi")
    middle.dispose()
