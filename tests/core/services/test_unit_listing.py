"""The unit list at scale: ids in the asked order, rows a page at a time, and the indexed search."""

import pytest
from sqlalchemy import text

from core.services import Services, UnitFilter


@pytest.fixture
def three(services: Services) -> dict[str, int]:
    ids = {}
    for name, category, titles in (
        ("宁波市荷花庄小学", "学校", [("市级文明校园", 2019), ("绿色学校", 2023)]),
        ("宁波市江北区实验幼儿园", "幼儿园", [("平安单位", 2015)]),
        (
            "长治市工商行政管理局城区分局",
            "机关",
            [("文明单位", 2021), ("巾帼文明岗", 2016), ("平安单位", None)],
        ),
    ):
        unit = services.units.create({"name": name, "category": category})
        for title, year in titles:
            services.honours.create(unit.id, {"title": title, "awarded": str(year) if year else None})
        ids[name] = unit.id
    return ids


def listed_names(services: Services, ids: list[int]) -> list[str]:
    rows = services.units.rows(ids)
    return [rows[unit_id].name for unit_id in ids]


def test_listing_is_in_pinyin_order_and_rows_carry_counts(services: Services, three: dict[str, int]) -> None:
    ids = services.units.listing()
    assert listed_names(services, ids) == [
        "长治市工商行政管理局城区分局",  # chang-zhi, as the city's name is read (not zhang)
        "宁波市荷花庄小学",  # ning-bo-shi-he… before ning-bo-shi-jiang…
        "宁波市江北区实验幼儿园",
    ]
    row = services.units.rows([three["宁波市荷花庄小学"]])[three["宁波市荷花庄小学"]]
    assert (row.honour_count, row.latest_honour_year, row.category) == (2, 2023, "学校")


@pytest.mark.parametrize(
    ("sort", "descending", "first"),
    [
        ("honours", True, "长治市工商行政管理局城区分局"),
        ("honours", False, "宁波市江北区实验幼儿园"),
        ("latest", True, "宁波市荷花庄小学"),
    ],
)
def test_listing_sorts_in_the_database(
    services: Services, three: dict[str, int], sort: str, descending: bool, first: str
) -> None:
    ids = services.units.listing(sort=sort, descending=descending)
    assert listed_names(services, ids)[0] == first


def test_listing_sorts_by_category(services: Services, three: dict[str, int]) -> None:
    ids = services.units.listing(sort="category", descending=True)
    rows = services.units.rows(ids)
    categories = [rows[i].category for i in ids]
    assert categories == sorted(categories, reverse=True)


def test_level_and_year_filter_scope_the_counts(services: Services, three: dict[str, int]) -> None:
    criteria = UnitFilter(year_from=2016, year_to=2021)
    ids = services.units.listing(criteria)
    rows = services.units.rows(ids, criteria)
    assert {rows[i].name: rows[i].honour_count for i in ids} == {
        "宁波市荷花庄小学": 1,
        "长治市工商行政管理局城区分局": 2,
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("宁波", {"宁波市荷花庄小学", "宁波市江北区实验幼儿园"}),  # two characters: shorter than a trigram
        ("园", {"宁波市江北区实验幼儿园"}),
        ("荷花庄", {"宁波市荷花庄小学"}),
        ("nb", {"宁波市荷花庄小学", "宁波市江北区实验幼儿园"}),
        ("hhz", {"宁波市荷花庄小学"}),
        ("changzhi", {"长治市工商行政管理局城区分局"}),
        ("ZHANGZHI", {"长治市工商行政管理局城区分局"}),
        ("%", set()),
        ("小学_", set()),
    ],
)
def test_search_through_the_index(
    services: Services, three: dict[str, int], query: str, expected: set[str]
) -> None:
    ids = services.units.listing(UnitFilter(search=query))
    assert set(listed_names(services, ids)) == expected
    assert {s.unit.name for s in services.units.search(query)} == expected


def test_search_index_follows_renames_deletes_and_purges(services: Services, three: dict[str, int]) -> None:
    unit_id = three["宁波市荷花庄小学"]
    unit = services.units.get(unit_id)
    services.units.update(
        unit_id, {"name": "宁波市海曙区柳西小学", "short_name": "柳小"}, expected_version=unit.version
    )

    def found(query: str) -> list[int]:
        return services.units.listing(UnitFilter(search=query))

    assert found("荷花庄") == [] and found("hhz") == []
    assert found("柳西小学") == [unit_id] and found("liuxi") == [unit_id] and found("柳小") == [unit_id]
    services.units.delete(unit_id)
    assert found("柳西小学") == []
    services.units.restore(unit_id)
    assert found("柳西小学") == [unit_id]
    services.units.delete(unit_id)
    services.units.purge(unit_id)
    if not services.db.is_sqlite:
        return
    with services.db.session() as session:
        assert (
            session.execute(
                text("SELECT count(*) FROM unit_search WHERE rowid = :id"), {"id": unit_id}
            ).scalar()
            == 0
        )
