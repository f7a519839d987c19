"""复查: terms, when titles are due, and recording a re-examination for many units at once."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from core.decisions.review import Review, apply_review
from core.decisions.terms import Terms, list_terms, reviews_due, set_term, term_end, titles_with_terms
from core.errors import UserError
from core.importing.history import undo_batch
from core.models import Honour
from core.partial_date import PartialDate
from core.services import Services

TODAY = dt.date(2024, 11, 1)


@pytest.fixture
def units(services: Services) -> dict[str, int]:
    ids = {name: services.units.create({"name": name}).id for name in ("甲小学", "乙局", "丙村", "丁社区")}
    honours = services.honours
    honours.create(ids["甲小学"], {"title": "2018年度市级文明单位", "awarded": "2018-12"})
    honours.create(ids["甲小学"], {"title": "2021年度市级文明单位", "awarded": "2021-12"})  # awarded again
    honours.create(ids["乙局"], {"title": "市级文明单位", "awarded": "2021"})
    honours.create(ids["乙局"], {"title": "省卫生先进单位", "awarded": "2019"})  # no term
    honours.create(ids["丙村"], {"title": "市级文明村镇", "awarded": "2019-06-30"})
    honours.create(
        ids["丙村"], {"title": "市级文明单位", "recipient": "王丽", "awarded": "2021"}
    )  # a person's
    honours.create(ids["丁社区"], {"title": "平安社区", "valid_until": "2024-12-31"})  # undated, with an end
    honours.create(ids["丁社区"], {"title": "市级文明单位"})  # undated: no due day can be known
    return ids


def test_default_and_office_terms() -> None:
    terms = Terms([("全国文明单位", 0), ("平安社区", 2)])
    assert terms.years_for("2021年度市级文明单位") == 3
    assert terms.years_for("省级文明校园") == 3
    assert terms.years_for("全国文明单位") is None  # the office set 0: not re-examined
    assert terms.years_for("平安社区") == 2
    assert terms.years_for("省卫生先进单位") is None


def test_term_end_is_never_earlier_than_the_records_allow() -> None:
    assert term_end(PartialDate(2021), 3) == (dt.date(2024, 12, 31), PartialDate(2024))
    assert term_end(PartialDate(2021, 2), 3) == (dt.date(2024, 2, 29), PartialDate(2024, 2))
    assert term_end(PartialDate(2020, 2, 29), 3) == (dt.date(2023, 2, 28), PartialDate(2023, 2, 28))


def test_due_titles(services: Services, units: dict[str, int]) -> None:
    with services.db.session() as session:
        due = reviews_due(session, today=TODAY, within_days=None)
    assert [(d.unit_name, d.title, d.due_text, d.days_left) for d in due] == [
        ("丙村", "市级文明村镇", "2022年6月30日", (dt.date(2022, 6, 30) - TODAY).days),
        ("丁社区", "平安社区", "2024年12月31日", (dt.date(2024, 12, 31) - TODAY).days),
        ("乙局", "市级文明单位", "2024年", (dt.date(2024, 12, 31) - TODAY).days),
        ("甲小学", "2021年度市级文明单位", "2024年12月", (dt.date(2024, 12, 31) - TODAY).days),
    ]
    with services.db.session() as session:
        soon = reviews_due(session, today=TODAY, within_days=30)
        assert [d.unit_name for d in soon] == ["丙村"]
        assert titles_with_terms(session) == ["市级文明单位", "市级文明村镇", "平安社区"]


def test_office_term_changes_the_due_day(services: Services, units: dict[str, int]) -> None:
    set_term(services.db, "市级文明单位", 5)
    with services.db.session() as session:
        due = {d.unit_name: d.due_text for d in reviews_due(session, today=TODAY, within_days=None)}
    assert due["乙局"] == "2026年"
    assert any(rule.title == "市级文明单位" and rule.years == 5 for rule in list_terms(services.db))
    with pytest.raises(UserError, match="0 到 20 年"):
        set_term(services.db, "市级文明单位", 21)


def _honour(services: Services, unit_id: int, title: str) -> Honour:
    with services.db.session() as session:
        return session.scalars(
            select(Honour).where(Honour.unit_id == unit_id, Honour.title == title, Honour.recipient.is_(None))
        ).one()


def test_passed_review_moves_valid_until_and_is_recorded_once(
    services: Services, units: dict[str, int]
) -> None:
    review = Review("市级文明单位", "合格", dt.date(2024, 12, 5), "东文明委〔2024〕8号")
    ids = [units["甲小学"], units["乙局"], units["丙村"]]
    result = apply_review(services.db, review, ids, unmatched=["戊中学"])
    assert (result.honours_updated, result.missing, result.unmatched) == (2, ["丙村"], ["戊中学"])
    latest = _honour(services, units["甲小学"], "2021年度市级文明单位")
    assert latest.valid_until == dt.date(2027, 12, 5)
    assert latest.notes == "2024年12月5日复查合格（东文明委〔2024〕8号）"
    assert _honour(services, units["甲小学"], "2018年度市级文明单位").valid_until is None  # the older award
    again = apply_review(services.db, review, ids)
    assert (again.honours_updated, again.unchanged, again.applied) == (0, ["甲小学", "乙局"], False)
    with services.db.session() as session:
        due = {d.unit_name: d.due_text for d in reviews_due(session, today=TODAY, within_days=None)}
    assert due["乙局"] == "2027年12月5日"


def test_revoked_title_is_no_longer_due_and_undo_restores_it(
    services: Services, units: dict[str, int]
) -> None:
    before = _honour(services, units["乙局"], "市级文明单位")
    result = apply_review(services.db, Review("市级文明单位", "撤销", dt.date(2024, 12, 5)), [units["乙局"]])
    assert result.honours_updated == 1
    revoked = _honour(services, units["乙局"], "市级文明单位")
    assert (revoked.status, revoked.notes) == ("已撤销", "2024年12月5日复查未通过，撤销称号")
    with services.db.session() as session:
        assert "乙局" not in {d.unit_name for d in reviews_due(session, today=TODAY, within_days=None)}
    undone = undo_batch(services.db, result.batch_id)
    assert undone.honours_restored == 1
    restored = _honour(services, units["乙局"], "市级文明单位")
    assert (restored.status, restored.notes, restored.valid_until) == (before.status, None, None)


def test_revoking_a_title_without_a_term(services: Services, units: dict[str, int]) -> None:
    result = apply_review(services.db, Review("省卫生先进单位", "撤销", dt.date(2024, 1, 2)), [units["乙局"]])
    assert result.honours_updated == 1
    with pytest.raises(UserError, match="没有设定复查周期"):
        apply_review(services.db, Review("省卫生先进单位", "合格", dt.date(2024, 1, 2)), [units["乙局"]])


def test_bad_result_is_refused() -> None:
    with pytest.raises(UserError, match="合格"):
        Review("市级文明单位", "通过", dt.date(2024, 1, 1))


def test_a_title_held_under_the_units_own_name_is_due_and_reviewed(services: Services) -> None:
    """Registers with a 获奖单位/个人 column fill it with the unit's own name or 集体 for its own honours:
    such a title falls due and takes its 复查 like one with no 获得者; a person's does neither."""
    school = services.units.create({"name": "东湖区第一小学", "short_name": "东湖一小"}).id
    village = services.units.create({"name": "东湖村"}).id
    services.honours.create(school, {"title": "市级文明单位", "recipient": "东湖一小", "awarded": "2021"})
    services.honours.create(village, {"title": "市级文明单位", "recipient": "集体", "awarded": "2021-06"})
    services.honours.create(village, {"title": "市级文明村镇", "recipient": "王丽", "awarded": "2021"})
    with services.db.session() as session:
        due = [(d.unit_name, d.title) for d in reviews_due(session, today=TODAY, within_days=None)]
    assert due == [("东湖村", "市级文明单位"), ("东湖区第一小学", "市级文明单位")]
    review = Review("市级文明单位", "合格", dt.date(2024, 12, 5), "东文明委〔2024〕8号")
    result = apply_review(services.db, review, [school, village])
    assert (result.honours_updated, result.missing) == (2, [])
