"""The figures' own dates as the unit's 其他信息 keeps them (core/figure_dates.py): any text there (typed
by the clerk, read from a workbook) gives dates or nothing, never an error; what is written reads back."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from core.figure_dates import AS_OF_KEY, FIGURES, dates_of, text_of, with_dates
from core.partial_date import PartialDate

_YEARS = st.integers(1900, 2100)
_DATES = st.one_of(
    st.builds(PartialDate, _YEARS),
    st.builds(PartialDate, _YEARS, st.integers(1, 12)),
    st.builds(PartialDate, _YEARS, st.integers(1, 12), st.integers(1, 28)),
)


@given(st.one_of(st.text(), st.integers(), st.none()))
def test_any_entry_gives_dates_or_nothing(entry: object) -> None:
    dates = dates_of({AS_OF_KEY: entry})
    assert set(dates) <= set(FIGURES) and all(isinstance(d, PartialDate) for d in dates.values())


@given(st.dictionaries(st.sampled_from(sorted(FIGURES)), _DATES))
def test_what_is_written_reads_back(dates: dict[str, PartialDate]) -> None:
    extra = with_dates({"校园网址": "www.hhz.cn"}, dates)
    assert dates_of(extra) == dates
    assert extra.get(AS_OF_KEY, "") == text_of(dates) and extra["校园网址"] == "www.hhz.cn"


def test_a_hand_edited_entry_keeps_what_still_reads() -> None:
    extra = {AS_OF_KEY: "职工人数、学生人数：2021年12月20日；占地面积: 2019；班级数：不详"}
    assert dates_of(extra) == {
        "staff_count": PartialDate(2021, 12, 20),
        "student_count": PartialDate(2021, 12, 20),
        "land_area_m2": PartialDate(2019),
    }
    assert with_dates(extra, {"staff_count": None, "student_count": None, "land_area_m2": None}) == {}
