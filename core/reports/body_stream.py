"""A large document's body written as a stream: the summary over a city's units (10,000 units, 30 MB of
document.xml) never holds its whole text or its parsed tree, whose lxml tree alone would be ten times the XML.

The template's output goes to a spool file piece by piece, with the same finishing of the text as a body
rendered at once (engine.CompiledTemplate._finish). The spool is then read twice, element by element of
w:body, each released once done:

1. the plan: what finish_body() needs of the whole document — the 落款's two paragraphs, how far back
   before the signature its keep-together reaches, and the text of the 荣誉一览表 tables, whose widths
   are fitted over all the tables with the same header;
2. the writing: each element finished as finish_body() would finish it in the whole tree (drawing ids,
   the signature, the tables with the widths of step 1, the pictures) and serialised into the package.

The XML written is the same, byte for byte, as the tree's (test_body_stream.py compares the two).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from docx.shared import Length
from lxml import etree

from core.reports.active import FieldWatch
from core.reports.finish import (
    break_title,
    fit_letterhead,
    fit_tables_with,
    header_widths,
    keeps_before,
    place_signature_on,
    signed_text,
    table_rows,
)
from core.reports.images import Picture, used_pictures
from core.reports.package import DOCXTPL
from core.reports.sandbox import template_escapes_undone

W_BODY = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}body"
PIECE = 1 << 16  # characters of output gathered before a piece is finished and spooled
PARAGRAPH_END = "</w:p>"
_MARK = "honourdesk-body-mark"
_PARSE = {"recover": True, "resolve_entities": False, "no_network": True, "load_dtd": False}


def spool(
    chunks: Iterator[str], out: IO[bytes], newline_mark: str, expand: Callable[[str], None] | None = None
) -> None:
    """The template's output finished as a whole body's text is, written piece by piece. A piece ends
    just after a paragraph's end tag: docxtpl's resolve_listing() works paragraph by paragraph, and no
    escape (“{_{”) can straddle a “>”. A paragraph longer than a piece is looked at again only once the
    text held has doubled: joined and searched at every chunk, one huge paragraph took time squared.
    expand: told each piece before its tabs and line breaks are expanded (Budget.expand)."""
    pending: list[str] = []
    size = 0
    due = PIECE
    for chunk in chunks:
        pending.append(chunk)
        size += len(chunk)
        if size >= due:
            text = "".join(pending)
            cut = text.rfind(PARAGRAPH_END)
            if cut < 0:
                pending, due = [text], 2 * size
                continue
            cut += len(PARAGRAPH_END)
            out.write(_finish_text(text[:cut], newline_mark, expand).encode("utf-8"))
            pending, size = [text[cut:]], len(text) - cut
            due = max(PIECE, 2 * size)
    out.write(_finish_text("".join(pending), newline_mark, expand).encode("utf-8"))


def _finish_text(text: str, newline_mark: str, expand: Callable[[str], None] | None = None) -> str:
    text = text.replace("\n", "")  # the source's own line ends (one paragraph a line)
    text = template_escapes_undone(text)
    text = text.replace(newline_mark, "\n")
    if "\n" in text or "\t" in text:
        if expand is not None:
            expand(text)
        text = DOCXTPL.resolve_listing(text)
    return text


@dataclass
class BodyPlan:
    """What writing the body needs to know of the whole of it (step 1)."""

    prefix: str = ""  # the document's XML up to the body's content, and after it
    suffix: str = ""
    count: int = 0  # the body's elements
    signature: tuple[int, int] | None = None  # the 落款's unit and date paragraphs, by position
    keep_from: int = 0  # the first element the signature's keep-together reaches
    widths: dict[tuple[str, ...], list[Length]] = field(default_factory=dict)


def _body_elements(path: Path) -> Iterator[tuple[etree._Element, etree._Element]]:
    """(body, element) for each element of the body (comments too) once complete; the caller removes it
    when done, not before the next one comes (its tail, the text after it, is read with the next)."""
    events = ("end", "comment", "pi")
    for _event, element in etree.iterparse(str(path), events=events, **_PARSE):
        parent = element.getparent()
        if parent is not None and parent.tag == W_BODY and parent.getparent() is not None:
            yield parent, element


def plan_body(path: Path, watch: FieldWatch | None = None) -> BodyPlan:
    """Step 1: one reading of the spooled body (etree.XMLSyntaxError when it is not XML); watch is fed
    every element (the fields the rendering made)."""
    plan = BodyPlan()
    signed: list[int] = []
    stops = bytearray()  # per element: whether the signature's keep-together stops at it
    rows: dict[tuple[str, ...], list[list[str]]] = {}
    body = previous = None
    for parent, element in _body_elements(path):
        body = parent
        if watch is not None:
            watch.feed(element)
        if signed_text(element):
            signed.append(plan.count)
        stops.append(keeps_before(element))
        table_rows(element, rows)
        if previous is not None:
            _release(previous)
        previous = element
        plan.count += 1
    if body is None:
        body = _empty_body(path)
    elif previous is not None:
        _release(previous)
    etree.SubElement(body, _MARK)
    root = body.getroottree().getroot()
    plan.prefix, _, plan.suffix = etree.tostring(root, encoding="unicode").partition(f"<{_MARK}/>")
    if len(signed) >= 2:
        unit, date = signed[-2], signed[-1]
        plan.signature = (unit, date)
        plan.keep_from = next((i for i in range(unit - 1, -1, -1) if stops[i]), 0)
    plan.widths = header_widths(rows)
    return plan


def _release(element: etree._Element) -> None:
    """Out of the tree and freed: emptied first, for lxml moves a removed element's whole subtree into
    a document of its own (seconds for a table of thousands of rows)."""
    element.clear()
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)


def _empty_body(path: Path) -> etree._Element:
    root = etree.parse(str(path), etree.XMLParser(**_PARSE)).getroot()
    body = root.find(W_BODY) if root is not None else None
    if body is None:  # a template's own document.xml without one: told as the template's error
        raise ValueError("rendered document.xml without a body")
    return body


def write_body(
    path: Path, plan: BodyPlan, out: IO[bytes], available: Mapping[str, Picture]
) -> dict[str, Picture]:
    """Step 2: the finished body written to out (the package's document.xml after its declaration);
    returns the pictures it shows."""
    out.write(plan.prefix.encode("utf-8"))
    pictures: dict[str, Picture] = {}
    writer = _Writer(out)
    held: list[etree._Element] = []  # written elements not yet released: a later one may still change them
    drawing = 1
    unit, date = plan.signature or (-1, -1)
    from core.reports.engine import renumber_drawings  # engine imports this module

    for index, (_body, element) in enumerate(_body_elements(path)):
        drawing = renumber_drawings(element, drawing)
        if index == date:
            place_signature_on(held[unit - index], element)
        fit_tables_with(element, plan.widths)
        fit_letterhead(element)
        break_title(element)
        pictures |= used_pictures(element, available)
        held.append(element)
        # one back for the heading a table keeps with it; from keep_from on, all until the 落款 is placed
        keep = len(held) if plan.keep_from <= index < date else 1
        while len(held) > keep:
            writer.write(held.pop(0))
    for element in held:
        writer.write(element)
    out.write(plan.suffix.encode("utf-8"))
    return pictures


class _Writer:
    """Each element as the whole tree's serialisation has it: without the namespace declarations that
    lxml repeats on an element serialised alone (the document's own stand at its top)."""

    def __init__(self, out: IO[bytes]) -> None:
        self.out = out

    def write(self, element: etree._Element) -> None:
        parent = element.getparent()
        text = etree.tostring(element, encoding="unicode")
        end = text.index(">")
        start = text[:end]
        for prefix, uri in (parent.nsmap if parent is not None else {}).items():
            declared = f' xmlns:{prefix}="{uri}"' if prefix else f' xmlns="{uri}"'
            start = start.replace(declared, "", 1)
        self.out.write((start + text[end:]).encode("utf-8"))
        _release(element)
