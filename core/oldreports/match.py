"""Which unit a report is about and which year, from its title and signature; honours it already holds."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import former_names
from core.models import Honour, Unit
from core.oldreports.dates import digits_in_dates
from core.oldreports.honours import ProposedHonour
from core.oldreports.outline import DATE_LINE, Document, chinese_number
from core.partial_date import PartialDate
from core.text import name_key

_ORG = re.compile(
    r"[\u4e00-\u9fff]{1,24}(?:中心小学|中心幼儿园|小学|中学|学校|幼儿园|学院|分局|局|派出所|研究所|所|医院|院|村委会|村|"
    r"社区|街道办事处|街道|人民政府|政府|镇|乡|公司|中心|站|大队|中队|队|馆|委员会|办公室|法庭|合作社|社|厂)"
    r"(?![\u4e00-\u9fff]{0,1}(?:长|级|系统|机关))"
)
# a unit's party organisation signing in its formal name reports on the unit: 中共宁川县职业技术学校总支部委员会,
# 红星小学党支部 (not a place's: 中共宁川县委员会, 石门乡党委 stay as written)
_PARTY_BODY = re.compile(
    r"^(?:中共|中国共产党)?(?P<unit>.+?)(?:党总支部委员会|党支部委员会|总支部委员会|支部委员会|党总支|党支部|党委)$"
)
_PLACE_END = re.compile(r"(?:省|市|县|区|州|镇|乡|街道|村|社区)$")
_NOISE = re.compile(
    r"^(?:第[一二三四五六七八九十\d]+篇|推荐)|(?:19|20)[\dxX×]{2}\s*年度?|关于.*$|[“”\"（）()《》]|^——|^—+|^-+|[:：]$"
)
_WORK_WORDS = re.compile(
    r"(?:创建|开展|申报|工作|情况|总结|汇报|报告|材料|自查|亮点|关于|应知应会|纪实|综述|和谐|文明)"
)


@dataclass(frozen=True)
class UnitRef:
    id: int
    name: str
    short_name: str | None
    former: tuple[str, ...] = ()  # 曾用名: an old report often names the unit as it was called then

    def former_in(self, line: str) -> str | None:
        """The former name the line names the unit by, when it names it by no current one."""
        key = name_key(line)
        if any(name and name_key(name) in key for name in (self.name, self.short_name)):
            return None
        return max((name for name in self.former if name_key(name) in key), key=len, default=None)


@dataclass
class UnitGuess:
    unit_id: int | None  # an existing unit
    name: str | None  # its name, or the proposed new unit's; None when nothing says
    evidence: str  # the line it was read from


def load_units(session: Session) -> list[UnitRef]:
    query = select(Unit.id, Unit.name, Unit.short_name, Unit.former_names).where(Unit.deleted_at.is_(None))
    return [
        UnitRef(i, name, short, tuple(entry.name for entry in former_names.entries(former)))
        for i, name, short, former in session.execute(query)
    ]


def guess_unit(document: Document, units: list[UnitRef]) -> UnitGuess:
    """An existing unit named in the signature or the title (by name, short name, or a name the title
    contains), else a new one named there."""
    lines = naming_lines(document)
    for line in lines:
        unit = find_existing(line, units)
        if unit is not None:
            return UnitGuess(unit.id, unit.name, line)
    signature = [line for line in document.signature if not DATE_LINE.match(line)]
    for line in signature:
        name = _org_name(line)
        if name:
            return _subject_over_signer(document, name, line)
    # the document's own title before a collection's label for it (the first line), unless the title
    # only shortens the label's name ("微山局" for "微山县质监局")
    first = _org_name(document.title_lines[0]) if document.title_lines else None
    for line in document.title_lines[1:]:
        name = _org_name(line)
        if name:
            if first and _shortens(name, first):
                return UnitGuess(None, first, document.title_lines[0])
            return UnitGuess(None, name, line)
    if first:
        return UnitGuess(None, first, document.title_lines[0])
    return UnitGuess(None, None, "")


_ABOUT = re.compile(r"关于(?:推荐)?(?P<rest>.+)")
_SELF_WORD = re.compile(r"(?:我|本)([\u4e00-\u9fff])")


def _subject_over_signer(document: Document, signed: str, line: str) -> UnitGuess:
    """The signer, unless the title is "关于[another unit]…" and the report speaks as that unit (我庭, 我校)
    and never as the signer: a court signing the report of its 法庭 ("关于城关人民法庭…", "我庭…")."""
    about = next((found["rest"] for title in document.title_lines if (found := _ABOUT.search(title))), None)
    subject = _org_name(about) if about else None
    if not subject or name_key(subject) in name_key(signed) or name_key(signed) in name_key(subject):
        return UnitGuess(None, signed, line)
    kinds = {found[1] for p in document.paragraphs() for found in _SELF_WORD.finditer(p.text)}
    if _speaks_as(subject, kinds) and not _speaks_as(signed, kinds):
        return UnitGuess(None, subject, next(t for t in document.title_lines if "关于" in t))
    return UnitGuess(None, signed, line)


def _speaks_as(name: str, kinds: set[str]) -> bool:
    """The text calls itself by the word the name ends in: 我庭 for a 法庭, 我校 for a 中学 or 小学."""
    return name[-1] in kinds or ("校" in kinds and name.endswith(("学", "学校")))


def naming_conflict(document: Document) -> str | None:
    """A note when the title names one unit and the signature another (a file may hold two reports, or
    a report was written for another unit): the clerk checks which one it is."""
    signed = next(
        (name for line in document.signature if not DATE_LINE.match(line) and (name := _org_name(line))),
        None,
    )
    titled = next((name for line in document.title_lines if (name := _org_name(line))), None)
    if not signed or not titled:
        return None
    a, b = name_key(signed), name_key(titled)
    if a in b or b in a or _shortens(titled, signed) or _shortens(signed, titled):
        return None
    return f"标题写的是“{titled}”，落款是“{signed}”，请核对这篇属于哪个单位"


def _shortens(short: str, full: str) -> bool:
    """Every character of short appears in full, in order, and full is longer."""
    rest = iter(full)
    return len(full) > len(short) and all(ch in rest for ch in short)


def naming_lines(document: Document) -> list[str]:
    """The lines that name the unit: the signature (without its date), then the title."""
    return [line for line in document.signature if not DATE_LINE.match(line)] + document.title_lines


def find_existing(line: str, units: list[UnitRef]) -> UnitRef | None:
    """The unit whose name, short name or former name the line contains (the longest such name)."""
    key = name_key(line)
    best: tuple[int, UnitRef] | None = None
    for unit in units:
        for name in (unit.name, unit.short_name, *unit.former):
            if not name or len(name) < 3:
                continue
            if name_key(name) in key and (best is None or len(name) > best[0]):
                best = (len(name), unit)
    return best[1] if best else None


def _org_name(line: str) -> str | None:
    """The longest unit-like name in a line, read piece by piece between the words of a report's kind."""
    pieces = re.split(
        r"关于|开展|创建|申报|工作|情况|总结|汇报|报告|材料|自查|[“”\"（）()《》：:，,\s—-]", line
    )
    candidates = [m[0] for piece in pieces for m in _ORG.finditer(_NOISE.sub("", piece))]
    candidates = [re.sub(r"(?<=村)村民委员会$|(?<=社区)居民委员会$", "", c) for c in candidates]
    candidates = [_unit_of_party_body(c) for c in candidates if len(c) >= 3 and not _WORK_WORDS.search(c)]
    return max(candidates, key=len) if candidates else None


def _unit_of_party_body(name: str) -> str:
    """The unit a party organisation belongs to, where its name is a unit's (宁川县职业技术学校党总支 →
    宁川县职业技术学校); a place's 党委 or 县委 is a body of its own."""
    party = _PARTY_BODY.match(name)
    if party is None:
        return name
    unit = party["unit"]
    own = _ORG.fullmatch(unit)
    return unit if own and len(unit) >= 3 and not _PLACE_END.search(unit) else name


def guess_year(document: Document) -> tuple[int | None, str]:
    """(year, where from): the title's "2023年度", else the date at the end, else a date under the title."""
    for line in document.title_lines:
        found = re.search(r"((?:19|20)\d{2})\s*(?:年|—|-|至)", digits_in_dates(line))
        if found:
            return int(found[1]), "标题"
    if document.date_text:
        year = date_year(document.date_text)
        if year:
            return year, "落款日期"
    return None, ""


_SPAN_TITLE = re.compile(r"(?:19|20)\d{2}\s*年?\s*(?:—|-|–|~|～|至|到)|近\S{0,2}年|以来|历年|多年")


def reported_year(document: Document) -> int | None:
    """The one year a yearly report's title names ("2021年工作情况汇报", "二〇一九年度工作总结"); None for a
    title naming none, several or a span ("2019—2021年", "近三年")."""
    title = digits_in_dates(document.title)
    years = {int(y) for y in re.findall(r"((?:19|20)\d{2})\s*年", title)}
    return years.pop() if len(years) == 1 and not _SPAN_TITLE.search(title) else None


def other_signers(document: Document, self_names: tuple[str, ...]) -> tuple[str, ...]:
    """The signature's lines naming someone other than the unit (a 妇联 signing its report on a
    kindergarten); none when the unit signs."""
    keys = [name_key(name) for name in self_names if name]
    lines = [line for line in document.signature if not DATE_LINE.match(line)]
    return tuple(
        line
        for line in lines
        if keys and not any(key in name_key(line) or name_key(line) in key for key in keys)
    )


def date_year(text: str) -> int | None:
    match = DATE_LINE.match(text)
    if not match:
        return None
    token = match[1]
    if token.isdigit():
        return int(token)
    digits = {"〇": "0", "○": "0", "零": "0"}
    digits.update({ch: str(chinese_number(ch)) for ch in "一二三四五六七八九"})
    try:
        return int("".join(digits.get(ch, ch) for ch in token))
    except ValueError:
        return None


def mark_duplicates(session: Session, unit_id: int | None, honours: list[ProposedHonour]) -> None:
    """Untick honours the unit already holds (same title, year and holder, whatever the month) and repeats
    within the list. Where the held one's date differs from the one read, the note gives the held date;
    where the text only adds to it (2021 held, 2021年10月 read) the clerk is offered to fill it in
    (held_date; nothing is filled unless refine is then ticked)."""
    held: dict[tuple[str, int | None, str | None], tuple[int, PartialDate | None]] = {}
    if unit_id is not None:
        query = select(
            Honour.id,
            Honour.title_key,
            Honour.awarded_year,
            Honour.awarded_month,
            Honour.awarded_day,
            Honour.recipient,
        ).where(Honour.unit_id == unit_id, Honour.deleted_at.is_(None))
        for honour_id, title_key, year, month, day, recipient in session.execute(query):
            awarded = PartialDate(year, month, day) if year is not None else None
            held.setdefault((title_key, year, recipient or None), (honour_id, awarded))
    seen: dict[tuple[str, int | None, str | None], ProposedHonour] = {}
    for honour in honours:
        key = honour.key()
        if key in held:
            honour.duplicate_of, awarded = held[key]
            honour.accepted = False
            honour.note = "单位已有此荣誉"
            if awarded is not None and awarded != honour.awarded:
                honour.note += f"（库中记为{awarded.chinese()}）"
                if not honour.year_inferred and honour.awarded and adds_to(awarded, honour.awarded):
                    honour.held_date = awarded
                    honour.note = (
                        f"单位已有此荣誉，库中记为{awarded.chinese()}，本文为{honour.awarded.chinese()}"
                    )
        elif key in seen and _finer(honour, seen[key]):  # 2021 in a sentence, 2021年10月 in the table
            seen[key].accepted = False
            seen[key].note = "本文件中另有一处写明了月份"
            seen[key] = honour
        elif key in seen:
            honour.accepted = False
            honour.note = "本文件中已列出"
        else:
            seen[key] = honour


def _finer(honour: ProposedHonour, other: ProposedHonour) -> bool:
    """The honour's date says all the other's does, and more: 2021-10 against 2021, 2021-10-08 against
    2021-10."""
    if honour.month is None or honour.year_inferred or not other.accepted:
        return False
    if other.month is None:
        return True
    return other.month == honour.month and other.day is None and honour.day is not None


def adds_to(held: PartialDate, read: PartialDate) -> bool:
    """read says all held does, and a month (or a day) more: 2021-10 to 2021, 2021-10-08 to 2021-10."""
    if held.year != read.year or read.month is None:
        return False
    if held.month is None:
        return True
    return held.month == read.month and held.day is None and read.day is not None


def refine_label(held: PartialDate) -> str:
    """What filling in the held honour's date adds: 补充月份 (and the day with it), or 补充日."""
    return "补充月份" if held.month is None else "补充日"
