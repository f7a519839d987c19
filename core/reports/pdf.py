"""PDF from .docx with Word (through COM, on Windows) or LibreOffice, and the pages as images for preview.

Nothing here needs the network; when neither converter is found the caller says so and offers the .docx.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from core.errors import UserError

log = logging.getLogger(__name__)

CONVERT_TIMEOUT = 180  # seconds
_SOFFICE_PLACES = (
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
    "/usr/bin/soffice",
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
)


class NoConverterError(UserError):
    pass


def find_soffice() -> Path | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return Path(found)
    for place in _SOFFICE_PLACES:
        if Path(place).is_file():
            return Path(place)
    for folder in Path("/opt").glob("libreoffice*/program/soffice"):
        return folder
    return None


def _word_available() -> bool:
    if sys.platform != "win32":
        return False
    try:
        import win32com.client  # type: ignore[import-not-found]  # noqa: F401
    except ImportError:
        return False
    return True


def converter_name() -> str | None:
    """ "Word" or "LibreOffice" when one can convert, else None."""
    if _word_available():
        return "Word"
    return "LibreOffice" if find_soffice() else None


def to_pdf(docx: Path, pdf: Path | None = None) -> Path:
    """Convert, writing <docx stem>.pdf beside it (or to pdf). Raises NoConverterError when nothing can."""
    docx = Path(docx).resolve()
    pdf = Path(pdf).resolve() if pdf else docx.with_suffix(".pdf")
    if _word_available():
        try:
            return _word_to_pdf(docx, pdf)
        except Exception:  # Word present but failing (a dialog, a licence): try LibreOffice
            log.exception("Word 转换 PDF 失败，改用 LibreOffice")
    soffice = find_soffice()
    if soffice is None:
        raise NoConverterError(
            "本机没有找到 Word 或 LibreOffice，无法转换为 PDF。可以直接打开 .docx 文件查看和打印。"
        )
    return _libreoffice_to_pdf(soffice, docx, pdf)


def _word_to_pdf(docx: Path, pdf: Path) -> Path:
    import win32com.client  # type: ignore[import-not-found]

    word = win32com.client.DispatchEx("Word.Application")
    word.Visible = False
    try:
        document = word.Documents.Open(str(docx), ReadOnly=True)
        document.SaveAs2(str(pdf), FileFormat=17)  # wdFormatPDF
        document.Close(False)
    finally:
        word.Quit()
    return pdf


def _libreoffice_to_pdf(soffice: Path, docx: Path, pdf: Path) -> Path:
    with tempfile.TemporaryDirectory(prefix="honourdesk-pdf-") as work:
        profile = Path(
            work, "profile"
        ).as_uri()  # a private profile: a running LibreOffice does not interfere
        command = [
            str(soffice),
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            work,
            str(docx),
        ]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=CONVERT_TIMEOUT)
        except subprocess.TimeoutExpired as error:
            raise UserError(f"LibreOffice 转换“{docx.name}”超过 {CONVERT_TIMEOUT} 秒仍未完成。") from error
        produced = Path(work) / f"{docx.stem}.pdf"
        if result.returncode != 0 or not produced.exists():
            log.error("LibreOffice 转换失败：%s %s", result.stdout, result.stderr)
            raise UserError(f"LibreOffice 未能把“{docx.name}”转换为 PDF（详情见日志）。")
        pdf.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(produced), pdf)
    return pdf


@dataclass(frozen=True)
class PageImage:
    """One page rendered for the screen: width × height pixels, BGRA bytes, stride bytes a line."""

    width: int
    height: int
    stride: int
    pixels: bytes


def render_pages(pdf: Path, dpi: int = 96, max_pages: int = 200) -> list[PageImage]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        pages = []
        for index in range(min(len(document), max_pages)):
            page = document[index]
            bitmap = page.render(scale=dpi / 72, force_bitmap_format=pdfium.raw.FPDFBitmap_BGRA)
            pages.append(PageImage(bitmap.width, bitmap.height, bitmap.stride, bytes(bitmap.buffer)))
            page.close()
        return pages
    finally:
        document.close()


def print_with_system(path: Path) -> bool:
    """Hand the file to the system's print verb (Word/WPS on Windows). False where there is none."""
    if sys.platform != "win32":
        return False
    try:
        os.startfile(str(path), "print")  # type: ignore[attr-defined]
    except OSError:
        log.exception("系统打印失败：%s", path)
        return False
    return True
