"""Where things live: the data directory and the bundled resources.

The data directory is the user's *local* application data folder (on Windows %LOCALAPPDATA%\\HonourDesk):
the roaming one may sit on a server (roaming profiles, folder redirection), where SQLite's file locking
is not safe and the whole folder would be copied at every logon. Data that an earlier version kept in the
roaming folder is moved once, the database last, so that an interrupted move is simply done again.
"""

from __future__ import annotations

import logging
import ntpath
import os
import re
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_data_dir, user_documents_dir

from core import APP_NAME

log = logging.getLogger(__name__)

PORTABLE_MARKER = "portable"
# Explorer hides extensions: a marker made as a new text document and renamed "portable" is portable.txt.
PORTABLE_MARKERS = (PORTABLE_MARKER, f"{PORTABLE_MARKER}.txt")
DATABASE_FILE = "honourdesk.db"
# The longest path inside the data folder, beyond the folder's own: an automatic backup's temporary file
# (backups\honourdesk-20261130-214329-205122-before-restore.db.part) and the hidden temporaries beside it.
INSIDE_CHARS = 80
# Left behind in the old folder: the live database's own files go through SQLite's backup instead.
_NOT_COPIED = (DATABASE_FILE, f"{DATABASE_FILE}-wal", f"{DATABASE_FILE}-shm", "honourdesk.lock")


# The folders archivers extract into when a program is double-clicked inside an archive, deleted when the
# archive's window closes: Explorer's zip folders (Temp1_HonourDesk-0.1.0-windows-x64.zip), WinRAR
# (Rar$EXa1234.5678), 7-Zip (7zO8C43B2E4, 7zO1A2B.tmp), 360压缩 (360zip$Temp), Bandizip (BNZ.5f1a2b3c),
# 好压 (HZ$D.123.4567).
_ARCHIVE_TEMPORARIES = re.compile(
    r"Temp\d+_.+\.(zip|rar|7z)|Rar\$[A-Z]{2}[a-z]?\d+\.\d+|7zO[0-9A-F]{4,}(\.tmp)?|360zip\$Temp|BNZ\.[0-9a-f]+"
    r"|HZ\$[A-Z]\.\d+\.\d+",
    re.IGNORECASE,
)


def archive_temporary_folder(program: str | os.PathLike[str], *, windows: bool | None = None) -> str | None:
    """The archiver's temporary folder the program runs from (it was started inside an archive's window),
    or None when it was unpacked properly."""
    windows = sys.platform == "win32" if windows is None else windows
    folder = os.fspath(program)
    parts = (ntpath if windows else os.path).normpath(folder).split("\\" if windows else os.sep)
    for index, part in enumerate(parts):
        if _ARCHIVE_TEMPORARIES.fullmatch(part):
            return ("\\" if windows else os.sep).join(parts[: index + 1])
    return None


def archive_warning(
    program: str | os.PathLike[str], *, portable: bool = False, windows: bool | None = None
) -> str | None:
    """The Chinese warning that the program runs from an archive's temporary folder, or None."""
    folder = archive_temporary_folder(program, windows=windows)
    if folder is None:
        return None
    text = (
        f"HonourDesk 正在从压缩软件的临时文件夹“{folder}”中运行（在压缩包里直接双击打开了它）：关闭压缩软件后，"
        "这个文件夹连同程序会被删除。请先把整个 HonourDesk 文件夹解压到本机硬盘（如 D:\\HonourDesk），"
        "再运行其中的 HonourDesk.exe。"
    )
    if portable:
        text += (
            "压缩包中的 portable（便携模式）标记这次没有使用：数据没有放进会被删除的临时文件夹，"
            "而是保存在本机的数据目录（%LOCALAPPDATA%\\HonourDesk）中。"
        )
    return text


def program_dir() -> Path:
    """The folder of the packaged executable, or of main.py when run from source."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parent.parent


def given_path(
    name: str | Path, *, windows: bool | None = None, long_name: Callable[[str], str] | None = None
) -> Path:
    """A file named on the command line (or dropped on the program's icon) as an absolute path in long
    names: a second start hands it to the window already running, whose working folder is another, and
    an 8.3 short name (C:\\Users\\ZHANGS~1\\荣誉登~1.XLS, as some programs and shortcuts pass it) would
    otherwise become the name shown and recorded in the import history."""
    windows = sys.platform == "win32" if windows is None else windows
    text = (ntpath if windows else os.path).abspath(os.fspath(name))
    if "~" in text and windows:
        text = (long_name or _long_path_name)(text) or text
    return Path(text)


def _long_path_name(short: str) -> str:  # pragma: no cover - Windows only
    """GetLongPathNameW: the long form of an existing path; "" when it cannot be had."""
    import ctypes

    size = ctypes.windll.kernel32.GetLongPathNameW(short, None, 0)  # type: ignore[attr-defined]
    if not size:
        return ""
    buffer = ctypes.create_unicode_buffer(size)
    done = ctypes.windll.kernel32.GetLongPathNameW(short, buffer, size)  # type: ignore[attr-defined]
    return buffer.value if 0 < done < size else ""


def resource_path(*parts: str) -> Path:
    """A file under resources/, from source or from a PyInstaller bundle."""
    base = Path(getattr(sys, "_MEIPASS", program_dir()))
    return base.joinpath("resources", *parts)


def documents_dir() -> Path:
    """The user's Documents folder, the fallback start of a file dialog."""
    return Path(user_documents_dir())


def portable_marked() -> bool:
    return any((program_dir() / marker).exists() for marker in PORTABLE_MARKERS)


def program_warning() -> str | None:
    """Said at start when the program itself runs from where it will not stay (an archive's window)."""
    program = program_dir()
    return archive_warning(program, portable=portable_marked())


def default_data_dir() -> tuple[Path, Path | None]:
    """./data beside the program in portable mode, else the user's local data directory; and the
    roaming folder the data was just moved from, if it was."""
    if portable_marked():
        if archive_temporary_folder(program_dir()) is None:
            return program_dir() / "data", None
        log.warning("程序从压缩软件的临时文件夹 %s 运行，不使用便携模式", program_dir())
    local = Path(user_data_dir(APP_NAME, appauthor=False, roaming=False))
    roaming = Path(user_data_dir(APP_NAME, appauthor=False, roaming=True))
    if roaming == local or (local / DATABASE_FILE).exists() or not (roaming / DATABASE_FILE).is_file():
        return local, None
    try:
        move_data_folder(roaming, local)
    except Exception:  # e.g. the old folder is on a server that cannot be reached: use it this time
        log.exception("无法把数据从 %s 移到 %s，本次仍使用原位置", roaming, local)
        return roaming, None
    return local, roaming


def move_data_folder(source: Path, target: Path) -> None:
    """Copy every file of the data folder, then the database through SQLite's backup (consistent even
    with a WAL file beside it) and checked; its appearance under the final name completes the move,
    after which the old folder is removed (what cannot be removed is left, and logged)."""
    import sqlite3
    from contextlib import closing

    from core import files

    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(source, target, ignore=lambda *_: _NOT_COPIED, dirs_exist_ok=True)
    partial = target / f"{DATABASE_FILE}.moving"
    files.unlink(partial)
    with (
        closing(sqlite3.connect(source / DATABASE_FILE)) as origin,
        closing(sqlite3.connect(partial)) as copy,
    ):
        origin.backup(copy)
        verdict = copy.execute("PRAGMA quick_check").fetchone()[0]
    if verdict != "ok":
        files.discard(partial)
        raise OSError(f"copy of {source / DATABASE_FILE} failed its quick_check: {verdict}")
    files.replace(partial, target / DATABASE_FILE)
    try:
        files.remove_tree(source)
    except OSError:
        log.warning("数据已移到 %s，但旧的数据文件夹 %s 未能全部删除", target, source, exc_info=True)


@dataclass(frozen=True)
class DataDir:
    """The data directory and the fixed layout inside it."""

    root: Path
    moved_from: Path | None = field(default=None, compare=False)  # a one-time move just made

    @property
    def database(self) -> Path:
        return self.root / DATABASE_FILE

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def attachments(self) -> Path:
        return self.root / "attachments"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def settings_file(self) -> Path:
        return self.root / "settings.json"

    @property
    def lock_file(self) -> Path:
        return self.root / "honourdesk.lock"

    def create(self) -> DataDir:
        """Make the folders that are missing. A folder that exists but cannot be written (portable mode
        on a read-only medium) is not an error here: reading still works, writing says why not."""
        self.root.mkdir(parents=True, exist_ok=True)
        for folder in (self.backups, self.attachments, self.templates, self.logs):
            try:
                folder.mkdir(exist_ok=True)
            except OSError:
                log.warning("无法创建文件夹 %s", folder, exc_info=True)
        return self

    def too_long(self, *, windows: bool | None = None) -> str | None:
        """Why the folder cannot serve on Windows, where a path may have at most 259 characters (long paths
        are off by default): the files inside it are up to INSIDE_CHARS longer than the folder's own path.
        None when it fits (or elsewhere)."""
        from core.files import MAX_PATH_CHARS, path_length

        if not (sys.platform == "win32" if windows is None else windows):
            return None
        room = MAX_PATH_CHARS - INSIDE_CHARS
        length = path_length(self.root)
        if length <= room:
            return None
        return (
            f"数据目录“{self.root}”的路径有 {length} 个字符，太长：其中的数据库、备份和日志文件的完整路径会超过 "
            f"Windows 允许的 {MAX_PATH_CHARS} 个字符。请选择不超过 {room} 个字符的文件夹（层次较浅或名称较短）。"
        )

    def log_moved(self) -> None:
        if self.moved_from is not None:
            log.info("数据已从漫游文件夹 %s 移到本机文件夹 %s", self.moved_from, self.root)

    @classmethod
    def resolve(cls, override: str | Path | None = None) -> DataDir:
        if override:
            return cls(Path(override).expanduser().resolve())
        root, moved_from = default_data_dir()
        return cls(root.resolve(), moved_from)
