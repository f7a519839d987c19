"""Ready-made Chinese: honour sentences in the seeds' phrasing, numerals, ordinals and dates.

The verb of an honour follows the kind of its title, as the seed reports write them (DESIGN.md 6a):
被…评为 先进集体/先进单位/优秀…; 被…命名为 示范…/文明…; 被…授予…称号 (only a title recorded as a 称号);
荣获…奖/奖状/奖章 (with an awarding body: 被…授予…奖, never "奖称号"); 在…中取得第N名; 被…记三等功.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass

from core.partial_date import PartialDate

SUMMARY_TITLES = 6  # how many titles the 概述 names before 等
_MAX_CHINESE_NUMBER = 10**16  # cn2an writes up to 16 digits


def chinese_number(value: object) -> str:
    """43 → 四十三, 10 → 十, 105 → 一百零五, 10010 → 一万零一十, 2026 → 二千零二十六, 100000000 → 一亿.

    Whole numbers up to 16 digits (and their negatives) are written out; anything else is returned as is.
    """
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return str(value)
    if abs(number) >= _MAX_CHINESE_NUMBER:
        return str(value)
    import cn2an  # about 0.1 s to import: only when a template asks for it

    return str(cn2an.an2cn(number, "low"))


def ordinal(number: object, style: str = "一、") -> str:
    """Headings' numbering: 1 → 一、 / （一） / 1. / （1）."""
    index = int(str(number))
    if style == "（一）":
        return f"（{chinese_number(index)}）"
    if style == "1.":
        return f"{index}."
    if style == "（1）":
        return f"（{index}）"
    return f"{chinese_number(index)}、"


def chinese_date(value: object) -> str:
    """A date as 2026年3月5日 (no leading zeros); partial dates as far as they go; text as is."""
    if isinstance(value, PartialDate):
        return value.chinese()
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    if value is None:
        return ""
    try:
        day = dt.date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return f"{day.year}年{day.month}月{day.day}日"


def join_titles(titles: Sequence[str]) -> str:
    """Titles joined with 、, as a list in running text (never numbered: "21.107国道…" reads as a decimal)."""
    return "、".join(titles)


# ---------------------------------------------------------------- how a unit names itself

# After the title has named it, a unit writes of itself as 我校, 我园, 我局, 我村 … (the seeds do so).
_SELF_BY_NAME: tuple[tuple[str, str], ...] = (
    (r"幼儿园$", "我园"),
    (r"(学校|小学|中学|学院|大学|[^学]校)$", "我校"),
    (r"局$", "我局"),
    (r"(派出所|所)$", "我所"),
    (r"村$", "我村"),
    (r"社区$", "我社区"),
    (r"中心$", "我中心"),
    (r"公司$", "我公司"),
    (r"(医院|院)$", "我院"),
    (r"委员会$|委$", "我委"),
    (r"办公室$|办$", "我办"),
    (r"站$", "我站"),
    (r"馆$", "我馆"),
    (r"厅$", "我厅"),
    (r"镇$", "我镇"),
    (r"街道(办事处)?$", "我街道"),
)
_SELF_BY_CATEGORY = {"学校": "我校", "幼儿园": "我园", "村": "我村", "社区": "我社区"}
SELF_DEFAULT = "我单位"


def self_reference(name: str, category: str | None = None) -> str:
    """宁波市荷花庄小学 → 我校, 口东中心幼儿园 → 我园, 金水区市政管理局 → 我局, 东鲁派出所 → 我所, else 我单位."""
    name = (name or "").strip()
    for pattern, word in _SELF_BY_NAME:
        if re.search(pattern, name):
            return word
    return _SELF_BY_CATEGORY.get(category or "", SELF_DEFAULT)


# ---------------------------------------------------------------- honours


class TitleKind(enum.Enum):
    RATED = "评为"  # 先进集体, 先进单位, 优秀…, 标兵, 十佳 and whatever is not one of the others
    NAMED = "命名为"  # 示范…, 文明…, 特色学校, 实验学校, 基地
    TITLE = "授予称号"  # a title recorded as a 称号: 授予…称号
    AWARD = "荣获"  # 奖, 奖状, 奖章, 奖牌, 奖杯
    RANK = "取得"  # 第六名, 冠军
    MERIT = "记功"  # 三等功


_RANK = re.compile(r"(第[一二三四五六七八九十百\d]+名|冠军|亚军|季军)$")
_AWARD = re.compile(r"(奖|奖状|奖章|奖牌|奖杯|金杯|银杯|铜杯|杯)$")
_MERIT = re.compile(r"等功$")
_RATED_WORDS = re.compile(r"先进|优秀|标兵|十佳|模范|劳模|能手|楷模|之星")
_NAMED_WORDS = re.compile(r"示范|文明|特色|实验(小学|中学|学校|校|区|基地)|基地$|窗口$")


@dataclass(frozen=True)
class Award:
    """One honour as a sentence needs it."""

    title: str
    body: str = ""  # 授予单位
    grade: str = ""  # 等级/名次: 一等奖, 第六名

    @property
    def kind(self) -> TitleKind:
        return title_kind(self.title, self.grade)

    @property
    def full_name(self) -> str:
        """The title with its grade: 四川省第7届中小学生艺术节一等奖."""
        return self.title if not self.grade or self.title.endswith(self.grade) else self.title + self.grade

    @property
    def name(self) -> str:
        """The honour's name in a sentence: the full name without a trailing 称号 (授予…称号 adds it)."""
        return _without_title_word(self.full_name) if self.kind is TitleKind.TITLE else self.full_name


def title_kind(title: str, grade: str = "") -> TitleKind:
    """The kind of a title, which decides its verb (评为, 命名为, 授予…称号, 荣获, 取得, 记)."""
    title = title.strip()
    grade = (grade or "").strip()
    if grade:
        if _RANK.search(grade):
            return TitleKind.RANK
        if _AWARD.search(grade):
            return TitleKind.AWARD
        title = title + grade
    if _RANK.search(title):
        return TitleKind.RANK
    if title.endswith("称号"):
        return TitleKind.TITLE
    if _AWARD.search(title):
        return TitleKind.AWARD
    if _MERIT.search(title):
        return TitleKind.MERIT
    if _RATED_WORDS.search(title):
        return TitleKind.RATED
    if _NAMED_WORDS.search(title):
        return TitleKind.NAMED
    return TitleKind.RATED


def _without_title_word(title: str) -> str:
    for word in ("荣誉称号", "光荣称号", "称号"):
        if title.endswith(word) and len(title) > len(word):
            return title[: -len(word)]
    return title


def _rank_parts(award: Award) -> tuple[str, str]:
    """(event, rank): 拔河比赛第六名 → (拔河比赛, 第六名)."""
    if award.grade and _RANK.search(award.grade):
        return award.title, award.grade
    match = _RANK.search(award.title)
    assert match is not None
    return award.title[: match.start()].rstrip("，, "), match.group(0)


def _clause(kind: TitleKind, body: str, names: Sequence[str]) -> str:
    named = join_titles(names)
    by = f"被{body}" if body else ""
    if kind is TitleKind.RATED:
        return f"{by or '被'}评为{named}"
    if kind is TitleKind.NAMED:
        return f"{by or '被'}命名为{named}"
    if kind is TitleKind.TITLE:
        return f"{by or '被'}授予{named}称号"
    if kind is TitleKind.AWARD:
        return f"{by}授予{named}" if body else f"荣获{named}"
    if kind is TitleKind.MERIT:
        return f"{by}记{named}" if body else f"荣立{named}"
    raise ValueError(kind)


def award_clauses(awards: Sequence[Award]) -> list[str]:
    """The awards with the same verb and body as one clause each (被市委、市政府评为甲、乙), in the order
    each such group first appears, so that the clauses keep the caller's order (the highest level first).

    A rank is a clause of its own (在…中取得第六名); its body is not named, as the records do not say
    that the body held the event.
    """
    groups: dict[tuple[TitleKind, str], list[Award]] = {}
    order: list[tuple[TitleKind, str] | Award] = []
    for award in awards:
        if award.kind is TitleKind.RANK:
            order.append(award)
            continue
        key = (award.kind, award.body)
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(award)
    clauses = []
    for entry in order:
        if isinstance(entry, Award):
            event, rank = _rank_parts(entry)
            clauses.append(f"在{event}中取得{rank}" if event else f"取得{rank}")
        else:
            kind, body = entry
            clauses.append(_clause(kind, body, [a.name for a in groups[entry]]))
    return clauses


def awards_sentence(awards: Sequence[Award]) -> str:
    """被省建设厅评为城市市容环境卫生先进集体，被市委、市政府评为防汛工作先进单位，荣获…奖 (no full stop)."""
    return "，".join(award_clauses(awards))


def summary_sentence(awards: Sequence[Award]) -> str:
    """先后荣获甲、乙、丙等荣誉称号: the awards in the order given (the caller puts the highest level
    first), at most SUMMARY_TITLES named, a title held twice (区级文明单位 of 2022 and of 2024) named once.
    A single title gets its own verb: 被省爱卫会评为省卫生先进单位."""
    if not awards:
        return ""
    names = list(dict.fromkeys(a.name for a in awards))
    if len(names) == 1:  # each awarding body once: 被区委评为先进集体，被市教育局评为先进集体
        return awards_sentence(list({(a.name, a.body): a for a in awards}.values()))
    named = join_titles(names[:SUMMARY_TITLES])
    titles_only = all(a.kind in (TitleKind.RATED, TitleKind.NAMED, TitleKind.TITLE) for a in awards)
    return f"先后荣获{named}等荣誉称号" if titles_only else f"先后获得{named}等荣誉"


def year_sentence(awards: Sequence[Award]) -> str:
    """One year's honours as the seeds put it (without the year): 被省建设厅评为…，被市委、市政府评为…."""
    return awards_sentence(awards)
