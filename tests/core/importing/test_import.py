"""Importing messy registers end to end: exact counts, rejections with row and column, idempotence, undo."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from core.errors import UserError
from core.importing.apply import apply_import
from core.importing.history import list_batches, undo_batch
from core.importing.register import read_register
from core.models import Honour, Unit
from core.partial_date import PartialDate
from core.services import HonourFilter, Services
from tests.core.importing import registers


def counts_of(result) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {
        k: result.counts[k]
        for k in ("units_created", "units_updated", "honours_created", "duplicates", "rejected")
    }


def table_sizes(services: Services) -> tuple[int, int]:
    with services.db.session() as session:
        return (
            session.scalar(select(func.count()).select_from(Unit)) or 0,
            session.scalar(select(func.count()).select_from(Honour)) or 0,
        )


def test_messy_honour_register_gives_exact_counts(services: Services, tmp_path: Path) -> None:
    path = registers.honour_register(tmp_path / "荣誉登记表.xlsx")
    register = read_register(path)
    assert register.header.row_number == 3 and register.kind == "honours"
    # the blank row (6), the repeated header (9) and the total (15) are skipped silently
    assert [row.number for row in register.rows] == [4, 5, 7, 8, 10, 11, 12, 13, 14]
    result = apply_import(services.db, register)
    assert counts_of(result) == {
        "units_created": 4,
        "units_updated": 0,
        "honours_created": 5,
        "duplicates": 1,
        "rejected": 3,
    }
    problems = {(e.row, e.column): e.message for e in result.errors}
    assert "缺少单位名称" in problems[(11, "单位名称")]
    assert "月份 13" in problems[(12, "获得时间")]
    assert "缺少荣誉称号" in problems[(13, "荣誉称号")]


def test_the_same_register_as_xls_gives_the_same_counts(services: Services, tmp_path: Path) -> None:
    register = read_register(registers.honour_register_xls(tmp_path / "荣誉登记表.xls"))
    assert [row.number for row in register.rows] == [4, 5, 7, 8, 10, 11, 12, 13, 14]
    result = apply_import(services.db, register)
    assert counts_of(result) == {
        "units_created": 4,
        "units_updated": 0,
        "honours_created": 5,
        "duplicates": 1,
        "rejected": 3,
    }
    assert {h.title: h.awarded for h in services.honours.list()}["人民满意派出所"] == PartialDate(2019, 12, 5)


def test_values_are_normalised(services: Services, tmp_path: Path) -> None:
    apply_import(services.db, read_register(registers.honour_register(tmp_path / "r.xlsx")))
    honours = {h.title: h for h in services.honours.list()}
    assert honours["全国写字教育先进集体"].level == "国家级"
    assert honours["全国写字教育先进集体"].awarded == PartialDate(2010, 12)
    assert honours["全国写字教育先进集体"].document_no == "教基〔2010〕5号"
    assert honours["人民满意派出所"].awarded == PartialDate(2019, 12, 5)
    assert honours["市文明单位"].awarded == PartialDate(2019, 12)
    assert honours["县示范幼儿园"].awarded == PartialDate(2018, 6)
    assert honours["县示范幼儿园"].level == "县区级"
    assert honours["省卫生先进单位"].awarded == PartialDate(2008)
    names = {s.unit.name for s in services.units.list()}
    assert "XX中学（东校区）" in names  # full-width letters made half-width, brackets kept Chinese


def test_importing_the_same_file_again_creates_nothing(services: Services, tmp_path: Path) -> None:
    path = registers.honour_register(tmp_path / "r.xlsx")
    apply_import(services.db, read_register(path))
    before = table_sizes(services)
    again = apply_import(services.db, read_register(path))
    assert counts_of(again) == {
        "units_created": 0,
        "units_updated": 0,
        "honours_created": 0,
        "duplicates": 6,
        "rejected": 3,
    }
    assert table_sizes(services) == before


def test_honour_rows_match_existing_units_by_name(services: Services, tmp_path: Path) -> None:
    unit = services.units.create({"name": "宁波市荷花庄小学"})
    services.honours.create(unit.id, {"title": "省卫生先进单位", "awarded": "2008", "awarded_by": "省爱卫会"})
    result = apply_import(services.db, read_register(registers.honour_register(tmp_path / "r.xlsx")))
    assert result.counts["units_created"] == 3
    assert result.counts["honours_created"] == 4 and result.counts["duplicates"] == 2


def test_strict_mode_changes_nothing_when_rows_are_rejected(services: Services, tmp_path: Path) -> None:
    result = apply_import(
        services.db, read_register(registers.honour_register(tmp_path / "r.xlsx")), strict=True
    )
    assert not result.applied and result.counts["rejected"] == 3
    assert table_sizes(services) == (0, 0)


def test_dry_run_reports_and_changes_nothing(services: Services, tmp_path: Path) -> None:
    result = apply_import(
        services.db, read_register(registers.honour_register(tmp_path / "r.xlsx")), dry_run=True
    )
    assert result.counts["honours_created"] == 5 and not result.applied
    assert table_sizes(services) == (0, 0)


def test_unit_register_keeps_numbers_as_written_and_extra_columns(services: Services, tmp_path: Path) -> None:
    path, code = registers.unit_register_xlsx(tmp_path / "units.xlsx")
    register = read_register(path)
    assert register.kind == "units"
    assert "校园网址" in register.unmapped_labels
    result = apply_import(services.db, register)
    assert counts_of(result) == {
        "units_created": 3,
        "units_updated": 0,
        "honours_created": 0,
        "duplicates": 0,
        "rejected": 1,
    }
    [error] = result.errors
    assert (error.row, error.column) == (6, "统一社会信用代码") and "校验位" in error.message
    school = services.units.find_by_name("宁波市荷花庄小学")
    assert school is not None
    assert (school.phone, school.credit_code, school.category) == ("13800000001", code, "学校")
    assert school.founded == PartialDate(1989, 9, 1) and school.staff_count == 43
    # 公办小学 is filed as 学校, and what it said beyond that is kept beside it
    assert school.extra == {"校园网址": "www.hhz.cn", "单位类别": "公办小学"}
    kindergarten = services.units.find_by_name("口东中心幼儿园")
    assert (
        kindergarten is not None
        and kindergarten.staff_count == 25
        and kindergarten.founded == PartialDate(2001)
    )
    assert services.units.find_by_name("东鲁派出所").phone == "57488886666"  # type: ignore[union-attr]


def test_unit_register_updates_matched_units_and_blank_cells_never_erase(
    services: Services, tmp_path: Path
) -> None:
    services.units.create({"name": "东鲁派出所", "leader": "刘龙", "phone": "111"})
    path, _ = registers.unit_register_xlsx(tmp_path / "units.xlsx")
    result = apply_import(services.db, read_register(path))
    assert result.counts["units_updated"] == 1 and result.counts["units_created"] == 2
    police = services.units.find_by_name("东鲁派出所")
    assert police is not None and police.phone == "57488886666" and police.leader == "刘龙"


def test_two_level_header(services: Services, tmp_path: Path) -> None:
    register = read_register(registers.two_level_register(tmp_path / "two.xlsx"))
    assert register.header.depth == 2 and register.header.row_number == 2
    result = apply_import(services.db, register)
    assert counts_of(result)["honours_created"] == 2
    assert {h.awarded for h in services.honours.list()} == {PartialDate(2016, 5), PartialDate(2014)}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_in_each_encoding(services: Services, tmp_path: Path, encoding: str) -> None:
    register = read_register(registers.csv_register(tmp_path / f"{encoding}.csv", encoding))
    result = apply_import(services.db, register)
    assert counts_of(result) == {
        "units_created": 2,
        "units_updated": 0,
        "honours_created": 3,
        "duplicates": 0,
        "rejected": 0,
    }
    assert services.honours.list(HonourFilter(level="省级"))[0].awarded_by == "省建设厅"


def test_import_is_one_batch_that_can_be_undone(services: Services, tmp_path: Path) -> None:
    existing = services.units.create({"name": "东鲁派出所", "phone": "111"})
    services.honours.create(existing.id, {"title": "老荣誉"})
    apply_import(services.db, read_register(registers.unit_register_xlsx(tmp_path / "u.xlsx")[0]))
    result = apply_import(services.db, read_register(registers.honour_register(tmp_path / "r.xlsx")))
    [(batch, live), *_] = list_batches(services.db)
    assert batch.id == result.batch_id and live == 5
    assert batch.counts["honours_created"] == 5 and batch.sheet == "荣誉登记"

    undone = undo_batch(services.db, batch.id)
    assert undone.honours_removed == 5
    assert {h.title for h in services.honours.list()} == {"老荣誉"}
    assert "XX中学（东校区）" not in {s.unit.name for s in services.units.list()}
    with pytest.raises(UserError, match="撤销过"):
        undo_batch(services.db, batch.id)


def test_undo_puts_back_changed_unit_fields(services: Services, tmp_path: Path) -> None:
    services.units.create({"name": "东鲁派出所", "phone": "111"})
    result = apply_import(services.db, read_register(registers.unit_register_xlsx(tmp_path / "u.xlsx")[0]))
    undo_batch(services.db, result.batch_id)  # type: ignore[arg-type]
    assert [s.unit.phone for s in services.units.list()] == ["111"]


@pytest.mark.sqlite_only
def test_import_backs_up_first(services: Services, tmp_path: Path) -> None:
    apply_import(services.db, read_register(registers.honour_register(tmp_path / "r.xlsx")))
    assert list(services.db.data_dir.backups.glob("*before-import*"))  # type: ignore[union-attr]


def test_unknown_sheet_is_refused_naming_the_sheets(tmp_path: Path) -> None:
    path = registers.honour_register(tmp_path / "r.xlsx")
    with pytest.raises(UserError, match=r"没有名为“汇总”的工作表.*荣誉登记"):
        read_register(path, "汇总")


def test_sheet_without_a_header_is_refused(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["甲", "乙"])
    book.active.append([1, 2])
    book.save(tmp_path / "plain.xlsx")
    with pytest.raises(UserError, match=r"plain\.xlsx.*找不到可识别的表头"):
        read_register(tmp_path / "plain.xlsx")
