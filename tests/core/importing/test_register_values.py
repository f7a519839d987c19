"""Values as registers write them (issue 14): numbers range-checked with the field named, areas converted,
dates read as written, terms read as terms; inferred levels and categories marked with their rule."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from core.errors import ValidationError
from core.importing.apply import apply_import
from core.importing.normalise import CellError, cell_date, cell_number, cell_term, compact_date
from core.importing.register import read_register
from core.partial_date import PartialDate, PartialDateError
from core.services import HonourFilter, Services, UnitFilter
from tests.core.importing.keeping import write_register

UNIT_HEADER = ["单位名称", "职工人数", "占地面积", "建筑面积（亩）"]


def unit_rows(tmp_path: Path, *rows: list[object], header: list[str] = UNIT_HEADER):  # type: ignore[no-untyped-def]
    return read_register(write_register(tmp_path / "r.xlsx", header, list(rows))).rows


@pytest.mark.parametrize("staff", [99999999999999999999, 1e19, "99999999999999999999", "1e400", -3, "inf"])
def test_out_of_range_numbers_are_refused_naming_the_field(tmp_path: Path, staff: object) -> None:
    [row] = unit_rows(tmp_path, ["甲单位", staff, None, None])
    [problem] = row.problems
    assert problem.column == "职工人数" and "职工人数" in problem.message
    assert "Python" not in problem.message and "int" not in problem.message


def test_a_huge_number_never_reaches_the_database(services: Services, tmp_path: Path) -> None:
    path = write_register(tmp_path / "r.xlsx", UNIT_HEADER, [["甲单位", 99999999999999999999, None, None]])
    result = apply_import(services.db, read_register(path))
    assert result.counts["rejected"] == 1 and services.units.list() == []
    with pytest.raises(ValidationError, match="过大"):
        services.units.create({"name": "乙单位", "staff_count": 10**20})
    with pytest.raises(ValidationError, match="有限"):
        services.units.create({"name": "乙单位", "land_area_m2": "inf"})


@pytest.mark.parametrize(
    ("area", "square_metres"),
    [("100亩", 66666.67), ("1.5公顷", 15000.0), ("2000平方米", 2000.0), ("2000㎡", 2000.0), (3000, 3000.0)],
)
def test_areas_are_converted_to_square_metres(tmp_path: Path, area: object, square_metres: float) -> None:
    [row] = unit_rows(tmp_path, ["甲单位", None, area, None])
    assert row.unit["land_area_m2"] == square_metres


def test_a_header_in_亩_converts_its_plain_numbers(tmp_path: Path) -> None:
    [row] = unit_rows(tmp_path, ["甲单位", None, None, 30])
    assert row.unit["building_area_m2"] == 20000.0


@pytest.mark.parametrize("area", ["-5", -5, "1e400", "100斤"])
def test_bad_areas_are_refused(tmp_path: Path, area: object) -> None:
    [row] = unit_rows(tmp_path, ["甲单位", None, area, None])
    assert [p.column for p in row.problems] == ["占地面积"]


def test_a_count_in_亩_is_refused_not_relabelled() -> None:
    with pytest.raises(CellError, match="亩"):
        cell_number("25亩")
    assert cell_number("25人") == 25


HONOUR_HEADER = ["单位名称", "荣誉称号", "获得时间"]


def honour_rows(tmp_path: Path, *dates: object):  # type: ignore[no-untyped-def]
    rows = [["甲单位", f"荣誉{i}", date] for i, date in enumerate(dates)]
    return read_register(write_register(tmp_path / "r.xlsx", HONOUR_HEADER, rows))


def test_a_lone_numeric_2019_1_is_january_with_a_warning(tmp_path: Path) -> None:
    register = honour_rows(tmp_path, 2019.1, 2020.12)
    assert [r.honour["awarded"] for r in register.rows] == [PartialDate(2019, 1), PartialDate(2020, 12)]
    [warning] = register.warnings
    assert warning.row == 2 and warning.column == "获得时间" and "10 月" in warning.message


def test_numeric_2019_1_is_october_where_the_column_writes_two_digit_months(tmp_path: Path) -> None:
    register = honour_rows(tmp_path, 2019.1, 2019.05, 2018.12)
    assert [r.honour["awarded"] for r in register.rows] == [
        PartialDate(2019, 10),
        PartialDate(2019, 5),
        PartialDate(2018, 12),
    ]
    assert register.warnings == []


def test_text_2019_10_is_october() -> None:
    assert cell_date("2019.10") == PartialDate(2019, 10)


@pytest.mark.parametrize(
    ("written", "date"),
    [
        (20191205, PartialDate(2019, 12, 5)),
        ("20191205", PartialDate(2019, 12, 5)),
        (201912, PartialDate(2019, 12)),
        ("2019131", PartialDate(2019, 1, 31)),  # 2019-13-1 is no date: one reading left
    ],
)
def test_dates_written_without_separators(written: object, date: PartialDate) -> None:
    assert cell_date(written) == date


@pytest.mark.parametrize("written", ["2019121", 2019121, "2019111"])
def test_a_date_that_reads_two_ways_is_refused_naming_both(written: object) -> None:
    with pytest.raises(CellError) as refusal:
        cell_date(written)
    assert "还是" in str(refusal.value) and "2019年" in str(refusal.value)


@given(st.text(alphabet="0123456789", min_size=5, max_size=8))
def test_any_run_of_digits_is_one_date_or_a_refusal(digits: str) -> None:
    try:
        date = compact_date(digits)
    except PartialDateError as error:
        assert str(error)
    else:
        assert date.iso().replace("-", "").startswith(digits[:4])


@pytest.mark.parametrize(
    ("written", "term"),
    [
        ("2012-2013", (2012, 2013)),
        ("2012—2013", (2012, 2013)),
        ("2012－2013学年", (2012, 2013)),
        ("2012至2013年度", (2012, 2013)),
        ("2012-2013学年", (2012, 2013)),
        ("2012年—2013年", (2012, 2013)),
        ("2012-13学年度", (2012, 2013)),
        ("2019-12", None),  # a month
        ("2012-13", None),  # month 13, not a term: a short end needs 学年/年度
        ("2013-2012", None),
    ],
)
def test_terms(written: str, term: tuple[int, int] | None) -> None:
    assert cell_term(written) == term


def test_a_term_is_its_last_year_and_its_words_are_kept(services: Services, tmp_path: Path) -> None:
    register = honour_rows(tmp_path, "2012-2013学年", "2019-12")
    first, second = register.rows
    assert first.ok and first.honour["awarded"] == PartialDate(2013)
    assert first.honour["extra"] == {"获得时间": "2012-2013学年"}
    assert second.honour["awarded"] == PartialDate(2019, 12) and "extra" not in second.honour


def test_a_term_of_validity_ends_with_its_last_year(tmp_path: Path) -> None:
    path = write_register(
        tmp_path / "r.xlsx", ["单位名称", "荣誉称号", "有效期"], [["甲单位", "文明单位", "2024-2026"]]
    )
    [row] = read_register(path).rows
    assert row.ok and row.honour["valid_until"] == dt.date(2026, 12, 31)


def test_levels_and_categories_are_inferred_with_their_rule(services: Services, tmp_path: Path) -> None:
    header = ["单位名称", "荣誉称号", "授予单位", "级别"]
    rows = [
        ["杭州市文三街小学", "浙江省文明校园", "浙江省精神文明建设委员会", None],
        ["杭州市文三街小学", "区优秀少先队集体", "团区委", "未定级"],
        ["某民办非企业单位", "市级文明单位", None, "市级"],
    ]
    register = read_register(write_register(tmp_path / "r.xlsx", header, rows))
    first, second, third = register.rows
    assert first.honour["level"] == "省级" and "浙江省" in first.inferred["honour.level"].rule
    assert second.honour["level"] is None and "honour.level" not in second.inferred  # 未定级 is kept so
    assert "honour.level" not in third.inferred
    assert first.inferred["unit.category"].value == "学校" and "unit.category" not in third.inferred
    result = apply_import(services.db, register)
    plan = result.plan
    assert plan is not None
    school = next(u for u in plan.new_units.values() if u.values["name"] == "杭州市文三街小学")
    assert school.values["category"] == "学校" and school.inferred is not None
    assert {s.unit.name: s.unit.category for s in services.units.list()} == {
        "杭州市文三街小学": "学校",
        "某民办非企业单位": None,
    }
    assert [h.title for h in services.honours.list(HonourFilter(level="未定级"))] == ["区优秀少先队集体"]
    assert [s.unit.name for s in services.units.list(UnitFilter(level="未定级"))] == ["杭州市文三街小学"]


def test_an_existing_unit_keeps_its_category(services: Services, tmp_path: Path) -> None:
    services.units.create({"name": "东鲁小学", "category": "其他"})
    path = write_register(tmp_path / "r.xlsx", ["单位名称", "职工人数"], [["东鲁小学", 20]])
    apply_import(services.db, read_register(path))
    assert services.units.find_by_name("东鲁小学").category == "其他"  # type: ignore[union-attr]


@given(st.one_of(st.text(max_size=15), st.floats(), st.integers()), st.booleans())
def test_any_cell_is_a_number_or_a_reasoned_refusal(value: object, area: bool) -> None:
    try:
        number = cell_number(value, area=area)
    except CellError as error:
        assert str(error) and "Python" not in str(error)
    else:
        assert number is None or isinstance(number, float)


@given(st.text(max_size=20))
def test_any_text_is_a_term_or_none(text: str) -> None:
    term = cell_term(text)
    assert term is None or 0 < term[1] - term[0] <= 10


def formatted_register(tmp_path: Path, header: list[str], rows: list[list[object]], formats: dict[str, str]):  # type: ignore[no-untyped-def]
    """An .xlsx whose cells (by address) carry number formats, as Excel keeps them."""
    path = write_register(tmp_path / "格式.xlsx", header, rows)
    book = load_workbook(path)
    for address, number_format in formats.items():
        book.active[address].number_format = number_format
    book.save(path)
    return read_register(path)


def test_a_numeric_2019_10_shown_with_two_decimals_is_october(services: Services, tmp_path: Path) -> None:
    rows = [["甲单位", "荣誉一", 2019.10], ["甲单位", "荣誉二", 2020.1]]
    register = formatted_register(tmp_path, HONOUR_HEADER, rows, {"C2": "0.00", "C3": "0.0"})
    assert [r.honour["awarded"] for r in register.rows] == [PartialDate(2019, 10), PartialDate(2020, 1)]
    assert register.warnings == []
    apply_import(services.db, register)
    stored = {h.title: (h.awarded_year, h.awarded_month) for h in services.honours.list()}
    assert stored == {"荣誉一": (2019, 10), "荣誉二": (2020, 1)}


def test_a_founding_date_shown_as_1989_10_is_october(tmp_path: Path) -> None:
    register = formatted_register(tmp_path, ["单位名称", "成立时间"], [["甲单位", 1989.1]], {"B2": "0.00_ "})
    assert register.rows[0].unit["founded"] == PartialDate(1989, 10) and register.warnings == []


def test_without_formatting_evidence_the_row_is_named_in_a_warning(tmp_path: Path) -> None:
    rows = [["甲单位", "荣誉一", 2019.10], ["甲单位", "荣誉二", 2018.1], ["甲单位", "荣誉三", 2017]]
    register = formatted_register(tmp_path, HONOUR_HEADER, rows, {"C2": "0.00"})
    assert [r.honour["awarded"] for r in register.rows][:2] == [PartialDate(2019, 10), PartialDate(2018, 1)]
    [warning] = register.warnings
    assert warning.row == 3 and "第 3 行的数字 2018.1 可能是 1 月，也可能是 10 月" in warning.message


def test_formats_are_read_only_when_a_cell_could_be_either(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from core.importing import months

    asked: list[object] = []
    monkeypatch.setattr(months, "number_formats", lambda *args: asked.append(args) or {})
    honour_rows(tmp_path, 2019.1, 2019.05)  # the column's two-digit months settle it
    honour_rows(tmp_path, 2019.12, "2019.10", 2019)
    assert asked == []
    honour_rows(tmp_path, 2019.1)
    assert len(asked) == 1 and asked[0][2] == [(2, 2)]  # that cell only


def test_two_digit_months_typed_as_text_settle_the_column_too(tmp_path: Path) -> None:
    register = honour_rows(tmp_path, 2019.1, "2018.06")
    assert [r.honour["awarded"] for r in register.rows] == [PartialDate(2019, 10), PartialDate(2018, 6)]
    assert register.warnings == []
