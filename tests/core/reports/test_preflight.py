"""The check before generating: what each section comes from, which honours are left out, odd dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from core.reports.context import Period, ReportOptions
from core.reports.library import TemplateLibrary
from core.reports.preflight import date_warnings, template_sections
from core.services import Services
from core.services.reports import plan_reports
from tests.core.reports.hostile import docx_with


def test_a_template_of_ones_own_is_checked_by_the_fields_it_uses(services: Services, tmp_path: Path) -> None:
    assert [
        s.name for s in template_sections("我的模板", ["单位.名称", "材料段落.存在问题", "章节.基本情况"])
    ] == [
        "存在问题",
        "基本情况",
    ]
    unit = services.units.create({"name": "东鲁派出所", "profile": "东鲁派出所地处城郊。"})
    services.honours.create(unit.id, {"title": "省级文明窗口", "level": "省级"})
    TemplateLibrary(services.db).add(
        docx_with(
            tmp_path / "简报.docx",
            "{{ 材料.存在问题 }}",
            "{%p for 段 in 章节段落.基本情况 %}",
            "{{ 段 }}",
            "{%p endfor %}",
        )
    )
    plan = plan_reports(
        services.db, "简报", [unit.id], Period(2024, 2026), dt.date(2026, 3, 5), ReportOptions()
    )
    (unit_plan,) = plan.units
    assert [(s.name, s.describe()) for s in unit_plan.sections] == [
        ("存在问题", "无可用材料，将显示（此处请补充“存在问题”材料）"),
        ("基本情况", "单位简介"),
    ]
    assert unit_plan.undated == ("省级文明窗口",) and not plan.warnings
    assert unit_plan.summary() == "期间内没有本单位的荣誉；未注明时间 1 项（不写入）；待补充：存在问题"


def test_a_report_signed_long_after_its_period_is_questioned() -> None:
    assert date_warnings(Period(2016, 2018), dt.date(2026, 3, 5)) == [
        "成文日期（2026年3月5日）比汇报期间（2016年至2018年）晚 8 年，请核对期间或成文日期。"
    ]
    assert date_warnings(Period(2024, 2025), dt.date(2026, 3, 5)) == []
    assert date_warnings(Period(2027, 2027), dt.date(2026, 3, 5)) == [
        "汇报期间（2027年）在成文日期（2026年3月5日）之后，请核对。"
    ]
