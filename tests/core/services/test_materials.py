import pytest

from core.errors import ValidationError
from core.models import Unit
from core.services import Services


@pytest.fixture
def unit(services: Services) -> Unit:
    return services.units.create({"name": "口东中心幼儿园"})


def test_materials_by_year_then_topic_order(services: Services, unit: Unit) -> None:
    services.materials.create(unit.id, {"year": 2019, "topic": "工作成效", "text": "成效"})
    services.materials.create(unit.id, {"year": 2019, "topic": "主要做法", "text": "做法一\n\n做法二"})
    services.materials.create(unit.id, {"year": 2020, "topic": "存在问题", "text": "问题"})
    listed = services.materials.list(unit.id)
    assert [(m.year, m.topic) for m in listed] == [(2020, "存在问题"), (2019, "主要做法"), (2019, "工作成效")]
    assert services.materials.list(unit.id, year=2019, topic="主要做法")[0].text == "做法一\n\n做法二"


def test_one_material_per_year_and_topic(services: Services, unit: Unit) -> None:
    services.materials.create(unit.id, {"year": 2019, "topic": "主要做法", "text": "甲"})
    with pytest.raises(ValidationError, match="已有这一主题"):
        services.materials.create(unit.id, {"year": 2019, "topic": "主要做法", "text": "乙"})


def test_material_needs_year_topic_and_text(services: Services, unit: Unit) -> None:
    with pytest.raises(ValidationError) as caught:
        services.materials.create(unit.id, {"year": "", "topic": "心得", "text": "  "})
    assert {p.field for p in caught.value.problems} == {"year", "topic", "text"}


def test_deleted_material_frees_its_slot(services: Services, unit: Unit) -> None:
    first = services.materials.create(unit.id, {"year": 2019, "topic": "主要做法", "text": "甲"})
    services.materials.delete(first.id)
    services.materials.create(unit.id, {"year": 2019, "topic": "主要做法", "text": "乙"})
    with pytest.raises(ValidationError):
        services.materials.restore(first.id)
