"""A region's summary counts a unit's honours under the region it belonged to when each was awarded
(区划调整, core/former_regions.py), only where the dates say so, and says so in the document."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from docx import Document

from core import former_regions
from core.former_names import FormerNameError
from core.partial_date import PartialDate
from core.reports.context import Period
from core.reports.generate import GenerateRequest, generate_reports
from core.reports.summary_generate import ScopeChoice, SummaryOptions, summary_fields, summary_scopes
from core.services import Services

EAST, WEST = "浙江省宁波市江东区", "浙江省宁波市鄞州区"
MOVED = [{"name": EAST, "until": "2016-09"}]  # 江东区 until September 2016, 鄞州区 since
PERIOD = Period(2014, 2018)
WRITTEN = dt.date(2019, 1, 10)


@pytest.fixture
def units(services: Services) -> dict[str, int]:
    return record_units(services)


def record_units(services: Services) -> dict[str, int]:
    """A school that moved from 江东区 to 鄞州区 in September 2016, and one school staying in each."""
    moved = services.units.create(
        {"name": "荷花庄小学", "category": "学校", "region": WEST, "former_regions": MOVED}
    ).id
    east = services.units.create({"name": "江东中学", "category": "学校", "region": EAST}).id
    west = services.units.create({"name": "鄞州中学", "category": "学校", "region": WEST}).id
    for title, awarded in [
        ("市文明校园", "2015"),  # in 江东区
        ("市绿色学校", "2016-03"),  # in 江东区: March, before September
        ("市平安校园", "2016"),  # the year of the move, month unknown: neither
        ("市文明单位", "2017"),  # in 鄞州区
    ]:
        services.honours.create(moved, {"title": title, "level": "市级", "awarded": awarded})
    services.honours.create(east, {"title": "市文明校园", "level": "市级", "awarded": "2015"})
    services.honours.create(west, {"title": "市文明单位", "level": "市级", "awarded": "2017"})
    return {"moved": moved, "east": east, "west": west}


def region_fields(services: Services, region: str) -> dict[str, object]:
    ids = ScopeChoice(caption="", subject="", region=region).unit_ids(services.db)
    options = SummaryOptions(subject=region[-3:], region=region)
    return summary_fields(services.db, ids, PERIOD, WRITTEN, options)


def titles(fields: dict[str, object]) -> dict[str, list[str]]:
    return {t["称号"]: [u["名称"] for u in t["单位"]] for t in fields["荣誉按称号"]}  # type: ignore[attr-defined]


def test_each_honour_counts_for_the_region_of_its_award_date(
    services: Services, units: dict[str, int]
) -> None:
    east = region_fields(services, EAST)
    assert titles(east) == {
        "市文明校园": ["荷花庄小学（现属鄞州区）", "江东中学"],
        "市绿色学校": ["荷花庄小学（现属鄞州区）"],
    }
    assert east["荣誉数量"] == 3
    assert [u["名称"] for u in east["单位"]] == ["江东中学"]  # the units the region has now
    west = region_fields(services, WEST)
    assert titles(west) == {"市文明单位": ["荷花庄小学", "鄞州中学"]}  # nothing from before the move
    assert west["荣誉数量"] == 2
    assert sorted(u["名称"] for u in west["单位"]) == ["荷花庄小学", "鄞州中学"]


def test_the_document_says_how_honours_were_counted_and_what_it_left_out(
    services: Services, units: dict[str, int]
) -> None:
    note = region_fields(services, WEST)["表述"]["区划说明"]  # type: ignore[index]
    assert note == (
        "荣誉按获得时单位所属地区统计，现有称号按期末时单位所属地区统计（涉及区划调整的单位1个），"
        "另有1项荣誉因其时间与区划调整时间分不出先后，未计入相应数字"
    )
    everyone = summary_fields(services.db, list(units.values()), PERIOD, WRITTEN, SummaryOptions())
    assert everyone["表述"]["区划说明"] == ""  # type: ignore[index]
    assert everyone["荣誉数量"] == 6  # a summary of all units counts every dated honour once


def test_a_region_without_moves_is_counted_as_before(services: Services) -> None:
    unit = services.units.create({"name": "鄞州中学", "category": "学校", "region": WEST}).id
    services.honours.create(unit, {"title": "市书香校园", "level": "市级", "awarded": "2017"})
    fields = region_fields(services, WEST)
    assert (fields["荣誉数量"], fields["表述"]["区划说明"]) == (1, "")  # type: ignore[index]


def test_a_move_with_no_date_places_none_of_the_units_honours(services: Services) -> None:
    unit = services.units.create(
        {"name": "荷花庄小学", "region": WEST, "former_regions": [{"name": EAST, "until": None}]}
    ).id
    services.honours.create(unit, {"title": "市书香校园", "level": "市级", "awarded": "2017"})
    for region in (EAST, WEST):
        assert region_fields(services, region)["荣誉数量"] == 0
    assert "另有1项" in region_fields(services, WEST)["表述"]["区划说明"]  # type: ignore[index]


def test_the_rendered_district_report_counts_as_the_records_say(
    services: Services, units: dict[str, int], tmp_path: Path
) -> None:
    ids = ScopeChoice(caption="", subject="", region=WEST).unit_ids(services.db)
    request = GenerateRequest(
        "全区文明创建工作情况汇报",
        ids,
        PERIOD,
        WRITTEN,
        tmp_path,
        summary=SummaryOptions(subject="鄞州区", region=WEST),
    )
    [result] = generate_reports(services.db, request)
    text = "\n".join(p.text for p in Document(str(result.path)).paragraphs)
    assert "鄞州区共有学校2所。" in text
    assert (
        "本报告中的荣誉按获得时单位所属地区统计，现有称号按期末时单位所属地区统计（涉及区划调整的单位1个）"
        in text
    )
    # held at the end of 2018 in 鄞州区, though awarded in 江东区: held here, new there
    assert "截至2018年，鄞州区现有文明创建称号3项，按级别分列如下：" in text
    assert "市文明单位2家：" in text and "市文明校园1家：" in text
    assert "2014年至2018年，鄞州区新获文明创建称号2项：" in text
    assert "市绿色学校" not in text
    east = GenerateRequest(
        "全区文明创建工作情况汇报",
        ScopeChoice(caption="", subject="", region=EAST).unit_ids(services.db),
        PERIOD,
        WRITTEN,
        tmp_path,
        summary=SummaryOptions(subject="江东区", region=EAST),
    )
    [result] = generate_reports(services.db, east)
    text = "\n".join(p.text for p in Document(str(result.path)).paragraphs)
    assert "江东区共有学校1所。" in text
    assert "截至2018年，江东区现有文明创建称号1项，按级别分列如下：\n（一）市级：1家单位获得1项" in text
    assert "市文明校园1家：江东中学。" in text  # 荷花庄小学 had left by then
    assert (
        "2014年至2018年，江东区新获文明创建称号2项：\n市文明校园2家：荷花庄小学（现属鄞州区）、江东中学。"
        in text
    )
    assert "市文明单位" not in text  # 鄞州区's, after the move


def test_the_region_choice_takes_the_units_that_belonged_to_it(
    services: Services, units: dict[str, int]
) -> None:
    choices = {c.region: c for c in summary_scopes(services.db) if c.region}
    assert sorted(choices[EAST].unit_ids(services.db)) == sorted([units["moved"], units["east"]])
    assert choices[EAST].count == 1  # the caption counts the units it has now
    services.units.update(units["east"], {"region": WEST}, expected_version=1)  # 江东区 merged away
    merged = [c for c in summary_scopes(services.db) if c.region == EAST]
    assert [c.caption for c in merged] == [
        f"地区：{EAST}（区划调整前）"
    ]  # its earlier years can be summed up
    assert merged[0].unit_ids(services.db) == [units["moved"]]


@pytest.mark.parametrize(
    ("awarded", "then"),
    [
        (PartialDate(2015), EAST),
        (PartialDate(2016, 8), EAST),
        (PartialDate(2016, 9), former_regions.UNPLACED),  # the month of the move
        (PartialDate(2016), former_regions.UNPLACED),
        (PartialDate(2016, 10), WEST),
        (None, former_regions.UNPLACED),
    ],
)
def test_a_date_is_placed_in_a_region_only_when_certain(awarded: PartialDate | None, then: object) -> None:
    assert former_regions.region_at(WEST, MOVED, awarded) == then


def test_former_regions_are_kept_and_refused_in_chinese(services: Services) -> None:
    assert former_regions.clean(f"{EAST}（至2016年9月）") == MOVED
    with pytest.raises(FormerNameError, match="调整时间"):
        former_regions.clean([{"name": EAST, "until": "2016-13"}])
    with pytest.raises(FormerNameError, match="原属地区不能为空"):
        former_regions.clean([{"name": " ", "until": "2016"}])
    assert former_regions.with_move(EAST, [], {"region": WEST}, PartialDate(2016, 9)) == {
        "region": WEST,
        "former_regions": MOVED,
    }
    assert former_regions.moves_to(None, {"region": WEST}) is None  # a region set for the first time


def test_the_list_of_awarded_units_names_the_unit_that_left_and_notes_the_rule(
    services: Services, units: dict[str, int], tmp_path: Path
) -> None:
    request = GenerateRequest(
        "获奖单位名单",
        ScopeChoice(caption="", subject="", region=EAST).unit_ids(services.db),
        PERIOD,
        WRITTEN,
        tmp_path,
        summary=SummaryOptions(subject="江东区", region=EAST),
    )
    [result] = generate_reports(services.db, request)
    document = Document(str(result.path))
    rows = ["|".join(c.text for c in row.cells) for table in document.tables for row in table.rows]
    assert "1|荷花庄小学（现属鄞州区）|学校|2016年" in rows  # 市绿色学校, March 2016
    notes = [p.text for p in document.paragraphs if p.text.startswith("注：")]
    assert notes == [
        "注：名单中的荣誉按获得时单位所属地区统计（涉及区划调整的单位1个），"
        "另有1项荣誉因其时间与区划调整时间分不出先后，未计入相应数字。"
    ]


def test_the_command_line_counts_the_units_the_region_has_now(tmp_path: Path) -> None:
    """generate --region names as 汇总 the units in the region now, as the document's 单位数量 does: the
    unit that left is read for its earlier honours, not counted as one of the region's."""
    import io

    from core import cli
    from core.db import open_database
    from core.paths import DataDir

    data = DataDir(tmp_path / "d").create()
    database = open_database(data)
    record_units(Services.over(database))  # the fixture's records: 江东区 has one school now, one that left
    database.dispose()
    out, err = io.StringIO(), io.StringIO()
    argv = ["--data-dir", str(data.root), "generate", "--template", "获奖单位名单", "--region", EAST]
    argv += ["--from", "2014", "--to", "2018", "--date", "2019-01-10", "-o", str(tmp_path / "out")]
    assert cli.run(argv, out, err) == 0, err.getvalue()
    assert "（汇总 1 个单位）" in out.getvalue()


def test_the_district_report_notes_only_what_could_change_its_own_figures(services: Services) -> None:
    """全区文明创建工作情况汇报 counts 文明创建 titles alone: an honour of another kind that the move leaves
    unplaced would enter none of its figures, so its note does not say one was left out."""
    unit = services.units.create(
        {"name": "荷花庄小学", "category": "学校", "region": WEST, "former_regions": MOVED}
    ).id
    services.honours.create(unit, {"title": "市文明校园", "level": "市级", "awarded": "2015"})
    services.honours.create(unit, {"title": "市平安校园", "level": "市级", "awarded": "2016"})  # unplaced
    notes = region_fields(services, WEST)["表述"]
    assert "另有1项" in notes["区划说明"]  # type: ignore[index]  # every title: 市平安校园 left out
    assert notes["文明创建区划说明"] == (  # type: ignore[index]
        "荣誉按获得时单位所属地区统计，现有称号按期末时单位所属地区统计（涉及区划调整的单位1个）"
    )


def test_the_list_of_awards_notes_only_awards_it_could_have_counted(
    services: Services, tmp_path: Path
) -> None:
    """获奖单位名单's note counts the awards left out for their date against the move: not a revoked title
    (never in a list of awards), nor one awarded after the 成文日期 (counted nowhere)."""
    ids = record_units(services)
    services.honours.create(
        ids["moved"], {"title": "市卫生先进单位", "level": "市级", "awarded": "2016", "status": "已撤销"}
    )
    services.honours.create(ids["moved"], {"title": "市书香校园", "level": "市级", "awarded": "2016-09"})
    scope = ScopeChoice(caption="", subject="", region=EAST).unit_ids(services.db)
    request = GenerateRequest(
        "获奖单位名单",
        scope,
        PERIOD,
        dt.date(2016, 8, 31),  # before the 市书香校园 of September
        tmp_path,
        summary=SummaryOptions(subject="江东区", region=EAST),
    )
    [result] = generate_reports(services.db, request)
    text = "\n".join(p.text for p in Document(str(result.path)).paragraphs)
    assert "另有1项荣誉因其时间与区划调整时间分不出先后" in text  # 市平安校园 (2016) alone
