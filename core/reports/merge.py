"""One merged document for a batch, written as a stream: each unit is rendered, appended and released
before the next, so memory stays flat from ten units to thousands.

Every unit is its own section starting on an odd page (duplex printing never puts a unit on the back of
another), with page numbers restarting at — 1 —; or, for a bound 汇编, numbered through the batch with a
目录 page listing the units. Styles, numbering and the theme are the template's, written once. Headers and
footers are shared while units render them alike; notes, bookmarks and drawing ids are renumbered per unit,
and numbered lists restart per unit in the body, the notes, the headers and the footers.
"""

from __future__ import annotations

import contextlib
import hashlib
import posixpath
import re
import tempfile
import time
import zipfile
from copy import deepcopy
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from lxml import etree

from core.reports.engine import CompiledTemplate, Rendered, renumber_drawings
from core.reports.images import (
    Media,
    data_of,
    media_member,
    media_of,
    with_content_types,
    with_relationships,
)
from core.reports.merge_numbering import ListRestarts
from core.reports.merge_xml import (
    CONTENTS_TITLE,
    as_int,
    attach_section,
    bookmark_first_paragraph,
    contents_line,
    set_child,
    text_paragraph,
    update_fields_on_open,
    w,
    without_namespaces,
)
from core.reports.package import XML_DECLARATION, XML_PARSER

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
DC = "http://purl.org/dc/elements/1.1/"
DCTERMS = "http://purl.org/dc/terms/"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_REL_BASE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_CONTENT_TYPES = "[Content_Types].xml"
_HEADER_FOOTER = ("header", "footer")
_BODY_START = re.compile(r"<w:body(?: [^>]*)?>")


@dataclass(frozen=True)
class MergeOptions:
    continuous: bool = False  # one page numbering through the batch, with a 目录 page
    contents: tuple[str, ...] = ()  # the units' names, in order, for the 目录


@dataclass(frozen=True)
class _Notes:
    """Footnotes, endnotes or comments: collected from every unit with ids made unique."""

    kind: str  # footnotes, endnotes, comments
    item: str  # footnote, endnote, comment
    references: tuple[str, ...]  # elements in the body that point at an item by w:id


_NOTE_KINDS = (
    _Notes("footnotes", "footnote", ("footnoteReference",)),
    _Notes("endnotes", "endnote", ("endnoteReference",)),
    _Notes("comments", "comment", ("commentRangeStart", "commentRangeEnd", "commentReference")),
)


@dataclass
class _NotesState:
    spec: _Notes
    member: str
    head: bytes = b""  # the part with its separators and a marker where the items go
    items: list[bytes] = field(default_factory=list)
    next_id: int = 1


_ITEMS_MARK = b"<!--items-->"


class MergedWriter:
    """Writes a merged .docx to `target` unit by unit: begin, add() per unit, close() (or abort())."""

    def __init__(self, template: CompiledTemplate, target: Path, total: int, options: MergeOptions) -> None:
        self.template = template
        self.package = template.package
        self.target = Path(target)
        self.total = total
        self.options = options
        self.added = 0
        self.drawing_id = 1
        self.bookmark_id = 1
        self.main = self.package.main
        self.rels = self._document_rels()
        self.variants: dict[str, dict[str, tuple[str, str]]] = {}  # rId → content hash → (rId, member)
        self.new_parts: dict[str, bytes] = {}
        self.new_rels: list[tuple[str, str, str]] = []  # (rId, type, target)
        self.notes = self._notes()
        self.lists = ListRestarts(self.package, self.main)
        self.last_section: etree._Element | None = None
        self.first_parts: dict[str, bytes] = {}  # the first unit's rendered parts, for parts no unit varies
        self.properties = self._properties_member()
        self.property_texts: dict[str, str] = {}  # the first unit's 标题, 作者…: kept only where all agree
        self.varying_properties: set[str] = set()
        # Pictures are written at close (the body's stream is open till then), kept on disk meanwhile; a
        # picture two units show is stored once (its relationship id is derived from its content).
        self.media: dict[str, Media] = {}
        self.spool = tempfile.TemporaryDirectory(prefix="honourdesk-media-")
        self.archive = zipfile.ZipFile(self.target, "w", zipfile.ZIP_DEFLATED)
        self._write_static()
        entry = zipfile.ZipInfo(self.main, date_time=time.localtime()[:6])
        entry.compress_type = zipfile.ZIP_DEFLATED
        self.stream: IO[bytes] = self.archive.open(entry, "w", force_zip64=True)
        prefix, self.suffix = self._document_frame()
        self.stream.write(prefix.encode("utf-8"))
        if options.continuous and options.contents:
            self._write_contents()

    # -- the frame

    def _document_rels(self) -> dict[str, etree._Element]:
        return {rel.get("Id", ""): rel for rel in self.package.relationships(self.main)}

    def _written_at_close(self) -> set[str]:
        at_close = {self.main, _CONTENT_TYPES, self.package.rels_member(self.main)}
        at_close |= {state.member for state in self.notes}
        at_close |= {part.member for part in self.template.parts}
        if self.lists.member:
            at_close.add(self.lists.member)
        if self.options.continuous and self.options.contents:
            at_close |= set(self._settings_member())
        return at_close

    def _write_static(self) -> None:
        at_close = self._written_at_close()
        for member in self.template.order:
            if member not in at_close:
                self.archive.writestr(member, self.package.members[member])

    def _document_frame(self) -> tuple[str, str]:
        """The document's XML before the body's content, and after it."""
        xml = self.package.text_of(self.main)
        start = _BODY_START.search(xml)
        if start is None:
            raise ValueError("document without a body")
        return XML_DECLARATION + xml[: start.end()], "</w:body>" + xml.rpartition("</w:body>")[2]

    # -- units

    def add(self, rendered: Rendered) -> None:
        """Append one unit's document as its own section(s)."""
        self.added += 1
        last = self.added == self.total
        root = rendered.body
        if root is None:
            root = etree.fromstring(self.package.members[self.main], XML_PARSER)
        body = root.find(w("body"))
        final = body[-1] if len(body) and body[-1].tag == w("sectPr") else None
        if final is not None:
            body.remove(final)
        else:
            final = etree.SubElement(body, w("sectPr"))
            body.remove(final)
        self._start_section(body, final)
        self._headers_and_footers(body, final, rendered)
        self._notes_of(body, rendered)
        self._unique_ids(body)
        if self.added > 1:
            self.lists.restart(body)
        self._keep_pictures(rendered)
        if self.added == 1:
            self.first_parts = dict(rendered.parts)
        self._compare_properties(rendered)
        if not last:
            attach_section(body, final)
            self.last_section = final
        xml = etree.tostring(root, encoding="unicode")
        start = _BODY_START.search(xml)
        content = xml[start.end() : xml.rindex("</w:body>")] if start else ""
        self.stream.write(content.encode("utf-8"))
        if last:
            self.stream.write(etree.tostring(final, encoding="unicode").encode("utf-8"))

    def _start_section(self, body: etree._Element, final: etree._Element) -> None:
        """The unit's first section begins on an odd page; its page numbers restart (unless continuous)."""
        first = next(iter(body.iter(w("sectPr"))), final)
        if self.added > 1 or (self.options.continuous and self.options.contents):
            set_child(first, "type", {"val": "oddPage"})
        restart = not self.options.continuous or self.added == 1
        for section in [*body.iter(w("sectPr")), final]:
            numbering = section.find(w("pgNumType"))
            if numbering is not None and not (restart and section is first):
                numbering.attrib.pop(w("start"), None)
        if restart:
            set_child(first, "pgNumType", {"start": "1"})
        if self.options.contents:
            bookmark_first_paragraph(body, f"_HD_unit_{self.added}")

    def _headers_and_footers(self, body: etree._Element, final: etree._Element, rendered: Rendered) -> None:
        """Units that render a header or footer alike share it; one that differs gets its own part (as does
        one with a numbered paragraph, for each unit after the first: its lists restart)."""
        restarted: dict[str, bytes] = {}  # member → its XML with this unit's list instances
        for reference in [*body.iter(w("headerReference"), w("footerReference")), *final]:
            rid = reference.get(f"{{{R}}}id")
            rel = self.rels.get(rid or "")
            if rel is None:
                continue
            member = self.package.target(self.main, rel)
            known = self.variants.setdefault(rid or "", {})
            content = rendered.parts.get(member)
            if content is None:  # no tags: the template's part, written as it is
                content = self.package.members.get(member)
                if content is None:
                    continue
                known.setdefault(hashlib.sha1(content).hexdigest(), (rid or "", member))
            if self.added > 1:
                content = restarted.setdefault(member, self.lists.restart_part(content))
            digest = hashlib.sha1(content).hexdigest()
            if not known:
                known[digest] = (rid or "", member)
                self.new_parts[member] = content
            elif digest not in known:
                number = len(self.new_rels) + 1
                new_rid = f"rIdHD{number}"
                folder, base = posixpath.split(member)
                stem, ext = posixpath.splitext(base)
                new_member = posixpath.join(folder, f"{stem}-{number}{ext}")
                known[digest] = (new_rid, new_member)
                self.new_parts[new_member] = content
                self.new_rels.append((new_rid, rel.get("Type", ""), posixpath.basename(new_member)))
                own_rels = self.package.members.get(self.package.rels_member(member))
                if own_rels is not None:
                    self.new_parts[self.package.rels_member(new_member)] = own_rels
            reference.set(f"{{{R}}}id", known[digest][0])

    def _notes(self) -> list[_NotesState]:
        states = []
        for spec in _NOTE_KINDS:
            member = next(
                (
                    self.package.target(self.main, rel)
                    for rel in self.rels.values()
                    if rel.get("Type") == _REL_BASE + spec.kind
                ),
                None,
            )
            if member and member in self.package.members:
                states.append(_NotesState(spec, member))
        return states

    def _notes_of(self, body: etree._Element, rendered: Rendered) -> None:
        for state in self.notes:
            blob = rendered.parts.get(state.member) or self.package.members[state.member]
            root = etree.fromstring(blob, XML_PARSER)
            if self.added > 1:
                self.lists.restart(root)
            numbers: dict[str, str] = {}
            for item in list(root):
                special = item.get(w("type")) in ("separator", "continuationSeparator", "continuationNotice")
                if special:
                    state.next_id = max(state.next_id, as_int(item.get(w("id"))) + 1)
                    continue
                old = item.get(w("id"), "")
                numbers[old] = str(state.next_id)
                item.set(w("id"), numbers[old])
                state.next_id += 1
                state.items.append(etree.tostring(item, encoding="utf-8"))
                root.remove(item)
            if not state.head:
                root.append(etree.Comment("items"))
                state.head = etree.tostring(root, encoding="utf-8")
            for name in state.spec.references:
                for reference in body.iter(w(name)):
                    old = reference.get(w("id"), "")
                    if old in numbers:
                        reference.set(w("id"), numbers[old])

    def _unique_ids(self, body: etree._Element) -> None:
        self.drawing_id = renumber_drawings(body, self.drawing_id)
        numbers: dict[str, str] = {}
        for name in ("bookmarkStart", "bookmarkEnd"):
            for mark in body.iter(w(name)):
                old = mark.get(w("id"), "")
                if old not in numbers:
                    numbers[old] = str(self.bookmark_id)
                    self.bookmark_id += 1
                mark.set(w("id"), numbers[old])
                bookmark = mark.get(w("name"))
                if bookmark and self.added > 1 and not bookmark.startswith("_HD_unit_"):
                    mark.set(w("name"), f"{bookmark}_{self.added}")
        if self.added > 1:
            for element in body.iter():
                element.attrib.pop(f"{{{W14}}}paraId", None)
                element.attrib.pop(f"{{{W14}}}textId", None)

    def _keep_pictures(self, rendered: Rendered) -> None:
        for rid, picture in rendered.pictures.items():
            if rid not in self.media:
                media = media_of(picture)
                (Path(self.spool.name) / media.name).write_bytes(data_of(picture))
                self.media[rid] = media

    def _compare_properties(self, rendered: Rendered) -> None:
        """Note the document properties (标题, 作者) that differ between units: the merged document's
        must not name its first unit."""
        blob = rendered.parts.get(self.properties or "")
        if blob is None:
            return
        for element in etree.fromstring(blob, XML_PARSER):
            if element.tag.startswith(f"{{{DCTERMS}}}"):
                continue  # created, modified: the time of rendering
            text = element.text or ""
            if self.added == 1:
                self.property_texts[element.tag] = text
            elif self.property_texts.get(element.tag, "") != text:
                self.varying_properties.add(element.tag)

    def _merged_properties(self, blob: bytes) -> bytes:
        """The first unit's properties with those the units do not share replaced: 情况汇报（合并，30 个单位）."""
        if not self.varying_properties:
            return blob
        root = etree.fromstring(blob, XML_PARSER)
        for element in root:
            if element.tag in self.varying_properties:
                title = element.tag == f"{{{DC}}}title"
                element.text = f"{self.template.name}（合并，{self.added} 个单位）" if title else None
        return XML_DECLARATION.encode() + etree.tostring(root, encoding="utf-8")

    # -- the 目录 page

    def _write_contents(self) -> None:
        width = self._text_width()
        paragraphs = [text_paragraph(CONTENTS_TITLE, centred=True)]
        for index, name in enumerate(self.options.contents, 1):
            paragraphs.append(contents_line(f"{index}. {name}", f"_HD_unit_{index}", width))
        section = self._contents_section()
        last = paragraphs[-1]
        properties = last.find(w("pPr"))
        properties.append(section)
        for paragraph in paragraphs:
            self.stream.write(without_namespaces(paragraph).encode("utf-8"))

    def _template_section(self) -> etree._Element:
        root = etree.fromstring(self.package.members[self.main], XML_PARSER)
        found = root.find(w("body")).find(w("sectPr"))
        return found if found is not None else etree.Element(w("sectPr"))

    def _text_width(self) -> int:
        section = self._template_section()
        size, margins = section.find(w("pgSz")), section.find(w("pgMar"))
        try:
            return int(size.get(w("w"))) - int(margins.get(w("left"))) - int(margins.get(w("right")))
        except (AttributeError, TypeError, ValueError):
            return 8844

    def _contents_section(self) -> etree._Element:
        section = self._template_section()
        for child in list(section):
            if child.tag in (w("headerReference"), w("footerReference"), w("type")):
                section.remove(child)
        set_child(section, "pgNumType", {"fmt": "upperRoman", "start": "1"})
        return section

    def _settings_member(self) -> list[str]:
        return [
            self.package.target(self.main, rel)
            for rel in self.rels.values()
            if rel.get("Type") == _REL_BASE + "settings"
        ]

    def _properties_member(self) -> str | None:
        for rel in self.package.relationships(""):
            if rel.get("Type", "").endswith("/core-properties"):
                return self.package.target("", rel)
        return None

    # -- closing

    def close(self) -> None:
        if self.added < self.total and self.last_section is not None:  # a unit went missing on the way
            ending = deepcopy(self.last_section)
            set_child(ending, "type", {"val": "continuous"})
            self.stream.write(etree.tostring(ending, encoding="unicode").encode("utf-8"))
        self.stream.write(self.suffix.encode("utf-8"))
        self.stream.close()
        for member, blob in self.new_parts.items():
            self.archive.writestr(member, blob)
        for media in self.media.values():
            self.archive.write(Path(self.spool.name) / media.name, media_member(self.main, media))
        notes = {state.member for state in self.notes}
        for part in self.template.parts:
            if part.member not in self.new_parts and part.member != self.main and part.member not in notes:
                blob = self.first_parts.get(part.member) or self.package.members[part.member]
                if part.member == self.properties:
                    blob = self._merged_properties(blob)
                self.archive.writestr(part.member, blob)
        for state in self.notes:
            if not state.head:
                self.archive.writestr(state.member, self.package.members[state.member])
                continue
            before, _, after = state.head.partition(_ITEMS_MARK)
            self.archive.writestr(
                state.member, XML_DECLARATION.encode() + before + b"".join(state.items) + after
            )
        if self.lists.member:
            self.archive.writestr(self.lists.member, self.lists.numbering_xml())
        self.archive.writestr(self.package.rels_member(self.main), self._rels_xml())
        self.archive.writestr(_CONTENT_TYPES, self._content_types())
        if self.options.continuous and self.options.contents:
            for member in self._settings_member():
                self.archive.writestr(member, update_fields_on_open(self.package.members[member]))
        self.archive.close()
        self.spool.cleanup()

    def abort(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.stream.close()
        with contextlib.suppress(OSError, ValueError):
            self.archive.close()
        with contextlib.suppress(OSError):
            self.spool.cleanup()

    def _rels_xml(self) -> bytes:
        root = etree.fromstring(self.package.members[self.package.rels_member(self.main)], XML_PARSER)
        for rid, kind, target in self.new_rels:
            etree.SubElement(root, f"{{{PKG_RELS}}}Relationship", Id=rid, Type=kind, Target=target)
        return with_relationships(etree.tostring(root), self.media.values())

    def _content_types(self) -> bytes:
        root = etree.fromstring(self.package.members[_CONTENT_TYPES], XML_PARSER)
        overrides = {o.get("PartName"): o for o in root if o.get("PartName")}
        for member in self.new_parts:
            if member.endswith(".rels"):
                continue
            original = next(
                (o for name, o in overrides.items() if _stem_of(name) == _stem_of("/" + member)), None
            )
            if f"/{member}" not in overrides and original is not None:
                etree.SubElement(
                    root,
                    f"{{{CT}}}Override",
                    PartName=f"/{member}",
                    ContentType=original.get("ContentType", ""),
                )
        return with_content_types(etree.tostring(root), self.media.values())


def _stem_of(part_name: str) -> str:
    """/word/footer1-3.xml → /word/footer1.xml: a variant has the content type of its original."""
    return re.sub(r"-\d+(\.xml)$", r"\1", part_name)
