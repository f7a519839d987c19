"""An old report's figures are the report's own: imported today, they keep the old report's date
(core/figure_dates.py), so that a report of that time states them, and a later one names their date.

The old report is the first of the seed reports (荷花庄小学和谐单位总结, signed 2009年11月), written to a .docx
as tests/core/oldreports do.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from core.figure_dates import AS_OF_KEY
from core.importing.history import list_batches, undo_batch
from core.oldreports.apply import apply_reports
from core.oldreports.proposal import propose, read_report
from core.reports.context import Period
from core.reports.preflight import preflight
from core.services import Services
from tests.core.oldreports.measure import SEEDS
from tests.core.oldreports.written import write_docx
from tests.core.reports.test_trust_audit import generated_text

SCHOOL = "宁波市荷花庄小学"
OF_ITS_TIME = Period(2007, 2009)
SIGNED_THEN = dt.date(2009, 12, 10)  # after the old report (2009年11月), years before its import
LATER = Period(2022, 2024)
SIGNED_LATER = dt.date(2025, 1, 6)


def old_report(folder: Path) -> Path:
    """The seed's first report (its title to its date line), as a Word file."""
    lines = (SEEDS / "000_dfc73170409ba58d.txt").read_text(encoding="utf-8").splitlines()
    end = lines.index("2009年11月")
    return write_docx(folder / "荷花庄小学和谐单位总结.docx", lines[1 : end + 1])


def imported(services: Services, folder: Path) -> int:
    """The school, recorded today, with the old report's facts imported today (its materials unticked:
    基本情况 is then written from the registered figures)."""
    school = services.units.create({"name": SCHOOL, "category": "学校"}).id
    proposals = read_report(old_report(folder))
    propose(services.db, proposals)
    [proposal] = proposals
    assert proposal.unit_id == school and proposal.year == 2009
    for material in proposal.materials:
        material.accepted = False
    apply_reports(services.db, proposals)
    return school


def notes(services: Services, school: int, period: Period, signed: dt.date) -> str:
    return "\n".join(preflight(services.db, "情况汇报", [school], period, signed).lines())


def test_a_report_of_the_old_reports_time_states_its_figures_imported_today(
    services: Services, tmp_path: Path
) -> None:
    school = imported(services, tmp_path)
    assert services.units.get(school).extra == {AS_OF_KEY: "职工人数、占地面积、建筑面积：2009年11月"}

    lines = generated_text(
        services, "情况汇报", [school], tmp_path / "then", period=OF_ITS_TIME, written_on=SIGNED_THEN
    )
    assert "我校成立于1989年9月，占地面积7000平方米，建筑面积5000平方米，现有教职工43人。" in lines
    assert "晚于成文日期" not in notes(services, school, OF_ITS_TIME, SIGNED_THEN)


def test_a_report_signed_before_the_old_report_leaves_its_figures_out_and_says_so(
    services: Services, tmp_path: Path
) -> None:
    school = imported(services, tmp_path)
    signed = dt.date(2009, 6, 1)
    lines = generated_text(services, "情况汇报", [school], tmp_path, period=OF_ITS_TIME, written_on=signed)
    assert "我校成立于1989年9月。" in lines
    assert not any("43人" in line or "平方米" in line for line in lines)
    assert "登记的“占地面积”“建筑面积”“职工人数”是截至2009年11月的数字，晚于成文日期，不写入" in notes(
        services, school, OF_ITS_TIME, signed
    )


def test_a_later_report_names_the_date_of_the_old_figures_instead_of_calling_them_current(
    services: Services, tmp_path: Path
) -> None:
    school = imported(services, tmp_path)
    lines = generated_text(services, "情况汇报", [school], tmp_path, period=LATER, written_on=SIGNED_LATER)
    assert (
        "我校成立于1989年9月。截至2009年11月，我校占地面积7000平方米，建筑面积5000平方米，有教职工43人。"
        in lines
    )
    assert not any("现有" in line for line in lines)
    assert (
        "登记的“占地面积”“建筑面积”“职工人数”是截至2009年11月的数字，早于汇报期间的最后一年，写明截至日期"
        in notes(services, school, LATER, SIGNED_LATER)
    )


def test_a_figure_typed_since_is_of_its_own_day_and_the_others_keep_the_old_reports(
    services: Services, tmp_path: Path
) -> None:
    school = imported(services, tmp_path)
    unit = services.units.get(school)
    services.units.update(school, {"staff_count": 51}, expected_version=unit.version)
    assert services.units.get(school).extra == {AS_OF_KEY: "占地面积、建筑面积：2009年11月"}

    then = generated_text(
        services, "情况汇报", [school], tmp_path / "then", period=OF_ITS_TIME, written_on=SIGNED_THEN
    )
    assert "我校成立于1989年9月，占地面积7000平方米，建筑面积5000平方米。" in then  # 51: typed today
    assert not any("51人" in line or "43人" in line for line in then)
    now = generated_text(
        services, "情况汇报", [school], tmp_path / "now", period=LATER, written_on=dt.date.today()
    )
    assert (
        "我校成立于1989年9月，现有教职工51人。截至2009年11月，我校占地面积7000平方米，建筑面积5000平方米。"
        in now
    )


def test_a_template_of_ones_own_naming_an_old_figure_is_warned_of_its_date(
    services: Services, tmp_path: Path
) -> None:
    school = imported(services, tmp_path)
    fields = ["单位.名称", "单位.职工人数"]
    plan = preflight(services.db, "人数汇报", [school], LATER, SIGNED_LATER, fields_used=fields)
    assert (
        "模板引用的“职工人数”是截至2009年11月的数字，模板照登记的数字写出，不注明日期，请核对"
        in "\n".join(plan.lines())
    )


def test_undoing_the_import_takes_the_figures_and_their_date_away(services: Services, tmp_path: Path) -> None:
    school = imported(services, tmp_path)
    assert AS_OF_KEY in services.units.get(school).extra
    [(batch, _count)] = list_batches(services.db)
    undo_batch(services.db, batch.id)
    unit = services.units.get(school)
    assert (unit.staff_count, unit.land_area_m2, unit.extra) == (None, None, {})
