"""Grades, certificate numbers and extra fields reach a template as 项.等级, 项.证书编号, 项.其他信息."""

from __future__ import annotations

import datetime as dt

from core.reports.context import Period, report_context
from core.reports.fields import REPORT_FIELDS
from core.services import Services


def test_a_contest_honour_gives_its_grade_certificate_and_extra_fields(services: Services) -> None:
    unit = services.units.create({"name": "宁波市荷花庄小学"})
    services.honours.create(
        unit.id,
        {
            "title": "全国青少年书法大赛",
            "grade": "一等奖",
            "certificate_no": "SF-2021-00123",
            "document_no": "中书协〔2021〕8号",
            "awarded": "2021",
            "extra": {"指导教师": "王丽"},
        },
    )
    with services.db.session() as session:
        context = report_context(session, unit.id, Period(2019, 2021), dt.date(2022, 1, 5))
    [honour] = context["荣誉"]
    assert (honour["等级"], honour["证书编号"], honour["文号"]) == (
        "一等奖",
        "SF-2021-00123",
        "中书协〔2021〕8号",
    )
    assert honour["其他信息"] == {"指导教师": "王丽"}


def test_the_field_manual_names_them() -> None:
    names = {field.name for field in REPORT_FIELDS}
    assert {"项.等级", "项.证书编号", "项.其他信息"} <= names
