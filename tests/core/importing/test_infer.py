"""Levels from awarding bodies and titles, categories from unit names: whole words, never fragments."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.importing.infer import category_from_text, infer_category, infer_level, place_chain, sheet_level
from core.vocab import LEVELS, UNIT_CATEGORIES


@pytest.mark.parametrize(
    ("body", "title", "level", "words"),
    [
        ("浙江省精神文明建设委员会", "浙江省文明校园", "省级", "浙江省"),
        (None, "浙江省文明校园", "省级", "浙江省"),
        ("中共中央、国务院", None, "国家级", "中央"),
        ("国务院", None, "国家级", "国务院"),
        ("教育部", None, "国家级", "教育部"),
        ("中宣部", None, "国家级", "中宣部"),
        ("教育部办公厅", None, "国家级", "教育部"),  # a ministry's office
        ("教育部基础教育司", None, "国家级", "教育部"),
        ("人力资源和社会保障部", None, "国家级", "人力资源和社会保障部"),
        ("全国妇联", None, "国家级", "全国"),
        (None, "全国文明单位", "国家级", "全国"),
        ("团中央", None, "国家级", "中央"),
        ("省爱卫会", None, "省级", "省"),
        ("省委、省政府", None, "省级", "省"),
        ("中共浙江省委", None, "省级", "浙江省"),
        ("内蒙古自治区文明委", None, "省级", "内蒙古自治区"),
        ("北京市教委", None, "省级", "北京市"),  # a municipality stands as a province
        ("市委、市政府", None, "市级", "市"),
        ("团市委", None, "市级", "市"),
        ("宁波市教育局", None, "市级", "宁波市"),
        (None, "全市优秀教师", "市级", "全市"),
        ("延边朝鲜族自治州教育局", None, "市级", "延边朝鲜族自治州"),
        ("镇江市文明办", None, "市级", "镇江市"),  # 镇 here starts a city's name
        ("宁波市海曙区教育局", None, "县区级", "宁波市海曙区"),  # the most local place decides
        ("北京市海淀区教育局", None, "县区级", "北京市海淀区"),
        ("镇海区文明办", None, "县区级", "镇海区"),
        ("县委", None, "县区级", "县"),
        ("区委、区政府", None, "县区级", "区"),
        ("金水区市政管理局", None, "县区级", "金水区"),
        ("县教育局", "县示范幼儿园", "县区级", "县"),
        ("镇政府", None, "乡镇级", "镇"),
        ("洪塘街道办事处", None, "乡镇级", "洪塘街道"),
        ("宁波市江北区洪塘街道", None, "乡镇级", "宁波市江北区洪塘街道"),
        ("乡党委", None, "乡镇级", "乡"),
        (None, "市级文明单位", "市级", "市级"),  # a level word outweighs any place
        ("市文明委", "省级文明单位", "省级", "省级"),
        (None, "校级优秀教师", "单位内部", "校级"),
        ("中共宁波市委、浙江省教育厅", None, "省级", "浙江省"),  # several bodies: the highest
        ("宁波市慈溪市教育局", None, "县区级", "宁波市慈溪市"),  # a county-level city with its city
        ("宁波市荷花庄小学", "优秀班主任", "单位内部", "小学"),  # a school's own prize
        (None, "宁波市首批市艺术特色项目学校", "市级", "宁波市"),  # 首批 is no county-level city
        ("宁波市第二批示范单位评审委员会", None, "市级", "宁波市"),
        # a national system's bureau in a province or county is of that place; the system itself is national
        ("国家税务总局浙江省税务局", "个人三等功", "省级", "浙江省"),
        ("国家税务总局宁波市鄞州区税务局", None, "县区级", "宁波市鄞州区"),
        ("国家税务总局", None, "国家级", "国家"),
        ("中国气象局", None, "国家级", "中国"),
        # a level word inside a title for the whole country names its holders' kind, not its level
        ("中国地震局", "全国优秀市级防震减灾局长", "国家级", "中国"),
        (None, "全省示范性县级文化馆", "省级", "全省"),
        ("温州市省府路文化宫", None, "市级", "温州市"),  # a street's 省 is no province
        ("绍兴市县前街青少年宫", None, "市级", "绍兴市"),  # nor its 县 a county
    ],
)
def test_levels_from_body_and_title(body: str | None, title: str | None, level: str, words: str) -> None:
    found = infer_level(body, title)
    assert found is not None and found.value == level
    assert f"“{words}”" in found.rule


@pytest.mark.parametrize(
    ("body", "title"),
    [
        (None, "城市市容环境卫生先进集体"),  # 城市 is not a city
        ("市场监督管理局", None),  # nor is 市场
        (None, "文明村镇"),
        (None, "平安乡镇"),
        (None, "卫生县城"),
        (None, "文明社区"),  # 社区 is not a district
        ("社区卫生服务中心", None),
        ("乡村振兴局", None),  # 乡村 is not a township
        ("中国移动宁波分公司", None),  # a company, not the nation
        ("党支部", None),  # a 部 that is no ministry
        ("省府路少年宫", None),  # a street named for the government
        ("青少年俱乐部", None),
        ("党支部办公室", None),
        ("华东事业部有限公司", None),
        (None, "先进基层党组织"),
        (None, "人民满意派出所"),
        (None, None),
    ],
)
def test_fragments_never_give_a_level(body: str | None, title: str | None) -> None:
    assert infer_level(body, title) is None


@given(st.text(max_size=20), st.text(max_size=20))
def test_any_text_gives_a_level_with_its_rule_or_none(body: str, title: str) -> None:
    found = infer_level(body, title)
    assert found is None or (found.value in LEVELS and found.rule)


def test_the_places_a_body_starts_with() -> None:
    assert place_chain("浙江省宁波市海曙区教育局") == [("浙江省宁波市", "市级"), ("海曙区", "县区级")]
    assert place_chain("市委、市政府") == [("市", "市级")]
    assert place_chain("城市管理局") == []


@pytest.mark.parametrize(
    ("name", "category", "word"),
    [
        ("宁波市荷花庄小学", "学校", "小学"),
        ("XX中学（东校区）", "学校", "中学"),
        ("鄞州区实验中学教育集团", "学校", "教育集团"),
        ("口东中心幼儿园", "幼儿园", "幼儿园"),  # not a 中心
        ("甘垛镇荷花村", "村", "村"),
        ("荷花村村民委员会", "村", "村民委员会"),
        ("荷花村股份经济合作社", "村", "村股份经济合作社"),
        ("柳西社区", "社区", "社区"),
        ("柳西社区居民委员会", "社区", "居民委员会"),
        ("东鲁派出所", "机关", "派出所"),
        ("江东区教育局", "机关", "局"),
        ("洪塘街道办事处", "机关", "办事处"),
        ("海曙区人民政府", "机关", "人民政府"),
        ("区文明办", "机关", "办"),
        ("社区卫生服务中心", "事业单位", "中心"),  # a 中心, not a 社区
        ("宁波市第一医院", "事业单位", "医院"),
        ("姜山镇卫生院", "事业单位", "卫生院"),
        ("鄞州区图书馆", "事业单位", "图书馆"),
        ("宁波供电公司", "企业", "公司"),
        ("宁波鄞州村镇银行", "企业", "银行"),  # a bank, not a 村
        ("宁波第二棉纺厂", "企业", "厂"),
    ],
)
def test_categories_from_the_last_word_of_the_name(name: str, category: str, word: str) -> None:
    found = infer_category(name)
    assert found is not None and found.value == category and f"“{word}”" in found.rule


@pytest.mark.parametrize("name", ["民办非企业单位", "宁波市青少年宫", "海曙区红十字会", "", "某某"])
def test_names_without_a_category_word_give_none(name: str) -> None:
    assert infer_category(name) is None


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("学校", "学校"),
        ("公办小学", "学校"),
        ("行政机关", "机关"),
        ("党政机关", "机关"),
        ("参公事业单位", "事业单位"),
        ("国有企业", "企业"),
        ("村委会", "村"),
        ("居委会", "社区"),
        ("民办非企业单位", None),  # not a 企业
        ("社会团体", None),
    ],
)
def test_category_column_values(text: str, category: str | None) -> None:
    assert category_from_text(text, UNIT_CATEGORIES) == category


@pytest.mark.parametrize(
    ("sheet", "level"),
    [
        ("国家级", "国家级"),
        ("省级荣誉", "省级"),
        ("市级集体荣誉", "市级"),
        ("县区级", "县区级"),
        ("2021年", None),
        ("Sheet1", None),
        ("省级及以上", None),  # several levels: none
        ("国家级、省级", None),
        ("市级和区级", None),
    ],
)
def test_a_sheet_named_for_a_level_gives_it(sheet: str, level: str | None) -> None:
    found = sheet_level(sheet)
    assert (found.value if found else None) == level
    assert found is None or f"“{sheet}”" in found.rule
