"""What kind of drive a path is on: a network share (a UNC path, a mapped network drive, an NFS or SMB
mount), where SQLite's file locking cannot be trusted; and whether a remembered folder can be reached
without waiting for a disconnected network drive.

The Windows answers come from GetDriveTypeW; tests pass a fake in its place (drive_type_of), as this
machine has no drive letters. A folder on C: may itself lead to a share: a symbolic link made with
mklink /D to a server's share (a UNC path) or to a mapped drive's folder. Such links are followed by
reading them (os.readlink reads symbolic links and junctions from the local disk, without contacting the
server the way opening the path, or os.path.realpath, would for a share that is gone); tests pass a fake
(readlink).
"""

from __future__ import annotations

import ntpath
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path, PureWindowsPath

WINDOWS = sys.platform == "win32"

# GetDriveTypeW's answers.
DRIVE_UNKNOWN = 0
DRIVE_NO_ROOT_DIR = 1
DRIVE_REMOVABLE = 2
DRIVE_FIXED = 3
DRIVE_REMOTE = 4
DRIVE_CDROM = 5
DRIVE_RAMDISK = 6

NETWORK_FILESYSTEMS = frozenset(
    {"nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "afs", "9p", "fuse.sshfs", "davfs", "fuse.davfs2"}
)
REACH_TIMEOUT_S = 0.5

DriveTypeOf = Callable[[str], int]
ReadLink = Callable[[str], str]
MAX_LINKS = 32  # links followed in one path: Windows itself gives up after 31 (ERROR_CANT_RESOLVE_FILENAME)


def windows_drive_type(root: str) -> int:  # pragma: no cover - Windows only
    """GetDriveTypeW for a root such as "Z:\\"; answers at once, without touching the network."""
    import ctypes

    return int(ctypes.windll.kernel32.GetDriveTypeW(root))  # type: ignore[attr-defined]


def is_network_path(
    path: str | os.PathLike[str],
    *,
    windows: bool | None = None,
    drive_type_of: DriveTypeOf | None = None,
    mounts: str | None = None,
    readlink: ReadLink = os.readlink,
) -> bool:
    """Whether the path lies on a network share (a remote drive type, a UNC path, a network mount), also
    through a symbolic link or junction on the way to it."""
    text = os.fspath(path)
    if WINDOWS if windows is None else windows:
        return _windows_network(text, drive_type_of or windows_drive_type, readlink)
    return mount_type(text, mounts) in NETWORK_FILESYSTEMS


def _windows_network(text: str, drive_type_of: DriveTypeOf, readlink: ReadLink, links: int = 0) -> bool:
    text = text.replace("/", "\\")
    if text.startswith(("\\\\?\\", "\\\\.\\")):  # device paths: \\?\C:\… is local, \\?\UNC\… is not
        rest = text[4:]
        return rest.upper().startswith("UNC\\") or _windows_network(rest, drive_type_of, readlink, links)
    if text.startswith("\\\\"):
        return True
    drive = PureWindowsPath(text).drive
    if not (len(drive) == 2 and drive[1] == ":"):
        return False
    if drive_type_of(drive + "\\") == DRIVE_REMOTE:
        return True
    target = None if links >= MAX_LINKS else first_link_followed(text, readlink)
    return target is not None and _windows_network(target, drive_type_of, readlink, links + 1)


def first_link_followed(text: str, readlink: ReadLink = os.readlink) -> str | None:
    """The Windows path with the first of its folders that is a symbolic link or junction (nearest the
    drive) replaced by the link's target, or None when none is. A relative target counts from the link's
    folder; the part not yet reached is left for the caller to look at again."""
    parts = PureWindowsPath(text).parts
    if not parts:
        return None
    current = PureWindowsPath(parts[0])
    for index, part in enumerate(parts[1:], start=1):
        current = current / part
        try:
            target = readlink(str(current))
        except FileNotFoundError:  # nothing deeper exists either
            return None
        except (OSError, ValueError):  # not a link (winerror 4390), or not to be read
            continue
        followed = current.parent / PureWindowsPath(target)  # an absolute target replaces the whole
        return ntpath.normpath(followed.joinpath(*parts[index + 1 :]))
    return None


def mount_type(path: str, mounts: str | None = None) -> str:
    """The file system type of the mount holding path (Linux's /proc/self/mounts), or "" if unknown."""
    if mounts is None:
        try:
            mounts = Path("/proc/self/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
    target = os.path.abspath(path)
    best, kind = "", ""
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, kind = point, fields[2]
    return kind


def folder_reachable(
    folder: str | os.PathLike[str],
    *,
    timeout: float = REACH_TIMEOUT_S,
    network: bool | None = None,
    is_dir: Callable[[str], bool] = os.path.isdir,
) -> bool:
    """Whether the folder exists, answered within timeout even for a disconnected network drive (whose
    check can take half a minute): such folders are looked at on a helper thread that is not waited for."""
    text = os.fspath(folder)
    if not text:
        return False
    if not (is_network_path(text) if network is None else network):
        return is_dir(text)
    answer: list[bool] = []
    helper = threading.Thread(target=lambda: answer.append(is_dir(text)), daemon=True, name="folder-check")
    helper.start()
    helper.join(timeout)
    return bool(answer and answer[0])
