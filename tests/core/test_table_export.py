"""A table exported to Excel as shown: titles made of unit names that Excel would refuse as a sheet name."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from core.table_export import export_table


@pytest.mark.parametrize(
    ("title", "sheet"),
    [
        ("城关镇中心小学/幼儿园荣誉一览（2023年）", "城关镇中心小学_幼儿园荣誉一览（2023年）"),
        ("第一中学[东校区]荣誉一览", "第一中学_东校区_荣誉一览"),
        ("'实验小学荣誉一览", "实验小学荣誉一览"),
        (
            "宁波市鄞州区东吴镇中心小学附属幼儿园（含分园）荣誉一览（获得时间未记录）",
            "宁波市鄞州区东吴镇中心小学附属幼儿园（含分园）荣誉一览（获得时",  # Excel's 31 characters
        ),
    ],
)
def test_a_title_excel_would_refuse_as_a_sheet_name_still_exports(
    tmp_path: Path, title: str, sheet: str
) -> None:
    path = export_table(tmp_path / "荣誉一览.xlsx", title, ["荣誉称号"], [["市文明单位"]])
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == [sheet]
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][0].startswith(f"{title}（共 1 条")  # the title row keeps the unit's real name
    assert rows[2] == (1, "市文明单位")
