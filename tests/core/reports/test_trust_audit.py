"""A report states only what the records say (DESIGN.md 6a): generated documents over awkward records,
read back as the official receiving them reads them.

Each test builds the few records its case needs, generates a built-in template through generate_reports
and reads the .docx text (paragraphs, then table rows).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from docx import Document

from core.reports.context import Period
from core.reports.generate import GenerateRequest, generate_reports
from core.reports.preflight import preflight
from core.reports.summary_generate import SummaryOptions, summary_preflight
from core.services import Services

PERIOD = Period(2022, 2024)
WRITTEN = dt.date(2025, 1, 6)


def generated_text(
    services: Services,
    template: str,
    unit_ids: list[int],
    folder: Path,
    *,
    period: Period = PERIOD,
    written_on: dt.date = WRITTEN,
    summary: SummaryOptions | None = None,
) -> list[str]:
    request = GenerateRequest(template, unit_ids, period, written_on, folder, summary=summary)
    [result] = generate_reports(services.db, request)
    document = Document(str(result.path))
    lines = [p.text for p in document.paragraphs if p.text.strip()]
    lines += [" | ".join(c.text for c in row.cells) for t in document.tables for row in t.rows]
    return lines


def test_a_title_awarded_twice_is_named_once_in_the_summary_sentence(
    services: Services, tmp_path: Path
) -> None:
    office = services.units.create({"name": "东湖区城市管理局", "category": "机关"}).id
    for when in ("2022", "2024-01"):
        services.honours.create(
            office,
            {"title": "区级文明单位", "level": "县区级", "awarded_by": "东湖区文明委", "awarded": when},
        )
    services.honours.create(office, {"title": "全市环卫工作先进集体", "level": "市级", "awarded": "2023"})
    lines = generated_text(services, "自查报告", [office], tmp_path / "two")
    assert "2022年至2024年，我局先后荣获全市环卫工作先进集体、区级文明单位等荣誉称号。" in lines
    assert not any("区级文明单位、区级文明单位" in line for line in lines)


def test_a_title_awarded_only_twice_reads_as_one_title_with_its_verb(
    services: Services, tmp_path: Path
) -> None:
    office = services.units.create({"name": "东湖区城市管理局", "category": "机关"}).id
    for when in ("2022", "2024-01"):
        services.honours.create(
            office,
            {"title": "区级文明单位", "level": "县区级", "awarded_by": "东湖区文明委", "awarded": when},
        )
    lines = generated_text(services, "工作总结", [office], tmp_path / "only")
    assert "2022年至2024年，我局被东湖区文明委命名为区级文明单位。" in lines
    school = services.units.create({"name": "东湖区第一小学", "category": "学校"}).id
    for body in ("区委、区政府", "市教育局"):
        services.honours.create(school, {"title": "先进集体", "awarded_by": body, "awarded": "2023"})
    lines = generated_text(services, "工作总结", [school], tmp_path / "bodies")
    assert "2022年至2024年，我校被区委、区政府评为先进集体，被市教育局评为先进集体。" in lines


def test_a_summary_names_a_competition_award_with_its_grade_and_keeps_grades_apart(
    services: Services, tmp_path: Path
) -> None:
    office = services.units.create({"name": "东湖区城市管理局", "category": "机关"}).id
    depot = services.units.create({"name": "东湖区环卫所", "category": "事业单位"}).id
    for unit_id, grade in ((office, "一等奖"), (depot, "二等奖")):
        honour = {"title": "全市环卫工作", "grade": grade, "level": "市级", "awarded": "2023"}
        services.honours.create(unit_id, honour)
    lines = generated_text(services, "获奖单位名单", [office, depot], tmp_path / "list")
    assert "一、全市环卫工作一等奖（1家）" in lines and "二、全市环卫工作二等奖（1家）" in lines
    assert not any(line.startswith(("一、全市环卫工作（", "二、全市环卫工作（")) for line in lines)


NUMBER = "东文明委〔2023〕3号"


def test_a_decision_never_calls_a_rank_or_a_prize_a_title(services: Services, tmp_path: Path) -> None:
    office = services.units.create({"name": "东湖区城市管理局", "category": "机关"}).id
    school = services.units.create({"name": "东湖区第一小学", "category": "学校"}).id
    for unit_id, title, grade in (
        (office, "全市拔河比赛第三名", ""),
        (office, "全市环卫工作", "一等奖"),
        (school, "先进集体", ""),
    ):
        honour = {"title": title, "grade": grade, "level": "市级", "awarded": "2023", "document_no": NUMBER}
        services.honours.create(unit_id, honour)
    for summary in (SummaryOptions(document_no=NUMBER), SummaryOptions()):  # conferred by it, or not
        lines = generated_text(services, "表彰决定", [office, school], tmp_path / "decision", summary=summary)
        decision = next(line for line in lines if line.startswith("为表彰先进"))
        assert "在全市拔河比赛中取得第三名的东湖区城市管理局" in decision
        assert "“全市环卫工作一等奖”" in decision and "“先进集体”称号" in decision
        assert "第三名”称号" not in decision and "奖”称号" not in decision
    conferred = generated_text(
        services, "表彰决定", [office, school], tmp_path / "own", summary=SummaryOptions(document_no=NUMBER)
    )
    assert "表彰在全市拔河比赛中取得第三名的东湖区城市管理局" in "".join(conferred)
    assert "授予东湖区城市管理局“全市环卫工作一等奖”" in "".join(conferred)


def test_a_decision_not_recorded_under_its_number_neither_names_nor_confers(
    services: Services, tmp_path: Path
) -> None:
    """Without honours under its own 发文字号 the records do not say this document conferred anything: a
    district's decision must not “命名” the 省级 title the province gave its school."""
    school = services.units.create({"name": "东湖区第一小学", "category": "学校"}).id
    services.honours.create(school, {"title": "省级文明单位", "level": "省级", "awarded": "2023"})
    lines = generated_text(
        services, "表彰决定", [school], tmp_path / "d", summary=SummaryOptions(document_no=NUMBER)
    )
    decision = next(line for line in lines if line.startswith("为表彰先进"))
    assert decision == "为表彰先进、树立典型，经研究，决定对获得“省级文明单位”称号的东湖区第一小学予以表彰。"
    plan = summary_preflight(
        services.db, "表彰决定", [school], PERIOD, WRITTEN, SummaryOptions(document_no=NUMBER)
    )
    assert any("写作“对获得……称号的……予以表彰”" in warning for warning in plan.warnings)


def test_a_report_never_states_an_honour_awarded_after_its_date(services: Services, tmp_path: Path) -> None:
    school = services.units.create({"name": "东湖区第一小学", "category": "学校"}).id
    for title, when in (
        ("全国文明校园", "2024-05-12"),  # before the report's date
        ("区先进集体", "2024"),  # any day of 2024: it may be before
        ("区教学质量奖", "2024-12"),  # after 2024年6月30日
    ):
        honour = {"title": title, "level": "县区级", "awarded_by": "区教育局", "awarded": when}
        services.honours.create(school, honour)
    signed = dt.date(2024, 6, 30)
    for template in ("情况汇报", "荣誉一览表", "工作总结"):
        text = "\n".join(generated_text(services, template, [school], tmp_path / template, written_on=signed))
        assert "全国文明校园" in text and "区先进集体" in text, template
        assert "区教学质量奖" not in text and "2024年12月" not in text, template
    listed = generated_text(services, "创建文明单位申报材料", [school], tmp_path / "apply", written_on=signed)
    assert "2022年至2024年，我校共获得荣誉2项。" in listed
    plan = preflight(services.db, "情况汇报", [school], PERIOD, signed)
    assert "晚于成文日期 1 项（不写入）" in plan.units[0].summary()
    assert plan.units[0].later == ("区教学质量奖（2024年12月）",)


def test_a_summary_never_counts_a_title_awarded_after_its_date(services: Services, tmp_path: Path) -> None:
    early = services.units.create({"name": "东湖区第一小学", "category": "学校"}).id
    late = services.units.create({"name": "东湖区第二小学", "category": "学校"}).id
    for unit_id, when in ((early, "2023"), (late, "2024-12")):
        honour = {"title": "区级文明单位", "level": "县区级", "awarded": when}
        services.honours.create(unit_id, honour)
    signed = dt.date(2024, 6, 30)
    summary = SummaryOptions("全区学校", office="东湖区文明委")
    lines = generated_text(
        services,
        "全区文明创建工作情况汇报",
        [early, late],
        tmp_path / "d",
        written_on=signed,
        summary=summary,
    )
    assert (
        "截至2024年6月30日，全区学校现有文明创建称号1项，按级别分列如下：" in lines
    )  # signed before the year is out
    assert "区级文明单位1家：东湖区第一小学。" in lines
    assert not any("东湖区第二小学" in line for line in lines)
    names = generated_text(
        services, "获奖单位名单", [early, late], tmp_path / "n", written_on=signed, summary=summary
    )
    assert not any("东湖区第二小学" in line for line in names)


def test_a_title_revoked_in_the_period_is_not_held_at_its_end_because_of_a_later_award(
    services: Services, tmp_path: Path
) -> None:
    school = services.units.create({"name": "东湖区第一小学", "category": "学校"}).id
    kept = services.units.create({"name": "东湖区第二小学", "category": "学校"}).id
    for unit_id, when, status, notes in (
        (school, "2019", "有效", ""),
        (school, "2022", "已撤销", "2023年5月8日复查，撤销称号"),
        (school, "2025", "有效", ""),  # named again after the period
        (kept, "2021", "有效", ""),
    ):
        honour = {"title": "市级文明单位", "level": "市级", "awarded": when, "status": status, "notes": notes}
        services.honours.create(unit_id, honour)
    lines = generated_text(
        services,
        "全区文明创建工作情况汇报",
        [school, kept],
        tmp_path / "d",
        written_on=dt.date(2026, 1, 6),
        summary=SummaryOptions("全区学校", office="东湖区文明委"),
    )
    assert "截至2024年，全区学校现有文明创建称号1项，按级别分列如下：" in lines
    assert "市级文明单位1家：东湖区第二小学。" in lines
    assert "2022年至2024年经复查撤销的称号：东湖区第一小学（市级文明单位）。" in lines


def test_a_report_signed_before_its_period_ends_is_questioned(services: Services) -> None:
    school = services.units.create({"name": "东湖区第一小学", "category": "学校"}).id
    plan = preflight(services.db, "情况汇报", [school], Period(2025, 2027), dt.date(2026, 3, 5))
    assert (
        "注意：汇报期间（2025年至2027年）到成文日期（2026年3月5日）以后才结束，请核对期间或成文日期。"
        in plan.lines()
    )
    assert not preflight(services.db, "情况汇报", [school], Period(2024, 2026), dt.date(2026, 3, 5)).warnings


def test_a_decision_dated_before_its_recorded_honours_still_names_them(
    services: Services, tmp_path: Path
) -> None:
    school = services.units.create({"name": "东湖区第一小学", "category": "学校"}).id
    own = {
        "title": "区级文明单位",
        "level": "县区级",
        "awarded": "2024-12-10",
        "document_no": "东文明委〔2024〕9号",
    }
    services.honours.create(school, own)
    summary = SummaryOptions("全区学校", office="东湖区文明委", document_no="东文明委〔2024〕9号")
    lines = generated_text(
        services, "表彰决定", [school], tmp_path / "d", written_on=dt.date(2024, 12, 5), summary=summary
    )
    assert "为表彰先进、树立典型，经研究，决定命名东湖区第一小学为“区级文明单位”。" in lines
    plan = summary_preflight(services.db, "表彰决定", [school], PERIOD, dt.date(2024, 12, 5), summary)
    assert "晚于成文日期" not in plan.units[0].summary()


def test_a_summary_never_reports_a_revocation_after_its_date(services: Services, tmp_path: Path) -> None:
    school = services.units.create({"name": "东湖区第一小学", "category": "学校"}).id
    village = services.units.create({"name": "东湖区桃源村", "category": "村"}).id
    for unit_id, title, note in (
        (school, "区平安校园", "2024年3月1日复查未通过，撤销称号"),
        (village, "区级文明村", "2024年12月5日复查未通过，撤销称号"),  # after the summary's date
    ):
        honour = {"title": title, "level": "县区级", "awarded": "2021", "status": "已撤销", "notes": note}
        services.honours.create(unit_id, honour)
    lines = generated_text(
        services,
        "全区文明创建工作情况汇报",
        [school, village],
        tmp_path / "d",
        written_on=dt.date(2024, 6, 30),
        summary=SummaryOptions("全区", office="东湖区文明委"),
    )
    assert "2022年至2024年经复查撤销的称号：东湖区第一小学（区平安校园）。" in lines
    assert not any("区级文明村" in line and "撤销" in line for line in lines)
    # revoked only after the summary's date: on 2024年6月30日 the village held it
    assert (
        "截至2024年6月30日，全区现有文明创建称号1项，按级别分列如下：" in lines
    )  # signed before the year is out
    assert any(line.startswith("区级文明村1家：") for line in lines)
