import pytest
from sqlalchemy import func, select

from core.errors import ConflictError, UserError, ValidationError
from core.models import ChangeLog, Unit
from core.partial_date import PartialDate
from core.services import Services, UnitFilter
from tests.conftest import make_credit_code


def names(summaries) -> list[str]:  # type: ignore[no-untyped-def]
    return [s.unit.name for s in summaries]


def unit_rows(services: Services) -> int:
    with services.db.session() as session:
        return session.scalar(select(func.count()).select_from(Unit)) or 0


@pytest.fixture
def hehuazhuang(services: Services) -> Unit:
    return services.units.create(
        {
            "name": "宁波市荷花庄小学",
            "short_name": "荷花庄小学",
            "category": "学校",
            "region": "浙江省宁波市江东区",
            "founded": "1989年9月",
            "staff_count": "43",
            "land_area_m2": "7000",
            "credit_code": make_credit_code(),
        }
    )


def test_create_normalises_and_keeps_partial_dates(hehuazhuang: Unit) -> None:
    assert hehuazhuang.founded == PartialDate(1989, 9)
    assert hehuazhuang.staff_count == 43
    assert hehuazhuang.version == 1


@pytest.mark.parametrize("query", ["荷花庄", "hhz", "hehuazhuang", "HHZ", "ｈｈｚ", "荷花庄小学", "nbshhzxx"])
def test_search_by_name_short_name_and_pinyin(services: Services, hehuazhuang: Unit, query: str) -> None:
    services.units.create({"name": "西平县柏亭耿庄小学"})
    assert names(services.units.search(query)) == ["宁波市荷花庄小学"]


def test_search_finds_polyphonic_reading(services: Services) -> None:
    services.units.create({"name": "长治市工商行政管理局城区分局"})
    assert names(services.units.search("changzhi")) == ["长治市工商行政管理局城区分局"]


def test_search_treats_like_wildcards_literally(services: Services, hehuazhuang: Unit) -> None:
    assert services.units.search("%") == []
    assert services.units.search("_") == []


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"name": ""}, "name", "不能为空"),
        ({"name": "   "}, "name", "不能为空"),
        ({"name": "甲单位", "credit_code": "91350100M000100Y44"}, "credit_code", "校验位"),
        ({"name": "甲单位", "founded": "2019年13月"}, "founded", "月份 13"),
        ({"name": "甲单位", "founded": "2999"}, "founded", "将来"),
        ({"name": "甲单位", "category": "医院"}, "category", "可选范围"),
        ({"name": "甲单位", "staff_count": "四十"}, "staff_count", "不是数字"),
        ({"name": "甲单位", "staff_count": "-3"}, "staff_count", "负数"),
    ],
)
def test_bad_input_is_refused_naming_field_and_value_and_saves_nothing(
    services: Services, data: dict, field: str, words: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        services.units.create(data)
    problem = caught.value.for_field(field)
    assert problem is not None and words in problem.reason
    assert f"“{problem.label}”" in caught.value.message
    if data.get(field, "").strip():
        assert str(data[field]) in caught.value.message
    assert unit_rows(services) == 0


def test_duplicate_name_is_refused_even_with_other_spacing(services: Services, hehuazhuang: Unit) -> None:
    with pytest.raises(ValidationError, match="已有同名单位"):
        services.units.create({"name": "宁波市 荷花庄小学"})
    assert unit_rows(services) == 1


def test_duplicate_credit_code_is_refused(services: Services, hehuazhuang: Unit) -> None:
    with pytest.raises(ValidationError, match="已被单位“宁波市荷花庄小学”使用"):
        services.units.create({"name": "另一所学校", "credit_code": hehuazhuang.credit_code})


def test_update_bumps_version_and_logs_the_change(services: Services, hehuazhuang: Unit) -> None:
    updated = services.units.update(hehuazhuang.id, {"leader": "王校长"}, expected_version=1)
    assert updated.version == 2 and updated.leader == "王校长"
    with services.db.session() as session:
        row = session.scalars(select(ChangeLog).where(ChangeLog.action == "update")).one()
    assert row.details["changes"] == {"leader": [None, "王校长"]}
    assert "宁波市荷花庄小学" in row.summary


def test_stale_update_is_refused_showing_what_changed(services: Services, hehuazhuang: Unit) -> None:
    services.units.update(hehuazhuang.id, {"leader": "王校长"}, expected_version=1)
    with pytest.raises(ConflictError) as caught:
        services.units.update(hehuazhuang.id, {"leader": "李校长"}, expected_version=1)
    assert "负责人" in caught.value.message and "王校长" in caught.value.message
    assert services.units.get(hehuazhuang.id).leader == "王校长"


def test_moving_to_the_bin_values_checked_is_refused_whole_after_a_change_meanwhile(
    services: Services, hehuazhuang: Unit
) -> None:
    other = services.units.create({"name": "东鲁派出所"})
    seen = services.units.current_values([hehuazhuang.id, other.id])
    services.units.update(other.id, {"leader": "王所长"}, expected_version=other.version)  # another PC
    with pytest.raises(ConflictError) as caught:
        services.units.delete_many([hehuazhuang.id, other.id], expected=seen)
    assert "“东鲁派出所”" in caught.value.message and "负责人（现为“王所长”）" in caught.value.message
    assert len(services.units.list()) == 2  # all or none: neither went to the bin
    services.units.delete_many([hehuazhuang.id], expected={hehuazhuang.id: seen[hehuazhuang.id]})
    assert names(services.units.list()) == ["东鲁派出所"]


def test_rejected_update_leaves_record_unchanged(services: Services, hehuazhuang: Unit) -> None:
    with pytest.raises(ValidationError):
        services.units.update(hehuazhuang.id, {"leader": "新", "founded": "2019-02-30"}, expected_version=1)
    unit = services.units.get(hehuazhuang.id)
    assert unit.leader is None and unit.version == 1


def test_soft_delete_restore_and_purge(services: Services, hehuazhuang: Unit) -> None:
    services.honours.create(hehuazhuang.id, {"title": "省卫生先进单位", "awarded": "2008"})
    services.units.delete(hehuazhuang.id)
    assert services.units.list() == []
    assert services.honours.list() == []
    assert [u.name for u in services.units.list_deleted()] == ["宁波市荷花庄小学"]

    services.units.restore(hehuazhuang.id)
    assert [s.honour_count for s in services.units.list()] == [1]

    with pytest.raises(UserError, match="不在回收站"):
        services.units.purge(hehuazhuang.id)
    services.units.delete(hehuazhuang.id)
    services.units.purge(hehuazhuang.id)
    assert unit_rows(services) == 0
    assert services.honours.list_deleted() == []


def test_restore_refused_when_the_name_was_taken_meanwhile(services: Services, hehuazhuang: Unit) -> None:
    services.units.delete(hehuazhuang.id)
    services.units.create({"name": "宁波市荷花庄小学"})
    with pytest.raises(ValidationError, match="同名"):
        services.units.restore(hehuazhuang.id)
    assert services.units.get(hehuazhuang.id, include_deleted=True).is_deleted


def test_every_change_writes_a_change_log_row(services: Services, hehuazhuang: Unit) -> None:
    services.units.update(hehuazhuang.id, {"leader": "王校长"}, expected_version=1)
    services.units.delete(hehuazhuang.id)
    services.units.restore(hehuazhuang.id)
    services.units.delete(hehuazhuang.id)
    services.units.purge(hehuazhuang.id)
    with services.db.session() as session:
        actions = session.scalars(select(ChangeLog.action).order_by(ChangeLog.id)).all()
    assert actions == ["create", "update", "delete", "restore", "delete", "purge"]


def test_list_filters(services: Services, hehuazhuang: Unit) -> None:
    kindergarten = services.units.create({"name": "口东中心幼儿园", "category": "幼儿园", "region": "河南省"})
    services.honours.create(
        hehuazhuang.id, {"title": "全国写字教育先进集体", "level": "国家级", "awarded": "2010"}
    )
    services.honours.create(kindergarten.id, {"title": "市示范幼儿园", "level": "市级", "awarded": "2015"})
    assert names(services.units.list(UnitFilter(category="幼儿园"))) == ["口东中心幼儿园"]
    assert names(services.units.list(UnitFilter(region="宁波"))) == ["宁波市荷花庄小学"]
    assert names(services.units.list(UnitFilter(level="国家级"))) == ["宁波市荷花庄小学"]
    assert names(services.units.list(UnitFilter(year_from=2012, year_to=2016))) == ["口东中心幼儿园"]
    assert names(services.units.list(UnitFilter(year_from=2016))) == []
    everyone = services.units.list()
    assert {s.unit.name: s.honour_count for s in everyone} == {"宁波市荷花庄小学": 1, "口东中心幼儿园": 1}


def test_find_by_name_uses_normalised_names_and_short_names(services: Services, hehuazhuang: Unit) -> None:
    assert services.units.find_by_name("宁波市 荷花庄小学").id == hehuazhuang.id  # type: ignore[union-attr]
    assert services.units.find_by_name("荷花庄小学").id == hehuazhuang.id  # type: ignore[union-attr]
    assert services.units.find_by_name("不存在的单位") is None
