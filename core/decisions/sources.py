"""Name lists from files: a text file (UTF-8, UTF-16 or GB18030) or the decision's .docx itself.

A .docx gives its paragraphs one a line and each table row as its cells joined by tabs, which is what
the same text pasted from Word looks like; split_names() then reads either the same way.
"""

from __future__ import annotations

import codecs
import logging
from pathlib import Path

from core import files
from core.errors import UserError
from core.importing.readers.text import stray_nul_line
from core.temporary import PrivateCopy
from core.zip_guard import DOCX_LIMITS, DOCX_MAX_TAGS, MB, check_markup, check_package

log = logging.getLogger(__name__)

MAX_TEXT_BYTES = 4 * 1024 * 1024  # a name list of a whole province is far smaller
TEXT_SUFFIXES = (".txt", ".csv", ".text", "")


def read_name_file(path: Path) -> str:
    """The text of a name list file; UserError (Chinese, naming the file) when it cannot be read."""
    path = Path(path)
    if not path.is_file():
        raise UserError(f"找不到名单文件“{path}”。")
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return _docx_text(path)
    if suffix in (".doc", ".wps", ".pdf", ".xls", ".xlsx"):
        raise UserError(
            f"名单文件“{path.name}”是 {suffix} 文件：请在 Word/WPS 中打开，复制名单后粘贴，"
            "或另存为 .docx 或 .txt 再读取。"
        )
    try:
        with path.open("rb") as handle:  # at most the cap, even when the file grows meanwhile
            raw = handle.read(MAX_TEXT_BYTES + 1)
    except OSError as error:
        outside = files.why_not_read(error)
        if outside is not None:
            raise UserError(f"名单文件“{path.name}”{outside}。") from error
        raise UserError(f"无法读取名单文件“{path.name}”（文件被占用、已移走或没有读取权限）。") from error
    if len(raw) > MAX_TEXT_BYTES:
        raise UserError(f"名单文件“{path.name}”超过 4 MB，不像是一份名单，未读取。")
    return _decode(raw, path)


def _decode(raw: bytes, path: Path) -> str:
    if raw.startswith(codecs.BOM_UTF8):
        encodings = ["utf-8-sig"]
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ["utf-16"]
    else:
        encodings = ["utf-8", "gb18030"]
    for encoding in encodings:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    number = stray_nul_line(raw)
    if number is not None:
        raise UserError(
            f"名单文件“{path.name}”的第 {number} 行含有空字符（值为 0 的字节），文件可能在保存或复制时损坏，"
            "未读取；请用记事本打开它，删去该处的乱码后另存为 UTF-8 文本，再读取。"
        )
    raise UserError(f"名单文件“{path.name}”不是文本文件（或编码无法识别），请另存为 UTF-8 文本后再读取。")


def _docx_text(path: Path) -> str:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    from core.docx_body import PARAGRAPH, TABLE, body_elements

    try:
        # one copy read from outside: the package checked is the package parsed
        with PrivateCopy(path, limit=DOCX_LIMITS.max_total_bytes, too_large=lambda: _too_large(path)) as copy:
            check_package(copy.path, DOCX_LIMITS, "名单文件")
            check_markup(copy.path, DOCX_MAX_TAGS, "名单文件")
            document = docx.Document(str(copy.path))
        lines: list[str] = []
        for element in body_elements(document.element.body):  # names in content controls too
            if element.tag == PARAGRAPH:
                lines.append(Paragraph(element, document).text)
            elif element.tag == TABLE:
                lines.extend(_table_lines(Table(element, document)))
    except UserError:  # too large, a “压缩炸弹”, no room to copy it: said already
        raise
    except OSError as error:
        outside = files.why_not_read(error)
        if outside is not None:
            raise UserError(f"名单文件“{path.name}”{outside}。") from error
        raise UserError(f"无法读取名单文件“{path.name}”（文件被占用、已移走或没有读取权限）。") from error
    except Exception as error:  # a crafted package: bad zip, missing part, XML the parser refuses
        log.warning("名单文件 %s 无法读取", path, exc_info=error)
        raise UserError(f"名单文件“{path.name}”不是有效的 Word 文档（.docx），未读取。") from error
    return "\n".join(lines)


def _too_large(path: Path) -> UserError:
    return UserError(
        f"名单文件“{path.name}”超过 {DOCX_LIMITS.max_total_bytes // MB} MB，不像是一份名单，未读取。"
    )


def _table_lines(table: object) -> list[str]:
    lines = []
    for row in table.rows:  # type: ignore[attr-defined]
        cells = list(dict.fromkeys(cell.text.strip() for cell in row.cells))  # merged cells repeat
        lines.append("\t".join(cells))
    return lines
