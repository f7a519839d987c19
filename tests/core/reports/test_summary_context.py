"""Summary figures against counts computed independently, by SQL, from the same database."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from sqlalchemy import text

from core.decisions.review import Review, apply_review
from core.reports.context import Period
from core.reports.summary_context import SummaryScope, summary_context
from core.services import Services, UnitFilter

WRITTEN = dt.date(2025, 3, 1)
CATEGORIES = ["学校", "幼儿园", "机关", "村", "社区", "企业", None]
REGIONS = ["东湖区", "西湖区", None]
TITLES = [
    ("全国文明单位", "国家级"),
    ("省级文明单位", "省级"),
    ("市级文明单位", "市级"),
    ("市级文明村镇", "市级"),
    ("区级文明单位", "县区级"),
    ("绿色学校", "市级"),
    ("平安单位", None),
]


@pytest.fixture
def records(services: Services) -> None:
    """Forty units and their honours: dated in and out of every period, undated, persons', revoked,
    deleted honours, a deleted unit, a unit holding one title twice."""
    rng = random.Random(20)
    units = []
    for number in range(40):
        data = {"name": f"第{number}单位", "category": rng.choice(CATEGORIES), "region": rng.choice(REGIONS)}
        units.append(services.units.create(data).id)
    for unit_id in units:
        for title, level in rng.sample(TITLES, rng.randint(0, 5)):
            year = rng.choice([None, 2012, 2016, 2019, 2020, 2021, 2022, 2023, 2024])
            values = {"title": title, "level": level, "awarded": str(year) if year else None}
            roll = rng.random()
            if roll < 0.12:
                values["recipient"] = "王丽"
            elif roll < 0.2:
                values["status"] = "已撤销"
            honour = services.honours.create(unit_id, values)
            if rng.random() < 0.05:
                services.honours.delete(honour.id)
            if year and year <= 2021 and rng.random() < 0.3:  # the same title again, later: kept or revoked
                later = {"title": title, "level": level, "awarded": str(year + 3)}
                if rng.random() < 0.4:
                    later["status"] = "已撤销"
                services.honours.create(unit_id, later)
    services.units.delete(units[-1])


def scope_of(services: Services, criteria: UnitFilter, subject: str) -> SummaryScope:
    return SummaryScope(services.units.listing(criteria), subject)


def sql_rows(services: Services, sql: str, **params: object) -> list[tuple]:
    with services.db.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(sql), params)]


def units_in_scope(category: str | None, region: str | None) -> str:
    """The scope's unit ids, as SQL of its own (plain SQL that SQLite and PostgreSQL both run)."""
    sql = "SELECT id FROM units WHERE deleted_at IS NULL"
    if category:
        sql += " AND category = :category"
    if region:
        sql += " AND region LIKE '%' || :region || '%'"
    return sql


def counted(category: str | None, region: str | None) -> str:
    """The units' own honours, dated and not revoked."""
    return (
        "FROM honours h WHERE h.deleted_at IS NULL AND h.recipient IS NULL AND h.status <> '已撤销' "
        f"AND h.awarded_year IS NOT NULL AND h.unit_id IN ({units_in_scope(category, region)})"
    )


# The unit's latest collective award of the title up to the period's end is revoked: it holds the title no
# more (复查 revokes the latest award; an older one of the same title does not bring it back, nor does one
# awarded again after the period make it held at the period's end).
LATEST_REVOKED = (
    "SELECT 1 FROM ("
    " SELECT l.status, ROW_NUMBER() OVER (PARTITION BY l.unit_id, l.title ORDER BY"
    " CASE WHEN l.awarded_year IS NULL THEN 0 ELSE 1 END DESC, COALESCE(l.awarded_year, 0) DESC,"
    " COALESCE(l.awarded_month, 0) DESC, COALESCE(l.awarded_day, 0) DESC, l.id DESC) AS n"
    " FROM honours l WHERE l.deleted_at IS NULL AND l.recipient IS NULL"
    " AND l.unit_id = h.unit_id AND l.title = h.title"
    " AND (l.awarded_year IS NULL OR l.awarded_year <= :last)"
    ") latest WHERE latest.n = 1 AND latest.status = '已撤销'"
)
# The unit's latest collective award of the title up to the period's end ran out of its term (the 文明 titles
# here hold for three years: 2019 until the end of 2022) before the period's end, or before WRITTEN when that
# comes first, and no 复查 is recorded: the records do not say the unit holds it at the period's end.
LATEST_LAPSED = (
    "SELECT 1 FROM ("
    " SELECT l.awarded_year, ROW_NUMBER() OVER (PARTITION BY l.unit_id, l.title ORDER BY"
    " CASE WHEN l.awarded_year IS NULL THEN 0 ELSE 1 END DESC, COALESCE(l.awarded_year, 0) DESC,"
    " COALESCE(l.awarded_month, 0) DESC, COALESCE(l.awarded_day, 0) DESC, l.id DESC) AS n"
    " FROM honours l WHERE l.deleted_at IS NULL AND l.recipient IS NULL"
    " AND l.unit_id = h.unit_id AND l.title = h.title"
    " AND (l.awarded_year IS NULL OR l.awarded_year <= :last)"
    ") latest WHERE latest.n = 1 AND latest.awarded_year + 3 < :lapse"
    " AND (h.title LIKE '%文明单位' OR h.title LIKE '%文明村镇')"
)
# 文明单位 at its four levels, highest first (the other titles of TITLES have one level each)
CIVIL_UNIT_RANKS = {"全国文明单位": 0, "省级文明单位": 1, "市级文明单位": 2, "区级文明单位": 3}
FILTERS = [(None, None, "全区"), ("学校", None, "全区学校"), (None, "东湖区", "东湖区")]
PERIODS = [Period(2019, 2021), Period(2022, 2022), Period(2015, 2024), Period(2030, 2031)]


@pytest.mark.parametrize(("category", "region", "subject"), FILTERS)
@pytest.mark.parametrize("period", PERIODS, ids=lambda p: p.chinese())
def test_figures_equal_sql_counts(
    services: Services, records: None, category: str | None, region: str | None, subject: str, period: Period
) -> None:
    params = {"first": period.first_year, "last": period.last_year}
    params["lapse"] = min(period.last_year, WRITTEN.year)  # a term ending 31 Dec of Y lapsed before both
    params.update({key: value for key, value in (("category", category), ("region", region)) if value})
    in_scope = units_in_scope(category, region)
    own = counted(category, region)
    scope = scope_of(services, UnitFilter(category=category, region=region), subject)
    with services.db.session() as session:
        fields = summary_context(session, scope, period, WRITTEN, WRITTEN)

    (units,) = sql_rows(services, f"SELECT COUNT(*) FROM ({in_scope}) s", **params)[0:1][0]
    assert fields["单位数量"] == units == len(fields["单位"])
    by_category = dict(
        sql_rows(
            services,
            f"SELECT COALESCE(category, '未分类'), COUNT(*) FROM units WHERE id IN ({in_scope}) GROUP BY 1",
            **params,
        )
    )
    assert {c["类别"]: c["数量"] for c in fields["单位按类别"]} == by_category
    assert all(c["数量"] == len(c["单位"]) for c in fields["单位按类别"])

    in_period = "AND h.awarded_year BETWEEN :first AND :last"
    ((honours,),) = sql_rows(services, f"SELECT COUNT(*) {own} {in_period}", **params)
    assert fields["荣誉数量"] == honours == len(fields["荣誉"])
    titles = dict(
        sql_rows(
            services, f"SELECT h.title, COUNT(DISTINCT h.unit_id) {own} {in_period} GROUP BY 1", **params
        )
    )
    assert {t["称号"]: t["数量"] for t in fields["荣誉按称号"]} == titles
    assert all(
        t["数量"] == len(t["单位"]) == sum(len(c["单位"]) for c in t["按类别"]) for t in fields["荣誉按称号"]
    )
    years = dict(
        sql_rows(services, f"SELECT h.awarded_year, COUNT(*) {own} {in_period} GROUP BY 1", **params)
    )
    assert {y["年份"]: y["数量"] for y in fields["荣誉按年度"]} == years
    levels = dict(
        sql_rows(
            services,
            f"SELECT COALESCE(h.level, '未定级'), COUNT(DISTINCT h.unit_id) {own} {in_period} GROUP BY 1",
            **params,
        )
    )
    assert {lv["级别"]: lv["单位数量"] for lv in fields["荣誉按级别"]} == levels

    held_pairs = sql_rows(
        services,
        f"SELECT DISTINCT h.title, h.unit_id {own} AND h.awarded_year <= :last "
        f"AND NOT EXISTS ({LATEST_REVOKED}) AND NOT EXISTS ({LATEST_LAPSED})",
        **params,
    )
    # each unit once per title, at its highest level: 省级文明单位 beside 市级文明单位 is not counted twice
    best = {}
    for title, unit_id in held_pairs:
        if title in CIVIL_UNIT_RANKS:
            best[unit_id] = min(best.get(unit_id, 9), CIVIL_UNIT_RANKS[title])
    held: dict[str, int] = {}
    lower = 0
    for title, unit_id in held_pairs:
        if CIVIL_UNIT_RANKS.get(title, 0) <= best.get(unit_id, 0):
            held[title] = held.get(title, 0) + 1
        else:
            lower += 1
    assert {t["称号"]: t["数量"] for t in fields["现有称号"]} == held
    assert sum(t["数量"] for t in fields["现有较低级别称号"]) == lower
    sentence = fields["表述"]["现有荣誉"]
    note = "（同一单位获得同一称号多个级别的，按最高级别计）" if lower else ""
    assert sentence == (
        f"{subject}现有" + "、".join(f"{t['称号']}{t['数量']}家" for t in fields["现有称号"]) + note
        if held
        else ""
    )
    for title, count in held.items():
        assert f"{title}{count}家" in sentence

    ((revoked,),) = sql_rows(
        services,
        f"SELECT COUNT(*) FROM honours h WHERE h.deleted_at IS NULL AND h.recipient IS NULL "
        f"AND h.status = '已撤销' AND h.unit_id IN ({in_scope})",
        **params,
    )
    assert fields["全部已撤销数量"] == revoked
    assert fields["已撤销数量"] == len(fields["已撤销"]) == 0  # no revocation's date is recorded
    ((personal,),) = sql_rows(
        services,
        f"SELECT COUNT(*) FROM honours h WHERE h.deleted_at IS NULL AND h.recipient IS NOT NULL "
        f"AND h.status <> '已撤销' AND h.awarded_year BETWEEN :first AND :last AND h.unit_id IN ({in_scope})",
        **params,
    )
    assert fields["个人荣誉数量"] == personal


def test_undated_personal_revoked_and_outside_honours_are_never_counted(services: Services) -> None:
    school = services.units.create({"name": "东湖区第一小学", "category": "学校"}).id
    office = services.units.create({"name": "东湖区卫生健康局", "category": "机关"}).id
    village = services.units.create({"name": "张家村", "category": "村"}).id
    honours = services.honours
    honours.create(school, {"title": "2021年度市级文明单位", "level": "市级", "awarded": "2021"})
    honours.create(school, {"title": "市级文明单位", "level": "市级", "awarded": "2018"})  # held before too
    honours.create(office, {"title": "市级文明单位", "level": "市级", "awarded": "2022-06"})
    honours.create(village, {"title": "市级文明单位", "level": "市级"})  # undated
    honours.create(
        village, {"title": "全国优秀教师", "level": "国家级", "awarded": "2022", "recipient": "王丽"}
    )
    honours.create(office, {"title": "省级文明单位", "level": "省级", "awarded": "2021", "status": "已撤销"})
    honours.create(
        village, {"title": "市级文明村镇", "level": "市级", "awarded": "2016"}
    )  # before the period; its 复查 below keeps it held through the period
    apply_review(services.db, Review("市级文明村镇", "合格", dt.date(2022, 12, 1)), [village])

    scope = SummaryScope([school, office, village], "全区")
    with services.db.session() as session:
        fields = summary_context(session, scope, Period(2021, 2023), WRITTEN, WRITTEN)
    assert [(t["称号"], t["数量"], t["单位名单"]) for t in fields["荣誉按称号"]] == [
        ("市级文明单位", 2, "东湖区第一小学、东湖区卫生健康局")
    ]
    assert fields["荣誉按称号"][0]["类别表述"] == "其中学校1所、机关1个"
    assert fields["荣誉按称号"][0]["此前已有单位"] == ["东湖区第一小学"]
    assert fields["表述"]["期间新获"] == "2021年至2023年，全区新获市级文明单位2家（其中1家此前已获得）"
    assert fields["表述"]["现有荣誉"] == "全区现有市级文明单位2家、市级文明村镇1家"
    assert fields["表述"]["单位概况"] == "全区共有各类单位3个，其中学校1所、机关1个、村1个"
    assert fields["已撤销"] == [] and fields["全部已撤销数量"] == 1  # when it was revoked is not recorded
    assert [(h["单位"], h["称号"]) for h in fields["未注明时间的荣誉"]] == [("张家村", "市级文明单位")]
    assert fields["个人荣誉数量"] == 1 and "全国优秀教师" not in str(fields["荣誉按称号"])
    assert [lv["级别"] for lv in fields["荣誉按级别"]] == ["市级"]
    numbered = [(u["序号"], u["名称"]) for g in fields["荣誉按称号"][0]["按类别"] for u in g["单位"]]
    assert numbered == [(1, "东湖区第一小学"), (2, "东湖区卫生健康局")]


def test_due_titles_of_the_scope(services: Services) -> None:
    school = services.units.create({"name": "东湖区第一小学", "category": "学校"}).id
    other = services.units.create({"name": "西湖区第一小学", "category": "学校"}).id
    services.honours.create(school, {"title": "市级文明单位", "level": "市级", "awarded": "2021-12"})
    services.honours.create(other, {"title": "市级文明单位", "level": "市级", "awarded": "2023"})
    with services.db.session() as session:
        fields = summary_context(session, SummaryScope([school, other]), Period(2022, 2024), WRITTEN, WRITTEN)
    assert [(d["单位"], d["称号"], d["到期"]) for d in fields["待复查"]] == [
        ("东湖区第一小学", "市级文明单位", "2024年12月")
    ]
    assert fields["表述"]["待复查"] == "全区到期待复查的有市级文明单位1家"


def test_the_records_hold_every_kind_of_honour(services: Services, records: None) -> None:
    """The data the figures are checked on is not trivial: each case the rules exclude is present."""
    ((undated, personal, revoked, deleted, dated),) = sql_rows(
        services,
        "SELECT SUM(CASE WHEN awarded_year IS NULL THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN recipient IS NOT NULL THEN 1 ELSE 0 END), SUM(CASE WHEN status = '已撤销' THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN deleted_at IS NOT NULL THEN 1 ELSE 0 END), COUNT(awarded_year) FROM honours",
    )
    ((deleted_units,),) = sql_rows(services, "SELECT COUNT(*) FROM units WHERE deleted_at IS NOT NULL")
    ((lost,),) = sql_rows(  # a title held, then revoked at its later award
        services,
        "SELECT COUNT(*) FROM honours h WHERE h.status = '已撤销' AND h.deleted_at IS NULL AND EXISTS ("
        "SELECT 1 FROM honours o WHERE o.unit_id = h.unit_id AND o.title = h.title AND o.status <> '已撤销' "
        "AND o.deleted_at IS NULL AND o.awarded_year < h.awarded_year)",
    )
    assert min(undated, personal, revoked, deleted, deleted_units, lost) > 0 and dated > 50


def test_a_title_revoked_by_a_review_is_listed_in_the_period_of_its_review(services: Services) -> None:
    from core.decisions.review import Review, apply_review

    school = services.units.create({"name": "东湖区第一小学", "category": "学校"}).id
    services.honours.create(school, {"title": "市级文明单位", "level": "市级", "awarded": "2019"})
    apply_review(
        services.db, Review("市级文明单位", "撤销", dt.date(2023, 5, 4), "东文明委〔2023〕9号"), [school]
    )
    with services.db.session() as session:
        during = summary_context(session, SummaryScope([school]), Period(2022, 2024), WRITTEN, WRITTEN)
        before = summary_context(session, SummaryScope([school]), Period(2019, 2021), WRITTEN, WRITTEN)
    assert [(h["单位"], h["称号"], h["说明"]) for h in during["已撤销"]] == [
        ("东湖区第一小学", "市级文明单位", "2023年5月4日复查未通过，撤销称号（东文明委〔2023〕9号）")
    ]
    assert during["表述"]["已撤销"] == "东湖区第一小学（市级文明单位）"
    assert during["现有称号"] == [] and during["待复查"] == []
    assert before["已撤销"] == [] and before["荣誉按称号"] == []  # revoked: not claimed in any period


def test_a_title_revoked_at_its_latest_award_is_held_no_more(services: Services) -> None:
    """复查 revokes the 2021 award: the unit's 2018 award of the same title does not keep it 现有."""
    school = services.units.create({"name": "东湖区第一小学", "category": "学校"}).id
    other = services.units.create({"name": "东湖区第二小学", "category": "学校"}).id
    for unit_id in (school, other):
        services.honours.create(unit_id, {"title": "市级文明单位", "level": "市级", "awarded": "2018"})
        services.honours.create(unit_id, {"title": "市级文明单位", "level": "市级", "awarded": "2021-12"})
    apply_review(services.db, Review("市级文明单位", "撤销", dt.date(2024, 12, 5)), [school])
    apply_review(services.db, Review("市级文明单位", "合格", dt.date(2022, 6, 1)), [other])  # to 2025-06-01
    with services.db.session() as session:
        fields = summary_context(session, SummaryScope([school, other]), Period(2023, 2025), WRITTEN, WRITTEN)
        earlier = summary_context(
            session, SummaryScope([school, other]), Period(2018, 2018), WRITTEN, WRITTEN
        )
    assert [(t["称号"], t["单位名单"]) for t in fields["现有称号"]] == [("市级文明单位", "东湖区第二小学")]
    assert fields["表述"]["现有荣誉"] == "全区现有市级文明单位1家"
    assert [(h["单位"], h["称号"]) for h in fields["已撤销"]] == [("东湖区第一小学", "市级文明单位")]
    assert fields["待复查"] == []  # its term runs to 2025-06-01: not yet due on the 成文日期 (2025-03-01)
    # what was awarded in 2018 was awarded: a report on 2018 still names both
    assert [t["单位名单"] for t in earlier["荣誉按称号"]] == ["东湖区第二小学、东湖区第一小学"]  # by pinyin


def test_commendation_sentence_counts_what_the_annex_lists(services: Services) -> None:
    ids = [
        services.units.create({"name": name, "category": "学校"}).id
        for name in ("甲小学", "乙小学", "丙小学")
    ]
    for unit_id in ids:
        services.honours.create(unit_id, {"title": "区级文明单位", "level": "县区级", "awarded": "2023"})
    services.honours.create(ids[0], {"title": "先进集体", "level": "县区级", "awarded": "2023"})
    with services.db.session() as session:
        fields = summary_context(
            session,
            SummaryScope(ids),
            Period(2023, 2023),
            WRITTEN,
            WRITTEN,
            office="东湖区文明委",
            letterhead=True,
        )
    assert (
        fields["表述"]["表彰决定"]
        == "对获得“区级文明单位”称号的丙小学等3家单位、获得“先进集体”称号的甲小学予以表彰"
    )  # by pinyin: bing, jia, yi; not recorded under this decision's number, so it confers nothing
    assert fields["表述"]["表彰称号"] == "区级文明单位、先进集体"
    assert (fields["发文机关标志"], fields["发文字号"], fields["版头"]) == (
        "东湖区文明委文件",
        "（此处请补充：发文字号）",
        True,
    )


def test_a_decision_commends_only_the_titles_of_its_own_number(services: Services) -> None:
    """A district's 表彰决定 must not “命名” the 省级 title its school got from the province that year."""
    from core.decisions.award import Decision, apply_decision

    school = services.units.create({"name": "东湖区第一小学", "category": "学校"}).id
    office = services.units.create({"name": "东湖区卫生健康局", "category": "机关"}).id
    services.honours.create(
        school,
        {"title": "省级文明单位", "level": "省级", "awarded": "2025", "document_no": "浙文明委〔2025〕2号"},
    )
    own = {
        "title": "区级文明单位",
        "level": "县区级",
        "awarded": "2025-02",  # before the summary is signed (WRITTEN)
        "document_no": "东文明委〔2025〕5号",
    }
    apply_decision(services.db, Decision.checked(own), [school, office])

    def fields(number: str) -> dict:
        with services.db.session() as session:
            return summary_context(
                session,
                SummaryScope([school, office]),
                Period(2025, 2025),
                WRITTEN,
                WRITTEN,
                document_no=number,
            )

    mine = fields("东文明委 [2025] 5号")  # typed with other brackets and a space: the same number
    assert [(t["称号"], t["数量"]) for t in mine["表彰按称号"]] == [("区级文明单位", 2)]
    assert mine["表彰按文号"] and mine["表述"]["表彰称号"] == "区级文明单位"
    assert "省级文明单位" not in mine["表述"]["表彰决定"]
    assert [t["称号"] for t in mine["荣誉按称号"]] == ["省级文明单位", "区级文明单位"]  # the rest unchanged
    unnumbered = fields("")
    assert not unnumbered["表彰按文号"]
    assert unnumbered["表彰按称号"] == unnumbered["荣誉按称号"]


@pytest.mark.parametrize(
    ("subject", "expected"),
    [("全区学校", "全区学校共2所"), ("东湖区", "东湖区共有学校2所")],
)
def test_overview_of_one_category_counts_it_with_its_measure(
    services: Services, subject: str, expected: str
) -> None:
    ids = [services.units.create({"name": n, "category": "学校"}).id for n in ("甲小学", "乙小学")]
    with services.db.session() as session:
        fields = summary_context(session, SummaryScope(ids, subject), Period(2024, 2024), WRITTEN, WRITTEN)
    assert fields["表述"]["单位概况"] == expected  # not “全区学校共有各类单位2个”


def test_a_prize_named_for_civility_is_not_a_civilisation_title(services: Services) -> None:
    """省直机关第二届职工田径运动会文明奖 is a 奖 of a sports meet: the district report's 文明创建称号 leave it out,
    and it is not the 文明奖 of another meet at another level (a unit holds both)."""
    office = services.units.create({"name": "东湖区机关事务局", "category": "机关"}).id
    school = services.units.create({"name": "东湖区第一小学", "category": "学校"}).id
    honours = services.honours
    for title, level in (
        ("省直机关第二届职工田径运动会文明奖", "省级"),
        ("市直机关运动会精神文明奖", "市级"),
    ):
        honours.create(office, {"title": title, "level": level, "awarded": "2011", "category": "体育卫生"})
    honours.create(office, {"title": "市级文明单位", "level": "市级", "awarded": "2011"})
    honours.create(school, {"title": "文明校园", "level": "县区级", "awarded": "2012"})
    with services.db.session() as session:
        fields = summary_context(
            session, SummaryScope([office, school]), Period(2010, 2012), dt.date(2013, 1, 10), WRITTEN
        )
    assert [t["称号"] for t in fields["文明创建称号"]] == ["市级文明单位", "文明校园"]
    assert [t["称号"] for t in fields["现有文明创建称号"]] == ["市级文明单位", "文明校园"]
    assert fields["表述"]["现有文明创建合计"].startswith("全区现有文明创建称号2项")
    held = [t["称号"] for t in fields["现有称号"]]
    assert "省直机关第二届职工田径运动会文明奖" in held and "市直机关运动会精神文明奖" in held


def test_a_decision_names_each_unit_once_and_no_title_the_records_do_not_hold(services: Services) -> None:
    """Not recorded under its own 文号, the decision commends those who got the titles: a unit that got
    three was named three times in one sentence (获得…的成都市武侯区教育局、获得…的成都市武侯区教育局…), and a
    heading too long to list the titles called them all 先进集体, a title the records do not give them."""
    bureau = services.units.create({"name": "成都市武侯区教育局", "category": "机关"}).id
    nursery = services.units.create({"name": "区实验幼儿园", "category": "幼儿园"}).id
    school = services.units.create({"name": "区实验小学", "category": "学校"}).id
    honours = services.honours
    for title in ("全民终身学习活动周突出贡献奖", "进步最快奖", "优秀等级区县"):
        honours.create(bureau, {"title": title, "level": "省级", "awarded": "2011"})
    honours.create(nursery, {"title": "全国200家特色语文示范学校", "level": "国家级", "awarded": "2012"})
    for unit_id in (nursery, school):
        for title in ("区级文明单位", "区级绿色学校"):
            honours.create(unit_id, {"title": title, "level": "县区级", "awarded": "2012"})
    with services.db.session() as session:
        fields = summary_context(
            session, SummaryScope([bureau, nursery, school]), Period(2010, 2012), WRITTEN, WRITTEN
        )
    assert fields["表述"]["表彰决定"] == (
        "对获得“全国200家特色语文示范学校”称号的区实验幼儿园、"
        "获得“优秀等级区县”称号和“进步最快奖”“全民终身学习活动周突出贡献奖”的成都市武侯区教育局、"
        "获得“区级绿色学校”“区级文明单位”称号的区实验小学等2家单位予以表彰"
    )
    heading = fields["表述"]["表彰决定标题"].replace("\n", "")
    assert heading == "关于表彰2010年至2012年获奖单位的决定"
    assert fields["表述"]["表彰名单标题"].replace("\n", "") == "2010年至2012年获奖单位名单"


def test_a_decision_confers_a_units_titles_of_one_kind_in_one_clause(services: Services) -> None:
    """Recorded under the decision's own 文号: 授予甲“教育强区”“优秀等级区县”称号和“进步最快奖”, not the unit
    three times over."""
    bureau = services.units.create({"name": "成都市武侯区教育局", "category": "机关"}).id
    school = services.units.create({"name": "区实验小学", "category": "学校"}).id
    number = "武教〔2013〕1号"
    for unit_id, title in (
        (bureau, "优秀等级区县"),
        (bureau, "教育强区"),
        (bureau, "进步最快奖"),
        (school, "区级文明单位"),
    ):
        values = {"title": title, "level": "县区级", "awarded": "2012", "document_no": number}
        services.honours.create(unit_id, values)
    with services.db.session() as session:
        fields = summary_context(
            session, SummaryScope([bureau, school]), Period(2012, 2012), WRITTEN, WRITTEN, document_no=number
        )
    assert fields["表述"]["表彰决定"] == (
        "授予成都市武侯区教育局“教育强区”“优秀等级区县”称号和“进步最快奖”，命名区实验小学为“区级文明单位”"
    )
