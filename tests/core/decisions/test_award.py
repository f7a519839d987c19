"""One decision, many honours: applied as one batch, undone as one, applied twice adds nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from core.decisions.award import Decision, NewUnit, apply_decision
from core.errors import UserError, ValidationError
from core.importing.history import list_batches, undo_batch
from core.models import Honour, ImportBatch, Unit
from core.partial_date import PartialDate
from core.services import Services

DECISION = {
    "title": "区级文明单位",
    "level": "县区级",
    "awarded_by": "中共东湖区委、东湖区人民政府",
    "awarded": "2023-12-5",
    "document_no": "东文明委〔2023〕5号",
}


@pytest.fixture
def units(services: Services) -> dict[str, int]:
    names = ["东湖区第一小学", "东湖区卫生健康局", "东湖区第二中学"]
    return {name: services.units.create({"name": name}).id for name in names}


def honours_of(services: Services) -> list[tuple[str, str, PartialDate | None, str | None, int | None]]:
    with services.db.session() as session:
        rows = session.execute(
            select(Unit.name, Honour.title, Honour, Honour.document_no, Honour.import_batch_id)
            .join(Unit, Unit.id == Honour.unit_id)
            .where(Honour.deleted_at.is_(None))
            .order_by(Unit.name)
        ).all()
    return [(name, title, honour.awarded, doc, batch) for name, title, honour, doc, batch in rows]


def test_one_decision_gives_each_unit_the_honour(services: Services, units: dict[str, int]) -> None:
    decision = Decision.checked(DECISION)
    result = apply_decision(services.db, decision, list(units.values()), unmatched=["东湖区城市管理局"])
    assert (result.honours_created, result.duplicates, result.unmatched) == (3, [], ["东湖区城市管理局"])
    rows = honours_of(services)
    assert [(n, t, a, d) for n, t, a, d, _b in rows] == [
        (name, "区级文明单位", PartialDate(2023, 12, 5), "东文明委〔2023〕5号") for name in sorted(units)
    ]
    assert {b for *_rest, b in rows} == {result.batch_id}
    batch = services.db.session
    with batch() as session:
        stored = session.get(ImportBatch, result.batch_id)
        assert (stored.kind, stored.counts["honours_created"], stored.counts["rejected"]) == (
            "decision",
            3,
            1,
        )
        assert "东文明委〔2023〕5号" in stored.file_name


def test_applying_twice_adds_nothing(services: Services, units: dict[str, int]) -> None:
    decision = Decision.checked(DECISION)
    apply_decision(services.db, decision, list(units.values()))
    again = apply_decision(services.db, decision, list(units.values()))
    assert (again.honours_created, sorted(again.duplicates), again.applied) == (0, sorted(units), False)
    assert len(honours_of(services)) == 3
    with services.db.session() as session:
        assert session.scalar(select(func.count()).select_from(ImportBatch)) == 1


def test_a_unit_holding_it_already_is_a_duplicate(services: Services, units: dict[str, int]) -> None:
    services.honours.create(units["东湖区第一小学"], {"title": "区级文明单位", "awarded": "2023"})
    result = apply_decision(services.db, Decision.checked(DECISION), list(units.values()))
    assert (result.honours_created, result.duplicates) == (2, ["东湖区第一小学"])


def test_dry_run_changes_nothing(services: Services, units: dict[str, int]) -> None:
    result = apply_decision(services.db, Decision.checked(DECISION), list(units.values()), dry_run=True)
    assert (result.honours_created, result.applied, result.batch_id) == (3, False, None)
    assert honours_of(services) == []


def test_undo_removes_the_honours_and_the_units_it_created(services: Services, units: dict[str, int]) -> None:
    services.honours.create(units["东湖区第一小学"], {"title": "省卫生先进单位", "awarded": "2010"})
    result = apply_decision(
        services.db,
        Decision.checked(DECISION),
        list(units.values()),
        new_units=[NewUnit("东湖区城市管理局", "机关")],
    )
    assert (result.honours_created, result.units_created) == (4, 1)
    assert services.units.find_by_name("东湖区城市管理局").category == "机关"
    assert [live for batch, live in list_batches(services.db) if batch.id == result.batch_id] == [4]
    undone = undo_batch(services.db, result.batch_id)
    assert (undone.honours_removed, undone.units_removed) == (4, 1)
    assert [t for _n, t, *_rest in honours_of(services)] == ["省卫生先进单位"]
    assert services.units.find_by_name("东湖区城市管理局") is None


@pytest.mark.parametrize(
    ("values", "words"),
    [
        ({**DECISION, "title": ""}, "“称号”不能为空"),
        ({**DECISION, "awarded": ""}, "表彰日期"),
        ({**DECISION, "awarded": "2023年13月"}, "授予时间"),
        ({**DECISION, "level": "区级"}, "级别"),
    ],
)
def test_bad_decision_is_refused(values: dict, words: str) -> None:
    with pytest.raises((UserError, ValidationError), match=words):
        Decision.checked(values)


def test_no_units_is_refused(services: Services) -> None:
    with pytest.raises(UserError, match="没有要表彰的单位"):
        apply_decision(services.db, Decision.checked(DECISION), [])
