"""Operating-system limits on the template worker process: CPU time, memory, and (through the parent's
watchdog, worker.py) wall time.

POSIX: the worker limits itself with setrlimit before it touches a template — RLIMIT_AS for memory (an
allocation past it fails with MemoryError), RLIMIT_CPU for CPU time (the kernel kills the process at the soft
limit, which is raised job by job: used + budget). No core dumps.

Windows: the parent puts the worker into a job object (kernel32 through ctypes): a per-process memory limit,
a per-process user-time limit (raised job by job from the worker's own user time) and kill-on-close, so the
worker dies with the program. The calls are made through a small interface so that the logic is tested here
with a fake kernel32; that the real kernel enforces the limits only the Windows workflow can prove.
"""

from __future__ import annotations

import ctypes
import math
import sys
from dataclasses import dataclass, replace
from typing import Any, Protocol

MB = 1024 * 1024

# A bounded child (template worker, PDF or image child) says READY once it runs, before its first job. One
# that dies or stays silent before that was stopped from outside, not by what it was given to read:
# security software quarantining the program (or a file of it) or refusing to let it start a copy of itself.
# START_SECONDS: the packaged program starting again, scanned first, on a slow office PC.
READY = "ready"
START_SECONDS = 60.0
BLOCKED_HINT = (
    "这通常是安全软件（如 360 安全卫士、火绒、电脑管家、Windows 安全中心）拦截或隔离了 HonourDesk 的文件："
    "请在安全软件中把 HonourDesk 所在的文件夹加入信任区（白名单），必要时从隔离区恢复文件，再重试"
)
# A file's reason when its child did not start (no final 。: the messages end it).
BLOCKED_FILE = f"处理文件的进程（HonourDesk 程序自身的一个副本）没能启动，文件没有读取。{BLOCKED_HINT}"


@dataclass(frozen=True)
class Limits:
    cpu_seconds: int = 20  # per job (one unit rendered, one template inspected)
    wall_seconds: float = 30.0  # per job, enforced by the parent, which kills the worker
    memory_bytes: int = 1024 * MB  # the worker's whole address space (POSIX) or committed memory (Windows)
    render_seconds: float = 10.0  # the sandbox's own time limit, inside the worker: a clean message first
    # A job over many units (a summary) gets more of each time above per unit, up to most_units: a city's
    # summary (10,000 units) took 6 s of the worker's CPU and 12 s in all on an idle PC; ten times that is
    # left for a slow or busy one. A runaway is still stopped, at worst after the allowance of most_units.
    unit_seconds: float = 0.006
    most_units: int = 20_000

    def for_units(self, units: int) -> Limits:
        """One job's limits when its context covers `units` units (the wall time gets twice the allowance:
        a busy PC waits longer than it computes)."""
        extra = self.unit_seconds * min(max(units - 1, 0), self.most_units)
        if extra <= 0:
            return self
        return replace(
            self,
            cpu_seconds=self.cpu_seconds + math.ceil(extra),
            wall_seconds=self.wall_seconds + 2 * extra,
            render_seconds=self.render_seconds + extra,
        )


# ---------------------------------------------------------------- POSIX


class ResourceModule(Protocol):
    RLIMIT_AS: int
    RLIMIT_CPU: int
    RLIMIT_CORE: int
    RLIM_INFINITY: int

    def getrlimit(self, resource: int) -> tuple[int, int]: ...
    def setrlimit(self, resource: int, limits: tuple[int, int]) -> None: ...
    def getrusage(self, who: int) -> Any: ...

    RUSAGE_SELF: int


def _set_soft(resource: ResourceModule, which: int, soft: int) -> None:
    """Set the soft limit (never above the hard one we inherited); the hard limit stays."""
    _, hard = resource.getrlimit(which)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(which, (soft, hard))


def apply_posix_limits(limits: Limits, resource: ResourceModule | None = None) -> None:
    """In the worker, once at start: memory and no core files."""
    if resource is None:
        import resource as real

        resource = real  # type: ignore[assignment]
    assert resource is not None
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    memory = limits.memory_bytes if hard == resource.RLIM_INFINITY else min(limits.memory_bytes, hard)
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def posix_cpu_budget(limits: Limits, resource: ResourceModule | None = None) -> int:
    """Before each job: the kernel stops the worker once this job used its CPU seconds. Returns the limit."""
    if resource is None:
        import resource as real

        resource = real  # type: ignore[assignment]
    assert resource is not None
    usage = resource.getrusage(resource.RUSAGE_SELF)
    used = int(usage.ru_utime + usage.ru_stime) + 1
    soft = used + limits.cpu_seconds
    _set_soft(resource, resource.RLIMIT_CPU, soft)
    return soft


# ---------------------------------------------------------------- Windows job objects

JOB_OBJECT_LIMIT_PROCESS_TIME = 0x00000002
JOB_OBJECT_LIMIT_PROCESS_MEMORY = 0x00000100
JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION = 0x00000400
JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE = 0x00002000
JOB_OBJECT_EXTENDED_LIMIT_INFORMATION_CLASS = 9
PROCESS_SET_QUOTA = 0x0100
PROCESS_TERMINATE = 0x0001
PROCESS_QUERY_LIMITED_INFORMATION = 0x1000
ERROR_NOT_ENOUGH_QUOTA = 1816  # the exit code of a process the job stopped for its time limit
TICKS_PER_SECOND = 10_000_000  # FILETIME and the job's time limits count 100 ns


class IO_COUNTERS(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_ulonglong)
        for name in (
            "ReadOperationCount",
            "WriteOperationCount",
            "OtherOperationCount",
            "ReadTransferCount",
            "WriteTransferCount",
            "OtherTransferCount",
        )
    ]


class JOBOBJECT_BASIC_LIMIT_INFORMATION(ctypes.Structure):
    _fields_ = [
        ("PerProcessUserTimeLimit", ctypes.c_longlong),
        ("PerJobUserTimeLimit", ctypes.c_longlong),
        ("LimitFlags", ctypes.c_uint32),
        ("MinimumWorkingSetSize", ctypes.c_size_t),
        ("MaximumWorkingSetSize", ctypes.c_size_t),
        ("ActiveProcessLimit", ctypes.c_uint32),
        ("Affinity", ctypes.c_size_t),
        ("PriorityClass", ctypes.c_uint32),
        ("SchedulingClass", ctypes.c_uint32),
    ]


class JOBOBJECT_EXTENDED_LIMIT_INFORMATION(ctypes.Structure):
    _fields_ = [
        ("BasicLimitInformation", JOBOBJECT_BASIC_LIMIT_INFORMATION),
        ("IoInfo", IO_COUNTERS),
        ("ProcessMemoryLimit", ctypes.c_size_t),
        ("JobMemoryLimit", ctypes.c_size_t),
        ("PeakProcessMemoryUsed", ctypes.c_size_t),
        ("PeakJobMemoryUsed", ctypes.c_size_t),
    ]


class FILETIME(ctypes.Structure):
    _fields_ = [("dwLowDateTime", ctypes.c_uint32), ("dwHighDateTime", ctypes.c_uint32)]

    @property
    def ticks(self) -> int:
        return (self.dwHighDateTime << 32) | self.dwLowDateTime


class WindowsJob:
    """A job object holding the worker. `kernel32` is ctypes.windll.kernel32, or a fake in the tests."""

    def __init__(self, limits: Limits, kernel32: Any = None) -> None:
        if kernel32 is None:
            kernel32 = _kernel32()
        self.kernel32 = kernel32
        self.limits = limits
        self.job = kernel32.CreateJobObjectW(None, None)
        if not self.job:
            raise OSError("CreateJobObjectW failed")
        self.process = None

    def assign(self, pid: int) -> None:
        """Put the worker (by process id) into the job, with the memory limit and kill-on-close."""
        access = PROCESS_SET_QUOTA | PROCESS_TERMINATE | PROCESS_QUERY_LIMITED_INFORMATION
        self.process = self.kernel32.OpenProcess(access, False, pid)
        if not self.process:
            raise OSError("OpenProcess failed")
        self._set(user_time_ticks=self.limits.cpu_seconds * TICKS_PER_SECOND)
        if not self.kernel32.AssignProcessToJobObject(self.job, self.process):
            raise OSError("AssignProcessToJobObject failed")

    def cpu_budget(self, seconds: int | None = None) -> int:
        """Before each job: the worker's user time so far plus one job's budget (100 ns ticks)."""
        creation, exited, kernel, user = FILETIME(), FILETIME(), FILETIME(), FILETIME()
        refs = (ctypes.byref(creation), ctypes.byref(exited), ctypes.byref(kernel), ctypes.byref(user))
        if not self.kernel32.GetProcessTimes(self.process, *refs):
            raise OSError("GetProcessTimes failed")
        limit = user.ticks + (seconds or self.limits.cpu_seconds) * TICKS_PER_SECOND
        self._set(user_time_ticks=limit)
        return limit

    def _set(self, user_time_ticks: int) -> None:
        info = JOBOBJECT_EXTENDED_LIMIT_INFORMATION()
        info.BasicLimitInformation.LimitFlags = (
            JOB_OBJECT_LIMIT_PROCESS_MEMORY
            | JOB_OBJECT_LIMIT_PROCESS_TIME
            | JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE
            | JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION
        )
        info.BasicLimitInformation.PerProcessUserTimeLimit = user_time_ticks
        info.ProcessMemoryLimit = self.limits.memory_bytes
        ok = self.kernel32.SetInformationJobObject(
            self.job, JOB_OBJECT_EXTENDED_LIMIT_INFORMATION_CLASS, ctypes.byref(info), ctypes.sizeof(info)
        )
        if not ok:
            raise OSError("SetInformationJobObject failed")

    def close(self) -> None:
        """Closing the last handle kills whatever is still in the job."""
        for handle in (self.process, self.job):
            if handle:
                self.kernel32.CloseHandle(handle)
        self.process = self.job = None


def _kernel32() -> Any:
    """kernel32 with the prototypes of the calls used: handles are pointer-sized on 64-bit Windows."""
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    handle, dword, boolean = wintypes.HANDLE, wintypes.DWORD, wintypes.BOOL
    prototypes = {
        "CreateJobObjectW": (handle, [ctypes.c_void_p, wintypes.LPCWSTR]),
        "OpenProcess": (handle, [dword, boolean, dword]),
        "SetInformationJobObject": (boolean, [handle, ctypes.c_int, ctypes.c_void_p, dword]),
        "AssignProcessToJobObject": (boolean, [handle, handle]),
        "GetProcessTimes": (boolean, [handle, *([ctypes.POINTER(FILETIME)] * 4)]),
        "CloseHandle": (boolean, [handle]),
    }
    for name, (result, arguments) in prototypes.items():
        function = getattr(kernel32, name)
        function.restype = result
        function.argtypes = arguments
    return kernel32


def on_windows() -> bool:
    return sys.platform == "win32"
