"""A register's figure is as of the day it is imported (the register has no date of its own for it): it
replaces the figure an old report gave without keeping that report's date, and undo puts the date back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from core.figure_dates import AS_OF_KEY
from core.importing.apply import apply_import
from core.importing.history import undo_batch
from core.importing.register import read_register
from core.reports.context import Period
from core.services import Services
from tests.core.importing.keeping import write_register
from tests.core.reports.test_figures_of_an_old_report import SCHOOL, imported
from tests.core.reports.test_trust_audit import generated_text


def test_a_register_figure_drops_the_old_reports_date_of_that_figure_only(
    services: Services, tmp_path: Path
) -> None:
    school = imported(services, tmp_path)
    path = write_register(tmp_path / "单位.xlsx", ["单位名称", "职工人数", "学生人数"], [[SCHOOL, 55, 900]])
    result = apply_import(services.db, read_register(path))
    assert result.counts["units_updated"] == 1
    unit = services.units.get(school)
    assert (unit.staff_count, unit.student_count) == (55, 900)
    assert unit.extra == {AS_OF_KEY: "占地面积、建筑面积：2009年11月"}  # 55 and 900: as of today

    undo_batch(services.db, result.batch_id)  # type: ignore[arg-type]
    unit = services.units.get(school)
    assert (unit.staff_count, unit.student_count) == (43, None)
    assert unit.extra == {AS_OF_KEY: "职工人数、占地面积、建筑面积：2009年11月"}


def test_a_registers_own_date_column_dates_its_figures_beside_the_old_reports(
    services: Services, tmp_path: Path
) -> None:
    school = imported(services, tmp_path)
    header = ["单位名称", "职工人数", "学生人数", "统计时间"]
    path = write_register(tmp_path / "统计.xlsx", header, [[SCHOOL, 55, 900, "2023年12月"]])
    apply_import(services.db, read_register(path))
    unit = services.units.get(school)
    assert unit.extra == {
        "统计时间": "2023年12月",
        AS_OF_KEY: "职工人数、学生人数：2023年12月；占地面积、建筑面积：2009年11月",
    }
    signed = dt.date(2024, 1, 8)  # the register's figures are of the period's last year: its present
    lines = generated_text(
        services, "情况汇报", [school], tmp_path, period=Period(2021, 2023), written_on=signed
    )
    assert (
        "我校成立于1989年9月，现有教职工55人、学生900人。"
        "截至2009年11月，我校占地面积7000平方米，建筑面积5000平方米。" in lines
    )
