"""证书附件: the certificates of the honours a report lists, as pictures sized for the 附件 pages.

Which (DESIGN.md 6a): the certificates of the honours the report states as the unit's own — dated in the
period, and undated ones only where the user asked for them to be listed (records.py decides); never a
person's, a revoked one or one outside the period. In the report's order; an honour's certificates in the
order they were attached; a PDF shows its first page. Honours without a certificate are not shown (the
pre-flight counts them).

Every file is hostile until checked: its size before it is read, its real type and its pixel count from the
header before anything is decoded (Pillow's decompression-bomb limit too). A file that cannot be used is
left out with a warning naming the unit, the honour and the file; the report is generated without it.

The sizes follow the 附件 pages of the GB/T 9704-2012 type area (156 × 225 mm): "附件" and the title on the
first page, then the certificates, each with its caption, one or two a page (landscape ones two a page),
each scaled to fit keeping its shape.
"""

from __future__ import annotations

import io
import logging
import math
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import files
from core.certificates.images import MAX_FILE_BYTES, MAX_PIXELS, Source, load
from core.db import Database
from core.errors import UserError
from core.models import Attachment, Honour
from core.reports.finish import text_width
from core.reports.honour_text import award_of
from core.reports.images import (
    EMU_PER_MM,
    MAX_PICTURE_BYTES,
    MAX_PICTURES,
    MAX_REPORT_PICTURE_BYTES,
    Picture,
    PictureError,
)
from core.reports.records import HonourSplit, ReportOptions, is_personal

if TYPE_CHECKING:
    from PIL.Image import Image

log = logging.getLogger(__name__)

FIELD = "证书附件"
# The built-in templates that end with the 附件 pages; a template of the user's own uses them when it
# names the field.
TEMPLATES_WITH_CERTIFICATES = frozenset({"创建文明单位申报材料"})

MAX_SIDE = 2000  # pixels: 156 mm at about 300 dpi; larger images are scaled down before they are stored
KEEP_BYTES = 3 * 1024 * 1024  # a PNG or JPEG no larger than this (and MAX_SIDE) is stored as it is
PNG_BYTES = 4 * 1024 * 1024  # a scan that makes a larger PNG is stored as JPEG
JPEG_QUALITY = 88
FORMATS = {"PNG", "JPEG", "BMP", "TIFF", "GIF", "MPO", "WEBP"}  # MPO: a phone's JPEG with a second image

# The 附件 pages, in millimetres (core/reports/layout.py: 22 lines of 28.95 pt in a 156 × 225 mm type area).
TYPE_WIDTH = 156.0
TYPE_HEIGHT = 225.0
LINE = 28.95 * 25.4 / 72
HEADING = 4 * LINE  # "附件", a line's space, the title, a line's space
PICTURE_EXTRA = 2.0  # below an inline picture: the line's descent
CAPTION_AFTER = LINE / 2  # space after a caption
SLACK = 6.0  # a page's margin for error: Word, WPS and LibreOffice lay out lines a little differently
PER_PAGE = 2
CAPTION_SIZE = 16.0  # 三号
CAPTION_SPACING = -0.25  # points, as the body text


class Unusable(Exception):
    """A certificate file that cannot be shown; the message (Chinese) says why."""


def uses_certificates(template: str, fields_used: Iterable[str] = ()) -> bool:
    return template in TEMPLATES_WITH_CERTIFICATES or any(f.split(".")[0] == FIELD for f in fields_used)


def certificate_honours(split: HonourSplit, options: ReportOptions) -> list[Honour]:
    """The honours whose certificates a report shows: those it states as the unit's own."""
    honours = list(split.collective)
    if options.list_undated:
        honours += [h for h in split.undated if not is_personal(h)]
    return honours


def attachments_of(session: Session, honours: Sequence[Honour]) -> dict[int, list[Attachment]]:
    """Each honour's attachments in the order they were added."""
    ids = [h.id for h in honours]
    found: dict[int, list[Attachment]] = {}
    if not ids:
        return found
    query = select(Attachment).where(Attachment.honour_id.in_(ids)).order_by(Attachment.id)
    for attachment in session.scalars(query):
        found.setdefault(attachment.honour_id, []).append(attachment)
    return found


def caption(honour: Honour) -> str:
    """2021年 浙江省文明单位（浙江省精神文明建设委员会）; an undated one says so."""
    award = award_of(honour)
    text = award.full_name + (f"（{award.body}）" if award.body else "")
    if honour.awarded_year is None:
        return f"{text}（获得时间未记录）"
    if award.full_name.startswith(f"{honour.awarded_year}年"):  # 2021年度文明单位: the year is said once
        return text
    return f"{honour.awarded_year}年 {text}"


# ---------------------------------------------------------------- the files


def read_picture(path: Path) -> tuple[bytes, int, int]:
    """A certificate file as PNG or JPEG bytes a report can hold, with its width and height in pixels;
    Unusable (with the reason in Chinese) when it cannot be."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8)
    except FileNotFoundError as error:
        raise Unusable("找不到文件（可能已被移动或删除）") from error
    except OSError as error:
        raise Unusable(
            files.why_not_read(error) or "无法读取文件（可能没有读取权限或正被其他程序占用）"
        ) from error
    if size == 0:
        raise Unusable("文件是空的")
    if size > MAX_FILE_BYTES:
        raise Unusable(f"文件超过 {MAX_FILE_BYTES // 1024 // 1024} MB")
    if head.startswith(b"%PDF"):
        return _pdf_page(path)
    return _image(path, size)


def _pdf_page(path: Path) -> tuple[bytes, int, int]:
    try:
        image = load(Source(path, 1))
    except UserError as error:
        raise Unusable("PDF 文件已损坏、加密或没有页面") from error
    except Exception as error:  # pdfium can fail in ways of its own on a crafted file
        log.warning("cannot render the first page of %s", path, exc_info=error)
        raise Unusable("PDF 文件已损坏") from error
    return _encoded(image, "JPEG")


def _image(path: Path, size: int) -> tuple[bytes, int, int]:
    from PIL import Image, UnidentifiedImageError

    try:
        # A file small enough to keep as it is is read once, and the bytes decoded are the bytes kept:
        # read again after the check, a file replaced meanwhile went into the report unchecked.
        kept = _small_file(path) if size <= KEEP_BYTES else None
        with warnings.catch_warnings():  # Pillow's English warning on a large image: the check below says it
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(kept) if kept is not None else path)  # the header only
        with image:
            kind = image.format or ""
            if kind not in FORMATS:
                raise Unusable(f"是 {kind} 图片，只能用 PNG、JPEG、BMP、TIFF、GIF 或 WebP")
            width, height = image.size
            if width * height > MAX_PIXELS or min(width, height) < 1:
                raise Unusable(f"有 {width}×{height} 像素，过大（上限 {MAX_PIXELS // 1_000_000} 百万像素）")
            if kept is not None and _as_is(image, len(kept)):
                image.load()  # the whole file decodes: it is not damaged
                return kept, width, height
        upright = _decoded_in_child(path)  # a large scan's full pixels never enter this process
        return _encoded(upright, "JPEG" if kind in ("JPEG", "MPO") else "PNG")
    except Image.DecompressionBombError as error:
        raise Unusable(f"像素过多（上限 {MAX_PIXELS // 1_000_000} 百万像素）") from error
    except UnidentifiedImageError as error:
        raise Unusable("文件不是图片（或已损坏）") from error
    except (OSError, ValueError, SyntaxError, EOFError) as error:
        log.warning("cannot decode %s", path, exc_info=error)
        raise Unusable("图片已损坏") from error


def _small_file(path: Path) -> bytes | None:
    """The file's bytes, read once; None when it has grown past KEEP_BYTES since it was measured."""
    with path.open("rb") as handle:
        data = handle.read(KEEP_BYTES + 1)
    return data if len(data) <= KEEP_BYTES else None


def _decoded_in_child(path: Path) -> Image:
    """The image upright, RGB, at most MAX_SIDE pixels, decoded in a bounded child process."""
    from core.image_bounded import BoundedImages, ImageError

    try:
        with BoundedImages() as images:
            return images.decode(str(path), MAX_SIDE, MAX_PIXELS).image
    except ImageError as error:
        log.warning("cannot decode %s: %s", path, error.kind)
        raise Unusable(_CHILD_REASONS.get(error.kind, "图片已损坏")) from error


_CHILD_REASONS = {
    "pixels": f"像素过多（上限 {MAX_PIXELS // 1_000_000} 百万像素）",
    "unknown": "文件不是图片（或已损坏）",
    "truncated": "图片不完整（文件可能没有复制完）",
    "heavy": "图片解码超出内存或时间的限制",
}


def _as_is(image: Any, size: int) -> bool:
    """A PNG or JPEG small enough, upright and in a colour mode every word processor shows."""
    orientation = image.getexif().get(0x0112, 1) if image.format == "JPEG" else 1
    return (
        image.format in ("PNG", "JPEG")
        and max(image.size) <= MAX_SIDE
        and size <= KEEP_BYTES
        and orientation in (0, 1)
        and image.mode in ("1", "L", "P", "RGB", "RGBA", "LA")
    )


def _encoded(image: Image, kind: str) -> tuple[bytes, int, int]:
    """The image at most MAX_SIDE pixels on its longer side, as PNG (scans, drawings) or JPEG (photos)."""
    image = image.copy()
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    if image.mode not in ("1", "L", "P", "RGB", "RGBA", "LA"):
        image = image.convert("RGB")
    data = b""
    if kind == "PNG":
        data = _saved(image, "PNG")
    if not data or len(data) > PNG_BYTES:
        if image.mode not in ("L", "RGB"):
            image = _on_white(image)
        data = _saved(image, "JPEG", quality=JPEG_QUALITY)
    return data, *image.size


def _on_white(image: Image) -> Image:
    from PIL import Image as PILImage

    rgba = image.convert("RGBA")
    background = PILImage.new("RGB", rgba.size, "white")
    background.paste(rgba, mask=rgba.getchannel("A"))
    return background


def _saved(image: Image, kind: str, **options: Any) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, kind, **options)
    return buffer.getvalue()


# ---------------------------------------------------------------- the pages


@dataclass(frozen=True)
class Placed:
    width: float  # millimetres
    height: float
    new_page: bool  # starts a page of its own (the first starts under the 附件 heading)


def caption_lines(text: str) -> int:
    width = text_width(text, CAPTION_SIZE, CAPTION_SPACING).mm
    return max(1, math.ceil(width / TYPE_WIDTH - 1e-9))


def place(shapes: Sequence[tuple[float, int]]) -> list[Placed]:
    """Where each picture goes and how large it is: shapes are (height ÷ width, caption lines).

    A landscape picture gets half a page, a portrait one a whole page; each as wide as the type area
    allows. A page holds at most two; the first page, under the heading, shrinks its first picture to fit.
    """
    usable = TYPE_HEIGHT - SLACK
    remaining, on_page = usable - HEADING, 0
    placed: list[Placed] = []
    for aspect, lines in shapes:
        extra = PICTURE_EXTRA + lines * LINE + CAPTION_AFTER
        box = (usable - 2 * extra) / 2 if aspect <= 1 else usable - extra
        height = min(TYPE_WIDTH * aspect, box)
        new_page = False
        if on_page and (on_page >= PER_PAGE or height + extra > remaining + 1e-6):
            remaining, on_page, new_page = usable, 0, True
        if not on_page:
            height = min(height, remaining - extra)
        placed.append(Placed(height / aspect, height, new_page))
        remaining -= height + extra
        on_page += 1
    return placed


# ---------------------------------------------------------------- the field


@dataclass
class _Shown:
    honour: Honour
    data: bytes
    width: int
    height: int
    caption: str


@dataclass
class CertificateReader:
    """Builds 证书附件 for each unit of a batch and keeps the warnings about files left out."""

    database: Database
    warnings: list[str] = field(default_factory=list)

    def path(self, attachment: Attachment) -> Path:
        from core.attachments import AttachmentService

        return AttachmentService(self.database).path(attachment)

    def field(self, session: Session, unit_name: str, honours: Sequence[Honour]) -> list[dict[str, Any]]:
        """The 证书附件 items for one unit's listed honours, in order."""
        if self.database.data_dir is None:
            return []
        shown: list[_Shown] = []
        total = 0
        attachments = attachments_of(session, honours)
        for honour in honours:
            for attachment in attachments.get(honour.id, []):
                item = None if len(shown) == MAX_PICTURES else self._read(unit_name, honour, attachment)
                if len(shown) == MAX_PICTURES or (item and total + len(item.data) > MAX_REPORT_PICTURE_BYTES):
                    self.warnings.append(
                        f"“{unit_name}”的证书复印件超过 {MAX_PICTURES} 份或 "
                        f"{MAX_REPORT_PICTURE_BYTES // 1024 // 1024} MB，只附上了前 {len(shown)} 份。"
                    )
                    return _items(shown)
                if item is not None:
                    shown.append(item)
                    total += len(item.data)
        return _items(shown)

    def _read(self, unit_name: str, honour: Honour, attachment: Attachment) -> _Shown | None:
        try:
            data, width, height = read_picture(self.path(attachment))
            if len(data) > MAX_PICTURE_BYTES:
                raise Unusable(f"处理后仍超过 {MAX_PICTURE_BYTES // 1024 // 1024} MB")
        except (Unusable, UserError) as error:
            reason = str(error)
        except Exception as error:  # a decoder's own failure on a crafted file: never the whole batch
            log.warning("certificate %s of honour %s", attachment.stored_path, honour.id, exc_info=error)
            reason = "文件无法读取"
        else:
            return _Shown(honour, data, width, height, caption(honour))
        when = f"（{honour.awarded_year}年）" if honour.awarded_year else ""
        self.warnings.append(
            f"“{unit_name}”的荣誉“{honour.title}”{when}的证书“{attachment.original_name}”未附上：{reason}。"
        )
        return None


def _items(shown: list[_Shown]) -> list[dict[str, Any]]:
    shapes = [(s.height / s.width, caption_lines(s.caption)) for s in shown]
    items = []
    for item, spot in zip(shown, place(shapes), strict=True):
        honour = item.honour
        picture = Picture(
            item.data, round(spot.width * EMU_PER_MM), round(spot.height * EMU_PER_MM), honour.title
        )
        items.append(
            {
                "图片": picture,
                "称号": honour.title,
                "名称": award_of(honour).full_name,
                "年份": honour.awarded_year or "",
                "授予单位": honour.awarded_by or "",
                "说明": item.caption,
                "另起一页": spot.new_page,
            }
        )
    return items


def certificate_fields(
    reader: CertificateReader | None,
    session: Session,
    unit_name: str,
    split: HonourSplit,
    options: ReportOptions,
) -> list[dict[str, Any]]:
    """证书附件 as a report's field: empty unless the user wants the 附件 and a reader is given."""
    if reader is None or not options.certificates:
        return []
    try:
        return reader.field(session, unit_name, certificate_honours(split, options))
    except PictureError as error:  # a picture the checks above let through: the report goes on without
        reader.warnings.append(f"“{unit_name}”的证书复印件未附上：{error.message}")
        return []
