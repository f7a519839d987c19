"""A PC whose clock is clearly wrong (a flat CMOS battery starts it in 2008; a clock set back months) is
told at start, in Chinese, and nothing is stopped: the command still runs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from core import system_date
from core.system_date import Evidence, clock_warning
from tests.core.cli import test_commands
from tests.core.cli.test_commands import run

demo_dir = test_commands.demo_dir  # the demo data, its changes recorded now

CHANGED = Evidence("最近一次修改", dt.datetime(2026, 11, 30, 16, 5))


def test_a_date_before_the_program_existed_is_wrong_whatever_the_records() -> None:
    warning = clock_warning(dt.datetime(2008, 1, 1, 8, 30))
    assert warning is not None
    assert "这台电脑的日期是2008年1月1日" in warning.text and "主板电池" in warning.text
    assert "日期和时间" in warning.text
    assert warning.key == ""  # always told: never a 不再提示 for it


def test_a_clock_months_behind_the_newest_change_is_told_with_that_change() -> None:
    warning = clock_warning(dt.datetime(2026, 3, 2, 9, 0), [CHANGED])
    assert warning is not None
    assert "这台电脑的日期是2026年3月2日" in warning.text
    assert "最近一次修改的时间（2026年11月30日）" in warning.text
    assert warning.key == CHANGED.when.isoformat()


@pytest.mark.parametrize(
    "now",
    [
        dt.datetime(2026, 12, 1, 8, 0),  # after the newest change
        dt.datetime(2026, 11, 30, 0, 0),  # hours before it: a time zone set wrongly, another PC's clock
        dt.datetime(2026, 11, 29, 0, 0),
    ],
)
def test_a_clock_that_can_be_right_is_not_told(now: dt.datetime) -> None:
    assert clock_warning(now, [CHANGED]) is None


def test_the_newest_of_several_recorded_times_counts() -> None:
    backup = Evidence("最新自动备份", dt.datetime(2026, 12, 20, 10, 0))
    warning = clock_warning(dt.datetime(2026, 12, 10), [CHANGED, backup])
    assert warning is not None and "最新自动备份的时间（2026年12月20日）" in warning.text


def test_a_command_on_a_pc_set_back_to_2008_says_so_on_stderr_and_runs(
    demo_dir: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(system_date, "_now", lambda: dt.datetime(2008, 1, 1, 0, 5))
    code, out, err = run("--data-dir", demo_dir, "units")
    assert code == 0 and "宁波市荷花庄小学" in out
    assert "提示：这台电脑的日期是2008年1月1日" in err


def test_a_command_on_a_clock_behind_the_records_says_so(
    demo_dir: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(system_date, "_now", lambda: dt.datetime.now() - dt.timedelta(days=200))
    code, out, err = run("--data-dir", demo_dir, "units")
    assert code == 0 and "宁波市荷花庄小学" in out
    assert "却早于数据中最近一次修改的时间" in err


def test_a_command_on_a_right_clock_says_nothing_of_it(demo_dir: str) -> None:
    code, _out, err = run("--data-dir", demo_dir, "units")
    assert code == 0 and "电脑的日期" not in err


def test_the_newest_automatic_backup_is_read_from_its_name(tmp_path: Path) -> None:
    from core.backup import newest_backup_time

    (tmp_path / "honourdesk-20261130-214329-205122-before-import.db").write_bytes(b"")
    (tmp_path / "honourdesk-20251001-080000-000000-exit.db").write_bytes(b"")
    assert newest_backup_time(tmp_path) == dt.datetime(2026, 11, 30, 21, 43, 29, 205122)
    assert newest_backup_time(tmp_path / "none") is None
