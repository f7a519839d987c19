"""Paths the database keeps for files in the data directory (attachments/, templates/).

The database may come from outside: a restored backup, or a shared server whose records another PC or
program wrote. A stored path is used only when it names a file of the expected kind inside its folder: a
record saying "../../Desktop/报告.docx", "C:\\Windows\\…" or "1/run.bat" must never make the program read,
write, open or delete a file anywhere else. The check is on the text alone (both Windows and POSIX
separators), so it answers the same on every PC, whether or not the file exists.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from pathlib import Path, PureWindowsPath

from core.errors import UserError

log = logging.getLogger(__name__)

MAX_CHARS = 300  # the columns' width (String(300))


class UnsafeStoredPath(UserError):
    """A stored path that leaves its folder or names a file of another kind; nothing was touched."""


def unsafe_reason(relative: str, suffixes: Collection[str]) -> str | None:
    """Why `relative` may not be used under its folder, in Chinese; None when it may."""
    if not relative or len(relative) > MAX_CHARS or any(ord(c) < 32 for c in relative):
        return "不是有效的文件名"
    pure = PureWindowsPath(relative)  # "/" and "\\" both separate; drives and UNC shares are seen
    if pure.drive or pure.root or relative.startswith(("/", "\\")):
        return "是一个绝对路径"
    if any(part in ("..", ".") for part in pure.parts) or ":" in relative:
        return "指向文件夹之外"
    if pure.suffix.lower() not in suffixes:
        return f"不是 {'、'.join(sorted(suffixes))} 文件"
    return None


def stored_file(folder: Path, relative: str, suffixes: Collection[str], what: str) -> Path:
    """folder/relative; UnsafeStoredPath (Chinese, naming `what`) when the path may not be used."""
    reason = unsafe_reason(relative, suffixes)
    if reason is not None:
        log.warning("refused stored path %r under %s: %s", relative, folder, reason)
        raise UnsafeStoredPath(
            f"{what}记录的存放位置“{relative}”{reason}（应在数据目录的 {folder.name} 文件夹中），"
            "未使用。这条记录可能来自被改动过的备份或数据库。"
        )
    return folder / relative


def stored_file_or_none(folder: Path, relative: str, suffixes: Collection[str]) -> Path | None:
    """folder/relative, or None (logged) when the path may not be used: for clean-ups that go on."""
    try:
        return stored_file(folder, relative, suffixes, "文件")
    except UnsafeStoredPath:
        return None
