"""基本情况 states the unit's 简介 and figures only as of the report's time (unit_time.py): a report signed in
2014 cannot know a 简介 written later, nor state as fact a year after its period."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from core.models import ImportBatch
from core.reports.context import Period
from core.reports.preflight import preflight
from core.services import Services
from tests.core.reports.entered import entered_before
from tests.core.reports.test_trust_audit import generated_text

PROFILE = (
    "学校位于东湖区文化路8号，环境优雅。\n"
    "学校现有教职工120人，学生1500人。2016年被评为全国文明校园，2012年被评为市级绿色学校。"
)
EARLY = Period(2010, 2013)
SIGNED_2014 = dt.date(2014, 1, 6)


def _school(services: Services) -> int:
    return services.units.create(
        {
            "name": "东湖区第一小学",
            "category": "学校",
            "profile": PROFILE,
            "staff_count": 120,
            "founded": "1989-09",
        }
    ).id


def test_a_report_signed_before_the_profile_was_written_states_none_of_its_present(
    services: Services, tmp_path: Path
) -> None:
    school = _school(services)  # written today, years after the report's date
    lines = generated_text(services, "情况汇报", [school], tmp_path, period=EARLY, written_on=SIGNED_2014)
    body = "\n".join(lines)
    assert "学校位于东湖区文化路8号，环境优雅。" in lines  # what the unit is, whenever written
    assert "120人" not in body and "现有" not in body  # the staff of the day the 简介 was written
    assert "2016年" not in body  # a year after the period, stated as fact
    assert "我校成立于1989年9月。" in lines  # history: true whenever recorded
    plan = preflight(services.db, "情况汇报", [school], EARLY, SIGNED_2014)
    notes = "\n".join(plan.lines())
    assert "单位简介中写到2016年（汇报期间之后）的1句不写入" in notes
    assert "晚于成文日期，其中登记的“职工人数”不作为现状写入" in notes
    assert "单位简介最后修改于" in notes and "其中说现状的1句不写入：“学校现有教职工120人，学生15…”" in notes


def test_a_report_signed_after_the_profile_was_written_states_it_but_no_later_year(
    services: Services, tmp_path: Path
) -> None:
    school = _school(services)
    today = dt.date.today()
    lines = generated_text(
        services, "情况汇报", [school], tmp_path, period=Period(2010, 2013), written_on=today
    )
    assert "学校现有教职工120人，学生1500人。" in lines  # known on the day it is signed
    assert not any("2016年" in line for line in lines)
    assert not any("2012年被评为市级绿色学校" in line for line in lines)  # its sentence names 2016 too


def test_figures_recorded_before_the_period_are_stated_but_questioned(
    services: Services, tmp_path: Path
) -> None:
    school = services.units.create({"name": "东湖区第一小学", "category": "学校", "staff_count": 43}).id
    entered_before(services, school, dt.date(2015, 3, 1))  # not touched since
    period, signed = Period(2021, 2023), dt.date(2024, 1, 8)
    lines = generated_text(services, "情况汇报", [school], tmp_path, period=period, written_on=signed)
    assert "我校现有教职工43人。" in lines
    plan = preflight(services.db, "情况汇报", [school], period, signed)
    assert "早于汇报期间，登记的“职工人数”将作为现状写入，请核对是否仍是如此" in "\n".join(plan.lines())
    assert "单位人数、面积登记于期间以前，请核对" in plan.units[0].summary()


def test_a_founding_after_the_period_is_not_stated(services: Services, tmp_path: Path) -> None:
    school = services.units.create({"name": "东湖区第二小学", "category": "学校", "founded": "2016-09"}).id
    lines = generated_text(services, "情况汇报", [school], tmp_path, period=EARLY, written_on=dt.date.today())
    assert not any("2016年" in line for line in lines)
    plan = preflight(services.db, "情况汇报", [school], EARLY, dt.date.today())
    assert "登记的“成立时间”为2016年9月，在汇报期间之后，不写入" in "\n".join(plan.lines())


def test_a_template_of_ones_own_naming_the_figures_is_warned_too(services: Services) -> None:
    school = _school(services)
    plan = preflight(
        services.db, "人数汇报", [school], EARLY, SIGNED_2014, fields_used=["单位.名称", "单位.职工人数"]
    )
    assert "晚于成文日期：模板引用的“职工人数”是修改后的数字，请核对" in "\n".join(plan.lines())
    assert "不作为现状写入" not in "\n".join(plan.lines())  # it does state it, as recorded
    quiet = preflight(services.db, "名单", [school], EARLY, SIGNED_2014, fields_used=["单位.名称"])
    assert "不作为现状写入" not in "\n".join(quiet.lines())


def test_a_later_edit_of_another_field_keeps_the_figures_known_before(
    services: Services, tmp_path: Path
) -> None:
    """The change log names what the unit form wrote: a telephone number changed today does not make the
    staff figure entered years ago unknown to a report signed in between."""
    school = _school(services)
    entered_before(services, school, dt.date(2013, 6, 1), log=True)
    version = services.units.get(school).version
    services.units.update(school, {"phone": "0574-87654321"}, expected_version=version)
    lines = generated_text(services, "情况汇报", [school], tmp_path, period=EARLY, written_on=SIGNED_2014)
    assert "学校现有教职工120人，学生1500人。" in lines
    services.units.update(school, {"staff_count": 121}, expected_version=version + 1)
    again = generated_text(
        services, "情况汇报", [school], tmp_path / "again", period=EARLY, written_on=SIGNED_2014
    )
    assert not any("121" in line for line in again)


def test_an_import_since_the_signing_leaves_the_figures_unknown(services: Services, tmp_path: Path) -> None:
    """An import writes a unit's fields without naming them in the change log: any may be new."""
    school = _school(services)
    entered_before(services, school, dt.date(2013, 6, 1), log=True)
    version = services.units.get(school).version
    services.units.update(school, {"phone": "0574-87654321"}, expected_version=version)
    with services.db.session(write=True) as session:
        undo = {"updated_units": {str(school): {"staff_count": None}}}
        session.add(ImportBatch(file_name="荣誉登记表.xlsx", file_hash="0" * 64, undo_data=undo))
    lines = generated_text(services, "情况汇报", [school], tmp_path, period=EARLY, written_on=SIGNED_2014)
    assert not any("120人" in line for line in lines)
