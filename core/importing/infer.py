"""Levels and categories a register does not give, inferred from the words it does give.

A level comes from the awarding body and the title (浙江省精神文明建设委员会 → 省级), a unit's category
from its name (宁波市荷花庄小学 → 学校). Words are matched whole, never as fragments of other words: the
category is the name's last word (社区卫生服务中心 is a 中心, 村镇银行 a bank, 民办非企业单位 neither);
a place is a place name with its suffix at the start of the text (城市, 社区 and 乡村 are not places).

Every inference carries the rule that gave it, in Chinese, for the import preview to show.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.vocab import LEVELS

NATIONAL, PROVINCE, CITY, COUNTY, TOWN, INTERNAL = LEVELS


@dataclass(frozen=True)
class Inference:
    value: str
    rule: str  # why, in Chinese: 授予单位“省教育厅”以“省”开头


# -- levels -------------------------------------------------------------------------------------------

_EXPLICIT = re.compile(
    r"国家级|省部级|省级|地市级|市级|县区级|县级|区级|乡镇级|街道级|镇级|乡级|校级|院级|园级"
)
_EXPLICIT_LEVELS = {
    "国家级": NATIONAL,
    "省部级": PROVINCE,
    "省级": PROVINCE,
    "地市级": CITY,
    "市级": CITY,
    "县区级": COUNTY,
    "县级": COUNTY,
    "区级": COUNTY,
    "乡镇级": TOWN,
    "街道级": TOWN,
    "镇级": TOWN,
    "乡级": TOWN,
    "校级": INTERNAL,
    "院级": INTERNAL,
    "园级": INTERNAL,
}
_WHOLE = {"全国": NATIONAL, "全省": PROVINCE, "全市": CITY, "全县": COUNTY, "全区": COUNTY}
_WHOLE_WORD = re.compile("|".join(_WHOLE))
_PARTY = re.compile(r"^(?:中国共产党|中共|共青团|团(?=中央|省|市|县|区))")
_NATIONAL_START = re.compile(r"^(?:中央|国务院|国家|中华|中国|全国)")
_BUSINESS = re.compile(r"公司|银行|集团|分行|支行")
# A ministry, or one of its offices (教育部办公厅, 教育部基础教育司): a 部 before the office is no fragment.
_MINISTRY = re.compile(r"^([\u4e00-\u9fff]{1,10}部)(?:办公厅|办公室|[\u4e00-\u9fff]{1,8}司)?$")
_NOT_MINISTRY = (
    "支部",
    "俱乐部",
    "干部",
    "总部",
    "分部",
    "事业部",
    "工作部",
    "门诊部",
    "项目部",
    "营业部",
    "内部",
)

# Suffixes of place names, longest first, with the level of the place they end.
_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("特别行政区", PROVINCE),
    ("自治区", PROVINCE),
    ("自治州", CITY),
    ("自治县", COUNTY),
    ("街道", TOWN),
    ("省", PROVINCE),
    ("市", CITY),
    ("州", CITY),
    ("盟", CITY),
    ("县", COUNTY),
    ("区", COUNTY),
    ("旗", COUNTY),
    ("镇", TOWN),
    ("乡", TOWN),
)
_ABBREVIATED = {"省", "市", "县", "区", "镇", "乡", "街道"}  # 省教育厅, 市委, 区文明办: the body's own level
_MUNICIPALITIES = ("北京", "天津", "上海", "重庆")  # cities at the level of a province
_MAX_PLACE_NAME = 5  # 延边朝鲜族自治州
# Words ending in a place suffix that are not places, and words a suffix starts that make it no suffix.
_NOT_PLACES = (
    "批",  # 首批、第二批: 宁波市首批市…学校 names no county-level city
    "超市",
    "社区",
    "小区",
    "景区",
    "园区",
    "校区",
    "片区",
    "辖区",
    "街区",
    "营区",
    "库区",
    "城镇",
    "村镇",
    "集镇",
    "城乡",
    "家乡",
    "故乡",
    "乡镇",
)
# words that are no place where they start the text or follow a place (城市管理局, 海曙区城市管理局), though
# a place may end in them (盐城市, 成都市, 江城市)
_NOT_PLACE_WORD = re.compile(r"(?:^|[省市县区州盟旗镇乡])(?:城市|都市)")
_NOT_SUFFIX = re.compile(
    r"^(?:市场|市容|市民|市貌|市值|市政(?!府)|区域|县域|县城|乡村|乡土|乡亲|乡贤|乡镇"
    # a street named for the government that once stood on it: 省府路, 市府街, 县前街, 区府前路
    r"|[省市县区](?:府前|府后|府|前|后)(?:路|街(?!道)|巷))"
)
# the suffixes that close a place no bigger place can be named after: 宁波市省府路 has no province in it
# (州 is left out: 贵州省, 广州市 hold a 州 that is only part of a name)
_CLOSED_PLACE = ("市", "县", "区", "旗", "镇", "乡", "街道")
_CJK = re.compile(r"^[\u4e00-\u9fff]*$")
_BODIES = re.compile(r"[、，,；;\s]+|(?<=[委府厅局部会])(?:和|及|与)")
_OWN_UNIT = re.compile(r"(?:学校|小学|中学|幼儿园|学院|大学|医院)$")  # not companies: 中国移动宁波分公司


def infer_level(awarded_by: str | None, title: str | None) -> Inference | None:
    """The level an honour's body and title imply: a level word (省级) in either, else the body's places
    (the most local one: 宁波市海曙区教育局 is 县区级), a national start (中央, 国务院, 全国) or a ministry
    (教育部), else the title's places or start. None when nothing says."""
    texts = [("授予单位", awarded_by), ("称号", title)]
    for what, text in texts:
        if text:
            found = _EXPLICIT.search(text)
            # a title opening on 全国/全省: a level word inside it is the holder's kind (全国优秀县级气象局局长)
            if found and not (what == "称号" and found.start() > 0 and _WHOLE_WORD.match(text)):
                return Inference(_EXPLICIT_LEVELS[found[0]], f"{what}“{text}”中有“{found[0]}”")
    if awarded_by:  # several bodies together (市委、省教育厅): the highest of them
        found = [f for part in _BODIES.split(awarded_by) if part and (f := _level_of(part, is_body=True))]
        if found:
            level, words = min(found, key=lambda item: LEVELS.index(item[0]))
            return Inference(level, f"授予单位“{awarded_by}”中的“{words}”")
    if title:
        found = _level_of(title, is_body=False)
        if found is not None:
            level, words = found
            return Inference(level, f"称号“{title}”中的“{words}”")
    return None


_SEVERAL_LEVELS = re.compile(r"以上|以下|及|和|与|、|至")


def sheet_level(sheet: str) -> Inference | None:
    """The level a sheet's name gives the rows on it (a workbook with one sheet per level: 国家级, 省级荣誉);
    None for any other name, or one naming several levels (省级及以上)."""
    found = _EXPLICIT.search(sheet)
    if found is None or _SEVERAL_LEVELS.search(sheet) or len(_EXPLICIT.findall(sheet)) > 1:
        return None
    return Inference(_EXPLICIT_LEVELS[found[0]], f"工作表名“{sheet}”中有“{found[0]}”")


def _level_of(text: str, *, is_body: bool) -> tuple[str, str] | None:
    """(level, the words that give it) for one text."""
    text = text.strip()
    own = _OWN_UNIT.search(text) if is_body else None
    if own:  # a school or company giving its own prize (校级): whatever place its name starts with
        return INTERNAL, own[0]
    whole = _WHOLE_WORD.search(text)
    if whole:
        return _WHOLE[whole[0]], whole[0]
    party = _PARTY.match(text)
    rest = text[party.end() :] if party else text
    national = _NATIONAL_START.match(rest)
    if national and not _BUSINESS.search(rest):
        local = _local_branch(rest[national.end() :]) if is_body else None
        return local or (NATIONAL, national[0])
    places = place_chain(rest)
    if places:
        place, level = max(places, key=lambda found: LEVELS.index(found[1]))  # the most local one
        if level == CITY and "市" in place[:-1]:
            level = COUNTY  # a county-level city named with its city: 宁波市慈溪市
        return level, place
    ministry = _MINISTRY.match(rest) if is_body else None
    if ministry and not ministry[1].endswith(_NOT_MINISTRY) and not _BUSINESS.search(rest):
        return NATIONAL, ministry[1]
    return None


# the national organ a body's name opens with (国家税务总局, 中国气象局), before the place of its branch
_NATIONAL_ORGAN = re.compile(r"^[\u4e00-\u9fff]{0,8}?(?:总局|总署|局|署|委员会|委|部)")


def _local_branch(rest: str) -> tuple[str, str] | None:
    """A national system's bureau in a place (国家税务总局临江省税务局 → 临江省): the place's level, not the
    system's; None for the national organ itself (中国气象局, 国家卫生健康委)."""
    organ = _NATIONAL_ORGAN.match(rest)
    places = place_chain(rest[organ.end() :]) if organ else []
    if not places:
        return None
    place, level = max(places, key=lambda found: LEVELS.index(found[1]))
    return level, place


def place_chain(text: str) -> list[tuple[str, str]]:
    """The places a text starts with, each (place, level): 浙江省宁波市海曙区教育局 → 浙江省宁波市,
    海曙区 (a place name may hold another); 市委 → 市. Stops at the first word that is not a place."""
    places: list[tuple[str, str]] = []
    position = 0
    while position < len(text):
        found = _place_at(text, position, first=not places)
        if found is None:
            break
        place, level, position = found
        places.append((place, level))
    return places


def _place_at(text: str, start: int, *, first: bool) -> tuple[str, str, int] | None:
    """The longest place name with a suffix starting at start (the name's own words then belong to it)."""
    best: tuple[str, str, int] | None = None
    for length in range(0, _MAX_PLACE_NAME + 1):
        name = text[start : start + length]
        if len(name) < length or not _CJK.match(name):
            break
        for suffix, level in _SUFFIXES:
            if not text.startswith(suffix, start + length):
                continue
            end = start + length + len(suffix)
            place = name + suffix
            if best is not None and _inside_smaller(best, level):
                break
            if (best is None or end > best[2]) and _is_place(
                text, start, end, place, bare=not name, first=first
            ):
                if not name and place not in _ABBREVIATED:
                    break
                if level == CITY and suffix == "市" and name in _MUNICIPALITIES:
                    level = PROVINCE
                best = (place, level, end)
            break
    return best


def _inside_smaller(inner: tuple[str, str, int], level: str) -> bool:
    """A place named inside a longer one is no bigger than it: 宁波市 then 省 is no province."""
    place, inner_level, _ = inner
    if place in _ABBREVIATED:  # a bare 镇 may begin a name: 镇江市
        return False
    return place.endswith(_CLOSED_PLACE) and LEVELS.index(level) < LEVELS.index(inner_level)


def _is_place(text: str, start: int, end: int, place: str, *, bare: bool, first: bool) -> bool:
    if bare and not first:
        return False
    if any(word in place for word in _NOT_PLACES) or _NOT_PLACE_WORD.search(place):
        return False
    return not _NOT_SUFFIX.match(text[end - 1 :])


# -- categories ---------------------------------------------------------------------------------------

# A unit's category from the last word of its name, longest words first.
_HEAD_WORDS: tuple[tuple[str, str], ...] = (
    ("村股份经济合作社", "村"),
    ("股份经济合作社", "村"),
    ("经济合作社", "村"),
    ("村民委员会", "村"),
    ("居民委员会", "社区"),
    ("村委会", "村"),
    ("居委会", "社区"),
    ("村委", "村"),
    ("居委", "社区"),
    ("社区", "社区"),
    ("村", "村"),
    ("幼儿园", "幼儿园"),
    ("教育集团", "学校"),
    ("中心校", "学校"),
    ("小学", "学校"),
    ("中学", "学校"),
    ("高中", "学校"),
    ("初中", "学校"),
    ("完小", "学校"),
    ("学校", "学校"),
    ("学院", "学校"),
    ("大学", "学校"),
    ("派出所", "机关"),
    ("人民政府", "机关"),
    ("政府", "机关"),
    ("办事处", "机关"),
    ("人民法院", "机关"),
    ("人民检察院", "机关"),
    ("委员会", "机关"),
    ("机关", "机关"),
    ("局", "机关"),
    ("委", "机关"),
    ("办", "机关"),
    ("事业单位", "事业单位"),
    ("卫生院", "事业单位"),
    ("医院", "事业单位"),
    ("中心", "事业单位"),
    ("图书馆", "事业单位"),
    ("文化馆", "事业单位"),
    ("博物馆", "事业单位"),
    ("纪念馆", "事业单位"),
    ("研究院", "事业单位"),
    ("研究所", "事业单位"),
    ("站", "事业单位"),
    ("公司", "企业"),
    ("银行", "企业"),
    ("支行", "企业"),
    ("分行", "企业"),
    ("集团", "企业"),
    ("企业", "企业"),
    ("厂", "企业"),
)
_TRAILING_BRACKETS = re.compile(r"[（(][^（()）]*[)）]\s*$")


def infer_category(name: str | None) -> Inference | None:
    """The category a unit's name implies by its last word: 荷花庄小学 → 学校; None when it implies none."""
    word = _head_word(name or "")
    if word is None:
        return None
    return Inference(dict(_HEAD_WORDS)[word], f"名称以“{word}”结尾")


def category_from_text(text: str, choices: tuple[str, ...]) -> str | None:
    """A category column's value in the vocabulary: itself, or by its last word (公办小学 → 学校,
    国有企业 → 企业); None when it names none (民办非企业单位, 社会团体)."""
    if text in choices:
        return text
    word = _head_word(text)
    return dict(_HEAD_WORDS)[word] if word is not None else None


def _head_word(name: str) -> str | None:
    name = name.strip()
    while _TRAILING_BRACKETS.search(name):  # 某中学（东校区）
        name = _TRAILING_BRACKETS.sub("", name).strip()
    return next((word for word, _ in _HEAD_WORDS if name.endswith(word)), None)
