"""The cell normalisers and header detection, with hypothesis on dates, levels and randomly shaped sheets."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from core.errors import UserError
from core.importing.headers import detect_header, match_header
from core.importing.normalise import LEVEL_SYNONYMS, CellError, cell_date, cell_level, cell_number, cell_text
from core.importing.register import read_register
from core.partial_date import PartialDate
from core.vocab import LEVELS, UNLEVELLED

EXCEL_EPOCH = dt.date(1899, 12, 30)
past_days = st.dates(min_value=dt.date(1955, 1, 1), max_value=dt.date.today())


@given(past_days)
def test_every_form_of_a_day_gives_the_same_date(day: dt.date) -> None:
    expected = PartialDate(day.year, day.month, day.day)
    forms = [
        day,
        dt.datetime.combine(day, dt.time(0, 0)),
        (day - EXCEL_EPOCH).days,  # a day serial
        float((day - EXCEL_EPOCH).days),
        day.isoformat(),
        f"{day.year}/{day.month}/{day.day}",
        f"{day.year}年{day.month}月{day.day}日",
        f"{day.year}.{day.month:02d}.{day.day:02d}",
    ]
    for form in forms:
        assert cell_date(form) == expected, form


@given(past_days)
def test_month_and_year_forms_never_invent_a_day(day: dt.date) -> None:
    month = PartialDate(day.year, day.month)
    for form in (f"{day.year}-{day.month}", f"{day.year}年{day.month}月", f"{day.year}.{day.month:02d}"):
        assert cell_date(form) == month
    for form in (day.year, str(day.year), f"{day.year}年", f"{day.year}年度"):
        assert cell_date(form) == PartialDate(day.year)


def test_a_day_serial_kept_as_text_is_a_date_but_a_year_and_month_stay_so() -> None:
    assert cell_date("45413") == PartialDate(2024, 5, 1)  # a date column formatted as text afterwards
    assert cell_date("36526") == PartialDate(2000, 1, 1)
    assert cell_date("20195") == PartialDate(2019, 5)  # 2019 and May, not day 20195 (1955)


def test_a_date_pasted_with_the_apostrophe_excel_types_before_text_is_read() -> None:
    assert cell_date("'2021-05") == PartialDate(2021, 5)
    assert cell_date("' 2021年5月18日") == PartialDate(2021, 5, 18)
    assert cell_date("'") is None


@given(st.text(max_size=12))
def test_any_text_is_a_date_or_a_reasoned_refusal(text: str) -> None:
    try:
        result = cell_date(text)
    except CellError as error:
        assert str(error)
    else:
        assert result is None or isinstance(result, PartialDate)


def test_future_dates_are_refused_except_for_expiry() -> None:
    next_year = dt.date.today().year + 1
    with pytest.raises(CellError, match="将来"):
        cell_date(f"{next_year}-01-01")
    assert cell_date(f"{next_year}-01-01", allow_future=True) == PartialDate(next_year, 1, 1)


@pytest.mark.parametrize(
    ("written", "level"),
    [
        ("全国", "国家级"),
        ("国家", "国家级"),
        ("国家级", "国家级"),
        ("省", "省级"),
        ("省部级", "省级"),
        ("省级", "省级"),
        ("市", "市级"),
        ("地市", "市级"),
        ("市级", "市级"),
        ("县", "县区级"),
        ("区", "县区级"),
        ("县级", "县区级"),
        ("区级", "县区级"),
        ("县区级", "县区级"),
        ("乡", "乡镇级"),
        ("镇", "乡镇级"),
        ("街道", "乡镇级"),
        ("校级", "单位内部"),
        ("院级", "单位内部"),
        (" 省 级 ", "省级"),
        ("县（区）级", "县区级"),
    ],
)
def test_levels_map_to_the_vocabulary(written: str, level: str) -> None:
    assert cell_level(written) == level


@given(st.sampled_from(sorted(LEVEL_SYNONYMS)), st.sampled_from(["", " ", "\u3000"]))
def test_every_level_synonym_maps_into_the_vocabulary(written: str, padding: str) -> None:
    assert cell_level(padding + written + padding) in LEVELS


@given(st.text(max_size=8))
def test_any_level_text_is_a_level_or_a_reasoned_refusal(text: str) -> None:
    try:
        result = cell_level(text)
    except CellError as error:
        assert "级别" in str(error)
    else:
        assert result is None or result in LEVELS or result == UNLEVELLED  # 不详, 无级别: said so


@given(st.integers(min_value=10**9, max_value=10**12))
def test_numbers_are_kept_as_written(number: int) -> None:
    assert cell_text(float(number)) == str(number)
    assert cell_text(number) == str(number)


def test_full_width_digits_and_letters_become_ascii_but_chinese_punctuation_stays() -> None:
    assert cell_text("  ＡＢ１２　中学，东校区  ") == "AB12 中学，东校区"
    assert cell_number("２５人") == 25


@pytest.mark.parametrize(
    ("label", "target"),
    [
        ("单位名称", "unit.name"),
        ("学校名称", "unit.name"),
        ("名称", "unit.name"),
        ("荣誉称号", "honour.title"),
        ("荣誉名称", "honour.title"),
        ("奖项名称", "honour.title"),
        ("称号", "honour.title"),
        ("授予单位", "honour.awarded_by"),
        ("颁发单位", "honour.awarded_by"),
        ("授予机关", "honour.awarded_by"),
        ("发证机关", "honour.awarded_by"),
        ("级别", "honour.level"),
        ("荣誉级别", "honour.level"),
        ("获得时间", "honour.awarded"),
        ("授予时间", "honour.awarded"),
        ("时间", "honour.awarded"),
        ("年度", "honour.awarded"),
        ("文号", "honour.document_no"),
        ("文件号", "honour.document_no"),
        ("获得时间（年月）", "honour.awarded"),
        ("*单位名称", "unit.name"),
        ("序号", "serial"),
        ("统一社会信用代码", "unit.credit_code"),
        ("联系电话", "unit.phone"),
    ],
)
def test_header_synonyms(label: str, target: str) -> None:
    assert match_header(label) == target


def test_a_data_row_that_merely_contains_a_synonym_is_not_a_header() -> None:
    rows = [["宁波市荷花庄小学", "书法教育特色学校"]]
    assert detect_header(rows, [1]) is None


printable = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=10)
junk_cell = st.one_of(
    st.none(),
    printable,
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(max_value=dt.date(2020, 1, 1)),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    above=st.lists(st.lists(junk_cell, max_size=4), max_size=6),
    rows=st.lists(st.tuples(printable, printable, junk_cell, junk_cell), max_size=15),
)
def test_randomly_shaped_sheets_read_or_refuse_cleanly(above: list[list[object]], rows: list[tuple]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "random.xlsx"
        book = Workbook()
        sheet = book.active
        for row in [*above, ["单位名称", "荣誉称号", "级别", "获得时间"], *rows]:
            sheet.append(list(row))
        book.save(path)
        try:
            register = read_register(path)
        except UserError as error:
            assert "random.xlsx" in error.message
            return
        for row in register.rows:
            assert row.ok or all(p.message for p in row.problems)
            assert row.ok == (
                bool(row.unit.get("name")) and bool(row.honour.get("title")) and not row.problems
            )
