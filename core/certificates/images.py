"""The images to read: PNG, JPEG (and BMP, TIFF, GIF, WebP) files, each page of a PDF scan, folders of them.

Every file from outside is hostile until checked: its size before anything decodes it, an image's
pixel count from its header before the pixels are read, a PDF's page count; a file that cannot be
read ends in a Chinese UserError naming it. Images, like PDFs, are opened only in a bounded child
process (core/image_bounded.py), which hands back the image already upright, RGB and shrunk to
LOAD_MAX_SIDE: the program's own process never holds a photo's full pixels.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from core.errors import UserError
from core.reports.limits import BLOCKED_FILE

if TYPE_CHECKING:
    from PIL.Image import Image

    from core.image_bounded import BoundedImages, Decoded
    from core.pdf_bounded import BoundedPdf

log = logging.getLogger(__name__)

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".gif", ".webp")
PDF_SUFFIX = ".pdf"
SUFFIXES = (*IMAGE_SUFFIXES, PDF_SUFFIX)
MAX_FILE_BYTES = 50 * 1024 * 1024  # as for attachments
MAX_PIXELS = 80_000_000  # a 10000 × 8000 scan; a phone photo is about 12 million
MAX_PDF_PAGES = 60
PDF_DPI = 200
PDF_MAX_SIDE = 2400  # pixels of a rendered page's longest side
LOAD_MAX_SIDE = PDF_MAX_SIDE  # and of a loaded image's (the recogniser reads at 1280)


@dataclass(frozen=True)
class Source:
    """One image to read: a file, or one page (from 1) of a PDF."""

    path: Path
    page: int | None = None

    @property
    def label(self) -> str:
        return f"{self.path.name} 第{self.page}页" if self.page else self.path.name


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files as given; a folder gives its images and PDFs (not its subfolders), sorted by name."""
    files: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found = sorted(
                (p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES),
                key=lambda p: p.name,
            )
            if not found:
                raise UserError(f"文件夹“{path}”中没有图片或 PDF 文件（{'、'.join(SUFFIXES)}）。")
            files += found
        else:
            files.append(path)
    return files


def check_file(path: Path) -> None:
    """Raise a UserError unless the file exists, has a readable kind and a sane size."""
    if not path.is_file():
        raise UserError(f"找不到文件“{path}”。")
    if path.suffix.lower() not in SUFFIXES:
        raise UserError(f"文件“{path.name}”不是图片或 PDF，只能识别 {'、'.join(SUFFIXES)} 文件。")
    size = path.stat().st_size
    if size == 0:
        raise UserError(f"文件“{path.name}”是空的。")
    if size > MAX_FILE_BYTES:
        raise UserError(f"文件“{path.name}”超过 {MAX_FILE_BYTES // 1024 // 1024} MB，请缩小后再识别。")


def sources(path: Path) -> list[Source]:
    """The images one file holds: itself, or each page of a PDF. Reads the image's header (or the
    PDF's page count) to refuse what is not what its name says, before anything is decoded."""
    return all_sources([path])


def all_sources(paths: Iterable[Path]) -> list[Source]:
    """The images of every file, in order. The page counts of all the PDFs among them are read in one
    bounded child process (core/pdf_bounded.py): opening a crafted PDF can take as long and as much
    memory as rendering one of its pages."""
    files = expand(paths)
    for path in files:
        check_file(path)
    _check_headers([path for path in files if path.suffix.lower() != PDF_SUFFIX])
    pdfs = [path for path in files if path.suffix.lower() == PDF_SUFFIX]
    counts = dict(zip(pdfs, _page_counts(pdfs), strict=True))
    found = []
    for path in files:
        if path not in counts:
            found.append(Source(path))
            continue
        if counts[path] == 0:
            raise UserError(f"PDF 文件“{path.name}”没有页面。")
        if counts[path] > MAX_PDF_PAGES:
            raise UserError(
                f"PDF 文件“{path.name}”有 {counts[path]} 页，一次最多识别 {MAX_PDF_PAGES} 页，请拆分后再识别。"
            )
        found += [Source(path, page) for page in range(1, counts[path] + 1)]
    return found


def _page_counts(pdfs: list[Path]) -> list[int]:
    if not pdfs:
        return []
    from core.pdf_bounded import PdfError, page_counts

    counts = []
    for path, count in zip(pdfs, page_counts([str(path) for path in pdfs]), strict=True):
        if isinstance(count, PdfError):
            log.warning("无法打开 PDF %s：%s", path, count.kind)
            raise UserError(
                f"无法读取 PDF 文件“{path.name}”：{_PDF_OPEN_REASONS.get(count.kind, _PDF_BROKEN)}"
            )
        counts.append(count)
    return counts


_PDF_BROKEN = "文件已损坏、加密或不是 PDF。"
_PDF_OPEN_REASONS = {
    "password": "文件有密码保护，请先去掉密码再识别。",
    "heavy": "文件结构过于复杂，超出内存或时间的限制，没有读取。",
    "blocked": BLOCKED_FILE + "。",
}


def _check_headers(paths: list[Path]) -> None:
    if not paths:
        return
    from core.image_bounded import BoundedImages, ImageError

    with BoundedImages() as images:
        for path in paths:
            try:
                images.size(str(path), MAX_PIXELS)
            except ImageError as error:
                raise _refusal(Source(path), error) from None


def load(source: Source) -> Image:
    """The source as an RGB image, upright as a phone's orientation tag says, at most LOAD_MAX_SIDE
    pixels on its longer side."""
    with Loader() as loader:
        return loader.load(source)


class Loader:
    """Loads sources one by one, in order: the pages of one PDF come from one bounded child process
    (starting one costs more than rendering a page), ended when another file comes or on close()."""

    def __init__(self) -> None:
        self._pdf: BoundedPdf | None = None
        self._path: Path | None = None
        self._images: BoundedImages | None = None

    def load(self, source: Source) -> Image:
        return self.decode(source).image

    def decode(self, source: Source) -> Decoded:
        """The image (as load) and the size of the file's own image, upright."""
        from core.image_bounded import BoundedImages, Decoded

        if source.page is None:
            if self._images is None:
                self._images = BoundedImages()
            return _load_image(self._images, source)
        if self._pdf is None or self._path != source.path:
            self._close_pdf()
            from core.pdf_bounded import BoundedPdf

            self._pdf, self._path = BoundedPdf(str(source.path)), source.path
        image = _render_page(self._pdf, source)
        return Decoded(image, image.size)

    def close(self) -> None:
        self._close_pdf()
        if self._images is not None:
            self._images.close()
            self._images = None

    def _close_pdf(self) -> None:
        if self._pdf is not None:
            self._pdf.close()
            self._pdf = self._path = None

    def __enter__(self) -> Loader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _load_image(images: BoundedImages, source: Source) -> Decoded:
    from core.image_bounded import ImageError

    try:
        return images.decode(str(source.path), LOAD_MAX_SIDE, MAX_PIXELS)
    except ImageError as error:
        raise _refusal(source, error) from None


def _refusal(source: Source, error: Exception) -> UserError:
    """The Chinese answer for an image the bounded child could not (or would not) decode."""
    kind = getattr(error, "kind", "corrupt")
    log.warning("无法读取图片 %s：%s", source.path, kind)
    if kind == "pixels":
        width, height = getattr(error, "size", (0, 0))
        found = f"有 {width}×{height} 像素，过大" if width and height else "像素过多"
        return UserError(
            f"图片“{source.label}”{found}（上限 {MAX_PIXELS // 1_000_000} 百万像素），请缩小后再识别。"
        )
    return UserError(f"无法读取图片“{source.label}”：{_IMAGE_REASONS.get(kind, _IMAGE_REASONS['corrupt'])}")


_IMAGE_REASONS = {
    "unknown": "文件不是图片（或已损坏）。",
    "truncated": "文件不完整（可能没有复制完或下载中断），请重新获取原图。",
    "corrupt": "文件已损坏。",
    "heavy": "图片过于复杂，解码超出内存或时间的限制，没有读取。",
    "blocked": BLOCKED_FILE + "。",
}


def _render_page(pdf: BoundedPdf, source: Source) -> Image:
    from PIL import Image as PilImage

    from core.pdf_bounded import PdfError

    assert source.page is not None
    try:  # in a child process with memory and time limits: a crafted page can inflate to gigabytes
        width, height, data = pdf.render(source.page - 1, PDF_DPI, PDF_MAX_SIDE)
    except PdfError as error:
        log.warning("无法渲染 %s 第 %s 页：%s", source.path, source.page, error.kind)
        raise UserError(f"无法读取“{source.label}”：{_PDF_REASONS.get(error.kind, _PDF_DAMAGED)}") from None
    return PilImage.frombytes("RGB", (width, height), data)


_PDF_DAMAGED = "PDF 页面已损坏。"
_PDF_REASONS = {
    "heavy": "页面过于复杂，超出内存或时间的限制。",
    "budget": "这个 PDF 中过于复杂的页面已用完整个文件的处理时间，本页未读取。",
    "blocked": BLOCKED_FILE + "。",
}


def save_page(image: Image, folder: Path, source: Source) -> Path:
    """A PDF page's image as a JPEG in folder (what the dialog shows and the honour gets attached)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{source.path.stem}-第{source.page}页.jpg"
    image.save(target, quality=90)
    return target


def save_preview(image: Image, folder: Path, source: Source, number: int) -> Path:
    """A large image's shrunk copy as a JPEG in folder, for the dialog to show (the file itself stays
    what an honour gets attached)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"预览-{number + 1}-{source.path.stem}.jpg"
    image.save(target, quality=85)
    return target
