"""The data folder's lock as Windows answers for its holder: another user's HonourDesk on the same PC
(a portable or shared data folder) cannot be opened, only seen; a crashed one has exited. kernel32 is a fake."""

from __future__ import annotations

import ctypes
import socket
from collections.abc import Callable
from pathlib import Path

import pytest

from core import instance_lock
from core.instance_lock import FolderInUse, FolderLock

ERROR_INVALID_PARAMETER = 87  # OpenProcess of a process id nobody has


class Function:
    """A foreign function: callable, with restype and argtypes to set."""

    def __init__(self, call: Callable[..., int]) -> None:
        self.call = call
        self.restype: object = None
        self.argtypes: list[object] = []

    def __call__(self, *args: object) -> int:
        return self.call(*args)


HONOURDESK = r"D:\荣誉档案\HonourDesk\HonourDesk.exe"


class FakeKernel32:
    """OpenProcess, GetExitCodeProcess and QueryFullProcessImageNameW for a table of processes:
    pid → (exit code, or "denied"; the program's path)."""

    def __init__(self, processes: dict[int, object]) -> None:
        self.processes = processes
        self.error = 0
        self.open_handles: set[int] = set()
        self.OpenProcess = Function(self.open_process)
        self.GetExitCodeProcess = Function(self.exit_code)
        self.QueryFullProcessImageNameW = Function(self.image_name)
        self.CloseHandle = Function(self.close)

    def open_process(self, access: int, inherit: bool, pid: int) -> int:
        state = self.processes[pid][0] if pid in self.processes else None
        if state is None or state == "denied":
            self.error = ERROR_INVALID_PARAMETER if state is None else instance_lock.ERROR_ACCESS_DENIED
            return 0
        self.open_handles.add(pid)
        return pid

    def exit_code(self, handle: int, code: object) -> int:
        code._obj.value = self.processes[handle][0]  # type: ignore[attr-defined]
        return 1

    def image_name(self, handle: int, flags: int, buffer: object, size: object) -> int:
        buffer.value = self.processes[handle][1]  # type: ignore[attr-defined]
        return 1

    def close(self, handle: int) -> int:
        self.open_handles.discard(handle)
        return 1


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch) -> FakeKernel32:
    kernel32 = FakeKernel32({})
    monkeypatch.setattr(instance_lock.sys, "platform", "win32")
    monkeypatch.setattr(ctypes, "WinDLL", lambda name, use_last_error=False: kernel32, raising=False)
    monkeypatch.setattr(ctypes, "get_last_error", lambda: kernel32.error, raising=False)
    return kernel32


def held_lock(folder: Path, pid: int, program: str = "HonourDesk") -> Path:
    """The window's lock file (Qt's format: pid, program, computer), as another process left it."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "honourdesk.lock"
    path.write_bytes(f"{pid}\n{program}\n{socket.gethostname()}\n".encode())
    return path


def test_another_users_window_on_this_pc_keeps_a_restore_out(tmp_path: Path, windows: FakeKernel32) -> None:
    windows.processes[4242] = ("denied", "")  # 李明's HonourDesk, started under his own Windows account
    folder = tmp_path / "荣誉档案 数据"
    lock = held_lock(folder, 4242)
    with pytest.raises(FolderInUse) as refused, FolderLock(lock, folder, "从命令行恢复数据库"):
        pytest.fail("the restore must not run beside a window")
    assert refused.value.message == (
        f"HonourDesk 的程序窗口正在使用数据目录“{folder}”（进程 4242），不能同时从命令行恢复数据库。"
        "请先关闭那里的程序窗口再试。"
    )
    assert lock.read_bytes().startswith(b"4242\n")  # the window's lock is left as it was


def test_the_lock_of_a_window_that_crashed_is_taken_over(tmp_path: Path, windows: FakeKernel32) -> None:
    windows.processes[4242] = (1, HONOURDESK)  # exited with code 1
    folder = tmp_path / "数据"
    lock = held_lock(folder, 4242)
    with FolderLock(lock, folder, "从命令行恢复数据库"):
        assert lock.read_bytes().split(b"\n")[0] == str(instance_lock.os.getpid()).encode()
    assert not lock.exists() and not windows.open_handles


def test_a_lock_file_windows_will_not_delete_is_in_use_not_an_error(
    tmp_path: Path, windows: FakeKernel32, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "数据"
    lock = held_lock(folder, 5151)  # a process id this PC does not know, yet the file is held open
    real_unlink = Path.unlink

    def unlink(path: Path, missing_ok: bool = False) -> None:
        if path == lock:
            raise PermissionError(13, "另一个程序正在使用此文件，进程无法访问。", str(path))
        real_unlink(path, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", unlink)
    with pytest.raises(FolderInUse, match="正在使用数据目录"), FolderLock(lock, folder, "从命令行恢复数据库"):
        pytest.fail("the restore must not run")
    assert lock.exists()


def test_after_a_crash_and_a_restart_a_process_id_taken_by_another_program_is_stale(
    tmp_path: Path, windows: FakeKernel32
) -> None:
    windows.processes[4242] = (instance_lock.STILL_ACTIVE, r"C:\Windows\System32\svchost.exe")
    folder = tmp_path / "数据"
    lock = held_lock(folder, 4242)
    with FolderLock(lock, folder, "从命令行恢复数据库"):
        assert lock.read_bytes().split(b"\n")[0] == str(instance_lock.os.getpid()).encode()


@pytest.mark.parametrize("recorded", ["HonourDesk", "HonourDesk.exe"])  # Qt's line, and this module's
def test_the_running_window_keeps_its_lock_whichever_way_its_program_is_written(
    tmp_path: Path, windows: FakeKernel32, recorded: str
) -> None:
    windows.processes[4242] = (instance_lock.STILL_ACTIVE, HONOURDESK)
    folder = tmp_path / "数据"
    lock = held_lock(folder, 4242, recorded)
    with pytest.raises(FolderInUse, match="进程 4242"), FolderLock(lock, folder, "从命令行恢复数据库"):
        pytest.fail("the restore must not run beside the window")


def test_elsewhere_too_a_live_process_id_running_another_program_is_stale(tmp_path: Path) -> None:
    folder = tmp_path / "数据"
    lock = held_lock(folder, instance_lock.os.getpid(), "HonourDesk")  # this test runs python, not HonourDesk
    with FolderLock(lock, folder, "恢复数据库"):
        pass
    lock = held_lock(folder, instance_lock.os.getpid(), instance_lock.program_file_name())
    with pytest.raises(FolderInUse), FolderLock(lock, folder, "恢复数据库"):
        pytest.fail("a live lock must not be taken")
