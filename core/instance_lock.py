"""The data folder's lock file, honourdesk.lock, which the window holds while it runs (Qt's QLockFile).

Core reads it, and takes it for the commands that must not run beside the window (restore), in the same
format, so that the window and such a command exclude each other: the first line is the process id, the
second the program's file name (which Qt compares with the running process's, against a reused id),
the third the computer's name (a lock from another computer cannot be judged stale, and is reported as
that computer's).
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath
from types import TracebackType
from typing import Any

from core.errors import UserError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LockOwner:
    pid: int
    program: str
    host: str

    @property
    def elsewhere(self) -> bool:
        """Held from another computer (a data folder on a network share)."""
        return bool(self.host) and self.host.casefold() != this_host().casefold()


class FolderInUse(UserError):
    """The data folder is in use by the window, or by HonourDesk on another computer."""

    def __init__(self, folder: Path, owner: LockOwner, doing: str) -> None:
        self.owner = owner
        if owner.elsewhere:
            who = f"数据目录“{folder}”正在被另一台电脑（{owner.host}）上的 HonourDesk 使用"
        else:
            who = f"HonourDesk 的程序窗口正在使用数据目录“{folder}”（进程 {owner.pid}）"
        super().__init__(f"{who}，不能同时{doing}。请先关闭那里的程序窗口再试。")


def this_host() -> str:
    import socket

    return socket.gethostname()


def program_file_name() -> str:
    """This process's executable file name, as Qt's QLockFile finds it for a process id."""
    try:
        return Path(os.readlink(f"/proc/{os.getpid()}/exe")).name
    except OSError:
        return Path(sys.executable).name


def read_owner(path: Path) -> LockOwner | None:
    try:
        lines = path.read_bytes().decode("utf-8", "replace").split("\n")
    except OSError:
        return None
    if len(lines) < 3 or not lines[0].strip().isdigit():
        return None
    return LockOwner(int(lines[0]), lines[1].strip(), lines[2].strip())


PROCESS_QUERY_LIMITED_INFORMATION = 0x1000
STILL_ACTIVE = 259
ERROR_ACCESS_DENIED = 5


def process_alive(pid: int, program: str = "") -> bool:
    """Whether the process runs and, when its program is given and can be read, runs that program: after
    a crash and a restart another program soon has the process id (Qt's QLockFile compares it too)."""
    if sys.platform == "win32":  # pragma: no cover - Windows only
        import ctypes
        from ctypes import wintypes

        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
        kernel32.OpenProcess.restype = wintypes.HANDLE  # pointer-sized on 64-bit Windows
        kernel32.OpenProcess.argtypes = [wintypes.DWORD, wintypes.BOOL, wintypes.DWORD]
        kernel32.GetExitCodeProcess.argtypes = [wintypes.HANDLE, ctypes.POINTER(wintypes.DWORD)]
        kernel32.QueryFullProcessImageNameW.argtypes = [
            wintypes.HANDLE,
            wintypes.DWORD,
            wintypes.LPWSTR,
            ctypes.POINTER(wintypes.DWORD),
        ]
        kernel32.CloseHandle.argtypes = [wintypes.HANDLE]
        last_error = ctypes.get_last_error  # type: ignore[attr-defined]
        return windows_process_alive(pid, kernel32, last_error, program)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        running = Path(os.readlink(f"/proc/{pid}/exe")).name
    except OSError:
        return True
    return same_program(running, program)


def windows_process_alive(pid: int, kernel32: Any, last_error: Callable[[], int], program: str = "") -> bool:
    """OpenProcess, whether the process has not exited, and its program. A process that may not be opened
    is running: another user's HonourDesk on this PC (a shared or portable data folder) answers "access
    denied"."""
    import ctypes

    handle = kernel32.OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, False, pid)
    if not handle:
        return last_error() == ERROR_ACCESS_DENIED
    code = ctypes.c_ulong()  # a DWORD
    image = ctypes.create_unicode_buffer(1024)
    size = ctypes.c_ulong(len(image))
    try:
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        named = kernel32.QueryFullProcessImageNameW(handle, 0, image, ctypes.byref(size))
    finally:
        kernel32.CloseHandle(handle)
    running = PureWindowsPath(image.value).name if named else ""
    return code.value == STILL_ACTIVE and same_program(running, program)


def same_program(running: str, recorded: str) -> bool:
    """The running program is the one the lock file names (Qt writes HonourDesk, this module
    HonourDesk-cli.exe on Windows); either one unknown counts as the same."""

    def stem(name: str) -> str:
        name = name.casefold()
        return name[: -len(".exe")] if name.endswith(".exe") else name

    return not running or not recorded or stem(running) == stem(recorded)


def held_by(path: Path) -> LockOwner | None:
    """Who holds the lock file now, or None when nobody does (no file, or a stale one)."""
    owner = read_owner(path)
    if owner is None:
        return None
    if owner.elsewhere or process_alive(owner.pid, owner.program):
        return owner
    return None


class FolderLock:
    """Hold the data folder's lock for a block: with FolderLock(path, folder, "恢复数据库"): ..."""

    def __init__(self, path: Path, folder: Path, doing: str) -> None:
        self.path, self.folder, self.doing = path, folder, doing
        self._handle: int | None = None

    def __enter__(self) -> FolderLock:
        for _attempt in range(2):
            try:
                self._handle = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
                break
            except FileExistsError:
                owner = held_by(self.path)
                if owner is not None:
                    raise FolderInUse(self.folder, owner, self.doing) from None
                log.info("删除过期的锁文件 %s", self.path)
                try:
                    self.path.unlink(missing_ok=True)
                except PermissionError:  # held open after all (Windows refuses to delete it): in use
                    owner = read_owner(self.path) or LockOwner(0, "", "")
                    raise FolderInUse(self.folder, owner, self.doing) from None
        else:
            raise UserError(f"无法锁定数据目录“{self.folder}”，请稍后重试。")
        contents = f"{os.getpid()}\n{program_file_name()}\n{this_host()}\n"
        os.write(self._handle, contents.encode("utf-8"))
        return self  # the file stays open while held: on Windows nobody can delete it meanwhile

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._handle is not None:
            os.close(self._handle)
            self._handle = None
            try:
                self.path.unlink()
            except OSError:
                log.warning("无法删除锁文件 %s", self.path, exc_info=True)
