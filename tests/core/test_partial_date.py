import datetime as dt
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.partial_date import PartialDate, PartialDateError, parse_partial_date
from tests.conftest import REPO


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019", PartialDate(2019)),
        ("2019年", PartialDate(2019)),
        ("2019年度", PartialDate(2019)),
        ("2019.12", PartialDate(2019, 12)),
        ("2019-12", PartialDate(2019, 12)),
        ("2019/12/5", PartialDate(2019, 12, 5)),
        ("2019-12-05", PartialDate(2019, 12, 5)),
        ("2019年12月5日", PartialDate(2019, 12, 5)),
        ("2019年12月", PartialDate(2019, 12)),
        ("二〇一九年十二月", PartialDate(2019, 12)),
        ("二〇一九年十二月二十五日", PartialDate(2019, 12, 25)),
        ("二零二一年十月", PartialDate(2021, 10)),
        ("二○二一年一十二月三十一号", PartialDate(2021, 12, 31)),
        ("2021年十月八日", PartialDate(2021, 10, 8)),
        ("２０１９年１２月", PartialDate(2019, 12)),
        ("20191205", PartialDate(2019, 12, 5)),
        (" 2019 ", PartialDate(2019)),
        (2019, PartialDate(2019)),
        (dt.date(2019, 12, 5), PartialDate(2019, 12, 5)),
        (dt.datetime(2019, 12, 5, 10, 30), PartialDate(2019, 12, 5)),
    ],
)
def test_reads_the_forms_registers_use(text: object, expected: PartialDate) -> None:
    assert parse_partial_date(text) == expected


def test_never_invents_a_day_or_month() -> None:
    value = parse_partial_date("2019年12月")
    assert value is not None and value.day is None
    assert parse_partial_date("2019").month is None  # type: ignore[union-attr]


@pytest.mark.parametrize("blank", [None, "", "   "])
def test_blank_is_no_date(blank: object) -> None:
    assert parse_partial_date(blank) is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2019年13月", "月份 13"),
        ("2019-02-29", "没有 29 日"),
        ("2019-04-31", "没有 31 日"),
        ("1850", "1900"),
        ("去年", "不是可识别的日期"),
        ("2019-1-1-1", "不是可识别的日期"),
        ("2019年一二月", "不是可识别的日期"),  # not a number: neither 2 nor 12 is guessed
        ("二〇一九年十十月", "不是可识别的日期"),
    ],
)
def test_impossible_dates_are_refused_with_a_reason(text: str, reason: str) -> None:
    with pytest.raises(PartialDateError, match=reason):
        parse_partial_date(text)


def test_future_dates_are_refused_unless_allowed() -> None:
    next_year = str(dt.date.today().year + 1)
    with pytest.raises(PartialDateError, match="将来"):
        parse_partial_date(next_year)
    assert parse_partial_date(next_year, allow_future=True) == PartialDate(int(next_year))


def test_chinese_and_iso_forms() -> None:
    assert PartialDate(2019, 12, 5).chinese() == "2019年12月5日"
    assert PartialDate(2019, 3).chinese() == "2019年3月"
    assert PartialDate(2019).iso() == "2019"
    assert PartialDate(2019, 3).iso() == "2019-03"


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date.today()), st.integers(0, 2))
def test_iso_and_chinese_forms_read_back(day: dt.date, precision: int) -> None:
    value = PartialDate(day.year, day.month if precision > 0 else None, day.day if precision > 1 else None)
    assert parse_partial_date(value.iso()) == value
    assert parse_partial_date(value.chinese()) == value


def test_dates_in_digits_are_read_without_loading_the_numeral_library() -> None:
    code = (
        "import sys; from core.partial_date import parse_partial_date as p; "
        "p('2019年12月5日'); p('2019-12'); p(20191205); print('cn2an' in sys.modules); "
        "p('二〇一九年十二月'); print('cn2an' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.split() == ["False", "True"]
