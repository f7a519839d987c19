"""From a certificate's recognised lines to the honour it records, each field with a confidence.

A certificate is read as offices print them:

    荣誉证书                                   the kind (a heading, ignored)
    宁波市荷花庄小学：  /  王丽 同志：            the holder: a unit, or a person (of a unit)
        …被评为“宁波市绿色学校”。               the title: 被评为/荣获…称号/授予…“…”荣誉称号/被命名为…
                                宁波市教育局      the awarding body: the signature lines above the date
                            二〇二二年十二月      the date, as precise as printed
    证书编号：甬教证〔2022〕第0153号             a certificate number, or a 文号

A 奖牌 has no sentence: its title is its largest line. Confidence is the recogniser's score for the
line(s) a field came from, lowered where the reading had to guess (no quotes, a corrected name, a year
taken from the text instead of a date line).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from core.certificates.bodies import ORG_ENDINGS, KnownNames, closest, match_unit, split_bodies
from core.certificates.dates import find_dates, mend_zeros, year_mentions
from core.certificates.lines import Page, TextLine
from core.former_names import match_note
from core.importing.infer import infer_level
from core.partial_date import PartialDate

T = TypeVar("T")

KINDS = ("荣誉证书", "获奖证书", "荣誉证", "证书", "奖状", "奖牌", "喜报", "聘书", "通知")
# Papers that look like certificates and record no honour: an appointment (聘书: 兹聘请…为…, 聘期三年),
# an invitation, a notice. Their body, date and holder are real, but an honour proposed from them is not.
_NOT_AN_HONOUR_KINDS = ("聘书", "通知")
_NOT_AN_HONOUR = re.compile(r"兹?聘请|聘任|聘为|聘期|特发此聘书|邀请函|诚邀|特邀|录取通知")
_VERBS = (
    "被评为|评为|被评选为|评选为|被命名为|命名为|被授予|被确定为|确定为|被认定为|认定为|"
    "被表彰为|表彰为|荣获|获得|荣膺|授予"
)
# a notice (特此通知) records no honour unless it confers one: a 表彰通知 or 命名通知 is read as the award it is
_NOTICE = re.compile(r"特此通知")
_AWARD_VERB = re.compile(_VERBS)
_AWARDED = re.compile(r"授予[：]?(?P<holder>[^“”。，]{2,40}?)“(?P<title>[^“”]{2,60})”(?:荣誉|光荣)?称号")
_YEARS = (
    r"(?:(?:19|20)\d{2}|[〇零一二三四五六七八九]{4})(?:[—\-~至](?:19|20)?\d{2,4})?(?:学年度|学年|年度|年)"
)
_QUOTED_AFTER_VERB = re.compile(rf"(?:{_VERBS})(?P<before>[^“”。]{{0,14}}?)“?(?P<title>[^“”。，]{{2,60}})”")
# A place printed before the quotes belongs to the title: 被评为宁波市“绿色学校”.
_PLACE_BEFORE = re.compile(r"^(?:全国|全省|全市|全区|全县|[\u4e00-\u9fa5]{2,8}?(?:省|自治区|市|州|县|区))$")
_YEAR_SUFFIX = re.compile(rf"{_YEARS}$")
# The holder opening the sentence, with no line of its own: 王丽同志在…, 宁波市荷花庄小学在…被评为….
_INLINE_PERSON = re.compile(r"^(?P<holder>[\u4e00-\u9fa5·]{2,4}(?:同志|老师|同学|先生|女士))")
# (a 竖排 holder column whose colon the recogniser lost runs on into 你园被评为…: the address is no part of it)
_INLINE_UNIT = re.compile(
    rf"^(?P<holder>.{{4,30}}?)(?:你单位|你校|你园|贵单位|贵校|贵园)?(?:在|于|被|荣获|获得|(?:{_VERBS}))"
)
_PLAIN_AFTER_VERB = re.compile(
    rf"(?:{_VERBS})(?P<title>[^“”。，！]{{2,60}}?)(?=的?(?:荣誉|光荣)?称号|。|，|！|$)"
)
_QUOTED = re.compile(r"“(?P<title>[^“”]{2,60})”")
_YEAR_PREFIX = re.compile(rf"^{_YEARS}(?:第[一二]学期)?")
_TITLE_TAIL = re.compile(r"(?:的?(?:荣誉|光荣)?称号|荣誉)$")
_GRADE = re.compile(
    r"^(?:[一二三四五六七八九十\d]+等奖|特等奖|金奖|银奖|铜奖|优秀奖|第[一二三四五六七八九十\d]+名)$"
)
# just before the verb: 在…比赛中荣获一等奖, or with the work between: 在…大赛中，作品《…》荣获二等奖
_CONTEST = re.compile(
    r"在(?P<contest>[^在，。]{4,40})中(?:，?(?:[\u4e00-\u9fa5]{0,4}(?:作品|节目|论文|课例|案例|课件|微课))?《[^《》]{1,30}》)?$"
)
_HONORIFIC = re.compile(r"(同志|先生|女士|老师|同学)$")
_PERSON = re.compile(r"^[\u4e00-\u9fa5·]{2,4}$")
_UNIT_ENDINGS = "学校|小学|中学|幼儿园|学院|大学|医院|局|院|所|中心|公司|委员会|社区|村|站|馆"
_UNIT_ENDING = re.compile(rf"(?:{_UNIT_ENDINGS})$")
_UNIT_THEN_PERSON = re.compile(rf"^(?P<unit>.{{2,}}?(?:{_UNIT_ENDINGS}))(?P<person>[\u4e00-\u9fa5·]{{2,4}})$")
# NO. and No. as words of their own: the "No" of an English "November2023" is no number
_CERTIFICATE_NO = re.compile(
    r"(?:证书编号|证书号|编号|证号|(?:(?<![A-Za-z])|(?<=Certificate)|(?<=Serial))(?:NO|No)(?![a-z]))"
    r"\.?[：]?(?P<no>\S{3,40})"
)
# A bilingual certificate's English lines (its translation): no Chinese, and words, not a number
_CJK = re.compile(r"[\u4e00-\u9fff]")
_WORD = re.compile(r"[A-Za-z]{4,}")
_DOCUMENT_NO = re.compile(
    r"(?P<org>[\u4e00-\u9fa5]{1,10})[〔\[【（(](?P<year>(?:19|20)\d{2})[〕\]】）)](?P<rest>第?\d{1,5}号)"
)
# The words a sentence cites a 文号 by (根据甬教人〔2023〕56号文件): no part of the number
_CITED_BY = re.compile(r"^(?:根据|依据|按照|依照|遵照|参照|据|经(?!信|济))")
# What follows the title's sentence: a quote still open before it was closed where its line ended
_CLOSING = re.compile(r"^(?:特发此证|特颁此证|特发此状|特此表彰|以资鼓励|以资表彰|予以表彰|希望|望)")
_BODY_WORDS = re.compile(rf"{_VERBS}|特发此证|以资鼓励|予以表彰|在.*中|成绩|称号")


@dataclass
class Found(Generic[T]):
    value: T
    confidence: float

    def as_json(self) -> Any:
        return self.value.iso() if isinstance(self.value, PartialDate) else self.value


@dataclass
class Reading:
    """What one certificate says, field by field; None where it said nothing readable."""

    lines: list[TextLine]
    kind: str | None = None
    holder: Found[str] | None = None
    title: Found[str] | None = None
    grade: Found[str] | None = None
    awarded_by: Found[str] | None = None
    date: Found[PartialDate] | None = None
    unit: Found[str] | None = None
    unit_id: int | None = None  # the known unit the holder names; None: a new unit, or none named
    recipient: Found[str] | None = None
    document_no: Found[str] | None = None
    certificate_no: Found[str] | None = None
    level: Found[str] | None = None
    level_rule: str | None = None  # how the level was inferred (a certificate never prints one)
    notes: list[str] = field(default_factory=list)  # what the reader could not settle, in Chinese
    honour: bool = True  # False: an appointment or a notice, which records no honour

    @property
    def year(self) -> int | None:
        return self.date.value.year if self.date else None

    def confidences(self) -> dict[str, float]:
        names = ("title", "awarded_by", "date", "unit", "recipient", "document_no", "certificate_no", "level")
        return {
            name: round(found.confidence, 2) for name in names if (found := getattr(self, name)) is not None
        }


def understand(page: Page, known: KnownNames | None = None, today: dt.date | None = None) -> Reading:
    known = known or KnownNames()
    if page.vertical:
        return _understand_vertical(page, known, today)
    reading = Reading(page.lines)
    lines = [line for line in page.lines if not _debris(line, page) and not _translation(line)]
    for line in page.lines:
        line.role = ""
    lines = _take_kind(reading, lines)
    if _not_an_honour(reading, lines):
        return reading
    lines = _take_numbers(reading, lines)
    date_index = _take_date(reading, lines, page, today)
    signature = _signature_lines(lines, date_index, page)
    body = [line for line in lines if line.role == "" and line not in signature]
    _take_holder(reading, body, known)
    _person_in_sentence(reading, body)
    _take_title(reading, [line for line in body if line.role not in ("holder", "salutation")], page)
    if reading.holder is None:
        _holder_from_known_unit(reading, body, known)
    _take_awarded_by(reading, signature, known)
    _take_year_fallback(reading, body, today)
    _note_other_year(reading, body, today)
    level = infer_level(
        reading.awarded_by.value if reading.awarded_by else None,
        reading.title.value if reading.title else None,
    )
    if level:  # a misread character rarely changes the place a name begins with: the rule's own certainty
        reading.level = Found(level.value, 0.9 if level.rule.startswith("授予单位") else 0.7)
        reading.level_rule = level.rule
    return reading


def _understand_vertical(page: Page, known: KnownNames, today: dt.date | None) -> Reading:
    """A 竖排 certificate read as if turned a quarter: its columns, right to left, become rows, top to
    bottom; each line keeps its own box in the image and gets the role its turned copy was given."""
    turned, pairs = page.turned(sideways=_lying_on_its_side(page))
    reading = understand(turned, known, today)
    for copy, original in pairs:
        original.role = copy.role
    reading.lines = page.lines
    return reading


def _lying_on_its_side(page: Page) -> bool:
    """A landscape certificate scanned lying on its left side reads as columns too, but its heading
    (荣誉证书) is the leftmost column, where a 竖排 certificate, read right to left, has it rightmost."""
    kinds = [line for line in page.lines if line.vertical and line.clean in KINDS]
    columns = [line for line in page.lines if line.vertical and line.clean not in KINDS]
    if not kinds or not columns:
        return False
    return all(kinds[0].right <= (line.left + line.right) / 2 for line in columns)


# -- parts of a certificate --------------------------------------------------------------------------


def _debris(line: TextLine, page: Page) -> bool:
    """A character or two of seal ring text, smaller than the print."""
    return len(line.clean) <= 2 and line.height < 0.8 * page.text_height and line.clean not in KINDS


def _translation(line: TextLine) -> bool:
    """An English line of a bilingual certificate: it repeats the Chinese, and read as Chinese it gives
    an English body beside the Chinese one or a number out of "November2023"."""
    text = line.clean
    return not _CJK.search(text) and bool(_WORD.search(text)) and not _CERTIFICATE_NO.search(text)


def _take_kind(reading: Reading, lines: list[TextLine]) -> list[TextLine]:
    for line in lines:
        if line.clean in KINDS and reading.kind is None:
            reading.kind = line.clean
            line.role = "kind"
    return [line for line in lines if line.role != "kind"]


def _not_an_honour(reading: Reading, lines: list[TextLine]) -> bool:
    """An appointment or a notice: nothing proposed, and the clerk told why (a blank is better than an
    honour the office never received)."""
    text = "".join(line.clean for line in lines)
    awards = _AWARD_VERB.search(text) is not None
    found = _NOT_AN_HONOUR.search(text) or (None if awards else _NOTICE.search(text))
    kind_says_not = reading.kind == "聘书" or (reading.kind in _NOT_AN_HONOUR_KINDS and not awards)
    if not kind_says_not and found is None:
        return False
    said = f"是{reading.kind}" if kind_says_not else f"写有“{found[0] if found else ''}”"
    reading.honour = False
    reading.notes.append(f"这张图片{said}，不是荣誉证书或奖状，没有从中提出荣誉；如确是荣誉，请手工填写")
    return True


def _take_numbers(reading: Reading, lines: list[TextLine]) -> list[TextLine]:
    for line in lines:
        text = line.clean
        certificate = _CERTIFICATE_NO.search(text)
        if certificate and reading.certificate_no is None:
            reading.certificate_no = Found(document_number(certificate["no"]), line.score)
            line.role = "number"
            continue
        document = _DOCUMENT_NO.search(text)
        if (
            document
            and reading.document_no is None
            and (text.startswith(("文号", "（", "(")) or len(text) < 24)
        ):
            reading.document_no = Found(document_number(_CITED_BY.sub("", document.group(0))), line.score)
            line.role = "number"
    return [line for line in lines if line.role != "number"]


def document_number(text: str) -> str:
    """甬教证(2022】第0153号 → 甬教证〔2022〕第0153号: the year in 六角括号 as GB/T 9704 writes it."""
    text = text.strip("：:")
    # A bracket the recogniser lost (甬教证2022）第0153号) is put back where a 号 follows the year.
    return re.sub(
        r"(?<=[\u4e00-\u9fa5])[〔\[【（(]?\s*((?:19|20)\d{2})\s*[〕\]】）)]?\s*(?=第?\d{1,5}号)",
        r"〔\1〕",
        text,
    )


# The foot of a 文件: the office's 印发 date (2023年12月6日印发), the day it was printed, not decided
_ISSUED = re.compile(r"印发|印制|翻印")


def _take_date(reading: Reading, lines: list[TextLine], page: Page, today: dt.date | None) -> int | None:
    """The lowest line that is a date (the 落款 date, the 成文日期 under a 文件's signature); its index in
    lines. An 印发 line's date only when no other date is printed."""
    for issued in (False, True):
        index = _date_line(reading, lines, today, issued=issued)
        if reading.date is not None:
            break
    for line in lines:  # the foot's 印发 line is no part of the text either
        if line.role == "" and _ISSUED.search(line.clean) and find_dates(mend_zeros(line.clean), today):
            line.role = "issued"
    return index


def _date_line(reading: Reading, lines: list[TextLine], today: dt.date | None, *, issued: bool) -> int | None:
    for index in range(len(lines) - 1, -1, -1):
        line = lines[index]
        if bool(_ISSUED.search(line.clean)) != issued:
            continue
        text = mend_zeros(line.clean)
        hits = [hit for hit in find_dates(text, today) if hit.complete]
        if not hits:
            continue
        hit = hits[-1]
        rest = (text[: hit.start] + text[hit.end :]).strip("。，")
        if len(rest) > 0.6 * len(text) or _BODY_WORDS.search(rest):
            continue  # a date inside a sentence, not the date line
        exact = 1.0 if not rest else 0.9
        reading.date = Found(hit.date, line.score * exact)
        line.role = "date"
        if len(rest) >= 4:  # 宁波市教育局 二〇二二年十二月 on one line: the body goes with the signature
            lines.insert(index, TextLine(rest, line.score, line.box))
            return index + 1
        return index
    return None


def _signature_lines(lines: list[TextLine], date_index: int | None, page: Page) -> list[TextLine]:
    """The awarding body: up to three lines straight above the date, off to the right or centred."""
    if date_index is None:
        candidates = [line for line in lines if line.role == "" and line.clean.endswith(ORG_ENDINGS)]
        return candidates[-1:] if candidates and _signature_like(candidates[-1], page) else []
    found: list[TextLine] = []
    below = lines[date_index]
    for line in reversed(lines[:date_index]):
        if line.role or len(found) == 3:
            break
        gap = below.top - line.bottom
        if gap > 3.5 * max(page.text_height, 1) or not _signature_like(line, page):
            break
        found.insert(0, line)
        below = line
    for line in found:
        line.role = "awarded_by"
    return found


def _signature_like(line: TextLine, page: Page) -> bool:
    text = line.clean
    if len(text) < 3 or text.endswith(("。", "：", "，")) or _BODY_WORDS.search(text):
        return False
    if page.text_height and line.height > 1.5 * page.text_height:
        return False  # a 奖牌's title, not its signature
    if page.width <= 0:
        return True
    centre = (line.left + line.right) / 2
    return line.left > 0.35 * page.width or abs(centre - page.width / 2) < 0.12 * page.width


# A 文件's 主送 line (各区（县、市）教育局，局属各学校：): those it is sent to, never who holds the honour
_SALUTATION = re.compile(
    r"各(?:区|县|市|乡|镇|街道|有关|级|类|单位|学校|部门|科室|处室|直属|成员|地|校|园|中小学|幼儿园|局)"
)


def _take_holder(reading: Reading, body: list[TextLine], known: KnownNames) -> None:
    for line in body[:4]:
        text = line.clean
        if text.endswith("：") and _SALUTATION.search(text):
            line.role = "salutation"
            continue
        if text.endswith("：") and len(text) >= 3 and not text.startswith(("证书编号", "编号", "文号")):
            line.role = "holder"
            holder = text.rstrip("：").lstrip("兹")
            if not _HONORIFIC.sub("", holder):  # a form's blank: "同志：" with no name written before it
                reading.notes.append(f"证书上“{text}”前没有写获得者，请手工填写")
                return
            _set_holder(reading, holder, line.score, known, raw=line.text)
            return
    body = [line for line in body if line.role != "salutation"]
    joined = _sentence(body)
    score = min((line.score for line in body), default=0.0)
    awarded = _AWARDED.search(joined)
    if awarded:  # the 授予 line stays in the sentence the title is read from
        holder = _YEAR_SUFFIX.sub("", awarded["holder"].strip("：:"))  # 授予…小学2022年度“…”称号
        _set_holder(reading, holder, score, known)
        return
    inline = _INLINE_PERSON.match(joined) or _INLINE_UNIT.match(joined)
    if inline and (inline.re is _INLINE_PERSON or _unit_like(inline["holder"], known)):
        _set_holder(reading, inline["holder"], score * 0.9, known)


def _person_in_sentence(reading: Reading, body: list[TextLine]) -> None:
    """A unit's certificate that honours one of its people in the sentence (你校教师王丽在…被评为…):
    the person holds it, of the unit."""
    if reading.recipient is not None:
        return
    found = _PERSON_IN_SENTENCE.search(_sentence(body))
    if found and _PERSON.match(found["name"]) and not _NOT_A_NAME_END.search(found["name"]):
        reading.recipient = Found(found["name"], min((line.score for line in body), default=0.0) * 0.8)


def _unit_like(text: str, known: KnownNames) -> bool:
    """A name that opens a sentence is a unit when the records know it or it ends like one."""
    return bool(_UNIT_ENDING.search(text) or text.endswith(ORG_ENDINGS) or match_unit(text, known.units))


def _set_holder(reading: Reading, text: str, score: float, known: KnownNames, raw: str | None = None) -> None:
    reading.holder = Found(text, score)
    if text in ("你单位", "贵单位", "你校", "贵校"):
        return
    spaced = (raw or "").replace("：", "").replace(":", "").split()
    if _people_only(text, spaced, known):
        return _set_people(reading, text, spaced, score)
    team = _unit_then_people(_HONORIFIC.sub("", text), spaced, known)
    if team is not None:  # 宁波市荷花庄小学王丽、陈军老师: the unit's people, never a unit named with them
        unit_text, people = team
        reading.recipient = Found("、".join(people), score * 0.7)
        reading.notes.append(f"证书上有多位获得者（{'、'.join(people)}），请核对是否逐人登记")
        return _set_unit(reading, unit_text, score, known)
    honorific = _HONORIFIC.search(text)
    name = _HONORIFIC.sub("", text)
    unit_text: str | None = name
    person: str | None = None
    if honorific or (
        _PERSON.match(name) and match_unit(name, known.units) is None and not name.endswith(ORG_ENDINGS)
    ):
        unit_text, person = _split_person(name, spaced, known)
        reading.recipient = Found(person, score * (1.0 if honorific else 0.7))
    elif _unit_then_name(name, spaced, known):  # 宁波市荷花庄小学 王丽： a person of the unit, no 同志
        unit_text, person = _split_person(name, spaced, known)
        reading.recipient = Found(person, score * 0.7)
    if unit_text:
        _set_unit(reading, unit_text, score, known)


_POST_BEFORE = re.compile(r"^(?:教师|老师|校长|园长|班主任|辅导员|职工|干部|学生|同学|队员|医生|护士|民警)")
# the person a unit's certificate names in its sentence: 你校教师王丽在…被评为…
_PERSON_IN_SENTENCE = re.compile(
    r"(?:你校|你单位|贵校|贵单位|你园|贵园|该校)(?:教师|老师|职工|干部|员工|学生|同学|班主任)?"
    r"(?P<name>[\u4e00-\u9fa5·]{2,4}?)(?:同志|老师|同学)?(?=在|被|荣获|获得|荣膺)"
)
_PEOPLE_SEPARATORS = re.compile(r"[、，,和及与]")
_NOT_A_NAME_END = re.compile(rf"(?:{_UNIT_ENDINGS})$|[省市县区州镇乡村校园局所院站厅部委办司队班组幼]$")
# 王丽老师指导的学生张小明, 王丽辅导的张小明: the holder is the one after 的; a unit's name has no 的
_GUIDED = re.compile(r"^(?P<guide>.+?)的(?:学生|同学|队员|选手)?(?P<person>[\u4e00-\u9fa5·]{2,4})$")


def _people_only(text: str, spaced: list[str], known: KnownNames) -> bool:
    """More than one person and nothing else (王丽 李明 同志, 王丽、李明同志), or a person named through
    who guided them; never a unit to be made from their names."""
    if "的" in text:
        return True
    names = [
        _HONORIFIC.sub("", word) for word in _PEOPLE_SEPARATORS.sub(" ", " ".join(spaced) or text).split()
    ]
    names = [name for name in names if name]
    return len(names) >= 2 and all(
        _PERSON.match(name) and match_unit(name, known.units) is None and not _NOT_A_NAME_END.search(name)
        for name in names
    )


_LIST_SEPARATORS = re.compile(r"[、，,]")


def _unit_then_people(name: str, spaced: list[str], known: KnownNames) -> tuple[str, list[str]] | None:
    """(unit, people) for a unit's name followed by several people's (宁波市荷花庄小学王丽、陈军、李华);
    None for anything else."""
    parts = _LIST_SEPARATORS.split(" ".join(spaced) or name)
    rest = [_HONORIFIC.sub("", part.strip()).replace(" ", "") for part in parts[1:]]
    if not rest or not all(_a_name(person, known) for person in rest):
        return None
    first = _HONORIFIC.sub("", parts[0].strip())
    unit, person = _split_person(first.replace(" ", ""), first.split(), known)
    if unit is None or not _unit_like(unit, known) or not _a_name(person, known):
        return None
    return unit, [person, *rest]


def _a_name(text: str, known: KnownNames) -> bool:
    return (
        bool(_PERSON.match(text))
        and match_unit(text, known.units) is None
        and not _NOT_A_NAME_END.search(text)
    )


def _set_people(reading: Reading, text: str, spaced: list[str], score: float) -> None:
    guided = _GUIDED.match(_HONORIFIC.sub("", text))
    if "的" in text:
        if guided and _PERSON.match(guided["person"]):
            reading.recipient = Found(guided["person"], score * 0.7)
            reading.notes.append(f"获得者一行写作“{text}”，已按“{guided['person']}”读取，请核对")
        else:
            reading.notes.append(f"获得者一行“{text}”不像单位名称，没有据此新建单位，请核对")
        return
    names = [
        _HONORIFIC.sub("", word) for word in _PEOPLE_SEPARATORS.sub(" ", " ".join(spaced) or text).split()
    ]
    people = "、".join(name for name in names if name)
    reading.recipient = Found(people, score * 0.7)
    reading.notes.append(f"证书上有多位获得者（{people}），请核对是否逐人登记")


def _unit_then_name(name: str, spaced: list[str], known: KnownNames) -> bool:
    """A unit's name followed by a person's, without 同志 or 老师: by the spaces printed between them,
    or a known unit's name with a name after it."""
    words = [word for word in spaced if word]
    if len(words) >= 2 and _PERSON.match(words[-1]) and not _NOT_A_NAME_END.search(words[-1]):
        return _unit_like("".join(words[:-1]), known)
    return any(
        prefix
        and name.startswith(prefix)
        and _PERSON.match(name[len(prefix) :])
        and not _NOT_A_NAME_END.search(name[len(prefix) :])
        for unit in known.units
        for prefix in (unit.name, unit.short_name)
    )


def _split_person(name: str, spaced: list[str], known: KnownNames) -> tuple[str | None, str]:
    """ "宁波市荷花庄小学王丽" → (unit, person); a bare name → (None, person)."""
    words = [_HONORIFIC.sub("", word) for word in spaced if _HONORIFIC.sub("", word)]
    if len(words) >= 2 and _PERSON.match(words[-1]):
        return "".join(words[:-1]), words[-1]
    for unit in known.units:
        for prefix in (unit.name, unit.short_name):
            if prefix and name.startswith(prefix) and _PERSON.match(name[len(prefix) :]):
                return unit.name, _without_post(name[len(prefix) :])
    split = _UNIT_THEN_PERSON.match(name)
    if split:
        return split["unit"], _without_post(split["person"])
    return None, name


def _without_post(person: str) -> str:
    """教师王丽 → 王丽: the post printed before a name is no part of it."""
    stripped = _POST_BEFORE.sub("", person)
    return stripped if _PERSON.match(stripped) else person


def _set_unit(reading: Reading, text: str, score: float, known: KnownNames) -> None:
    matched = match_unit(text, known.units)
    if matched is None:
        reading.unit = Found(text, score * 0.6)
        reading.notes.append(f"档案中没有单位“{text}”，保存时将新建")
        return
    unit, similarity = matched
    reading.unit = Found(unit.name, score * similarity)
    reading.unit_id = unit.id
    former = unit.former_named(text)
    if former:
        reading.notes.append(match_note(former))


def _holder_from_known_unit(reading: Reading, body: list[TextLine], known: KnownNames) -> None:
    """A 奖牌 may print the unit's name on a line of its own."""
    for line in body:
        if line.role:
            continue
        matched = match_unit(line.clean, known.units)
        if matched and matched[1] >= 0.85:
            line.role = "holder"
            reading.holder = Found(line.clean, line.score)
            reading.unit = Found(matched[0].name, line.score * matched[1])
            reading.unit_id = matched[0].id
            former = matched[0].former_named(line.clean)
            if former:
                reading.notes.append(match_note(former))
            return


def _sentence(body: list[TextLine]) -> str:
    """The body's lines as one sentence, with an opening quote the recogniser lost put back: a line
    that closes a quote no earlier line opened ("授予王丽同志" / "宁波市优秀教师”荣誉称号。") begins the
    quoted title."""
    parts: list[str] = []
    is_open = False
    for index, line in enumerate(body):
        text = line.clean
        close = text.find("”")
        if close >= 0 and not is_open and "“" not in text[:close]:
            text = "“" + text
        for char in text:
            if char in "“”":
                is_open = char == "“"
        following = body[index + 1].clean if index + 1 < len(body) else ""
        if is_open and (not following or _CLOSING.match(following)):
            text, is_open = text + "”", False  # a closing quote lost at the line's end (a 竖排 column)
        parts.append(text)
    return "".join(parts)


def _take_title(reading: Reading, body: list[TextLine], page: Page) -> None:
    text = _sentence(body)
    score = min((line.score for line in body), default=0.0)
    found = _title_from_sentence(text)
    if found is not None:
        title, certainty, grade = found
        for line in body:
            if line.role == "":
                line.role = "body"
        reading.title = Found(title, score * certainty)
        if grade:
            reading.grade = Found(grade, score * certainty)
        return
    large = _largest_line(body, page)
    if large is not None:
        large.role = "title"
        reading.title = Found(_clean_title(large.clean), large.score * 0.85)


def _title_from_sentence(text: str) -> tuple[str, float, str | None] | None:
    """(title, certainty, grade) from the body's sentence(s)."""
    for pattern, certainty in (
        (_AWARDED, 1.0),
        (_QUOTED_AFTER_VERB, 1.0),
        (_PLAIN_AFTER_VERB, 0.85),
        (_QUOTED, 0.7),
    ):
        match = pattern.search(text)
        if match is None:
            continue
        title = _clean_title(match["title"])
        if len(title) < 2:
            continue
        before = _YEAR_PREFIX.sub("", match.groupdict().get("before") or "")
        if before and _PLACE_BEFORE.match(before):
            title = before + title
        if _GRADE.match(title):  # 在…比赛中荣获一等奖: the contest and its prize
            contest = _CONTEST.search(text[: match.start()])
            if contest is None:
                return title, certainty * 0.7, title
            return _clean_title(contest["contest"]) + title, certainty * 0.9, title
        return title, certainty, None
    return None


def _clean_title(title: str) -> str:
    title = title.strip("“”\"'：:，。！ ")
    title = _YEAR_PREFIX.sub("", title)
    previous = None
    while previous != title:
        previous, title = title, _TITLE_TAIL.sub("", title).strip("“”")
    return title


def _largest_line(body: list[TextLine], page: Page) -> TextLine | None:
    candidates = [line for line in body if line.role == "" and len(line.clean) >= 4]
    if not candidates:
        return None
    large = max(candidates, key=lambda line: line.height)
    others = [line.height for line in candidates if line is not large]
    if others and large.height < 1.3 * max(others):
        return None  # no line stands out: not a 奖牌's title
    return large


def _take_awarded_by(reading: Reading, signature: list[TextLine], known: KnownNames) -> None:
    if not signature:
        return
    score = min(line.score for line in signature)
    supervisor = (
        known.unit(reading.unit_id).supervisor if reading.unit_id and known.unit(reading.unit_id) else None
    )
    candidates = [supervisor, *known.bodies] if supervisor else known.bodies
    names, confidences = [], []
    for part in split_bodies(" ".join(line.clean for line in signature), candidates):
        matched = closest(part, candidates)
        if matched is not None:
            names.append(matched.name)
            confidences.append(score * matched.similarity)
        else:
            names.append(part)
            confidences.append(score * (0.85 if part.endswith(ORG_ENDINGS) else 0.5))
    reading.awarded_by = Found("、".join(names), min(confidences))


def _note_other_year(reading: Reading, body: list[TextLine], today: dt.date | None) -> None:
    """The text names one year and the date line another (2021年度…, dated 2022年1月): the honour keeps
    the date's year, and the clerk is told of the other (a title's 2021年度 is no part of the title)."""
    if reading.date is None or reading.date.confidence <= 0.5:  # none read, or taken from the text
        return
    text = "".join(line.clean for line in body)
    years = set(year_mentions(text, today)) - {reading.date.value.year}
    if len(years) == 1:
        (year,) = years
        reading.notes.append(
            f"证书正文提到{year}年，落款日期是{reading.date.value.chinese()}；已按落款日期记年份，"
            f"如应记为{year}年请修改"
        )


def _take_year_fallback(reading: Reading, body: list[TextLine], today: dt.date | None) -> None:
    """No date line read (a seal over it): the year the text names (2022年度), if any."""
    if reading.date is not None:
        return
    years = year_mentions("".join(line.clean for line in body), today)
    if years:
        reading.date = Found(PartialDate(max(years)), 0.5)
        reading.notes.append("没有读到落款日期，年份取自正文")
