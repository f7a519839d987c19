"""A .docx template as a package of parts: which parts hold template text, the Jinja source of each, and
where every tag stands (paragraph or table cell) so that problems can be pointed at.

The package's sizes are checked (core/zip_guard.py) before anything is unpacked. The parts that are
rendered are the body, headers, footers, footnotes, endnotes, comments and the document properties —
each exactly once (docxtpl renders footnotes once per section, which evaluates data as template text).
"""

from __future__ import annotations

import html
import logging
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from docxtpl import DocxTemplate
from lxml import etree

from core import files
from core.errors import UserError
from core.temporary import PrivateCopy
from core.zip_guard import DOCX_LIMITS, DOCX_MAX_TAGS, MB, check_markup, check_package

log = logging.getLogger(__name__)

RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
REL_DOCUMENT = _OFFICE_REL + "officeDocument"
REL_CORE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
_PART_LABELS = {
    "header": "页眉",
    "footer": "页脚",
    "footnotes": "脚注",
    "endnotes": "尾注",
    "comments": "批注",
}
BODY_LABEL = "正文"
PROPERTIES_LABEL = "文档属性"
PROPERTY_NAMES = {
    "title": "标题",
    "subject": "主题",
    "creator": "作者",
    "keywords": "关键词",
    "description": "备注",
    "category": "类别",
    "identifier": "标识",
    "language": "语言",
    "contentStatus": "状态",
    "version": "版本",
    "lastModifiedBy": "最后修改者",
}

XML_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    huge_tree=False,
    remove_comments=True,
    remove_pis=True,
)
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
DOCXTPL = DocxTemplate(None)  # only its text methods are used (patch_xml, resolve_listing, fix_tables)


def out_of_memory(error: etree.XMLSyntaxError) -> bool:
    """The parser ran out of memory (libxml2 says only “unknown error”): not a damaged file."""
    no_memory = etree.ErrorTypes.ERR_NO_MEMORY
    return error.code == no_memory or any(entry.type == no_memory for entry in error.error_log)


_TAG = re.compile(
    r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|\{\{.*|\{%.*|\{#.*", re.DOTALL
)  # the last three: unfinished
_CLOSERS = {"{{": "}}", "{%": "%}", "{#": "#}"}
_DOCXTPL_PREFIX = re.compile(r"^(\{[{%#])-?\s*(?:p|tr|tc|r)\s+(?=\S)")
_TOKENS = re.compile(
    r"<w:tbl[ >]|</w:tbl>|<w:tr[ >]|</w:tr>|<w:tc[ >]|</w:tc>|<w:p/>|<w:p[ >]|</w:p>"
    r"|<w:t(?: [^>]*)?>([^<]*)</w:t>|<w:(?:footnote|endnote|comment)( [^>]*)?>"
)
_SEPARATOR = re.compile(r'w:type="(?:separator|continuationSeparator|continuationNotice)"')
_SMART_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


class TemplateFileError(UserError):
    """The file is not a Word document a template can be read from."""


@dataclass(frozen=True)
class Tag:
    text: str  # the Jinja tag as Jinja reads it, e.g. {% for 项 in 荣誉 %}
    place: str  # where it stands, in Chinese


@dataclass
class TemplatePart:
    member: str  # the zip member, e.g. word/document.xml
    label: str  # 正文, 页眉, 脚注, 文档属性…
    xml: str  # the part's XML as text
    source: str = ""  # what Jinja renders: one paragraph (or property) a line
    tags: list[Tag] = field(default_factory=list)

    @property
    def templated(self) -> bool:
        return any(opener in self.source for opener in ("{{", "{%", "{#", "{_"))


def normalise_tag(text: str) -> str:
    """A tag as Jinja sees it after docxtpl's patching: {%p if x %} → {% if x %}, one space between words."""
    text = html.unescape(text).translate(_SMART_QUOTES)
    text = _DOCXTPL_PREFIX.sub(r"\1 ", text)
    opener = text[:2]
    closer = _CLOSERS.get(opener, "")
    if len(text) < 4 or not text.endswith(closer):
        return " ".join(text.split())  # unfinished: kept as written
    body = " ".join(text[2:-2].strip("-").split())
    return f"{opener} {body} {closer}" if body else f"{opener}{closer}"


def tags_in(text: str) -> list[str]:
    return [normalise_tag(m.group(0)) for m in _TAG.finditer(text)]


def _preview(text: str) -> str:
    text = " ".join(html.unescape(text).split())
    return text if len(text) <= 24 else text[:24] + "…"


def paragraph_tags(xml: str, label: str) -> list[Tag]:
    """Every tag of a part with the paragraph or the table cell it stands in."""
    tags: list[Tag] = []
    tables: list[list[int]] = []  # [table number, row, column] of each open table, innermost last
    paragraphs: list[list[str]] = []  # the texts of each open paragraph
    outer_tables = 0
    outer_paragraphs = 0
    note = 0  # footnotes, endnotes and comments are counted as notes, not paragraphs
    for match in _TOKENS.finditer(xml):
        token = match.group(0)
        if match.group(1) is not None:
            if paragraphs:
                paragraphs[-1].append(match.group(1))
        elif token.startswith(("<w:footnote", "<w:endnote", "<w:comment")):
            if not _SEPARATOR.search(token):
                note += 1
        elif token.startswith("<w:tbl"):
            if not tables:
                outer_tables += 1
            tables.append([outer_tables, 0, 0])
        elif token == "</w:tbl>":
            if tables:
                tables.pop()
        elif token.startswith("<w:tr"):
            if tables:
                tables[-1][1] += 1
                tables[-1][2] = 0
        elif token.startswith("<w:tc"):
            if tables:
                tables[-1][2] += 1
        elif token == "<w:p/>":
            outer_paragraphs += 0 if tables else 1
        elif token.startswith("<w:p"):
            paragraphs.append([])
            outer_paragraphs += 0 if tables or len(paragraphs) > 1 else 1
        elif token == "</w:p>" and paragraphs:
            text = "".join(paragraphs.pop())
            found = tags_in(html.unescape(text)) if "{" in text else []
            if found:
                place = _place(label, tables, outer_paragraphs, text, note)
                tags += [Tag(tag, place) for tag in found]
    return tags


def _place(label: str, tables: list[list[int]], paragraph: int, text: str, note: int = 0) -> str:
    if note:
        return f"第 {note} 条{label}“{_preview(text)}”"
    if tables:
        number, row, column = tables[-1]
        return f"{label}第 {number} 个表格第 {row} 行第 {column} 列“{_preview(text)}”"
    return f"{label}第 {paragraph} 段“{_preview(text)}”"


def _declares_doctype(blob: bytes) -> bool:
    """Whether a document type declaration comes before the part's root element (after the XML
    declaration, comments and processing instructions). Word never writes one (ECMA-376 forbids it); its
    entities would stay in the parsed tree as nameless nodes, and their text could reach the report."""
    if blob.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16, with its byte order mark
        blob = blob[:65536].decode("utf-16", "replace").encode("utf-8")
    at = 3 if blob.startswith(b"\xef\xbb\xbf") else 0
    while True:
        while blob[at : at + 1].isspace():
            at += 1
        for opening, closing in ((b"<?", b"?>"), (b"<!--", b"-->")):
            if blob.startswith(opening, at):
                end = blob.find(closing, at + len(opening))
                if end < 0:
                    return False
                at = end + len(closing)
                break
        else:
            return blob.startswith(b"<!DOCTYPE", at)


def elements(parent: etree._Element) -> list[etree._Element]:
    """parent's child elements, without the comments, processing instructions and entity references a
    part from outside may hold between them (they have no name: etree.QName fails on them)."""
    return [child for child in parent if isinstance(child.tag, str)]


def jinja_source(xml: str) -> str:
    """docxtpl's patched source with each paragraph on a line of its own (Jinja's line numbers)."""
    return DOCXTPL.patch_xml(re.sub(r"<w:p([ >])", r"\n<w:p\1", xml))


def property_tags(xml: str) -> list[Tag]:
    tags: list[Tag] = []
    root = etree.fromstring(xml.encode("utf-8"), XML_PARSER)
    for element in elements(root):
        text = element.text or ""
        if "{" in text:
            name = etree.QName(element).localname
            place = f"{PROPERTIES_LABEL}“{PROPERTY_NAMES.get(name, name)}”"
            tags += [Tag(tag, place) for tag in tags_in(text)]
    return tags


def property_source(xml: str) -> str:
    """The core properties with each property on a line of its own."""
    return DOCXTPL.patch_xml(re.sub(r"(?=<(?:dc|cp|dcterms):)", "\n", xml))


# ---------------------------------------------------------------- the package


class TemplatePackage:
    """The members of a .docx, read once after the size check; the templated parts found by relationship."""

    def __init__(self, members: dict[str, bytes], name: str) -> None:
        self.members = members
        self.name = name
        self.main = self._main_document()

    @classmethod
    def open(cls, path: Path, name: str | None = None) -> TemplatePackage:
        path = Path(path)
        name = name or path.stem
        try:
            # read once: the package measured is the package unpacked, though the file is replaced
            # meanwhile (a template on a share, saved again by a colleague)
            with PrivateCopy(
                path, limit=DOCX_LIMITS.max_total_bytes, too_large=lambda: _too_large(path)
            ) as copy:
                check_package(copy.path, DOCX_LIMITS, "模板")
                check_markup(copy.path, DOCX_MAX_TAGS, "模板")  # the worker's memory would run out first
                with zipfile.ZipFile(copy.path) as archive:
                    members = {
                        info.filename: archive.read(info) for info in archive.infolist() if not info.is_dir()
                    }
        except UserError:
            raise
        except (OSError, zipfile.BadZipFile, zlib.error, ValueError, RuntimeError, EOFError) as error:
            log.info("cannot read template %s", path, exc_info=error)
            outside = files.why_not_read(error) if isinstance(error, OSError) else None
            if outside is not None:
                raise TemplateFileError(f"文件“{path.name}”{outside}。") from error
            raise TemplateFileError(f"文件“{path.name}”不是可用的 Word 文档（.docx）。") from error
        for member, blob in members.items():
            if member.endswith((".xml", ".rels")) and _declares_doctype(blob):
                raise TemplateFileError(
                    f"模板“{name}”中的“{member}”含有文档类型声明（DOCTYPE），Word 文档里不会有，"
                    "可能是被改动或恶意构造的文件，未使用。请在 Word 中打开后另存为 .docx 再添加。"
                )
        return cls(members, name)

    # -- relationships

    def rels_member(self, member: str) -> str:
        folder, base = posixpath.split(member)
        return posixpath.join(folder, "_rels", f"{base}.rels")

    def relationships(self, member: str) -> list[etree._Element]:
        blob = self.members.get(self.rels_member(member))
        if blob is None:
            return []
        root = self.parse(blob, self.rels_member(member))
        return [r for r in elements(root) if etree.QName(r).localname == "Relationship"]

    @staticmethod
    def target(source_member: str, relationship: etree._Element) -> str:
        target = relationship.get("Target", "")
        if target.startswith("/"):
            return target.lstrip("/")
        return posixpath.normpath(posixpath.join(posixpath.dirname(source_member), target))

    def _main_document(self) -> str:
        for rel in self.relationships(""):
            if rel.get("Type") == REL_DOCUMENT and rel.get("TargetMode") != "External":
                member = self.target("", rel)
                if member in self.members:
                    return member
        raise TemplateFileError(f"文件“{self.name}”不是 Word 文档：找不到正文。")

    def parse(self, blob: bytes, member: str) -> etree._Element:
        try:
            return etree.fromstring(blob, XML_PARSER)
        except etree.XMLSyntaxError as error:
            if out_of_memory(error):
                raise MemoryError from error
            if error.code == etree.ErrorTypes.ERR_RESOURCE_LIMIT:  # a text of over ten million characters
                raise TemplateFileError(
                    f"模板“{self.name}”的“{member}”中有一段文字过长，超出可以安全读取的范围，未读取。"
                ) from error
            raise TemplateFileError(f"模板“{self.name}”已损坏：其中的“{member}”不是有效的 XML。") from error

    def text_of(self, member: str) -> str:
        return etree.tostring(self.parse(self.members[member], member), encoding="unicode")

    # -- the parts a template is written in

    def part_members(self) -> list[tuple[str, str]]:
        """(member, label) of every part that is rendered, in the order docxtpl renders them."""
        found: list[tuple[str, str]] = [(self.main, BODY_LABEL)]
        kinds: dict[str, list[str]] = {kind: [] for kind in _PART_LABELS}
        for rel in self.relationships(self.main):
            kind = rel.get("Type", "").rpartition("/")[2]
            member = self.target(self.main, rel)
            external = rel.get("TargetMode") == "External"
            if kind in kinds and not external and member in self.members and member not in kinds[kind]:
                kinds[kind].append(member)
        core = [
            self.target("", rel)
            for rel in self.relationships("")
            if rel.get("Type") == REL_CORE and self.target("", rel) in self.members
        ]
        for kind in ("header", "footer"):
            found += _labelled(kinds[kind], _PART_LABELS[kind])
        found += [(member, PROPERTIES_LABEL) for member in core[:1]]
        for kind in ("footnotes", "endnotes", "comments"):
            found += _labelled(kinds[kind], _PART_LABELS[kind])
        return found

    def parts(self) -> list[TemplatePart]:
        parts = []
        for member, label in self.part_members():
            xml = self.text_of(member)
            if label == PROPERTIES_LABEL:
                part = TemplatePart(member, label, xml, property_source(xml), property_tags(xml))
            else:
                part = TemplatePart(member, label, xml, jinja_source(xml), paragraph_tags(xml, label))
            parts.append(part)
        return parts


def _labelled(members: list[str], label: str) -> list[tuple[str, str]]:
    if len(members) == 1:
        return [(members[0], label)]
    return [(member, f"第 {index} 个{label}") for index, member in enumerate(members, 1)]


def _too_large(path: Path) -> TemplateFileError:
    """A package larger than the limit would unpack to more than it."""
    limit = DOCX_LIMITS.max_total_bytes
    return TemplateFileError(f"模板“{path.name}”超过 {limit // MB} MB，超出可以安全读取的范围，未读取。")
