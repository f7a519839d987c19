"""Honours as the paragraphs of a report: by year, a person's with the person, undated ones apart.

2019年，被中国书法家协会评为全国书法艺术教育实验学校。
个人荣誉方面，2021年，刘龙被评为全县十佳政法干警，荣获富民兴聊劳动奖章。
以下荣誉的获得时间未记录：我校曾被评为全国写字教育先进集体；刘龙曾被评为全县十佳政法干警。
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from core.models import Honour
from core.reports.prose import Award, awards_sentence, summary_sentence
from core.reports.records import Period, by_importance, is_personal
from core.vocab import level_rank

UNDATED_INTRO = "以下荣誉的获得时间未记录："
PERSONAL_INTRO = "个人荣誉方面，"
_ROLE_KEYS = ("职务", "身份")


def award_of(honour: Honour) -> Award:
    return Award(honour.title.strip(), (honour.awarded_by or "").strip(), (honour.grade or "").strip())


def holder(honour: Honour) -> str:
    """The person with their role where the record gives one: 教师王丽, else 王丽."""
    extra = honour.extra or {}
    role = next((str(extra[key]).strip() for key in _ROLE_KEYS if extra.get(key)), "")
    name = (honour.recipient or "").strip()
    return name if not role or name.startswith(role) else f"{role}{name}"


def _within_year(honour: Honour) -> tuple[int, int, int, int]:
    return (level_rank(honour.level), honour.awarded_month or 13, honour.awarded_day or 32, honour.id or 0)


def by_year(honours: Iterable[Honour]) -> list[tuple[int, list[Honour]]]:
    """Dated honours in year groups, earliest year first; within a year the highest level first."""
    groups: dict[int, list[Honour]] = {}
    for honour in honours:
        if honour.awarded_year is None:
            raise ValueError("an undated honour has no year group")
        groups.setdefault(honour.awarded_year, []).append(honour)
    return [(year, sorted(groups[year], key=_within_year)) for year in sorted(groups)]


def _by_person(honours: Sequence[Honour]) -> list[tuple[str, list[Honour]]]:
    people: dict[str, list[Honour]] = {}
    for honour in honours:
        people.setdefault(holder(honour), []).append(honour)
    return list(people.items())


def person_clauses(honours: Sequence[Honour], *, once: bool = False) -> str:
    """刘龙被评为全县十佳政法干警，荣获富民兴聊劳动奖章；王丽被教育部评为全国优秀教师 (曾被… with once)."""
    parts = []
    for person, held in _by_person(honours):
        parts.append(person + ("曾" if once else "") + awards_sentence_of(held))
    return "；".join(parts)


def awards_sentence_of(honours: Sequence[Honour]) -> str:
    """被省爱卫会评为省卫生先进单位，荣获…奖 (the verb of each by its kind of title)."""
    return awards_sentence([award_of(h) for h in honours])


def year_lines(honours: Sequence[Honour]) -> list[str]:
    """One paragraph per year: 2019年，被中国书法家协会评为全国书法艺术教育实验学校。"""
    return [f"{year}年，{awards_sentence_of(held)}。" for year, held in by_year(honours)]


def personal_year_lines(honours: Sequence[Honour]) -> list[str]:
    """One paragraph per year: 2021年，刘龙被评为全县十佳政法干警，荣获富民兴聊劳动奖章。"""
    return [f"{year}年，{person_clauses(held)}。" for year, held in by_year(honours)]


def personal_paragraph(honours: Sequence[Honour], *, with_years: bool) -> str:
    """个人荣誉方面，2021年，刘龙被评为…；2022年，王丽被…。 (without the years after a period summary)."""
    if not honours:
        return ""
    if with_years:
        body = "；".join(f"{year}年，{person_clauses(held)}" for year, held in by_year(honours))
    else:
        body = person_clauses(honours)
    return f"{PERSONAL_INTRO}{body}。"


def undated_paragraph(honours: Sequence[Honour], subject: str) -> str:
    """以下荣誉的获得时间未记录：我校曾被评为…；刘龙曾被评为…。 — never a year, a count or 先后."""
    if not honours:
        return ""
    own = by_importance(h for h in honours if not is_personal(h))
    persons = [h for h in honours if is_personal(h)]
    parts = []
    if own:
        parts.append(f"{subject}曾{awards_sentence_of(own)}")
    if persons:
        parts.append(person_clauses(persons, once=True))
    return UNDATED_INTRO + "；".join(parts) + "。"


def summary(honours: Sequence[Honour]) -> str:
    """先后荣获甲、乙等荣誉称号, the highest level first (no subject, no period, no full stop)."""
    return summary_sentence([award_of(h) for h in by_importance(honours)])


def period_summary(period: Period, subject: str, honours: Sequence[Honour]) -> str:
    """2019年至2021年，我校先后荣获甲、乙等荣誉称号。"""
    return f"{period.chinese()}，{subject}{summary(honours)}。" if honours else ""


def count_sentence(period: Period, subject: str, count: int, what: str = "荣誉") -> str:
    """2019年至2021年，我校共获得荣誉3项。 — the count of exactly the list that follows it."""
    return f"{period.chinese()}，{subject}共获得{what}{count}项。"


MENTION_TAIL = 7  # a shorter tail (工作先进单位) would match other honours of the same body
_QUOTES = re.compile("[“”\"‘’'《》「」]")


def mentioned_in(honour: Honour, text: str) -> bool:
    """Whether a material already names the honour: its title as recorded (quotation marks aside), or, in a
    sentence naming its awarding body, the title's last MENTION_TAIL or more characters (a register's
    四川省第7届中小学生艺术节县级优秀组织奖 is the material's 被省教育厅授予县级优秀组织奖)."""
    title = _QUOTES.sub("", honour.title).strip()
    plain = _QUOTES.sub("", text)
    if len(title) >= 4 and title in plain:
        return True
    body = (honour.awarded_by or "").strip()
    if not body or len(title) < MENTION_TAIL:
        return False
    for sentence in re.split("[。；;\n]", plain):
        if body in sentence and any(
            title[-k:] in sentence for k in range(len(title) - 1, MENTION_TAIL - 1, -1)
        ):
            return True
    return False
