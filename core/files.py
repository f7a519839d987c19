"""Files on an office PC: replaced and deleted despite a scanner's brief hold, written safely, and every
failure told in Chinese with its likely cause (open in Word/WPS, blocked by security software, a folder
that cannot be written, a full disk, a path too long for Windows).

On Windows an antivirus scan or the search indexer opens a file for a moment just after it was written,
and a rename or delete then fails with a sharing violation: replace() and unlink() try again for about a
second before they give up. Elsewhere such errors do not occur and nothing is retried.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import re
import shutil
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import BinaryIO, TypeVar

from core.errors import UserError

log = logging.getLogger(__name__)

T = TypeVar("T")

WINDOWS = sys.platform == "win32"
MAX_PATH_CHARS = 259  # Windows' MAX_PATH (260) less the terminating NUL, without long-path support

ERROR_ACCESS_DENIED = 5
ERROR_WRITE_PROTECT = 19
ERROR_SHARING_VIOLATION = 32
ERROR_LOCK_VIOLATION = 33
ERROR_HANDLE_DISK_FULL = 39
ERROR_DISK_FULL = 112
ERROR_FILENAME_EXCED_RANGE = 206
DISK_FULL = frozenset({ERROR_DISK_FULL, ERROR_HANDLE_DISK_FULL})
ERROR_VIRUS_INFECTED = 225
ERROR_VIRUS_DELETED = 226
# A file that another program has mapped into memory: what Defender's (or another scanner's) look at a
# freshly written document gives to a rename or delete over it, like a sharing violation.
ERROR_USER_MAPPED_FILE = 1224
# A network share that went away or stopped answering while it was in use (Python gives most of these no
# errno of their own: without this they read as "错误代码 64").
NETWORK_FAILURES = frozenset(
    {
        51,  # ERROR_REM_NOT_LIST
        53,  # ERROR_BAD_NETPATH
        54,  # ERROR_NETWORK_BUSY
        59,  # ERROR_UNEXP_NET_ERR
        64,  # ERROR_NETNAME_DELETED
        67,  # ERROR_BAD_NET_NAME
        121,  # ERROR_SEM_TIMEOUT
        1222,  # ERROR_NO_NETWORK
        1231,  # ERROR_NETWORK_UNREACHABLE
        1232,  # ERROR_HOST_UNREACHABLE
    }
)

# A file kept only in the cloud (OneDrive's and other sync programs' 仅在线 files) that could not be fetched:
# the sync program is not running, offline, or gave up.
CLOUD_FILE_FAILURES = frozenset(
    {
        362,  # ERROR_CLOUD_FILE_PROVIDER_NOT_RUNNING
        388,  # ERROR_CLOUD_FILE_NETWORK_UNAVAILABLE
        389,  # ERROR_CLOUD_FILE_UNSUCCESSFUL
        391,  # ERROR_CLOUD_FILE_IN_USE
        393,  # ERROR_CLOUD_FILE_REQUEST_ABORTED
        398,  # ERROR_CLOUD_FILE_REQUEST_CANCELED
        404,  # ERROR_CLOUD_FILE_PROVIDER_TERMINATED
        426,  # ERROR_CLOUD_FILE_REQUEST_TIMEOUT
        475,  # ERROR_CLOUD_FILE_US_MESSAGE_TIMEOUT
    }
)
# A U 盘, card or disc pulled out (or not ready) while its file was read.
MEDIUM_GONE = frozenset(
    {
        21,  # ERROR_NOT_READY
        1112,  # ERROR_NO_MEDIA_IN_DRIVE
        1167,  # ERROR_DEVICE_NOT_CONNECTED
        1617,  # ERROR_DEVICE_REMOVED
    }
)
ERROR_CRC = 23  # a bad sector: the disk, not the file's format, failed
_RUST_OS_ERROR = re.compile(r"\(os error (\d+)\)")

# Held for a moment by a scanner or the indexer (access denied is also what a pending delete gives).
TRANSIENT = frozenset(
    {ERROR_ACCESS_DENIED, ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION, ERROR_USER_MAPPED_FILE}
)
RETRY_DELAYS = (0.05, 0.1, 0.15, 0.25, 0.45)  # a second in all
OFFICE_SUFFIXES = frozenset({".docx", ".doc", ".xlsx", ".xls", ".xlsm", ".wps", ".et", ".dps", ".pptx"})
# Folders that Windows' Controlled Folder Access protects by default (under the user's profile).
PROTECTED_FOLDERS = ("Documents", "Desktop", "Pictures", "Videos", "Music", "Favorites", "OneDrive")

_sleep = time.sleep


def is_transient(error: OSError) -> bool:
    """A sharing or lock violation that may pass in a moment (Windows only)."""
    return getattr(error, "winerror", None) in TRANSIENT


def retrying(action: Callable[[], T], what: str = "") -> T:
    """Run action, again after a short pause while it fails with a transient sharing violation."""
    for delay in (*RETRY_DELAYS, None):
        try:
            return action()
        except OSError as error:
            if delay is None or not is_transient(error):
                raise
            log.debug("%s 被占用（%s），稍后重试", what, getattr(error, "winerror", ""))
            _sleep(delay)
    raise AssertionError("unreachable")


def replace(source: Path, target: Path) -> None:
    """os.replace, retried while a scanner holds either file."""
    retrying(lambda: os.replace(source, target), str(target))


def unlink(path: Path, *, missing_ok: bool = True) -> None:
    """Path.unlink, retried while a scanner holds the file."""
    retrying(lambda: Path(path).unlink(missing_ok=missing_ok), str(path))


def discard(path: Path) -> None:
    """Delete a temporary file if possible; a failure is only logged (it is cleaned up later)."""
    try:
        unlink(path)
    except OSError:
        log.warning("无法删除临时文件 %s", path, exc_info=True)


# Completes "文件“名称”…": a device, pipe or socket given where a file from outside is read.
NOT_A_FILE = "不是普通文件（而是设备、管道等特殊文件），无法读取"


def is_special(path: Path) -> bool:
    """A device, pipe or socket (/dev/zero, a FIFO, Windows' NUL or CON) rather than a file or folder:
    reading one never ends or waits for another program to write, so nothing from outside is read from it."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):  # missing or unreachable: the caller's reading says so
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


COPY_CHUNK = 1 << 20


def copy_hashed(
    source: Path,
    out: BinaryIO | Path,
    *,
    limit: int | None = None,
    too_large: Callable[[], Exception] | None = None,
) -> tuple[str, int]:
    """Copy source into out (an open file, or a path written and closed here) in chunks, hashing
    (SHA-256) and counting the bytes as they are copied: the one reading of a file from outside, so that
    what is checked after, stored and recorded is these very bytes. Read again later, a file still being
    written (a U 盘, a share, a sync program) could differ. More than limit bytes (a file still growing)
    raises too_large(). OSErrors reach the caller."""
    if isinstance(out, Path):
        with out.open("wb") as handle:  # closed before anything opens the copy (Windows)
            return copy_hashed(source, handle, limit=limit, too_large=too_large)
    digest, size = hashlib.sha256(), 0
    with Path(source).open("rb") as data:
        for block in iter(lambda: data.read(COPY_CHUNK), b""):
            size += len(block)
            if limit is not None and size > limit:
                raise too_large() if too_large is not None else ValueError(f"{source} exceeds {limit} bytes")
            digest.update(block)
            out.write(block)
    return digest.hexdigest(), size


def remove_tree(folder: Path) -> None:
    """shutil.rmtree with each file's delete retried."""

    def again(function: Callable[[str], object], name: str, _info: object) -> None:
        retrying(lambda: function(name), name)

    if sys.version_info >= (3, 12):
        shutil.rmtree(folder, onexc=again)
    else:  # pragma: no cover - Python 3.10/3.11
        shutil.rmtree(folder, onerror=again)


def path_length(path: Path | str) -> int:
    """A path's length as Windows counts it against MAX_PATH_CHARS: in UTF-16 units, where a rare character
    of a unit's or village's name beyond the basic plane (𠀀, 𡌶, an emoji) counts two."""
    return len(str(path).encode("utf-16-le")) // 2


def check_path_length(path: Path, shown: Path | None = None, *, windows: bool | None = None) -> None:
    """Refuse, in Chinese, a path longer than Windows allows (the classic 260-character limit)."""
    if not (WINDOWS if windows is None else windows):
        return
    length = path_length(Path(path).absolute())
    if length > MAX_PATH_CHARS:
        raise UserError(
            f"路径太长：“{shown or path}”有 {length} 个字符，Windows 上最多 {MAX_PATH_CHARS} 个。"
            "请选择层次较浅的文件夹或较短的文件名。"
        )


def write_atomically(target: Path, save: Callable[[Path], object], *, editor: str = "Word") -> Path:
    """Call save(temporary) and rename the result to target, so a failure never leaves half a file under
    the name (the temporary file lies in a hidden folder beside target: core.temporary). A target held open
    by another program (editor: "Word" or "Excel"), a folder that cannot be written and the rest are
    reported in Chinese; the old file is then left as it was."""
    from core import temporary as staging

    target = Path(target)
    check_path_length(staging.dot_file(target), target)  # the shorter form; the hidden one only where it fits
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise write_failure(target, error, editor=editor) from error
    temporary = staging.temporary_beside(target)
    try:
        save(temporary)
        replace(temporary, target)
    except OSError as error:
        raise write_failure(target, error, editor=editor) from error
    finally:
        staging.release(temporary)
    return target


def write_failure(target: Path, error: OSError, *, editor: str = "Word", verb: str = "写入") -> UserError:
    """A Chinese UserError saying why target could not be written (or deleted: verb="删除")."""
    log.info("无法%s %s：%r", verb, target, error)
    return UserError(f"无法{verb}“{Path(target).name}”：{why_not_written(Path(target), error, editor)}")


def why_not_written(target: Path, error: OSError, editor: str = "Word") -> str:
    """The likely reason, found by looking at the error and at the folder and the file."""
    code, winerror = error.errno, getattr(error, "winerror", None)
    if code == errno.ENOSPC or winerror in DISK_FULL:
        return f"磁盘“{_drive(target)}”空间不足，请清理后重试。"
    if code == errno.ENAMETOOLONG or winerror == ERROR_FILENAME_EXCED_RANGE:
        return f"路径太长（{len(str(target))} 个字符），请选择层次较浅的文件夹或较短的文件名。"
    if code == errno.EROFS or winerror == ERROR_WRITE_PROTECT:
        return "所在的磁盘是只读的（如写保护的 U 盘或光盘），请换一个文件夹。"
    if winerror in MEDIUM_GONE:
        return (
            f"“{_drive(target)}”所在的 U 盘、存储卡或移动硬盘已拔出或未就绪，请插好后重试，或换一个文件夹。"
        )
    if winerror in NETWORK_FAILURES:
        return (
            f"文件夹“{target.parent}”所在的网络位置无法访问（网络已断开或服务器没有响应）。"
            "请检查网络连接后重试，或先保存到本机的文件夹。"
        )
    if winerror in (ERROR_VIRUS_INFECTED, ERROR_VIRUS_DELETED):
        return "安全软件认为文件有风险，拦截了写入。请在安全软件中允许 HonourDesk 后重试。"
    if isinstance(error, PermissionError) or winerror in TRANSIENT:
        return _why_refused(target, editor)
    if isinstance(error, FileNotFoundError):
        if _temporary_gone(target, error):
            return (
                "刚写好的临时文件不见了，可能被安全软件（如 360、火绒）删除或隔离。"
                "请在安全软件中允许 HonourDesk 后重试。"
            )
        return f"文件夹“{target.parent}”不存在或已断开（如网络驱动器、拔出的 U 盘）。"
    return f"系统拒绝了这次操作（错误代码 {winerror or code}）。"


def windows_error(error: OSError, *, windows: bool | None = None) -> int | None:
    """The Windows error code of a failure: Python's winerror, or the code in the text of an error raised
    by a library written in Rust (python-calamine: "… (os error 64)"), which carries no number of its own."""
    code = getattr(error, "winerror", None)
    if code is not None or not (WINDOWS if windows is None else windows):
        return code
    found = _RUST_OS_ERROR.search(str(error))
    return int(found.group(1)) if found else None


def why_not_read(error: OSError, *, windows: bool | None = None) -> str | None:
    """Completes "文件“名称”…" where the failure to read lies outside the file: a network location gone, a
    cloud file not downloaded, a U 盘 pulled out, a bad sector, a security program. None where the error
    says nothing of the kind (the caller's own reason applies: missing, no access, damaged)."""
    code = windows_error(error, windows=windows)
    too_long = _too_long_to_read(error, code, WINDOWS if windows is None else windows)
    if too_long is not None:
        return too_long
    if code in NETWORK_FAILURES:
        return (
            "所在的网络位置无法访问（网络已断开或服务器没有响应），请检查网络连接后重试，或先把文件复制到本机"
        )
    if code in CLOUD_FILE_FAILURES:
        return (
            "只保存在云端（如 OneDrive 的“仅在线”文件），现在无法下载。"
            "请在资源管理器中右键该文件，选择“始终保留在此设备上”，或先把它复制到本机"
        )
    if code in MEDIUM_GONE:
        return "所在的 U 盘、光盘或移动硬盘已拔出或无法读取，请插好后重试，或先把文件复制到本机"
    if code == ERROR_CRC:
        return "所在的磁盘读取出错（可能有坏道），文件内容读不出来，请换一份副本再试"
    if code in (ERROR_VIRUS_INFECTED, ERROR_VIRUS_DELETED):
        return "被安全软件拦截，无法读取；请在安全软件中允许 HonourDesk 后重试"
    return None


def _too_long_to_read(error: OSError, code: int | None, windows: bool) -> str | None:
    """A file deeper than Windows' 259 characters (picked in a dialog, which can reach it) that Windows
    without long-path support reports as not found or too long a name."""
    name = error.filename
    length = path_length(os.path.abspath(name)) if isinstance(name, str) and name else None
    if code != ERROR_FILENAME_EXCED_RANGE and not (
        windows and isinstance(error, FileNotFoundError) and length and length > MAX_PATH_CHARS
    ):
        return None
    shown = f"有 {length} 个字符，" if length else ""
    return (
        f"的完整路径{shown}超过 Windows 允许的 {MAX_PATH_CHARS} 个字符，无法读取；"
        "请把文件移到层次较浅的文件夹（如桌面）或改短文件夹名、文件名后再试"
    )


def _temporary_gone(target: Path, error: OSError) -> bool:
    """The file just written under a temporary name vanished before its rename (quarantined)."""
    from core.temporary import target_of

    name = error.filename
    return bool(name) and target_of(Path(str(name))) == target and target.parent.is_dir()


def _why_refused(target: Path, editor: str) -> str:
    folder = target.parent
    if not folder_writable(folder):
        if is_protected_folder(folder):
            return blocked_by_security_software(folder)
        return f"文件夹“{folder}”不可写（没有写入权限或是只读的）。请换一个文件夹，或请管理员开放权限。"
    if target.exists():
        if is_read_only(target):
            return "文件设为“只读”，不能覆盖。请在资源管理器中右键该文件，在“属性”中取消“只读”后重试，或换一个文件夹。"
        if target.suffix.lower() in OFFICE_SUFFIXES:
            return f"文件可能正在 {editor} 或 WPS 中打开，请关闭后重试。"
        return "文件正被其他程序打开（如看图软件、PDF 阅读器），请关闭后重试。"
    return blocked_by_security_software(folder)


def is_read_only(path: Path) -> bool:
    """Marked read-only: Windows' 只读 attribute (a file copied from a CD, or protected by hand), which
    refuses a replace and an open for writing like a file held open; elsewhere, no write permission."""
    try:
        return not os.stat(path).st_mode & stat.S_IWUSR
    except OSError:
        return False


def blocked_by_security_software(folder: Path) -> str:
    return (
        f"写入“{folder}”被安全软件阻止（如 Windows 安全中心的“受控文件夹访问”、360 安全卫士）。"
        "请在安全软件中允许 HonourDesk，或换一个文件夹。"
    )


def folder_writable(folder: Path) -> bool:
    """Whether a new file can be made in the folder, found by making (and deleting) one."""
    try:
        handle, name = tempfile.mkstemp(prefix=".honourdesk-probe-", dir=folder)
    except OSError:
        return False
    os.close(handle)
    discard(Path(name))
    return True


# The shell folders Controlled Folder Access protects wherever they are: many office PCs move 我的文档 and
# 桌面 to D: (Properties → 位置), or a domain redirects them to a server.
SHELL_FOLDERS_KEY = r"Software\Microsoft\Windows\CurrentVersion\Explorer\User Shell Folders"
PROTECTED_SHELL_FOLDERS = ("Personal", "Desktop", "My Pictures", "My Video", "My Music", "Favorites")


def is_protected_folder(folder: Path, home: Path | None = None, moved: Sequence[Path] | None = None) -> bool:
    """Inside a folder that Controlled Folder Access protects by default (Windows only): under the profile,
    or where the user's Documents, Desktop and the like have been moved (moved: those places)."""
    if not WINDOWS and home is None:
        return False
    home = home or Path.home()
    folder = Path(folder).absolute()
    moved = shell_folders() if moved is None else moved
    if any(folder.is_relative_to(place) for place in moved):
        return True
    try:
        relative = folder.relative_to(home)
    except ValueError:
        return False
    return bool(relative.parts) and relative.parts[0].split(" - ")[0] in PROTECTED_FOLDERS


def shell_folders() -> list[Path]:  # pragma: no cover - Windows only
    """Where the user's Documents, Desktop, Pictures, Videos, Music and Favorites are (the registry's
    User Shell Folders, their %USERPROFILE% expanded); [] elsewhere or when unreadable."""
    if sys.platform != "win32":  # not WINDOWS, which tests set on other systems
        return []
    import winreg

    places = []
    try:
        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, SHELL_FOLDERS_KEY) as key:
            for name in PROTECTED_SHELL_FOLDERS:
                try:
                    value = str(winreg.QueryValueEx(key, name)[0])
                except OSError:
                    continue
                if value.strip():
                    places.append(Path(os.path.expandvars(value)))
    except OSError:
        return []
    return places


def _drive(path: Path) -> str:
    return Path(path).absolute().anchor or str(path)
