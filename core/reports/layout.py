"""The GB/T 9704-2012 (党政机关公文格式) page layout as python-docx helpers.

`new_document()` gives an empty A4 document whose styles carry the official fonts and sizes; the add_*
helpers append paragraphs in those styles. Every style and every run names both its Latin font (Times New
Roman, for digits and Latin letters) and its East Asian font through w:eastAsia, or Word would show 宋体.

Page numbers are a PAGE field written "— 1 —" in 四号, placed at the outside corner: right (one character in)
on odd pages, left on even pages, through w:evenAndOddHeaders and a separate even-page footer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from docx import Document as _open_document
from docx.document import Document
from docx.enum.section import WD_SECTION_START
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.text.font import CT_RPr
from docx.shared import Length, Mm, Pt
from docx.styles.style import ParagraphStyle
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

# Fonts named as Chinese Word and WPS know them; they are not shipped (office PCs have them).
FONT_LATIN = "Times New Roman"
FONT_TITLE = "方正小标宋简体"
FONT_BODY = "仿宋_GB2312"
FONT_HEI = "黑体"
FONT_KAI = "楷体_GB2312"
FONT_SONG = "宋体"

SIZE_ER_HAO = 22.0  # 二号
SIZE_SAN_HAO = 16.0  # 三号
SIZE_SI_HAO = 14.0  # 四号

PAGE_WIDTH = Mm(210)
PAGE_HEIGHT = Mm(297)
MARGIN_TOP = Mm(37)
MARGIN_BOTTOM = Mm(35)
MARGIN_LEFT = Mm(28)
MARGIN_RIGHT = Mm(26)
# The page number's dashes sit about 7 mm below the text block (whose bottom is 35 mm above the page edge).
FOOTER_DISTANCE = Mm(25)
HEADER_DISTANCE = Mm(15)

# 22 lines in the 225 mm text block.
LINE_PITCH = Pt(28.95)
INDENT_TWO_CHARS = Pt(2 * SIZE_SAN_HAO)
# 28 characters of 三号 are 448 pt, the 156 mm text block is 442.2 pt wide: without a character grid
# (which LibreOffice lays out at half the characters per line) the 三号 styles are condensed by 0.25 pt.
CONDENSE_SAN_HAO = Pt(-0.25)
ZERO = Pt(0)
TABLE_LINE = Pt(22)  # lines inside a table cell (四号 text)
TABLE_ROW_MIN = LINE_PITCH

STYLE_TITLE = "公文标题"
STYLE_BODY = "Normal"  # shown as 正文 in Chinese Word and WPS
STYLE_HEADING_1 = "一级标题"
STYLE_HEADING_2 = "二级标题"
STYLE_HEADING_3 = "三级标题"
STYLE_SIGNATURE = "落款"
STYLE_TABLE_TEXT = "表格文字"
STYLE_TABLE_HEADER = "表头文字"
STYLE_PAGE_NUMBER = "页码"
STYLE_TABLE = "荣誉一览表"


@dataclass(frozen=True)
class TextFormat:
    """The character formatting of one style, applied to the style and to each of its runs."""

    east_asian: str
    size: float  # points
    bold: bool = False
    latin: str = FONT_LATIN
    condense: Length | None = None


TITLE_FORMAT = TextFormat(FONT_TITLE, SIZE_ER_HAO)
BODY_FORMAT = TextFormat(FONT_BODY, SIZE_SAN_HAO, condense=CONDENSE_SAN_HAO)
HEADING_FORMATS: dict[int, TextFormat] = {
    1: TextFormat(FONT_HEI, SIZE_SAN_HAO, condense=CONDENSE_SAN_HAO),
    2: TextFormat(FONT_KAI, SIZE_SAN_HAO, condense=CONDENSE_SAN_HAO),
    3: TextFormat(FONT_BODY, SIZE_SAN_HAO, bold=True, condense=CONDENSE_SAN_HAO),
}
HEADING_STYLES: dict[int, str] = {1: STYLE_HEADING_1, 2: STYLE_HEADING_2, 3: STYLE_HEADING_3}
TABLE_TEXT_FORMAT = TextFormat(FONT_BODY, SIZE_SI_HAO)
TABLE_HEADER_FORMAT = TextFormat(FONT_HEI, SIZE_SI_HAO)
# GB/T 9704-2012 7.5: page numbers in 4号半角宋体阿拉伯数字 — the digits too, not Times New Roman.
PAGE_NUMBER_FORMAT = TextFormat(FONT_SONG, SIZE_SI_HAO, latin=FONT_SONG)

STYLE_FORMATS: dict[str, TextFormat] = {
    STYLE_TITLE: TITLE_FORMAT,
    STYLE_BODY: BODY_FORMAT,
    STYLE_SIGNATURE: BODY_FORMAT,
    STYLE_TABLE_TEXT: TABLE_TEXT_FORMAT,
    STYLE_TABLE_HEADER: TABLE_HEADER_FORMAT,
    STYLE_PAGE_NUMBER: PAGE_NUMBER_FORMAT,
    **{HEADING_STYLES[level]: fmt for level, fmt in HEADING_FORMATS.items()},
}


# ---------------------------------------------------------------- fonts

# Where the elements python-docx has no API for go: the successors of each in the schema's order.
_AFTER_RPR_SPACING = ("w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect")
_AFTER_RPR_SZCS = ("w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign")
_RPR_TAIL = ("w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")
_AFTER_PPR_OUTLINE = ("w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
_AFTER_PPR_OVERFLOW = (
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    *_AFTER_PPR_OUTLINE,
)


def set_rfonts(rpr: CT_RPr, east_asian: str, latin: str = FONT_LATIN) -> None:
    """Name the Latin and the East Asian font on a w:rPr, dropping theme fonts that would win over them.

    w:hint="eastAsia" makes Word draw the shared punctuation (“ ” — …) in the Chinese font.
    """
    rfonts = rpr.get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(theme), None)
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    rfonts.set(qn("w:cs"), latin)
    rfonts.set(qn("w:eastAsia"), east_asian)
    rfonts.set(qn("w:hint"), "eastAsia")


def _set_char_spacing(rpr: CT_RPr, value: Length | None) -> None:
    for old in rpr.findall(qn("w:spacing")):
        rpr.remove(old)
    if value is None:
        return
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(round(value.pt * 20)))
    rpr.insert_element_before(spacing, *_AFTER_RPR_SPACING, *_AFTER_RPR_SZCS, *_RPR_TAIL)


def _apply_format(rpr: CT_RPr, fmt: TextFormat) -> None:
    set_rfonts(rpr, fmt.east_asian, fmt.latin)
    rpr.get_or_add_b().val = fmt.bold
    rpr.get_or_add_bCs().val = fmt.bold
    rpr.get_or_add_sz().val = Pt(fmt.size)
    size_cs = rpr.find(qn("w:szCs"))
    if size_cs is None:
        size_cs = OxmlElement("w:szCs")
        rpr.insert_element_before(size_cs, *_AFTER_RPR_SZCS, *_RPR_TAIL)
    size_cs.set(qn("w:val"), str(round(fmt.size * 2)))
    _set_char_spacing(rpr, fmt.condense)


def format_run(run: Run, fmt: TextFormat) -> Run:
    """Give a run the fonts, size and weight of a style (direct formatting, as the design asks)."""
    _apply_format(run._r.get_or_add_rPr(), fmt)
    return run


def add_text_run(paragraph: Paragraph, text: str, fmt: TextFormat | None = None) -> Run:
    """Append text as one run (so a Jinja tag in it is never split) with the paragraph style's fonts."""
    if fmt is None:
        fmt = STYLE_FORMATS.get(paragraph.style.name if paragraph.style else STYLE_BODY, BODY_FORMAT)
    return format_run(paragraph.add_run(text), fmt)


# ---------------------------------------------------------------- styles


def _paragraph_style(document: Document, name: str) -> ParagraphStyle:
    styles = document.styles
    if name in [s.name for s in styles]:
        return styles[name]  # type: ignore[return-value]
    style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles[STYLE_BODY]
    style.quick_style = True
    return style  # type: ignore[return-value]


def _set_outline_level(style: ParagraphStyle, level: int) -> None:
    """Outline level 0 = 1, so the headings show in Word's navigation pane."""
    ppr = style.element.get_or_add_pPr()
    for old in ppr.findall(qn("w:outlineLvl")):
        ppr.remove(old)
    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), str(level))
    ppr.insert_element_before(outline, *_AFTER_PPR_OUTLINE)


def _style_paragraph_format(
    style: ParagraphStyle,
    *,
    alignment: WD_ALIGN_PARAGRAPH,
    first_line_indent: Length | None = None,
    line_spacing: Length | None = LINE_PITCH,
    space_after: Length = ZERO,
) -> None:
    pf = style.paragraph_format
    pf.alignment = alignment
    pf.first_line_indent = first_line_indent if first_line_indent is not None else ZERO
    pf.left_indent = ZERO
    pf.right_indent = ZERO
    pf.space_before = ZERO
    pf.space_after = space_after
    if line_spacing is None:
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    else:
        pf.line_spacing = line_spacing
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY


def _allow_overflow_punctuation(style: ParagraphStyle) -> None:
    """w:overflowPunct on, as Word has it by default. Said explicitly because LibreOffice, without it, drops
    the comma after a full line of 28 characters; with it, it moves the last character down with the comma."""
    ppr = style.element.get_or_add_pPr()
    for old in ppr.findall(qn("w:overflowPunct")):
        ppr.remove(old)
    overflow = OxmlElement("w:overflowPunct")
    overflow.set(qn("w:val"), "1")
    ppr.insert_element_before(overflow, *_AFTER_PPR_OVERFLOW)


def _no_auto_space(style: ParagraphStyle) -> None:
    """No extra space between Chinese and digits (2019年 as written), so the narrow table columns hold
    what their widths were measured for."""
    ppr = style.element.get_or_add_pPr()
    for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):
        for old in ppr.findall(qn(tag)):
            ppr.remove(old)
    index = _AFTER_PPR_OVERFLOW.index("w:autoSpaceDN")
    for tag, successors in (
        ("w:autoSpaceDE", _AFTER_PPR_OVERFLOW[index:]),
        ("w:autoSpaceDN", _AFTER_PPR_OVERFLOW[index + 1 :]),
    ):
        element = OxmlElement(tag)
        element.set(qn("w:val"), "0")
        ppr.insert_element_before(element, *successors)


def _set_doc_defaults(document: Document) -> None:
    """Document defaults: the body fonts and Chinese as the East Asian language (line breaking rules)."""
    styles_el = document.styles.element
    rpr = styles_el.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_rfonts(rpr, FONT_BODY)
    lang = rpr.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:val"), "en-US")
        lang.set(qn("w:eastAsia"), "zh-CN")
    ppr_default = styles_el.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr"))
    spacing = ppr_default.find(qn("w:spacing"))
    if spacing is not None:
        ppr_default.remove(spacing)
    theme_lang = document.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:  # python-docx's template says ja-JP
        theme_lang.set(qn("w:val"), "en-US")
        theme_lang.set(qn("w:eastAsia"), "zh-CN")


# The styles every document keeps (Word's defaults for paragraphs, characters, tables and lists); python-docx's
# own template brings some 170 English styles besides, which a clerk would find in Word's style list.
_KEPT_DEFAULT_STYLES = frozenset({"Normal", "Default Paragraph Font", "Normal Table", "No List"})


def _drop_default_styles(document: Document) -> None:
    styles = document.styles.element
    for style in styles.findall(qn("w:style")):
        name = style.find(qn("w:name"))
        if name is None or name.get(qn("w:val")) not in _KEPT_DEFAULT_STYLES:
            styles.remove(style)


def _define_styles(document: Document) -> None:
    body = document.styles[STYLE_BODY]
    _apply_format(body.element.get_or_add_rPr(), BODY_FORMAT)
    _style_paragraph_format(body, alignment=WD_ALIGN_PARAGRAPH.JUSTIFY, first_line_indent=INDENT_TWO_CHARS)
    _allow_overflow_punctuation(body)

    title = _paragraph_style(document, STYLE_TITLE)
    _style_paragraph_format(title, alignment=WD_ALIGN_PARAGRAPH.CENTER, space_after=LINE_PITCH)
    title.paragraph_format.keep_with_next = True

    for level, name in HEADING_STYLES.items():
        heading = _paragraph_style(document, name)
        _style_paragraph_format(
            heading, alignment=WD_ALIGN_PARAGRAPH.JUSTIFY, first_line_indent=INDENT_TWO_CHARS
        )
        heading.paragraph_format.keep_with_next = True
        _set_outline_level(heading, level - 1)

    signature = _paragraph_style(document, STYLE_SIGNATURE)
    _style_paragraph_format(signature, alignment=WD_ALIGN_PARAGRAPH.RIGHT)
    signature.paragraph_format.right_indent = INDENT_TWO_CHARS
    signature.paragraph_format.keep_with_next = True
    _no_auto_space(signature)  # the 落款's indents are computed from its text's width (finish.py)

    for name in (STYLE_TABLE_TEXT, STYLE_TABLE_HEADER):
        cell_style = _paragraph_style(document, name)
        _style_paragraph_format(cell_style, alignment=WD_ALIGN_PARAGRAPH.CENTER, line_spacing=TABLE_LINE)
        _no_auto_space(cell_style)

    page_number = _paragraph_style(document, STYLE_PAGE_NUMBER)
    _style_paragraph_format(page_number, alignment=WD_ALIGN_PARAGRAPH.RIGHT, line_spacing=None)

    for name, fmt in STYLE_FORMATS.items():
        if name != STYLE_BODY:
            _apply_format(document.styles[name].element.get_or_add_rPr(), fmt)
    _define_table_style(document)


def _border_set(tag: str, edges: Iterable[str], size_eighths: int = 4) -> OxmlElement:
    borders = OxmlElement(tag)
    for edge in edges:
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "single")
        line.set(qn("w:sz"), str(size_eighths))
        line.set(qn("w:space"), "0")
        line.set(qn("w:color"), "000000")
        borders.append(line)
    return borders


TABLE_EDGES = ("top", "left", "bottom", "right", "insideH", "insideV")


def _define_table_style(document: Document) -> None:
    """荣誉一览表: single black borders all round and inside, 仿宋 四号 text."""
    if STYLE_TABLE in [s.name for s in document.styles]:
        return
    style = document.styles.add_style(STYLE_TABLE, WD_STYLE_TYPE.TABLE)
    style.element.get_or_add_pPr()
    _apply_format(style.element.get_or_add_rPr(), TABLE_TEXT_FORMAT)
    tblpr = OxmlElement("w:tblPr")
    tblpr.append(_border_set("w:tblBorders", TABLE_EDGES))
    style.element.append(tblpr)


# ---------------------------------------------------------------- page, footer


def _set_page(document: Document) -> None:
    section = document.sections[0]
    section.start_type = WD_SECTION_START.NEW_PAGE
    section.page_width = PAGE_WIDTH
    section.page_height = PAGE_HEIGHT
    section.top_margin = MARGIN_TOP
    section.bottom_margin = MARGIN_BOTTOM
    section.left_margin = MARGIN_LEFT
    section.right_margin = MARGIN_RIGHT
    section.header_distance = HEADER_DISTANCE
    section.footer_distance = FOOTER_DISTANCE
    section.gutter = Mm(0)


def _field_runs(paragraph: Paragraph, instruction: str, shown: str) -> None:
    """A complex field (begin, instruction, separate, result, end), each run in the page-number format."""
    parts: list[tuple[str, str]] = [
        ("fldChar", "begin"),
        ("instrText", f" {instruction} "),
        ("fldChar", "separate"),
        ("t", shown),
        ("fldChar", "end"),
    ]
    for kind, value in parts:
        run = format_run(paragraph.add_run(), PAGE_NUMBER_FORMAT)
        if kind == "t":
            run.text = value
            continue
        element = OxmlElement(f"w:{kind}")
        if kind == "fldChar":
            element.set(qn("w:fldCharType"), value)
        else:
            element.set(qn("xml:space"), "preserve")
            element.text = value
        run._r.append(element)


def _write_page_number(document: Document, paragraph: Paragraph, *, odd: bool) -> None:
    paragraph.style = document.styles[STYLE_PAGE_NUMBER]
    pf = paragraph.paragraph_format
    one_char = Pt(SIZE_SI_HAO)
    if odd:
        pf.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        pf.right_indent = one_char
    else:
        pf.alignment = WD_ALIGN_PARAGRAPH.LEFT
        pf.left_indent = one_char
    add_text_run(paragraph, "— ", PAGE_NUMBER_FORMAT)
    _field_runs(paragraph, "PAGE", "1")
    add_text_run(paragraph, " —", PAGE_NUMBER_FORMAT)


def _set_footers(document: Document) -> None:
    """“— 1 —” at the outside corner: odd pages right, even pages left, one character in from the edge."""
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    section.footer.is_linked_to_previous = False
    section.even_page_footer.is_linked_to_previous = False
    _write_page_number(document, section.footer.paragraphs[0], odd=True)
    _write_page_number(document, section.even_page_footer.paragraphs[0], odd=False)


# The fonts' family data and a font Windows always has (w:altName), so that Word or WPS on a PC without the
# _GB2312 fonts (Windows 10 ships 仿宋 and 楷体 but not 仿宋_GB2312, 楷体_GB2312) substitutes a like font.
_FONT_TABLE_ENTRIES: tuple[tuple[str, str, str, str, str], ...] = (
    # name, altName, panose1, family, pitch
    (FONT_LATIN, "", "02020603050405020304", "roman", "variable"),
    (FONT_SONG, "SimSun", "02010600030101010101", "auto", "variable"),
    (FONT_HEI, "SimHei", "02010609060101010101", "modern", "fixed"),
    (FONT_BODY, "仿宋", "02010609030101010101", "modern", "fixed"),
    (FONT_KAI, "楷体", "02010609030101010101", "modern", "fixed"),
    (FONT_TITLE, "宋体", "02000000000000000000", "auto", "variable"),
)


def _font_table_xml() -> bytes:
    fonts = []
    for name, alt_name, panose, family, pitch in _FONT_TABLE_ENTRIES:
        charset = "00" if name == FONT_LATIN else "86"  # 86: GB2312
        alt = f'<w:altName w:val="{alt_name}"/>' if alt_name else ""
        fonts.append(
            f'<w:font w:name="{name}">{alt}<w:panose1 w:val="{panose}"/><w:charset w:val="{charset}"/>'
            f'<w:family w:val="{family}"/><w:pitch w:val="{pitch}"/></w:font>'
        )
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        + "".join(fonts)
        + "</w:fonts>"
    ).encode("utf-8")


def _set_font_table(document: Document) -> None:
    part = document.part.part_related_by(RT.FONT_TABLE)
    part._blob = _font_table_xml()  # a plain python-docx Part: its bytes are what is saved


APPLICATION = "HonourDesk"
_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def _app_xml() -> bytes:
    """docProps/app.xml naming this program (python-docx's says "Microsoft Macintosh Word", 14.0)."""
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f"<Application>{APPLICATION}</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
        "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
        "<HyperlinksChanged>false</HyperlinksChanged></Properties>"
    ).encode()


def set_core_properties(
    document: Document, *, title: str, author: str, now: dt.datetime | None = None
) -> None:
    """Title, author and the times of creation and change (now); nothing of python-docx's template left."""
    now = (
        (now or dt.datetime.now(dt.timezone.utc))
        .astimezone(dt.timezone.utc)
        .replace(microsecond=0, tzinfo=None)
    )
    props = document.core_properties
    props.title = title
    props.author = author
    props.last_modified_by = author
    props.created = now
    props.modified = now
    props.revision = 1
    for name in ("subject", "keywords", "comments", "category", "content_status", "identifier", "version"):
        setattr(props, name, "")
    props.language = "zh-CN"


def _set_properties(document: Document) -> None:
    set_core_properties(document, title="", author=APPLICATION)
    package = document.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:  # python-docx's own sample picture
            del package.rels[rid]
        elif rel.reltype == RT.EXTENDED_PROPERTIES:
            rel.target_part._blob = _app_xml()
    for rid, rel in list(document.part.rels.items()):
        # python-docx's template carries an empty bibliography and a second copy of its English styles
        if rel.reltype in (RT.CUSTOM_XML, _STYLES_WITH_EFFECTS):
            del document.part.rels[rid]


def new_document() -> Document:
    """An empty document in the official layout: A4, GB/T 9704 margins, styles, page numbers."""
    document = _open_document()
    body = document.element.body
    for paragraph in list(body.iterchildren(qn("w:p"))):
        body.remove(paragraph)
    _drop_default_styles(document)
    _set_doc_defaults(document)
    _define_styles(document)
    _set_page(document)
    _set_footers(document)
    _set_font_table(document)
    _set_properties(document)
    return document


# ---------------------------------------------------------------- content


def add_paragraph(document: Document, text: str = "", style: str = STYLE_BODY) -> Paragraph:
    """A paragraph in a style whose text (possibly a Jinja tag) is one run with the style's fonts."""
    paragraph = document.add_paragraph(style=style)
    if text:
        add_text_run(paragraph, text, STYLE_FORMATS[style])
    return paragraph


def add_title(document: Document, text: str) -> Paragraph:
    """公文标题: 二号 方正小标宋简体, centred, a blank line after (the style's space after).

    A "\\n" in text is a line break inside the title (a long title broken where its meaning allows).
    """
    return add_paragraph(document, text, STYLE_TITLE)


def add_heading(document: Document, text: str, level: int = 1) -> Paragraph:
    """一级 (“一、” 黑体), 二级 (“（一）” 楷体_GB2312) or 三级 (“1.” 仿宋_GB2312 bold) heading; text includes the number."""
    return add_paragraph(document, text, HEADING_STYLES[level])


def add_body(document: Document, text: str) -> Paragraph:
    """正文: 三号 仿宋_GB2312, first line indented two characters, fixed 28.95 pt lines."""
    return add_paragraph(document, text, STYLE_BODY)


def add_tag(document: Document, tag: str) -> Paragraph:
    """A paragraph holding only a docxtpl paragraph tag ({%p … %}); docxtpl removes it when rendering."""
    return add_paragraph(document, tag, STYLE_BODY)


def add_blank_line(document: Document) -> Paragraph:
    return add_paragraph(document, "", STYLE_BODY)


def add_signature(document: Document, unit: str, date: str) -> tuple[Paragraph, Paragraph]:
    """落款 after one blank line: the unit's name, then the date below it, on the right; kept together."""
    add_blank_line(document).paragraph_format.keep_with_next = True
    return add_paragraph(document, unit, STYLE_SIGNATURE), add_paragraph(document, date, STYLE_SIGNATURE)


@dataclass(frozen=True)
class Column:
    header: str
    width: Length
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER


def _format_rows(table: Table) -> None:
    """Rows at least one body line high; the header row repeats on every page; no row breaks across a page."""
    for index, row in enumerate(table.rows):
        row.height = TABLE_ROW_MIN
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        trpr = row._tr.get_or_add_trPr()
        cant_split = OxmlElement("w:cantSplit")
        trpr.append(cant_split)
        if index == 0:
            trpr.append(OxmlElement("w:tblHeader"))


CELL_MARGIN = Mm(1)


def _set_table_properties(table: Table, width: Length) -> None:
    """Width, borders and narrow cell margins as direct table properties (not every program applies a
    table style's borders)."""
    tblpr = table._tbl.tblPr
    tblw = tblpr.find(qn("w:tblW"))
    tblw.set(qn("w:type"), "dxa")
    tblw.set(qn("w:w"), str(width.twips))
    for tag in ("w:tblBorders", "w:tblCellMar"):
        for old in tblpr.findall(qn(tag)):
            tblpr.remove(old)
    tail = ("w:tblLook", "w:tblCaption", "w:tblDescription")
    tblpr.insert_element_before(
        _border_set("w:tblBorders", TABLE_EDGES), "w:shd", "w:tblLayout", "w:tblCellMar", *tail
    )
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        margin = OxmlElement(f"w:{edge}")
        margin.set(qn("w:w"), str(CELL_MARGIN.twips))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    tblpr.insert_element_before(margins, *tail)


def add_table(document: Document, columns: Sequence[Column], rows: Sequence[Sequence[str]]) -> Table:
    """A bordered table in the 荣誉一览表 style: a 黑体 header row, then rows of 仿宋 四号 cells.

    Each cell's text is one run, so a row of docxtpl tags ({%tr for … %}) stays whole.
    """
    table = document.add_table(rows=1 + len(rows), cols=len(columns))
    table.style = document.styles[STYLE_TABLE]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _set_table_properties(table, Length(sum(c.width for c in columns)))
    grid = [STYLE_TABLE_HEADER, *([STYLE_TABLE_TEXT] * len(rows))]
    texts = [[c.header for c in columns], *rows]
    for row, style, row_texts in zip(table.rows, grid, texts, strict=True):
        for cell, column, text in zip(row.cells, columns, row_texts, strict=True):
            cell.width = column.width
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            paragraph = cell.paragraphs[0]
            paragraph.style = document.styles[style]
            if style == STYLE_TABLE_TEXT:
                paragraph.alignment = column.align
            if text:
                add_text_run(paragraph, text, STYLE_FORMATS[style])
    for grid_col, column in zip(table._tbl.tblGrid.gridCol_lst, columns, strict=True):
        grid_col.w = column.width
    _format_rows(table)
    return table


# ---------------------------------------------------------------- blank template


def blank_template(path: Path) -> Path:
    """生成空白模板: the official layout with the common fields as examples, for a clerk to edit in Word."""
    document = new_document()
    add_title(document, "{{ 单位.名称 }}情况汇报")
    add_body(document, "现将{{ 单位.名称 }}{{ 期间 }}有关工作情况汇报如下：")
    add_heading(document, "一、基本情况", 1)
    add_body(
        document, "（在此撰写正文。可用的字段见程序中的“字段说明”，如 {{ 单位.负责人 }}、{{ 荣誉数量 }}。）"
    )
    add_heading(document, "（一）二级标题", 2)
    add_heading(document, "1.三级标题", 3)
    add_body(document, "{{ 材料.主要做法 }}")
    add_heading(document, "二、获得荣誉", 1)
    add_body(document, "{{ 期间 }}，{{ 单位.名称 }}{{ 荣誉概述 }}。")
    add_tag(document, "{%p for 项 in 荣誉 %}")
    add_body(document, "{{ loop.index }}.{{ 项.称号 }}{% if 项.日期 %}（{{ 项.日期 }}）{% endif %}")
    add_tag(document, "{%p endfor %}")
    add_signature(document, "{{ 单位.名称 }}", "{{ 成文日期 }}")
    return save(document, path)


def save(document: Document, path: Path) -> Path:
    from core.files import write_atomically

    return write_atomically(Path(path), lambda temporary: document.save(str(temporary)))
