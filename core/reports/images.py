"""Pictures in reports: a value the program puts in a report's fields that renders as an inline picture.

A `Picture` holds checked PNG or JPEG bytes and a size in EMU; only the program makes one (from a
certificate it has read and checked, core/reports/certificates.py). A template can place it
({{ 项.图片 }}) and resize it (|图片大小(120, 90)), never make one or point it at a file: the bytes
travel with the value, to the worker process too, so no template can make the program read a file.

It renders as a w:drawing (a:blip) whose relationship id is derived from the image's content
(rIdHDpic + digest). After rendering, the engine adds each picture the body uses as one media part with
that relationship: a picture used twice, or by two units of a merged batch, is stored once, and the ids of
different pictures never collide with each other or with the template's own.
"""

from __future__ import annotations

import hashlib
import html
import posixpath
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, NamedTuple

from lxml import etree

from core.errors import UserError
from core.reports.caps import TemplateLimitError
from core.reports.package import XML_DECLARATION, XML_PARSER

EMU_PER_MM = 36_000
MAX_PICTURES = 40  # distinct pictures in one report
MAX_PICTURE_BYTES = 8 * 1024 * 1024  # one picture, as stored in the report
MAX_REPORT_PICTURE_BYTES = 96 * 1024 * 1024  # all the pictures of one report together
SIDE_MM = (5.0, 400.0)  # a picture's width or height as a template may set it
RID_PREFIX = "rIdHDpic"
MEDIA_PREFIX = "hdpic-"

KINDS = {"png": ("image/png", b"\x89PNG\r\n\x1a\n"), "jpeg": ("image/jpeg", b"\xff\xd8\xff")}

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
CONTENT_TYPES = "[Content_Types].xml"

_NAME_UNSAFE = re.compile("[\x00-\x1f\x7f\ufffe\uffff\ud800-\udfff]")

# An inline picture closing the run it is written in and opening a new one after it (as docxtpl's
# InlineImage does); every namespace it uses is declared on it, whatever the template's root declares.
_DRAWING = (
    "</w:t></w:r><w:r><w:drawing>"
    f'<wp:inline xmlns:wp="{WP}" distT="0" distB="0" distL="0" distR="0">'
    '<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
    '<wp:docPr id="1" name="{name}" descr="{name}"/>'
    f'<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="{A}" noChangeAspect="1"/></wp:cNvGraphicFramePr>'
    f'<a:graphic xmlns:a="{A}"><a:graphicData uri="{PIC}"><pic:pic xmlns:pic="{PIC}">'
    '<pic:nvPicPr><pic:cNvPr id="0" name="{name}"/><pic:cNvPicPr/></pic:nvPicPr>'
    f'<pic:blipFill><a:blip xmlns:r="{R}" r:embed="{{rid}}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
    '<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
    '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>'
    "</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
    '<w:r><w:t xml:space="preserve">'
)


class PictureError(UserError):
    """Bytes that are not a picture a report may hold."""


def kind_of(data: bytes) -> str | None:
    """png or jpeg from the bytes' signature, else None."""
    for kind, (_, magic) in KINDS.items():
        if data.startswith(magic):
            return kind
    return None


class Picture:
    """An inline picture for a report: PNG or JPEG bytes, a width and height in EMU, a name for Word.

    Immutable; its internals start with _ so a template (Jinja's sandbox) cannot read them.
    """

    __slots__ = ("_data", "_digest", "_height", "_kind", "_name", "_width")

    def __init__(self, data: bytes, width_emu: int, height_emu: int, name: str = "") -> None:
        kind = kind_of(data)
        if kind is None:
            raise PictureError("图片不是 PNG 或 JPEG。")
        if len(data) > MAX_PICTURE_BYTES:
            raise PictureError(f"图片超过 {MAX_PICTURE_BYTES // 1024 // 1024} MB。")
        if width_emu <= 0 or height_emu <= 0:
            raise PictureError("图片的宽度和高度应大于零。")
        object.__setattr__(self, "_data", bytes(data))
        object.__setattr__(self, "_kind", kind)
        object.__setattr__(self, "_digest", hashlib.sha256(data).hexdigest())
        object.__setattr__(self, "_width", int(width_emu))
        object.__setattr__(self, "_height", int(height_emu))
        object.__setattr__(self, "_name", _NAME_UNSAFE.sub("", name)[:200])

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Picture is immutable")

    def __reduce__(self) -> tuple[type, tuple[bytes, int, int, str]]:  # crosses to the worker process
        return (Picture, (self._data, self._width, self._height, self._name))

    def __repr__(self) -> str:
        return f"Picture({self._name!r}, {self._width / EMU_PER_MM:.0f}×{self._height / EMU_PER_MM:.0f} mm)"

    def __str__(self) -> str:  # {{ 项.图片|string }}: the name, never the bytes
        return self._name or "图片"

    def __html__(self) -> str:
        """The picture as document markup: what {{ 项.图片 }} writes (autoescape calls this)."""
        name = html.escape(self._name or "图片", quote=True)
        return _DRAWING.format(cx=self._width, cy=self._height, name=name, rid=rid_of(self))

    def _fitted(self, width_mm: float, height_mm: float | None = None) -> Picture:
        """The same picture scaled to width_mm, or to fit in width_mm × height_mm, keeping its shape."""
        scale = width_mm * EMU_PER_MM / self._width
        if height_mm is not None:
            scale = min(scale, height_mm * EMU_PER_MM / self._height)
        return Picture(self._data, round(self._width * scale), round(self._height * scale), self._name)


# What the engine reads of a picture. Functions, not attributes: the sandbox lets a template read any
# attribute without a leading underscore, and a template has no business with a picture's bytes.


def rid_of(picture: Picture) -> str:
    return f"{RID_PREFIX}{picture._digest[:20]}"


def data_of(picture: Picture) -> bytes:
    return picture._data


def size_of(picture: Picture) -> tuple[int, int]:
    """(width, height) in EMU."""
    return picture._width, picture._height


def media_name(picture: Picture) -> str:
    return f"{MEDIA_PREFIX}{picture._digest[:20]}.{picture._kind}"


class Media(NamedTuple):
    """What a document's package says of a picture: its relationship id, file name and kind."""

    rid: str
    name: str
    kind: str


def media_of(picture: Picture) -> Media:
    return Media(rid_of(picture), media_name(picture), picture._kind)


def picture_size(value: Any, width: Any = None, height: Any = None) -> Any:
    """|图片大小(宽, 高): a picture scaled to a width in millimetres, or to fit a width × height box."""
    if not isinstance(value, Picture):
        return value  # a missing picture stays what it was (a placeholder, an empty field)
    sides = [_millimetres(width, "宽度")] + ([] if height is None else [_millimetres(height, "高度")])
    return value._fitted(*sides)


def _millimetres(value: Any, what: str) -> float:
    low, high = SIDE_MM
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise TemplateLimitError(f"图片大小的{what}应是 {low:g} 到 {high:g} 之间的毫米数")
    return float(value)


# ---------------------------------------------------------------- the pictures a report holds


def pictures_in(context: Mapping[str, Any], depth: int = 6) -> dict[str, Picture]:
    """Every picture the program put in a report's fields, by relationship id; within the report caps."""
    found: dict[str, Picture] = {}
    for picture in _walk(context.values(), depth):
        found.setdefault(rid_of(picture), picture)
    if len(found) > MAX_PICTURES:
        raise PictureError(f"一份汇报最多放 {MAX_PICTURES} 张图片，这份有 {len(found)} 张。")
    if sum(len(p._data) for p in found.values()) > MAX_REPORT_PICTURE_BYTES:
        raise PictureError(f"一份汇报中的图片合计超过 {MAX_REPORT_PICTURE_BYTES // 1024 // 1024} MB。")
    return found


def _walk(values: Iterable[Any], depth: int) -> Iterator[Picture]:
    for value in values:
        if isinstance(value, Picture):
            yield value
        elif depth > 0 and isinstance(value, Mapping):
            yield from _walk(value.values(), depth - 1)
        elif depth > 0 and isinstance(value, (list, tuple)):
            yield from _walk(value, depth - 1)


def _blips(root: etree._Element) -> Iterator[tuple[etree._Element, str]]:
    for blip in root.iter(f"{{{A}}}blip"):
        rid = blip.get(f"{{{R}}}embed", "")
        if rid.startswith(RID_PREFIX):
            yield blip, rid


def _drop_drawing(blip: etree._Element) -> None:
    drawing = next((e for e in blip.iterancestors(f"{{{W}}}drawing")), None)
    if drawing is not None and drawing.getparent() is not None:
        drawing.getparent().remove(drawing)


def used_pictures(root: etree._Element, available: Mapping[str, Picture]) -> dict[str, Picture]:
    """The pictures a rendered body shows; a drawing that names no picture of this report is removed
    (a template's own XML could name one: it must not leave a relationship that does not exist)."""
    used: dict[str, Picture] = {}
    for blip, rid in list(_blips(root)):
        if rid in available:
            used[rid] = available[rid]
        else:
            _drop_drawing(blip)
    return used


def without_pictures(root: etree._Element) -> bool:
    """Remove the program's pictures from a part other than the body (headers, footers and notes have
    relationships of their own; a picture there is left out). Returns whether any was removed."""
    found = list(_blips(root))
    for blip, _ in found:
        _drop_drawing(blip)
    return bool(found)


# ---------------------------------------------------------------- the package parts


def media_member(main: str, media: Media) -> str:
    return posixpath.join(posixpath.dirname(main), "media", media.name)


def with_relationships(rels: bytes, pictures: Iterable[Media]) -> bytes:
    """The main document's relationships with one image relationship per picture (ids of ours that the
    template itself carried are dropped first)."""
    root = etree.fromstring(rels, XML_PARSER)
    for rel in list(root):
        if rel.get("Id", "").startswith(RID_PREFIX):
            root.remove(rel)
    for picture in pictures:
        etree.SubElement(
            root,
            f"{{{PKG_RELS}}}Relationship",
            Id=picture.rid,
            Type=REL_IMAGE,
            Target=f"media/{picture.name}",
        )
    return XML_DECLARATION.encode() + etree.tostring(root, encoding="utf-8")


def with_content_types(types: bytes, pictures: Iterable[Media]) -> bytes:
    """[Content_Types].xml with a Default for each picture kind used (a template's wrong one replaced)."""
    root = etree.fromstring(types, XML_PARSER)
    kinds = {p.kind for p in pictures}
    for extension in sorted(kinds):
        content_type = KINDS[extension][0]
        for default in root.findall(f"{{{CT}}}Default"):
            if default.get("Extension", "").lower() == extension:
                root.remove(default)
        default = etree.Element(f"{{{CT}}}Default", Extension=extension, ContentType=content_type)
        root.insert(0, default)
    return XML_DECLARATION.encode() + etree.tostring(root, encoding="utf-8")


def picture_members(
    members: Mapping[str, bytes], main: str, rels_member: str, pictures: Mapping[str, Picture]
) -> dict[str, bytes]:
    """The members a rendered document adds or changes for its pictures: media, relationships, types."""
    if not pictures:
        return {}
    shown = [media_of(p) for p in pictures.values()]
    added = {media_member(main, media_of(p)): p._data for p in pictures.values()}
    rels = members.get(rels_member) or _EMPTY_RELS
    added[rels_member] = with_relationships(rels, shown)
    added[CONTENT_TYPES] = with_content_types(members[CONTENT_TYPES], shown)
    return added


_EMPTY_RELS = f'{XML_DECLARATION}<Relationships xmlns="{PKG_RELS}"/>'.encode()
