"""Every register sheet of a workbook imported as one batch, unit sheets first; the sheets and rows that
are not data listed as skipped. Workbooks written by openpyxl and by LibreOffice (.xlsx, .xls, .ods)."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.importing.apply import apply_import
from core.importing.history import list_batches
from core.importing.skipping import FOOTER, HIDDEN, TOTAL
from core.importing.workbook import HIDDEN_SHEET, NO_HEADER, read_registers
from core.reports.pdf import find_soffice
from core.services import Services
from tests.core.importing import registers


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The yearly workbook as openpyxl writes it and as LibreOffice saves it in each format (where
    LibreOffice is installed: scripts/common.sh installs it for the tests)."""
    folder = tmp_path_factory.mktemp("yearly")
    source = registers.yearly_workbook(folder / "各年度荣誉.xlsx")
    found = {"openpyxl .xlsx": source}
    if find_soffice() is not None:
        for suffix in (".xlsx", ".xls", ".ods"):
            found[f"LibreOffice {suffix}"] = registers.saved_by_libreoffice(
                source, folder / suffix[1:], suffix
            )
    return found


def workbook(workbooks: dict[str, Path], kind: str) -> Path:
    if kind not in workbooks:
        pytest.skip("LibreOffice is not installed")
    return workbooks[kind]


KINDS = ["openpyxl .xlsx", "LibreOffice .xlsx", "LibreOffice .xls", "LibreOffice .ods"]


@pytest.mark.parametrize("kind", KINDS)
def test_every_register_sheet_is_read_unit_sheets_first(workbooks: dict[str, Path], kind: str) -> None:
    source = read_registers(workbook(workbooks, kind))
    assert source.sheets == ["单位", "2019年", "2020年"]
    assert [(s.sheet, s.reason) for s in source.skipped_sheets] == [
        ("填表说明", NO_HEADER),
        ("旧表", HIDDEN_SHEET),
    ]
    year = source.registers[1]
    assert [row.number for row in year.rows] == [3, 4]
    assert [(s.number, s.reason) for s in year.skipped_rows] == [
        (5, HIDDEN),
        (6, TOTAL),
        (7, FOOTER),
        (8, FOOTER),
        (9, FOOTER),
    ]


@pytest.mark.parametrize("kind", KINDS)
def test_the_sheets_are_one_batch_and_honour_sheets_find_the_units_of_the_unit_sheet(
    services: Services, workbooks: dict[str, Path], kind: str
) -> None:
    result = apply_import(services.db, read_registers(workbook(workbooks, kind)))
    assert result.applied and result.errors == []
    assert result.counts == {
        "units_created": 3,
        "units_updated": 0,
        "honours_created": 5,
        "materials_created": 0,
        "duplicates": 0,
        "rejected": 0,
    }
    units = {s.unit.name: s for s in services.units.list()}
    assert set(units) == {"宁波市荷花庄小学", "东鲁派出所", "江东区文明办"}
    assert units["东鲁派出所"].unit.category == "机关"  # from the unit sheet, read before the honours
    assert units["宁波市荷花庄小学"].honour_count == 3  # one in 2019, two under a merged name in 2020
    ((batch, honours),) = list_batches(services.db)
    assert batch.sheet == "单位、2019年、2020年" and honours == 5

    sheets = {s["sheet"]: s for s in result.as_json()["sheets"]}
    assert [s["sheet"] for s in result.as_json()["sheets"]] == ["单位", "2019年", "2020年"]
    assert (sheets["单位"]["units_created"], sheets["单位"]["honours_created"]) == (2, 0)
    assert (sheets["2020年"]["units_created"], sheets["2020年"]["honours_created"]) == (1, 3)
    assert sheets["2019年"]["skipped_rows"][0] == {"row": 5, "reason": HIDDEN}
    assert result.as_json()["skipped_sheets"] == [
        {"sheet": "填表说明", "reason": NO_HEADER},
        {"sheet": "旧表", "reason": HIDDEN_SHEET},
    ]


def test_a_named_sheet_is_read_alone(workbooks: dict[str, Path]) -> None:
    source = read_registers(workbooks["openpyxl .xlsx"], ["2020年"])
    assert source.sheets == ["2020年"]
    assert {s.sheet for s in source.skipped_sheets} == {"填表说明", "2019年", "单位", "旧表"}


@pytest.mark.parametrize("kind", KINDS)
def test_a_file_read_ahead_gives_the_same_registers(workbooks: dict[str, Path], kind: str) -> None:
    """The command line opens the file on a thread while the database opens: nothing read differs."""
    from core.importing.readers.ahead import ReadAhead

    path = workbook(workbooks, kind)
    plain, ahead = read_registers(path), read_registers(path, ahead=ReadAhead(path))
    assert ahead.file_hash == plain.file_hash and ahead.skipped_sheets == plain.skipped_sheets
    assert [(r.sheet, r.rows, r.skipped_rows) for r in ahead.registers] == [
        (r.sheet, r.rows, r.skipped_rows) for r in plain.registers
    ]
    assert sum(len(r.rows) for r in ahead.registers) > 0


def test_a_workbook_with_a_sheet_per_level_gives_its_rows_the_sheets_level(
    services: Services, tmp_path: Path
) -> None:
    """Rows on 省级 whose body and title name no place take the sheet's level, marked 推断 with that rule."""
    from core.inferred import LEVEL_MARK
    from tests.core.importing.office_registers import level_sheets

    source = read_registers(level_sheets(tmp_path / "分级别荣誉.xlsx"))
    assert apply_import(services.db, source).errors == []
    honours = {h.title: h for h in services.honours.list()}
    assert (honours["绿色学校"].level, honours["卫生先进单位"].level) == ("省级", "市级")
    assert honours["绿色学校"].extra[LEVEL_MARK] == "工作表名“省级”中有“省级”"
    assert honours["全国文明校园"].level == "国家级"
