"""PDF from .docx with Word or WPS (through COM, on Windows) or LibreOffice, and the pages as images.

Nothing here needs the network; when no converter is found the caller says so and offers the .docx.
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
from core.reports import office

log = logging.getLogger(__name__)

CONVERT_TIMEOUT = 180  # seconds
# Keep the blank pages LibreOffice inserts before an odd-page section start: without them a merged batch's
# units no longer begin on a front side when the PDF is printed on both sides (JSON options: LibreOffice 7.4+;
# older versions ignore what they cannot parse and export as before).
PDF_EXPORT = 'pdf:writer_pdf_Export:{"IsSkipEmptyPages":{"type":"boolean","value":"false"}}'
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


def converter_name() -> str | None:
    """ "Word", "WPS" or "LibreOffice": the first that can convert here, else None."""
    suites = office.installed_suites()
    if suites:
        return suites[0].name
    return "LibreOffice" if find_soffice() else None


def to_pdf(docx: Path, pdf: Path | None = None) -> Path:
    """Convert, writing <docx stem>.pdf beside it (or to pdf). Raises NoConverterError when nothing can.

    Word first, then WPS, then LibreOffice: one that fails (a licence dialog, a damaged install) hands over
    to the next, and the last failure is the one reported.
    """
    docx = Path(docx).resolve()
    pdf = Path(pdf).resolve() if pdf else docx.with_suffix(".pdf")
    failure: UserError | None = None
    for suite in office.installed_suites():
        try:
            return office.export_pdf(suite, docx, pdf)
        except office.OfficeError as error:
            log.warning("%s 转换失败，改用下一个：%s", suite.name, error.message)
            failure = error
    soffice = find_soffice()
    if soffice is None:
        if failure is not None:
            raise failure
        raise NoConverterError(
            "本机没有找到 Word、WPS 或 LibreOffice，无法转换为 PDF。可以直接打开 .docx 文件查看和打印。"
        )
    return _libreoffice_to_pdf(soffice, docx, pdf)


# LibreOffice fetches a picture a document links to (an old .doc from outside, a template's image) while
# it converts: every protocol is sent to a proxy at a port where nothing listens, so nothing leaves the PC.
_OFFLINE_SETTINGS = {
    "ooInetProxyType": "1",  # manual
    "ooInetNoProxy": "",
    **{
        f"ooInet{kind}Proxy{part}": value
        for kind in ("HTTP", "HTTPS", "FTP")
        for part, value in (("Name", "127.0.0.1"), ("Port", "9"))
    },
}


def offline_profile(folder: Path) -> str:
    """A private LibreOffice profile in folder (a running LibreOffice does not interfere) that never
    reaches the network; the -env:UserInstallation argument naming it."""
    items = "".join(
        f'<item oor:path="/org.openoffice.Inet/Settings"><prop oor:name="{name}" oor:op="fuse">'
        f"<value>{value}</value></prop></item>"
        for name, value in _OFFLINE_SETTINGS.items()
    )
    user = folder / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"{items}</oor:items>",
        encoding="utf-8",
    )
    return f"-env:UserInstallation={folder.as_uri()}"


def _libreoffice_to_pdf(soffice: Path, docx: Path, pdf: Path) -> Path:
    with tempfile.TemporaryDirectory(prefix="honourdesk-pdf-") as work:
        command = [
            str(soffice),
            offline_profile(Path(work, "profile")),
            "--headless",
            "--norestore",
            "--convert-to",
            PDF_EXPORT,
            "--outdir",
            work,
            str(docx),
        ]
        try:
            # Bytes, not text: LibreOffice writes its messages in the console's code page (GBK on a Chinese
            # Windows), and a Chinese file name in them must not fail a conversion that has succeeded.
            result = subprocess.run(command, capture_output=True, timeout=CONVERT_TIMEOUT)
        except subprocess.TimeoutExpired as error:
            raise UserError(f"LibreOffice 转换“{docx.name}”超过 {CONVERT_TIMEOUT} 秒仍未完成。") from error
        produced = Path(work) / f"{docx.stem}.pdf"
        if result.returncode != 0 or not produced.exists():
            log.error("LibreOffice 转换失败：%s %s", console_text(result.stdout), console_text(result.stderr))
            raise UserError(f"LibreOffice 未能把“{docx.name}”转换为 PDF（详情见日志）。")
        pdf.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(produced), pdf)
    return pdf


def console_text(output: bytes) -> str:
    """A child's console output for the log: UTF-8 where it is, else the local code page, never an error."""
    try:
        return output.decode("utf-8")
    except UnicodeDecodeError:
        return output.decode("gb18030", "replace")


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
