"""Reading an old report: .docx, .txt, .pdf, and .doc/.wps through Word, WPS or LibreOffice.

The file's bytes decide how it is read, not its name. Every file is hostile until checked: a .docx is sized
from its zip directory (core/zip_guard.py) before python-docx sees it, text and PDF files are capped in
size, characters and pages, and any failure reaches the caller as UnreadableReportError, a Chinese message
naming the file and the reason (the library's own exception goes to the log).

A document written in traditional characters is read as simplified (OpenCC), since the records are kept
in simplified characters.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from core import files
from core.docx_body import PARAGRAPH, TABLE, body_elements
from core.errors import UserError
from core.importing.readers.text import stray_nul_line
from core.reports.limits import BLOCKED_FILE
from core.zip_guard import DOCX_LIMITS, DOCX_MAX_TAGS, OversizedPackageError, check_markup, check_package

log = logging.getLogger(__name__)

MB = 1024 * 1024
MAX_FILE_BYTES = 64 * MB  # any report file on disk
MAX_CHARS = 4_000_000  # text read from one file: about 1,500 pages
# Paragraphs (and table cells) with text in one file: 1,500 pages hold some 60,000. Each costs the outline
# and the honour search tens of microseconds, so 4 MB of one-letter lines (2 million paragraphs, inside
# MAX_CHARS) took most of a minute and 600 MB before any answer.
MAX_BLOCKS = 100_000
MAX_PDF_PAGES = 1000
CONVERT_TIMEOUT = 120  # seconds for Word, WPS or LibreOffice to turn a .doc into .docx
SUFFIXES = (".docx", ".docm", ".doc", ".wps", ".wpt", ".rtf", ".txt", ".pdf")
FILE_FILTER = "往年材料 (*.docx *.doc *.wps *.txt *.pdf)"

OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")

# Reasons, completing "文件“名称”…。"
MISSING = "不存在，可能已被移动或删除"
NO_ACCESS = "无法访问，可能没有读取权限或正被其他程序占用"
EMPTY = "是空文件"
TOO_LARGE = f"超过 {MAX_FILE_BYTES // MB} MB，不像一份工作材料，未读取"
TOO_MUCH_TEXT = "的文字过多（超过约 1500 页），未读取"
TOO_MANY_BLOCKS = f"的段落过多（超过 {MAX_BLOCKS:,} 段），不像一份工作材料，未读取"
CORRUPT = "已损坏或格式不完整，无法读取"
NOT_WORD = "是压缩包但不是 Word 文档（.docx）"
NOT_TEXT = "不是可识别的文本：既不是 UTF-8 也不是 GB18030 编码"
BINARY = "不是 Word 文档、PDF 或文本文件"
PDF_NO_TEXT = "是扫描的 PDF，没有文字层；请用原始的 Word 文件，或先用文字识别软件转换"
PDF_PASSWORD = "设有密码，请取消密码后再导入"
TOO_MANY_PAGES = f"超过 {MAX_PDF_PAGES} 页，未读取"
PDF_TOO_HEAVY = "的页面过于复杂，读取时超出内存或时间的限制，未读取"
PDF_PAGE_TOO_HEAVY = "的第 {} 页过于复杂，读取时超出内存或时间的限制，未读取"
NO_CONVERTER = (
    "是旧版 Word/WPS 格式（.doc/.wps），本机没有找到 Word、WPS 或 LibreOffice 来转换它；"
    "请在 Word 或 WPS 中打开后“另存为”.docx 再导入"
)
CONVERT_FAILED = (
    "是旧版 Word/WPS 格式，转换为 .docx 时失败（详情见日志）；请在 Word 或 WPS 中另存为 .docx 再导入"
)
CONVERT_SLOW = (
    f"是旧版 Word/WPS 格式，转换超过 {CONVERT_TIMEOUT} 秒仍未完成；请在 Word 或 WPS 中另存为 .docx 再导入"
)
NO_TEXT = "中没有文字"


def nul_in_line(number: int) -> str:
    return (
        f"的第 {number} 行含有空字符（值为 0 的字节），文件可能在保存或复制时损坏，未读取；"
        "请用记事本打开它，删去该处的乱码后另存为 UTF-8 文本，再导入"
    )


class UnreadableReportError(UserError):
    """A file that cannot be read as a report; the message names the file (not its folder) and why."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"文件“{self.path.name}”{reason}。")


@dataclass(frozen=True)
class Block:
    """One paragraph (or one table row, its cells joined by tabs) in reading order."""

    text: str
    style_level: int | None = None  # a heading level the document's style gives (标题 1 → 1)
    cells: tuple[str, ...] | None = None  # set for a table row


@dataclass
class SourceText:
    path: Path
    kind: str  # "docx", "doc", "txt", "pdf"
    blocks: list[Block]
    file_hash: str
    traditional: bool = False  # written in traditional characters, read as simplified
    notes: list[str] = field(default_factory=list)  # said to the user: how the file was read


def read_source(path: Path) -> SourceText:
    """Read a report file into blocks; raises UnreadableReportError."""
    path = Path(path)
    data = _read_bytes(path)
    digest = hashlib.sha256(data).hexdigest()
    kind = _kind(data)
    try:
        notes: list[str] = []
        # every kind parsed from data, the bytes hashed: a file changed since is not read under this hash
        if kind == "docx":
            blocks = _docx_blocks(path, data, notes)
        elif kind == "pdf":
            blocks = _pdf_blocks(path, data)
        elif kind == "doc":
            blocks = _converted_blocks(path, data)
        else:
            blocks = _text_blocks(path, data)
    except UserError:
        raise
    except MemoryError as error:
        raise UnreadableReportError(path, TOO_MUCH_TEXT) from error
    except Exception as error:
        log.warning("无法读取 %s", path, exc_info=error)
        raise UnreadableReportError(path, CORRUPT) from error
    blocks = [b for b in blocks if b.text.strip()]
    if not blocks:
        raise UnreadableReportError(path, NO_TEXT)
    if sum(len(b.text) for b in blocks) > MAX_CHARS:
        raise UnreadableReportError(path, TOO_MUCH_TEXT)
    if len(blocks) > MAX_BLOCKS:
        raise UnreadableReportError(path, TOO_MANY_BLOCKS)
    source = SourceText(path, kind, blocks, digest, notes=notes)
    if kind == "doc":
        source.notes.append("旧版 Word/WPS 文件，已转换后读取")
    _simplify_if_traditional(source)
    return source


def _read_bytes(path: Path) -> bytes:
    if files.is_special(path):
        raise UnreadableReportError(path, files.NOT_A_FILE)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise UnreadableReportError(path, TOO_LARGE)
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)  # a file still growing stops at the limit too
    except OSError as error:
        log.warning("无法读取 %s", path, exc_info=error)
        outside = files.why_not_read(error)  # a path too long for Windows is "not found" there too
        if outside is None and isinstance(error, FileNotFoundError):
            outside = MISSING
        raise UnreadableReportError(path, outside or NO_ACCESS) from error
    if not data:
        raise UnreadableReportError(path, EMPTY)
    if len(data) > MAX_FILE_BYTES:
        raise UnreadableReportError(path, TOO_LARGE)
    return data


def _kind(data: bytes) -> str:
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "docx"
    if data.lstrip()[:5] == b"%PDF-":
        return "pdf"
    if data.startswith(OLE_MAGIC) or data.startswith(b"{\\rtf"):
        return "doc"
    return "txt"


# --- .docx ---------------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TEXT, _TAB, _BREAK = f"{_W}t", f"{_W}tab", f"{_W}br"


def _piece(node: object) -> str:
    tag = node.tag  # type: ignore[attr-defined]
    if tag == _TEXT:
        return node.text or ""  # type: ignore[attr-defined]
    return "\t" if tag == _TAB else " "


_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_FALLBACK, _BOX = f"{_MC}Fallback", f"{_W}txbxContent"


def _paragraph_text(element: object) -> tuple[str, list[str]]:
    """The paragraph's own text, and the paragraphs of the text boxes anchored in it, each once: Word
    stores a text box twice (the shape, and a VML copy under mc:Fallback for older readers), and a text
    box's lines are paragraphs of their own, not words of the paragraph that anchors it."""
    own: list[str] = []
    boxes: list[str] = []

    def walk(node: object, into: list[str]) -> None:
        for child in node:  # type: ignore[attr-defined]
            tag = child.tag
            if tag == _FALLBACK:
                continue
            if tag == _BOX:
                for paragraph in child.iter(f"{_W}p"):
                    line: list[str] = []
                    for piece in paragraph:
                        walk(piece, line)
                    boxes.append("".join(line))
                continue
            if tag in (_TEXT, _TAB, _BREAK):
                into.append(_piece(child))
            elif tag != f"{_W}p":
                walk(child, into)

    walk(element, own)
    return "".join(own), boxes


_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)


def _docx_blocks(path: Path, data: bytes, notes: list[str] | None = None) -> list[Block]:
    """The paragraphs and table rows of the .docx data (path only names it)."""
    try:
        check_package(path, DOCX_LIMITS, "Word 文档", data=data)
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            if "word/document.xml" not in package.namelist():
                raise UnreadableReportError(path, NOT_WORD)
        check_markup(path, DOCX_MAX_TAGS, "Word 文档", data=data)
    except OversizedPackageError:
        raise
    except zipfile.BadZipFile as error:
        raise UnreadableReportError(path, CORRUPT) from error
    import docx
    from docx.table import Table

    document = docx.Document(io.BytesIO(data))
    levels = _heading_levels(document)
    blocks: list[Block] = []
    chunks = 0
    for element in body_elements(document.element.body):
        if element.tag == PARAGRAPH:  # text and style id read from the XML: python-docx's are slow
            text, boxes = _paragraph_text(element)
            blocks.append(Block(text, levels.get(element.style)))
            blocks.extend(Block(box) for box in boxes)
        elif element.tag == TABLE:
            blocks.extend(_table_blocks(Table(element, document)))
        else:
            chunks += 1
    if chunks and notes is not None:
        notes.append(
            f"文件中有 {chunks} 处嵌入的其他文档内容（altChunk），其中的文字未读取，请在 Word 中查看"
        )
    return blocks


def _heading_levels(document: object) -> dict[str | None, int]:
    """Style id → heading level, for the styles that are (or are based on) 标题 N / Heading N / Title.
    Worked out once a document: python-docx's per-paragraph style lookup costs more than the reading."""
    levels: dict[str | None, int] = {}
    for style in document.styles:  # type: ignore[attr-defined]
        current, seen = style, 0
        while current is not None and seen < 10:
            name = (getattr(current, "name", "") or "").strip()
            match = _HEADING_STYLE.match(name)
            if match or name.lower() == "title":
                levels[style.style_id] = int(match[1]) if match else 0
                break
            current, seen = getattr(current, "base_style", None), seen + 1
    return levels


def _table_blocks(table: object) -> list[Block]:
    blocks = []
    for row in table.rows:  # type: ignore[attr-defined]
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(cell.text.split())
            if not cells or cells[-1] != text:  # a merged cell repeats in every column it spans
                cells.append(text)
        if any(cells):
            blocks.append(Block("\t".join(cells), cells=tuple(cells)))
    return blocks


# --- .txt ----------------------------------------------------------------------------------------


def _text_blocks(path: Path, data: bytes) -> list[Block]:
    text = decode_text(path, data)
    return [Block(line) for line in text.splitlines()]


def decode_text(path: Path, data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with a BOM, or GB18030; anything else is refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise UnreadableReportError(path, NOT_TEXT) from error
    if b"\x00" in data:  # anywhere: a NUL would reach the materials, and no Word document can hold one
        number = stray_nul_line(data)
        raise UnreadableReportError(path, BINARY if number is None else nul_in_line(number))
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableReportError(path, NOT_TEXT)


# --- .pdf ----------------------------------------------------------------------------------------


def _pdf_blocks(path: Path, data: bytes) -> list[Block]:
    from core.pdf_bounded import PdfError, page_texts

    try:  # in a child process with memory and time limits: a crafted page can inflate to gigabytes
        texts = page_texts(data, MAX_PDF_PAGES)
    except PdfError as error:
        reason = {
            "password": PDF_PASSWORD,
            "pages": TOO_MANY_PAGES,
            "heavy": PDF_TOO_HEAVY,
            "blocked": "未读取：" + BLOCKED_FILE,
        }
        heavy_page = error.kind == "heavy" and error.page
        raise UnreadableReportError(
            path, PDF_PAGE_TOO_HEAVY.format(error.page) if heavy_page else reason.get(error.kind, CORRUPT)
        ) from error
    lines = [line for text in texts for line in text.splitlines()]
    if not any(line.strip() for line in lines):
        raise UnreadableReportError(path, PDF_NO_TEXT)
    return [Block(line) for line in _join_pdf_lines(lines)]


_PAGE_NUMBER = re.compile(r"^\s*[-—–－]?\s*\d{1,4}\s*[-—–－]?\s*$")
_SENTENCE_END = tuple("。！？：；…”）)")


def _join_pdf_lines(lines: list[str]) -> list[str]:
    """A PDF breaks paragraphs into printed lines: join a line onto the next unless it ends a sentence or
    is short (a title, a heading, a signature); drop page numbers."""
    paragraphs: list[str] = []
    current = ""
    width = max((len(line.strip()) for line in lines), default=0)
    for raw in lines:
        line = raw.strip()
        if not line or _PAGE_NUMBER.match(line):
            if current:
                paragraphs.append(current)
                current = ""
            continue
        current += line
        if line.endswith(_SENTENCE_END) or len(line) < width * 0.8:
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return paragraphs


# --- .doc/.wps/.rtf through Word, WPS or LibreOffice ---------------------------------------------


def converter_name() -> str | None:
    """Which program would convert a .doc here: "Word", "WPS", "LibreOffice" or None."""
    from core.reports import office
    from core.reports.pdf import find_soffice

    suites = office.installed_suites()
    if suites:
        return "/".join(suite.name for suite in suites)
    return "LibreOffice" if find_soffice() else None


def _converted_blocks(path: Path, data: bytes) -> list[Block]:
    with tempfile.TemporaryDirectory(prefix="honourdesk-doc-") as work:
        source = Path(work) / f"source{path.suffix.lower() or '.doc'}"
        source.write_bytes(data)
        converted = _convert_to_docx(path, source, Path(work))
        return _docx_blocks(path, converted.read_bytes())


def _convert_to_docx(path: Path, source: Path, work: Path) -> Path:
    """source (path's bytes as read, in work) converted by Word, then WPS (each in a child process with a
    deadline: COM is set up there, and a dialog nobody sees cannot hang the reading), then LibreOffice.
    When one was there but failed, that is the answer."""
    from core.reports import office
    from core.reports.pdf import find_soffice

    failure: str | None = None
    for suite in office.installed_suites():
        try:
            return office.save_as_docx(suite, source.resolve(), work / "converted.docx", CONVERT_TIMEOUT)
        except office.OfficeError as error:  # that program failed: try the next one
            log.info("%s 无法转换 %s：%s", suite.name, path, error.message)
            failure = CONVERT_SLOW if isinstance(error, office.OfficeTimeout) else CONVERT_FAILED
    soffice = find_soffice()
    if soffice is None:
        raise UnreadableReportError(path, failure or NO_CONVERTER)
    return _libreoffice_convert(soffice, path, source, work)


def _libreoffice_convert(soffice: Path, path: Path, source: Path, work: Path) -> Path:
    from core.reports.pdf import offline_profile

    command = [
        str(soffice),
        offline_profile(work / "profile"),
        "--headless",
        "--norestore",
        "--convert-to",
        "docx:MS Word 2007 XML",
        "--outdir",
        str(work / "out"),
        str(source),
    ]
    try:
        # Bytes: LibreOffice speaks the console's code page (GBK on a Chinese Windows) about the paths it
        # worked on, which the packaged program (UTF-8 mode) could not decode as text.
        result = subprocess.run(command, capture_output=True, timeout=CONVERT_TIMEOUT)
    except subprocess.TimeoutExpired as error:
        raise UnreadableReportError(path, CONVERT_SLOW) from error
    produced = work / "out" / "source.docx"
    if result.returncode != 0 or not produced.exists():
        from core.reports.pdf import console_text

        log.error(
            "LibreOffice 转换 %s 失败：%s %s", path, console_text(result.stdout), console_text(result.stderr)
        )
        raise UnreadableReportError(path, CONVERT_FAILED)
    return produced


# --- traditional characters ----------------------------------------------------------------------


@lru_cache(maxsize=1)
def _to_simplified():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("t2s")


def _simplify_if_traditional(source: SourceText) -> None:
    sample = "".join(b.text for b in source.blocks)[:4000]
    converter = _to_simplified()
    simplified = converter.convert(sample)
    changed = sum(1 for a, b in zip(sample, simplified, strict=False) if a != b)
    if changed < max(8, len(sample) // 100):
        return
    source.blocks = [
        Block(
            converter.convert(b.text),
            b.style_level,
            tuple(converter.convert(c) for c in b.cells) if b.cells else None,
        )
        for b in source.blocks
    ]
    source.traditional = True
    source.notes.append("原文为繁体字，已转为简体字")
