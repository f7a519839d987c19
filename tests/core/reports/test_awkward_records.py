"""Documents over awkward records (lapsed terms, renamed and deleted units, titles held twice …), read back
as the official receiving them reads them: every statement is one the records support (DESIGN.md 6a)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from core.decisions.review import Review, apply_review
from core.reports.summary_generate import SummaryOptions
from core.services import Services
from tests.core.reports.test_trust_audit import generated_text

OFFICE = SummaryOptions(office="东湖区精神文明建设委员会")


def test_a_title_whose_term_ended_without_a_review_is_not_held_at_the_end_of_the_period(
    services: Services, tmp_path: Path
) -> None:
    unit = services.units.create
    school = unit({"name": "东湖区第三中学", "category": "学校"}).id
    bureau = unit({"name": "东湖区卫生健康局", "category": "机关"}).id
    village = unit({"name": "城关镇张家村", "category": "村"}).id
    add = services.honours.create
    add(school, {"title": "市级文明单位", "level": "市级", "awarded": "2019-12"})  # term ends 2022年12月
    add(
        school,
        {"title": "区级文明校园", "level": "县区级", "awarded": "2022", "valid_until": dt.date(2023, 6, 30)},
    )
    add(bureau, {"title": "市级文明单位", "level": "市级", "awarded": "2018"})
    apply_review(services.db, Review("市级文明单位", "合格", dt.date(2022, 3, 1)), [bureau])  # to 2025-03-01
    add(
        village, {"title": "市级文明村镇", "level": "市级", "awarded": "2021"}
    )  # ends with 2024: held at its end
    lines = generated_text(
        services, "全区文明创建工作情况汇报", [school, bureau, village], tmp_path, summary=OFFICE
    )
    assert "截至2024年，全区现有文明创建称号2项，按级别分列如下：" in lines
    assert "市级文明村镇1家：城关镇张家村。" in lines
    assert "市级文明单位1家：东湖区卫生健康局。" in lines
    assert not any("区级文明校园" in line and "现有" in line for line in lines)
    assert "此外，全区另有市级文明单位1家、区级文明校园1家已过有效期、未见复查记录，见“复查情况”。" in lines
    assert not any(line.startswith("（二）县区级") for line in lines)
    assert "全区到期待复查的有市级文明单位1家、市级文明村镇1家、区级文明校园1家。" in lines, (
        "a title still in its term on the 成文日期 (the bureau's, to 2025年3月1日) is not due"
    )
    assert "市级文明单位1家：东湖区第三中学（2022年12月到期，未见复查记录）。" in lines
    assert "区级文明校园1家：东湖区第三中学（2023年6月30日到期，未见复查记录）。" in lines
    assert "市级文明村镇1家：城关镇张家村（2024年到期，未见复查记录）。" in lines


def test_a_title_the_records_mark_for_review_is_never_reported_as_none_due(
    services: Services, tmp_path: Path
) -> None:
    bureau = services.units.create({"name": "东湖区卫生健康局", "category": "机关"}).id
    school = services.units.create({"name": "东湖区第一小学", "category": "学校"}).id
    add = services.honours.create
    add(bureau, {"title": "区级文明单位", "level": "县区级", "awarded": "2023", "status": "待复查"})
    add(
        school,
        {"title": "市级文明单位", "level": "市级", "awarded": "2022", "valid_until": dt.date(2026, 1, 1)},
    )
    add(
        school, {"title": "市级文明单位", "level": "市级", "awarded": "2019", "status": "待复查"}
    )  # not its latest
    lines = generated_text(services, "全区文明创建工作情况汇报", [bureau, school], tmp_path, summary=OFFICE)
    review = lines[lines.index("三、复查情况") + 1 : lines.index("四、主要做法")]
    assert review == ["全区待复查的有区级文明单位1家：东湖区卫生健康局（登记为待复查）。"]
    assert "截至2024年，全区现有文明创建称号2项，按级别分列如下：" in lines
    assert "区级文明单位1家：东湖区卫生健康局。" in lines  # awaiting 复查, still held


def test_a_holder_naming_the_unit_itself_is_the_units_own_honour(services: Services, tmp_path: Path) -> None:
    """Registers with a 获奖单位/个人 column fill 获得者 with the unit's name, its short name or 集体: the
    honour is the unit's, never passed off as a person's (DESIGN.md 6a)."""
    school = services.units.create({"name": "东湖区第一小学", "category": "学校", "short_name": "一小"}).id
    add = services.honours.create
    add(school, {"title": "市级文明单位", "level": "市级", "awarded": "2023", "recipient": "东湖区第一小学"})
    add(school, {"title": "绿色学校", "level": "市级", "awarded": "2023", "recipient": "集体"})
    add(school, {"title": "先进集体", "level": "市级", "awarded": "2024", "recipient": "一小"})
    add(school, {"title": "优秀教师", "level": "市级", "awarded": "2024", "recipient": "王丽"})
    report = generated_text(services, "情况汇报", [school], tmp_path / "report")
    assert "2023年，被命名为市级文明单位，被评为绿色学校。" in report
    assert "2024年，被评为先进集体。" in report
    assert "个人荣誉方面，2024年，王丽被评为优秀教师。" in report
    table = generated_text(services, "荣誉一览表", [school], tmp_path / "table")
    assert "3 | 先进集体 | 市级 | 2024年" in table
    assert "1 | 优秀教师 | 王丽 | 市级 | 2024年" in table
    district = generated_text(
        services, "全区文明创建工作情况汇报", [school], tmp_path / "all", summary=OFFICE
    )
    assert "截至2024年，全区现有文明创建称号1项，按级别分列如下：" in district
    assert "市级文明单位1家：东湖区第一小学。" in district


def test_a_district_whose_only_titles_lapsed_does_not_say_none_is_recorded(
    services: Services, tmp_path: Path
) -> None:
    school = services.units.create({"name": "东湖区第一小学", "category": "学校"}).id
    services.honours.create(school, {"title": "市级文明单位", "level": "市级", "awarded": "2019"})
    lines = generated_text(services, "全区文明创建工作情况汇报", [school], tmp_path, summary=OFFICE)
    basics = lines[lines.index("一、基本情况") + 1 : lines.index("二、创建成效")]
    assert basics == [
        "全区共有学校1所。",
        "截至2024年，全区有市级文明单位1家已过有效期、未见复查记录，见“复查情况”。",
    ]
    assert "全区到期待复查的有市级文明单位1家：东湖区第一小学（2022年到期，未见复查记录）。" in lines


def test_a_title_whose_term_ends_after_the_signing_date_is_not_yet_due(
    services: Services, tmp_path: Path
) -> None:
    """到期待复查 is said on the 成文日期: a term ending after it (within the period, or later in the writing
    year) is not 到期 on that day, and the title is still held."""
    bureau = services.units.create({"name": "东湖区卫生健康局", "category": "机关"}).id
    school = services.units.create({"name": "东湖区第一小学", "category": "学校"}).id
    add = services.honours.create
    add(
        bureau,
        {"title": "市级文明单位", "level": "市级", "awarded": "2022", "valid_until": dt.date(2025, 3, 1)},
    )
    add(school, {"title": "区级文明校园", "level": "县区级", "awarded": "2021"})  # 3 years: to 2024年底
    lines = generated_text(
        services,
        "全区文明创建工作情况汇报",
        [bureau, school],
        tmp_path,
        written_on=dt.date(2024, 6, 30),
        summary=OFFICE,
    )
    review = lines[lines.index("三、复查情况") + 1 : lines.index("四、主要做法")]
    assert review == ["截至2024年6月30日，没有到期待复查的称号。"]
    assert not any("到期待复查的有" in line or "2025年3月1日到期" in line for line in lines)
    assert "截至2024年6月30日，全区现有文明创建称号2项，按级别分列如下：" in lines  # not 截至2024年: its end
