"""WordprocessingML pieces a merged document needs: section properties set in the schema's order, a section
ending with a unit's last paragraph, hidden bookmarks at a unit's start, and the 目录 page's lines (the units'
names with PAGEREF page numbers on a dotted tab)."""

from __future__ import annotations

from lxml import etree

from core.reports.package import XML_DECLARATION, XML_PARSER

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
CONTENTS_TITLE = "目  录"
# The children of w:sectPr in the schema's order: where w:type and w:pgNumType go.
_SECTPR_ORDER = (
    "headerReference",
    "footerReference",
    "footnotePr",
    "endnotePr",
    "type",
    "pgSz",
    "pgMar",
    "paperSrc",
    "pgBorders",
    "lnNumType",
    "pgNumType",
    "cols",
    "formProt",
    "vAlign",
    "noEndnote",
    "titlePg",
    "textDirection",
    "bidi",
    "rtlGutter",
    "docGrid",
    "printerSettings",
    "sectPrChange",
)


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def set_child(section: etree._Element, name: str, values: dict[str, str]) -> None:
    """Set attributes on a w:sectPr child, creating it in the schema's place."""
    child = section.find(w(name))
    if child is None:
        child = etree.Element(w(name))
        later = set(_SECTPR_ORDER[_SECTPR_ORDER.index(name) + 1 :])
        successor = next(
            (c for c in section if isinstance(c.tag, str) and etree.QName(c).localname in later), None
        )
        if successor is None:
            section.append(child)
        else:
            successor.addprevious(child)
    for key, value in values.items():
        child.set(w(key), value)


def attach_section(body: etree._Element, section: etree._Element) -> None:
    """The unit's last section ends with its last paragraph (a new empty one only after a table)."""
    last = body[-1] if len(body) else None
    if last is None or last.tag != w("p") or last.find(f"{w('pPr')}/{w('sectPr')}") is not None:
        last = etree.SubElement(body, w("p"))
    properties = last.find(w("pPr"))
    if properties is None:
        properties = etree.Element(w("pPr"))
        last.insert(0, properties)
    change = properties.find(w("pPrChange"))
    if change is not None:
        change.addprevious(section)
    else:
        properties.append(section)


def as_int(text: str | None) -> int:
    try:
        return int(text or 0)
    except ValueError:
        return 0


def bookmark_first_paragraph(body: etree._Element, name: str) -> None:
    """A hidden bookmark at the unit's start, for the 目录's page number (renumbered with the others)."""
    first = body.find(w("p"))
    if first is None:
        return
    start = etree.SubElement(first, w("bookmarkStart"))
    start.set(w("id"), "-1")
    start.set(w("name"), name)
    end = etree.SubElement(first, w("bookmarkEnd"))
    end.set(w("id"), "-1")
    first.remove(start)
    properties = first.find(w("pPr"))
    index = 1 if properties is not None else 0
    first.insert(index, start)
    first.append(end)


def _element(name: str) -> etree._Element:
    return etree.Element(w(name), nsmap={"w": W})


def _run(text: str) -> etree._Element:
    run = _element("r")
    element = etree.SubElement(run, w("t"))
    element.text = text
    element.set(XML_SPACE, "preserve")
    return run


def text_paragraph(text: str, centred: bool = False) -> etree._Element:
    paragraph = _element("p")
    properties = etree.SubElement(paragraph, w("pPr"))
    indent = etree.SubElement(properties, w("ind"))
    indent.set(w("firstLineChars"), "0")
    indent.set(w("firstLine"), "0")
    if centred:
        etree.SubElement(properties, w("jc")).set(w("val"), "center")
    paragraph.append(_run(text))
    return paragraph


def contents_line(text: str, bookmark: str, width: int) -> etree._Element:
    """一行目录: the unit's name, a dotted tab to the right margin, and its page (a PAGEREF field)."""
    paragraph = text_paragraph(text)
    properties = paragraph.find(w("pPr"))
    tabs = _element("tabs")
    tab = etree.SubElement(tabs, w("tab"))
    tab.set(w("val"), "right")
    tab.set(w("leader"), "dot")
    tab.set(w("pos"), str(width))
    properties.insert(0, tabs)
    tab_run = etree.SubElement(paragraph, w("r"))
    etree.SubElement(tab_run, w("tab"))
    for kind, value in (("begin", None), ("instr", f" PAGEREF {bookmark} \\h "), ("separate", None)):
        run = etree.SubElement(paragraph, w("r"))
        if kind == "instr":
            instruction = etree.SubElement(run, w("instrText"))
            instruction.text = value
            instruction.set(XML_SPACE, "preserve")
        else:
            etree.SubElement(run, w("fldChar")).set(w("fldCharType"), kind)
    paragraph.append(_run(""))
    etree.SubElement(etree.SubElement(paragraph, w("r")), w("fldChar")).set(w("fldCharType"), "end")
    return paragraph


def without_namespaces(element: etree._Element) -> str:
    """An element as the body's text, relying on the document's own namespace declarations."""
    etree.cleanup_namespaces(element)
    text = etree.tostring(element, encoding="unicode")
    return text.replace(f' xmlns:w="{W}"', "")


def update_fields_on_open(settings: bytes) -> bytes:
    """Word fills the 目录's page numbers (PAGEREF) when it opens the document."""
    root = etree.fromstring(settings, XML_PARSER)
    if root.find(w("updateFields")) is None:
        update = etree.Element(w("updateFields"))
        update.set(w("val"), "true")
        root.insert(0, update)
    return XML_DECLARATION.encode() + etree.tostring(root, encoding="utf-8")
