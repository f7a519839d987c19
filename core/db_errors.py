"""Failures of the database and of files, told in Chinese: a held lock, a read-only file or folder, a full
disk, a damaged file, a lost server. The SQL, its parameters and the driver's English text never reach
the user (they go to the log); every one of these leaves the data as it was.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from core.errors import UserError

BUSY_WAIT_S = 30  # core.db's busy timeout, in the words of the message


class StorageError(UserError):
    """The database or a file could not be used; nothing was changed."""

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind  # "busy", "read_only", "full", "damaged", "cannot_open", "io", "server", "file"


UNCHANGED = "本次操作未做任何修改。"

_SQLITE_MESSAGES = {
    "busy": (
        "数据库正被另一个程序使用（另一个 HonourDesk 窗口或命令，或另一台电脑），等待 {wait} 秒后仍未空闲。"
        + UNCHANGED
        + "请稍后重试。"
    ),
    "read_only": (
        "数据库文件{where}是只读的（文件设为只读，或所在的文件夹、磁盘不可写）。"
        + UNCHANGED
        + "请换到可写的数据目录，或取消文件的只读属性。"
    ),
    "full": "磁盘空间已满，数据库无法写入。" + UNCHANGED + "请清理磁盘后重试。",
    "damaged": (
        "数据库文件{where}已损坏，无法读取。"
        + UNCHANGED
        + "请运行“检查数据库”（命令 check）查看损坏之处，再从一份完好的备份恢复。"
    ),
    "cannot_open": "无法打开数据库文件{where}：文件夹不存在或不可写，或文件正被其他程序独占。",
    # The file's handle does not come back with the medium or the network: only a new start opens it again.
    "io": (
        "读写数据库文件{where}时出错（磁盘或网络故障，或所在的 U 盘、移动硬盘已拔出）。"
        + UNCHANGED
        + "请检查磁盘或网络连接（或插回 U 盘）后重新启动程序。"
    ),
    "memory": "内存不足，无法完成数据库操作。" + UNCHANGED,
}

_SQLITE_CODES = {
    sqlite3.SQLITE_BUSY: "busy",
    sqlite3.SQLITE_LOCKED: "busy",
    sqlite3.SQLITE_READONLY: "read_only",
    sqlite3.SQLITE_PERM: "read_only",
    sqlite3.SQLITE_FULL: "full",
    sqlite3.SQLITE_CORRUPT: "damaged",
    sqlite3.SQLITE_NOTADB: "damaged",
    sqlite3.SQLITE_CANTOPEN: "cannot_open",
    sqlite3.SQLITE_IOERR: "io",
    sqlite3.SQLITE_NOMEM: "memory",
}

# Before Python 3.11 sqlite3 errors carry no code: their (fixed, English) texts instead.
_SQLITE_TEXTS = (
    ("database is locked", "busy"),
    ("database table is locked", "busy"),
    ("readonly database", "read_only"),
    ("database or disk is full", "full"),
    ("malformed", "damaged"),
    ("file is not a database", "damaged"),
    ("unable to open database", "cannot_open"),
    ("disk i/o error", "io"),
    ("out of memory", "memory"),
)

_SERVER_STATES = {
    "55P03": "另一台电脑正在写入数据库，等待后仍未轮到本机。" + UNCHANGED + "请稍后重试。",
    "40P01": "与另一台电脑的修改相互冲突。" + UNCHANGED + "请重试。",
    "40001": "与另一台电脑的修改相互冲突。" + UNCHANGED + "请重试。",
    "53100": "数据库服务器的磁盘已满。" + UNCHANGED + "请联系服务器管理员。",
    "53200": "数据库服务器内存不足。" + UNCHANGED + "请联系服务器管理员。",
    "53300": "数据库服务器的连接数已满。" + UNCHANGED + "请稍后重试或联系服务器管理员。",
    "25006": "数据库服务器处于只读状态。" + UNCHANGED + "请联系服务器管理员。",
    "42501": "数据库服务器的这个用户没有足够的权限。" + UNCHANGED + "请联系服务器管理员。",
    "57P01": "数据库服务器已关闭连接。" + UNCHANGED + "请稍后重试。",
}


def driver_error(error: BaseException) -> BaseException | None:
    """The database driver's own exception inside SQLAlchemy's wrapper (or the error itself)."""
    original = getattr(error, "orig", None)
    if isinstance(original, BaseException):
        return original
    return error if isinstance(error, sqlite3.Error) or _is_psycopg(error) else None


def sqlite_kind(error: BaseException) -> str | None:
    """busy, read_only, full, damaged, cannot_open, io or memory for a sqlite3 error; else None."""
    if not isinstance(error, sqlite3.Error):
        return None
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None and (code & 0xFF) in _SQLITE_CODES:
        return _SQLITE_CODES[code & 0xFF]
    text = str(error).lower()
    return next((kind for phrase, kind in _SQLITE_TEXTS if phrase in text), None)


def explain(error: BaseException, database: Path | None = None) -> UserError | None:
    """A Chinese UserError for a failure of the database or of a file; None for anything else."""
    if isinstance(error, UserError):
        return error
    original = driver_error(error)
    if original is not None:
        return _explain_driver(original, database)
    if isinstance(error, OSError):
        return _explain_os(error)
    return None


def _explain_driver(error: BaseException, database: Path | None) -> UserError | None:
    kind = sqlite_kind(error)
    if kind is not None:
        where = f"“{database}”" if database is not None else ""
        return StorageError(_SQLITE_MESSAGES[kind].format(where=where, wait=BUSY_WAIT_S), kind)
    state = getattr(error, "sqlstate", None) or ""
    if state in _SERVER_STATES:
        return StorageError(_SERVER_STATES[state], "server")
    if state.startswith("08") or (_is_psycopg(error) and type(error).__name__ == "OperationalError"):
        return StorageError("与数据库服务器的连接中断。" + UNCHANGED + "请检查网络后重试。", "server")
    return None


def _explain_os(error: OSError) -> UserError:
    from core import files

    name = error.filename
    if name is None:
        if isinstance(error, PermissionError):
            return StorageError("没有权限读写所需的文件。" + UNCHANGED, "file")
        return StorageError(f"读写文件时出错（错误代码 {error.errno}）。" + UNCHANGED, "file")
    return StorageError(f"无法读写“{name}”：{files.why_not_written(Path(str(name)), error)}", "file")


def _is_psycopg(error: BaseException) -> bool:
    return type(error).__module__.split(".")[0] == "psycopg"
