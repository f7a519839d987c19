"""A report's outline: the documents of a file, and each one's title, opening, sections and signature.

Headings are the numbered lines of the official outline (一、 （一） 1. （1）) and paragraphs in a heading
style; a numbered line counts as a heading only when it follows on from the heading before it at its level
(一、 then 二、), so a body line that happens to start "一、二等奖" is not one. Files that collect several
reports ("第二篇：", "篇3", "推荐第4篇：") and a report that ends with its signature and date and goes on
with another are split into documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.oldreports.dates import digits_in_dates
from core.oldreports.reader import Block

# --- normalising for reading (the material keeps the original text) ------------------------------

_CJK = r"\u4e00-\u9fff"
_QUESTION_QUOTES = re.compile(rf"\?([{_CJK}A-Za-z0-9·]{{1,24}})\?")
_ASCII_PUNCT = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？"}
_CJK_NEIGHBOUR = re.compile(rf"(?<=[{_CJK}“”）)\d])([,;:!?])|([,;:!?()])(?=[{_CJK}“”（(])")


def normalise(text: str) -> str:
    """The text as the readers below expect it: full-width Chinese punctuation, “” quotes (some files
    lost them to "?"), no runs of spaces inside Chinese text, full-width digits as ASCII."""
    from core.text import halfwidth_alnum

    text = halfwidth_alnum(text).replace("\u3000", " ").strip()
    if "?" in text:
        text = _QUESTION_QUOTES.sub(r"“\1”", text)
    text = _CJK_NEIGHBOUR.sub(lambda m: _ASCII_PUNCT[m[1] or m[2]], text)
    text = re.sub(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])", "", text)
    return text.replace("(", "（").replace(")", "）")


# --- headings --------------------------------------------------------------------------------------

CN_NUM = "一二三四五六七八九十"
_CN_VALUES = {ch: i for i, ch in enumerate(CN_NUM, start=1)}
_LEVEL_PATTERNS = (
    (1, re.compile(rf"^第([{CN_NUM}]{{1,3}})(?:部分|章)\s*[、，：]?")),
    (1, re.compile(rf"^([{CN_NUM}]{{1,3}})\s*[、．.]\s*")),
    (2, re.compile(rf"^（\s*([{CN_NUM}]{{1,3}})\s*）\s*[、．.]?\s*")),
    (3, re.compile(r"^(\d{1,2})\s*(?:[、．]|\.(?!\d))\s*")),
    (4, re.compile(r"^（\s*(\d{1,2})\s*）\s*")),
)
HEADING_MAX = 60  # characters of a heading line; a longer numbered paragraph is a heading with its body


def chinese_number(text: str) -> int:
    """一 … 九十九."""
    if "十" not in text:
        return _CN_VALUES.get(text, 0)
    tens, _, ones = text.partition("十")
    return (_CN_VALUES.get(tens, 1) if tens else 1) * 10 + (_CN_VALUES.get(ones, 0) if ones else 0)


def numbered(text: str) -> tuple[int, int, int] | None:
    """(level, number, length of the numbering) when the line starts with outline numbering."""
    for level, pattern in _LEVEL_PATTERNS:
        match = pattern.match(text)
        if match:
            token = match[1]
            number = int(token) if token.isdigit() else chinese_number(token)
            if number and not text[match.end() :].startswith(("是", "要", "等奖", "、")):
                return level, number, match.end()
    return None


def heading_part(text: str) -> str:
    """The heading of a numbered line that also carries its body: up to the first full stop or colon."""
    match = re.search(r"[。！？：；]", text)
    if match and match.start() <= HEADING_MAX:
        return text[: match.start()].strip()
    return text if len(text) <= HEADING_MAX else text[:HEADING_MAX].rstrip("，、") + "…"


# --- the model ----------------------------------------------------------------------------------


@dataclass
class Paragraph:
    original: str  # as in the file
    text: str  # normalised, for reading
    heading_level: int | None = None  # 1-4 when the paragraph is a heading of the outline
    cells: tuple[str, ...] | None = None


@dataclass
class Section:
    """A heading and the paragraphs under it, down to the next heading of its level or above."""

    level: int
    heading: str  # the heading as written (numbering included), without a body that shares its line
    paragraphs: list[Paragraph] = field(default_factory=list)  # the heading's own paragraph first
    children: list[Section] = field(default_factory=list)

    def all_paragraphs(self) -> list[Paragraph]:
        out = list(self.paragraphs)
        for child in self.children:
            out.extend(child.all_paragraphs())
        return out

    def original_text(self) -> str:
        return "\n".join(p.original.strip() for p in self.all_paragraphs())


@dataclass
class Document:
    part: int | None  # 1-based when the file holds several reports
    title_lines: list[str]
    opening: list[Paragraph]  # before the first heading
    sections: list[Section]  # top level of the outline
    signature: list[str]  # 落款 lines and the date, not part of any material
    date_text: str | None = None

    @property
    def title(self) -> str:
        return " ".join(self.title_lines)

    def paragraphs(self) -> list[Paragraph]:
        out = list(self.opening)
        for section in self.sections:
            out.extend(section.all_paragraphs())
        return out


# --- splitting a file into documents --------------------------------------------------------------

_PART_MARK = re.compile(
    rf"^(?:推荐)?第\s*[0-9{CN_NUM}]{{1,3}}\s*篇\s*[：:]\s*|^篇\s*[0-9{CN_NUM}]{{1,3}}\s*$"
)
DATE_LINE = re.compile(
    r"^[（(]?\s*((?:19|20)\d{2}|[二][〇○零0][〇○零0-9一二三四五六七八九]{2})\s*年\s*"
    r"([0-9一二三四五六七八九十]{1,3})\s*月\s*(?:([0-9一二三四五六七八九十]{1,3})\s*日)?\s*[)）]?$"
)
_PREAMBLE_MIN = 200  # characters before the first part mark that make a document of their own


def split_documents(blocks: list[Block]) -> list[Document]:
    """The reports a file holds, each with its outline."""
    groups: list[list[Block]] = [[]]
    for block in blocks:
        if _PART_MARK.match(block.text.strip()):
            groups.append([])
            rest = _PART_MARK.sub("", block.text.strip())
            if rest:
                groups[-1].append(Block(rest, block.style_level))
            continue
        groups[-1].append(block)
    first, *parts = groups
    if parts and sum(len(b.text) for b in first) < _PREAMBLE_MIN:
        groups = parts  # a collection's own title and notes
    pieces: list[list[Block]] = []
    for group in groups:
        pieces.extend(_split_after_signatures(group))
    pieces = [p for p in pieces if any(b.text.strip() for b in p)]
    several = len(pieces) > 1
    return [parse_document(piece, index if several else None) for index, piece in enumerate(pieces, 1)]


# A line that names a report's kind at its end: 东湖区第二中学2020年工作总结, …情况汇报, …申报材料
_REPORT_TITLE = re.compile(r"(?:总结|汇报|报告|材料|自查|综述)$")


def _split_after_signatures(blocks: list[Block]) -> list[list[Block]]:
    """A date line after a short signature line ends a report when a good deal more text follows, or
    when the next line is another report's title (two short reports in one file)."""
    pieces: list[list[Block]] = []
    start = 0
    for index, block in enumerate(blocks):
        if index == 0 or not DATE_LINE.match(normalise(block.text)):
            continue
        if len(normalise(blocks[index - 1].text)) > 30:
            continue
        rest = sum(len(b.text) for b in blocks[index + 1 :])
        done = sum(len(b.text) for b in blocks[start:index])
        following = normalise(blocks[index + 1].text) if index + 1 < len(blocks) else ""
        titled = len(following) <= _TITLE_MAX and bool(_REPORT_TITLE.search(following))
        if (rest >= _PREAMBLE_MIN or titled) and (done >= _PREAMBLE_MIN or (titled and index - start >= 3)):
            pieces.append(blocks[start : index + 1])
            start = index + 1
    pieces.append(blocks[start:])
    return pieces


# --- one document ----------------------------------------------------------------------------------

_TITLE_MAX = 60
_ORG_END = re.compile(
    r"(?:学校|小学|中学|幼儿园|局|分局|所|院|委|办|办公室|中心|村|社区|街道|镇|乡|公司|站|队|馆|处|科|室|部|会|厂)$"
)
_SALUTATION = re.compile(r"^[\u4e00-\u9fff、]{1,20}[：:]$")  # 省文明办：/ 同志们：


def parse_document(blocks: list[Block], part: int | None) -> Document:
    paragraphs = [Paragraph(b.text, normalise(b.text), cells=b.cells) for b in blocks if normalise(b.text)]
    styles = [b.style_level for b in blocks if normalise(b.text)]
    body_end, signature, date_text = _signature(paragraphs)
    title_end = _title_end(paragraphs[:body_end], styles)
    title_lines = [p.text for p in paragraphs[:title_end]]
    body = paragraphs[title_end:body_end]
    _mark_headings(body, styles[title_end:body_end])
    opening, sections = _outline(body)
    return Document(part, title_lines, opening, sections, signature, date_text)


def _signature(paragraphs: list[Paragraph]) -> tuple[int, list[str], str | None]:
    """Where the body ends; the signature lines and the date text."""
    end = len(paragraphs)
    for index in range(len(paragraphs) - 1, max(len(paragraphs) - 4, -1), -1):
        text = paragraphs[index].text
        if DATE_LINE.match(text):
            start = index
            while (
                start > 0
                and start > index - 2
                and paragraphs[start - 1].cells is None
                and _looks_like_signer(paragraphs[start - 1].text)
            ):
                start -= 1
            lines = [p.text for p in paragraphs[start : index + 1]]
            trailing = [p.text for p in paragraphs[index + 1 : end]]
            return start, lines + trailing, text
    if (
        end
        and paragraphs[-1].cells is None
        and _looks_like_signer(paragraphs[-1].text)
        and _ORG_END.search(paragraphs[-1].text)
    ):
        return end - 1, [paragraphs[-1].text], None
    return end, [], None


def _looks_like_signer(text: str) -> bool:
    return len(text) <= 30 and not re.search(r"[。！？，；：]", text) and numbered(text) is None


def _title_end(paragraphs: list[Paragraph], styles: list[int | None]) -> int:
    """The title is the first short lines before the body starts (a long line, a heading, a salutation)."""
    end = 0
    for index, paragraph in enumerate(paragraphs[:4]):
        text = paragraph.text
        style = styles[index] if index < len(styles) else None
        if style == 0 and end == index:
            end = index + 1
            continue
        if (
            len(text) > _TITLE_MAX
            or numbered(text)
            or _SALUTATION.match(text)
            or re.search(r"[。！？]$", text)
            or DATE_LINE.match(text)
            or (style is not None and style >= 1)
        ):
            break
        end = index + 1
    if end == len(paragraphs) and end > 1:
        end = 1
    # a date or a speaker right under the title belongs to the head too: "（2012年3月16日）"
    while end < len(paragraphs) and (
        DATE_LINE.match(paragraphs[end].text)
        or re.fullmatch(r"[\u4e00-\u9fff*＊]{2,4}", paragraphs[end].text)
    ):
        end += 1
    return end


def _mark_headings(body: list[Paragraph], styles: list[int | None]) -> None:
    last: dict[int, int] = {}  # level → number of the last heading at that level
    for paragraph, style in zip(body, styles, strict=True):
        if paragraph.cells:
            continue
        found = numbered(paragraph.text)
        if found is None and _topic_marker(paragraph.text):
            paragraph.heading_level = 1  # "存在的问题", "下一步打算": a topic's own line, unnumbered
            continue
        if style is not None and style >= 1:
            paragraph.heading_level = min(style, 4)
            if found:
                last[found[0]] = found[1]
            continue
        if found is None:
            continue
        level, number, _ = found
        previous = last.get(level)
        if previous is not None and number != previous + 1:
            continue
        if previous is None and number > 3 and level == 1:
            continue
        paragraph.heading_level = level
        last[level] = number
        for deeper in [lvl for lvl in last if lvl > level]:
            del last[deeper]


def _topic_marker(text: str) -> bool:
    from core.oldreports.topics import topic_of

    if len(text) > 12 or re.search(r"[。！？，；、]", text):
        return False
    return topic_of(text)[1]


def _outline(body: list[Paragraph]) -> tuple[list[Paragraph], list[Section]]:
    opening: list[Paragraph] = []
    roots: list[Section] = []
    stack: list[Section] = []
    for paragraph in body:
        level = paragraph.heading_level
        if level is None:
            if stack:
                stack[-1].paragraphs.append(paragraph)
            else:
                opening.append(paragraph)
            continue
        section = Section(level, heading_part(paragraph.text), [paragraph])
        while stack and stack[-1].level >= level:
            stack.pop()
        (stack[-1].children if stack else roots).append(section)
        stack.append(section)
    return opening, roots


def headings_with_year(document: Document) -> list[tuple[Paragraph, int | None]]:
    """Every paragraph of the document with the year of the nearest heading above it that names one."""
    out: list[tuple[Paragraph, int | None]] = [(p, None) for p in document.opening]

    def walk(section: Section, year: int | None) -> None:
        found = re.search(r"((?:19|20)\d{2})\s*年", digits_in_dates(section.heading))
        year = int(found[1]) if found else year
        for paragraph in section.paragraphs:
            out.append((paragraph, year))
        for child in section.children:
            walk(child, year)

    for section in document.sections:
        walk(section, None)
    return out
