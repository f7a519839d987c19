"""Is the SQLite database somewhere it can be lost? A sync folder (OneDrive, 坚果云, 百度网盘同步盘, WPS 云文档,
Dropbox …) or a network share.

A sync program copies the database file while SQLite writes it, replaces it with another PC's copy, or
holds it for upload; SQLite's locks do not reach across PCs. The result is a damaged database or changes
silently lost. The program still opens such a file (the clerk may have reasons, and a warning must never
lock anyone out of their records): it says so in Chinese at start and when a database file is chosen, and
points to a local folder, or to PostgreSQL for sharing.

Everything here is pure path logic over what the caller gives (the environment, GetDriveTypeW through
core.drives), so tests pass Windows paths and fake drives on any system.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePath, PurePosixPath, PureWindowsPath

from core import drives

# OneDrive's own variables: personal, work or school ("OneDrive - 单位名称"), and the one in use.
ONEDRIVE_VARIABLES = ("OneDrive", "OneDriveCommercial", "OneDriveConsumer")

# A folder of the path whose name is one of these (case-insensitive, whole name) is a sync folder.
SYNC_FOLDERS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), service)
    for pattern, service in (
        (r"onedrive( - .+)?", "OneDrive"),
        (r"nutstore|我的坚果云|坚果云", "坚果云"),
        (r"baidusyncdisk|百度网盘同步空间|百度网盘同步盘|百度云同步盘", "百度网盘同步盘"),
        (r"wps cloud files|wps云文档|wps云盘|wps网盘", "WPS 云文档"),
        (r"dropbox( \(.+\))?", "Dropbox"),
        (r"icloud ?drive", "iCloud 云盘"),
        (r"google ?drive|我的云端硬盘", "Google 云端硬盘"),
        (r"synologydrive", "Synology Drive"),
        (r"nextcloud|owncloud|seafile", "同步盘"),
    )
)

SYNC, NETWORK = "sync", "network"
_ADVICE = (
    "建议把数据目录放在本机不同步的文件夹中（如程序默认的数据目录），需要副本时用“备份”；"
    "多台电脑共用同一套档案，请改用 PostgreSQL 服务器（“文件 → 设置”中的数据库地址）。"
)


@dataclass(frozen=True)
class StorageRisk:
    """Why the database file's place is unsafe: a sync folder (service names it) or a network share."""

    kind: str
    service: str = ""

    def text(self, database: str | os.PathLike[str]) -> str:
        """The warning for the user, naming the file."""
        if self.kind == NETWORK:
            return (
                f"数据库文件“{os.fspath(database)}”在网络文件夹中：程序只能独占打开它（同一时间只有一台电脑能用），"
                "网络中断时可能损坏数据库或丢失刚做的修改。" + _ADVICE
            )
        return (
            f"数据库文件“{os.fspath(database)}”在 {self.service} 同步文件夹中：同步程序会在写入时复制、替换或锁住"
            "数据库文件，可能使数据库损坏或丢失刚做的修改，几台电脑同步同一个文件时还会互相覆盖。" + _ADVICE
        )


def _parts(text: str, windows: bool) -> list[str]:
    if windows and text.startswith(("\\\\?\\", "//?/")) and not text[4:].upper().startswith("UNC"):
        text = text[4:]  # \\?\C:\… names the same folders as C:\…
    path: PurePath = PureWindowsPath(text) if windows else PurePosixPath(text)
    return [part.rstrip("\\/").casefold() for part in path.parts]


def sync_service(
    path: str | os.PathLike[str], *, windows: bool | None = None, environ: Mapping[str, str] | None = None
) -> str | None:
    """The sync service whose folder holds path ("OneDrive", "坚果云", …), or None."""
    windows = drives.WINDOWS if windows is None else windows
    environ = os.environ if environ is None else environ
    parts = _parts(os.fspath(path), windows)
    for variable in ONEDRIVE_VARIABLES:
        root = environ.get(variable, "").strip()
        if root and _inside(parts, _parts(root, windows)):
            return "OneDrive"
    for part in parts:
        for pattern, service in SYNC_FOLDERS:
            if pattern.fullmatch(part):
                return service
    return None


def _inside(parts: list[str], root: list[str]) -> bool:
    return len(parts) >= len(root) > 1 and parts[: len(root)] == root


def storage_risk(
    database: str | os.PathLike[str],
    *,
    windows: bool | None = None,
    environ: Mapping[str, str] | None = None,
    drive_type_of: drives.DriveTypeOf | None = None,
    mounts: str | None = None,
    readlink: drives.ReadLink = os.readlink,
) -> StorageRisk | None:
    """Whether the SQLite file at database lies in a sync folder or on a network share (None: neither)."""
    text = os.path.abspath(os.fspath(database)) if windows is None else os.fspath(database)
    service = sync_service(text, windows=windows, environ=environ)
    if service is not None:
        return StorageRisk(SYNC, service)
    folder = str(PureWindowsPath(text).parent) if windows else os.path.dirname(text)
    network = drives.is_network_path(
        folder, windows=windows, drive_type_of=drive_type_of, mounts=mounts, readlink=readlink
    )
    if network:
        return StorageRisk(NETWORK)
    return None


def warning_for(database: str | os.PathLike[str] | None) -> str | None:
    """The Chinese warning for a SQLite file's place on this machine, or None when it is safe (or a server)."""
    if database is None:
        return None
    risk = storage_risk(database)
    return None if risk is None else risk.text(database)


def warning_for_address(text: str) -> str | None:
    """The warning for a database address as typed (a SQLite URL or a plain file path), or None for a
    server, an unusable address (its own check says so) or a safe place."""
    text = text.strip()
    if not text:
        return None
    if "://" not in text:
        return warning_for(os.path.abspath(text))
    from core import database_url
    from core.errors import UserError

    try:
        url = database_url.parse(text)
    except UserError:
        return None
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return warning_for(str(url.database))
