"""The exception boundary of the readers: every library failure becomes UnreadableFileError.

The message names the file (not its folder) and why, in Chinese; the library's own exception is logged
with its traceback, and its English text never reaches the user.
"""

from __future__ import annotations

import logging
from pathlib import Path
from types import TracebackType

import python_calamine

from core import files
from core.errors import UserError

log = logging.getLogger("core.importing.readers")

MAX_ROWS = 1_048_576  # Excel's own limits; a sheet claiming more is refused rather than allocated
MAX_COLUMNS = 16_384
# Rows with anything in them, per sheet: a whole city's records are about 100,000 honours (bench/bigdb.py).
# Each row read is kept (about 1 KB) until the sheet is checked, so a sheet of a million short rows, well
# inside Excel's limits and the cell cap, would take gigabytes and minutes before its first answer.
MAX_FILLED_ROWS = 100_000

# Reasons, completing "文件“名称”…。"
EMPTY = "是空文件"
PASSWORD = "设有打开密码，请在 Excel 中取消密码后另存再导入"
CORRUPT = "已损坏或格式不完整，无法读取"
NOT_SPREADSHEET = "不是电子表格文件"
NO_VISIBLE_SHEET = "没有可见的工作表"
TOO_LARGE = "内容过大，超出可以读取的范围"
ZIP_BOMB = "解压后的内容过大（疑似“压缩炸弹”），超出可以安全读取的范围，未读取"
HTML = "其实是网页（HTML）格式，并非真正的 Excel 文件，请在 Excel 中打开后另存为 .xlsx 再导入"
XML_2003 = "是 Excel 2003 XML 格式，请在 Excel 中打开后另存为 .xlsx 再导入"
MISSING = "不存在，可能已被移动或删除"
NO_ACCESS = "无法访问，可能没有读取权限或正被其他程序占用"
BIG5 = "是繁体中文 Big5 编码的文本。请在记事本或 Excel 中把它另存为 UTF-8 编码（或 Excel 工作簿）后再导入"


def sheet_too_large(sheet: str) -> str:
    return f"中的工作表“{sheet}”超过 Excel 的上限（{MAX_ROWS} 行、{MAX_COLUMNS} 列），无法读取"


def too_many_rows(sheet: str) -> str:
    return (
        f"中的工作表“{sheet}”有超过 {MAX_FILLED_ROWS:,} 行内容，超出一次可以导入的范围，未读取；"
        "请把它拆分成几个文件后分别导入"
    )


def overstated_strings(declared: int) -> str:
    return (
        f"的共享字符串表声称有 {declared:,} 个字符串，远超文件实际能容纳的数量，文件已损坏或被改动过，未读取；"
        "请用 Excel 或 WPS 打开它，另存为 .xlsx 后再导入"
    )


def too_many_cells(sheet: str, limit: int) -> str:
    return f"中的工作表“{sheet}”有超过 {limit:,} 个单元格，超出可以读取的范围，未读取"


class UnreadableFileError(UserError):
    """A file that cannot be read as a spreadsheet; the message names the file (not its folder) and why."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"文件“{self.path.name}”{reason}。")


def _is_panic(exc: BaseException) -> bool:
    """pyo3's PanicException (raised by python-calamine) derives from BaseException."""
    return type(exc).__name__ == "PanicException"


def _reason_for(exc: BaseException) -> str | None:
    outside = files.why_not_read(exc) if isinstance(exc, OSError) else None
    if outside is not None:
        return outside
    if isinstance(exc, FileNotFoundError):
        return MISSING
    if isinstance(exc, PermissionError):
        return NO_ACCESS
    if isinstance(exc, IsADirectoryError):
        return NOT_SPREADSHEET
    if isinstance(exc, python_calamine.PasswordError):
        return PASSWORD
    if isinstance(exc, MemoryError):
        return TOO_LARGE
    if isinstance(exc, Exception) or _is_panic(exc):
        return CORRUPT
    return None  # KeyboardInterrupt, SystemExit, GeneratorExit pass through


class Guard:
    """Turns any library exception into UnreadableFileError, logging the original with its traceback."""

    def __init__(self, path: Path, action: str) -> None:
        self.path = path
        self.action = action

    def __enter__(self) -> Guard:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if exc is None or isinstance(exc, UnreadableFileError):
            return
        reason = _reason_for(exc)
        if reason is None:
            return
        log.warning("Cannot %s %s: %r", self.action, self.path, exc, exc_info=exc)
        raise UnreadableFileError(self.path, reason) from exc
