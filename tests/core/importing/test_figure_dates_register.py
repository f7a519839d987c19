"""A register's figure is as of the day it is imported (the register has no date of its own for it): it
replaces the figure an old report gave without keeping that report's date, and undo puts the date back."""

from __future__ import annotations

from pathlib import Path

from core.figure_dates import AS_OF_KEY
from core.importing.apply import apply_import
from core.importing.history import undo_batch
from core.importing.register import read_register
from core.services import Services
from tests.core.importing.keeping import write_register
from tests.core.reports.test_figures_of_an_old_report import SCHOOL, imported


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
