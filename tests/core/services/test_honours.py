import datetime as dt

import pytest

from core.errors import ConflictError, UserError, ValidationError
from core.models import Attachment, Unit
from core.partial_date import PartialDate
from core.services import HonourFilter, Services


@pytest.fixture
def unit(services: Services) -> Unit:
    return services.units.create({"name": "宁波市荷花庄小学"})


def titles(honours) -> list[str]:  # type: ignore[no-untyped-def]
    return [h.title for h in honours]


def test_create_with_partial_date_and_defaults(services: Services, unit: Unit) -> None:
    honour = services.honours.create(
        unit.id,
        {"title": "省卫生先进单位", "level": "省级", "awarded_by": "省爱卫会", "awarded": "2008年12月"},
    )
    assert honour.awarded == PartialDate(2008, 12)
    assert honour.status == "有效"
    assert honour.recipient is None


def test_history_is_newest_first_and_undated_last(services: Services, unit: Unit) -> None:
    for title, when in [
        ("甲", "2010"),
        ("乙", "2019-03"),
        ("丙", None),
        ("丁", "2019-11-02"),
        ("戊", "2019"),
    ]:
        services.honours.create(unit.id, {"title": title, "awarded": when})
    assert titles(services.honours.list(HonourFilter(unit_id=unit.id))) == ["丁", "乙", "戊", "甲", "丙"]


def test_same_title_and_year_is_a_duplicate(services: Services, unit: Unit) -> None:
    services.honours.create(unit.id, {"title": "市文明单位", "awarded": "2018", "awarded_by": "市文明委"})
    with pytest.raises(ValidationError, match="同一荣誉"):
        services.honours.create(unit.id, {"title": "“市文明单位”", "awarded": "2018-05"})
    # another year, or another awarding body when both name one, is a different honour
    services.honours.create(unit.id, {"title": "市文明单位", "awarded": "2021"})
    services.honours.create(unit.id, {"title": "市文明单位", "awarded": "2018", "awarded_by": "市教育局"})
    assert len(services.honours.list()) == 3


def test_two_persons_of_a_unit_may_hold_the_same_title_of_a_year(services: Services, unit: Unit) -> None:
    """Two teachers of one school, each 优秀教师 of 2024 under one decision: the second was refused as the
    school's “同一荣誉”, so a 表彰决定 could never name both. The same teacher twice, and the school's own title
    recorded twice (its 获得者 blank, its own name or 集体), are still duplicates."""
    teacher = {"title": "区级优秀教师", "awarded": "2024-12", "document_no": "东文明委〔2025〕1号"}
    services.honours.create(unit.id, teacher | {"recipient": "王丽"})
    services.honours.create(unit.id, teacher | {"recipient": "陈建国"})
    services.honours.create(unit.id, teacher)  # the school's own
    for holder in ("王 丽", "宁波市荷花庄小学", "集体", None):
        with pytest.raises(ValidationError, match="同一荣誉"):
            services.honours.create(unit.id, teacher | {"recipient": holder})
    assert sorted(h.recipient or "" for h in services.honours.list()) == ["", "王丽", "陈建国"]


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"title": ""}, "“称号”不能为空"),
        ({"title": "甲", "level": "国家"}, "“级别”的值“国家”有误"),
        ({"title": "甲", "awarded": "2019年13月"}, "“授予时间”的值“2019年13月”有误"),
        ({"title": "甲", "status": "作废"}, "“状态”"),
        ({"title": "甲", "valid_until": "2027"}, "应写到日"),
    ],
)
def test_bad_honour_input_is_refused(services: Services, unit: Unit, data: dict, words: str) -> None:
    with pytest.raises(ValidationError, match=words):
        services.honours.create(unit.id, data)
    assert services.honours.list() == []


def test_valid_until_may_lie_in_the_future(services: Services, unit: Unit) -> None:
    honour = services.honours.create(unit.id, {"title": "省文明单位", "valid_until": "2029-12-31"})
    assert honour.valid_until == dt.date(2029, 12, 31)


def test_honour_of_a_missing_unit_is_refused(services: Services) -> None:
    with pytest.raises(UserError, match="所属的单位已不在档案中"):
        services.honours.create(999, {"title": "甲"})


def test_filters(services: Services, unit: Unit) -> None:
    services.honours.create(
        unit.id, {"title": "甲", "level": "国家级", "awarded": "2010", "category": "教育教学"}
    )
    services.honours.create(unit.id, {"title": "乙", "level": "市级", "awarded": "2015", "status": "待复查"})
    assert titles(services.honours.list(HonourFilter(level="国家级"))) == ["甲"]
    assert titles(services.honours.list(HonourFilter(year_from=2011))) == ["乙"]
    assert titles(services.honours.list(HonourFilter(year_to=2011))) == ["甲"]
    assert titles(services.honours.list(HonourFilter(status="待复查"))) == ["乙"]
    assert titles(services.honours.list(HonourFilter(category="教育教学"))) == ["甲"]


def test_update_conflict_and_delete_restore(services: Services, unit: Unit) -> None:
    honour = services.honours.create(unit.id, {"title": "甲", "awarded": "2010"})
    services.honours.update(honour.id, {"document_no": "甬教〔2010〕5号"}, expected_version=1)
    with pytest.raises(ConflictError, match="文号"):
        services.honours.update(honour.id, {"document_no": "x"}, expected_version=1)
    services.honours.delete(honour.id)
    assert services.honours.list() == []
    services.honours.restore(honour.id)
    assert services.honours.get(honour.id).document_no == "甬教〔2010〕5号"


def test_awarding_bodies_most_used_first(services: Services, unit: Unit) -> None:
    services.honours.create(unit.id, {"title": "甲", "awarded_by": "市教育局"})
    services.honours.create(unit.id, {"title": "乙", "awarded_by": "省文明委"})
    services.honours.create(unit.id, {"title": "丙", "awarded_by": "省文明委"})
    assert services.honours.awarding_bodies() == ["省文明委", "市教育局"]


def test_purge_removes_attachment_files(services: Services, unit: Unit) -> None:
    honour = services.honours.create(unit.id, {"title": "甲"})
    stored = services.db.data_dir.attachments / "cert.png"  # type: ignore[union-attr]
    stored.write_bytes(b"png")
    with services.db.session() as session:
        session.add(
            Attachment(
                honour_id=honour.id, original_name="证书.png", stored_path="cert.png", size=3, sha256="0" * 64
            )
        )
    services.honours.delete(honour.id)
    services.honours.purge(honour.id)
    assert not stored.exists()


def test_an_honour_refused_as_future_on_a_pc_whose_date_was_lost_says_to_fix_the_clock(
    services: Services, unit: Unit, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A flat CMOS battery set the PC to 2008-01-01: last year's honour is "in the future" by that clock.
    The clerk is told the PC's date is wrong and where to set it, not only that the date is refused."""
    from types import SimpleNamespace

    from core import partial_date

    class LostDate(dt.date):
        @classmethod
        def today(cls) -> "LostDate":
            return cls(2008, 1, 1)

    monkeypatch.setattr(partial_date, "dt", SimpleNamespace(date=LostDate, datetime=dt.datetime))
    with pytest.raises(ValidationError) as refused:
        services.honours.create(unit.id, {"title": "市文明单位", "awarded": "2025年12月"})
    message = str(refused.value)
    assert "将来的日期" in message and "这台电脑的日期是2008年1月1日" in message and "校正" in message
    assert titles(services.honours.list(HonourFilter(unit_id=unit.id))) == []
    monkeypatch.undo()
    with pytest.raises(ValidationError) as future:
        services.honours.create(unit.id, {"title": "市文明单位", "awarded": str(dt.date.today().year + 1)})
    assert "将来的日期" in str(future.value) and "这台电脑的日期" not in str(future.value)
