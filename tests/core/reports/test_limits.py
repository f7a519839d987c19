"""The worker's operating-system limits, with fakes for what this machine does not have.

POSIX: setrlimit on the worker (memory, no core files, a CPU budget per job). Windows: a job object made
through kernel32 — here a fake kernel32 records the calls and answers like the real one. That the Windows
kernel then enforces the limits (and kills the worker when the program closes) only the Windows workflow
can prove; the bounded tests in test_hostile.py prove it for Linux.
"""

from __future__ import annotations

import ctypes
from types import SimpleNamespace
from typing import Any

import pytest

from core.reports.limits import (
    ERROR_NOT_ENOUGH_QUOTA,
    JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE,
    JOB_OBJECT_LIMIT_PROCESS_MEMORY,
    JOB_OBJECT_LIMIT_PROCESS_TIME,
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION,
    MB,
    TICKS_PER_SECOND,
    Limits,
    WindowsJob,
    apply_posix_limits,
    posix_cpu_budget,
)

INFINITY = -1


class FakeResource:
    RLIMIT_AS, RLIMIT_CPU, RLIMIT_CORE, RLIM_INFINITY, RUSAGE_SELF = 1, 2, 3, INFINITY, 0

    def __init__(self, hard_cpu: int = INFINITY, hard_as: int = INFINITY, used: float = 41.5) -> None:
        self.limits = {self.RLIMIT_AS: (INFINITY, hard_as), self.RLIMIT_CPU: (INFINITY, hard_cpu)}
        self.limits[self.RLIMIT_CORE] = (INFINITY, INFINITY)
        self.used = used

    def getrlimit(self, which: int) -> tuple[int, int]:
        return self.limits[which]

    def setrlimit(self, which: int, values: tuple[int, int]) -> None:
        soft, hard = values
        old_hard = self.limits[which][1]
        if old_hard != INFINITY and (hard == INFINITY or hard > old_hard):
            raise ValueError("not allowed to raise maximum limit")
        if hard != INFINITY and (soft == INFINITY or soft > hard):
            raise ValueError("current limit exceeds maximum limit")
        self.limits[which] = values

    def getrusage(self, who: int) -> Any:
        return SimpleNamespace(ru_utime=self.used - 1.5, ru_stime=1.5)


def test_posix_worker_limits_its_memory_and_writes_no_core_files() -> None:
    resource = FakeResource()
    apply_posix_limits(Limits(memory_bytes=512 * MB), resource)  # type: ignore[arg-type]
    assert resource.limits[resource.RLIMIT_AS] == (512 * MB, 512 * MB)
    assert resource.limits[resource.RLIMIT_CORE] == (0, 0)


def test_posix_memory_limit_stays_within_an_inherited_one() -> None:
    resource = FakeResource(hard_as=300 * MB)
    apply_posix_limits(Limits(memory_bytes=512 * MB), resource)  # type: ignore[arg-type]
    assert resource.limits[resource.RLIMIT_AS] == (300 * MB, 300 * MB)


def test_posix_cpu_budget_is_set_job_by_job_from_the_time_used() -> None:
    resource = FakeResource(used=41.5)
    assert posix_cpu_budget(Limits(cpu_seconds=20), resource) == 42 + 20  # type: ignore[arg-type]
    assert resource.limits[resource.RLIMIT_CPU] == (
        62,
        INFINITY,
    )  # the hard limit stays, so it can rise again
    resource.used = 70.2
    posix_cpu_budget(Limits(cpu_seconds=20), resource)  # type: ignore[arg-type]
    assert resource.limits[resource.RLIMIT_CPU][0] == 91


def test_posix_cpu_budget_never_passes_an_inherited_hard_limit() -> None:
    resource = FakeResource(hard_cpu=50, used=41.5)
    posix_cpu_budget(Limits(cpu_seconds=20), resource)  # type: ignore[arg-type]
    assert resource.limits[resource.RLIMIT_CPU] == (50, 50)


class FakeKernel32:
    """Answers as kernel32 does; records the job's limits and who is in it."""

    def __init__(self, user_seconds: float = 3.0, assign_ok: bool = True) -> None:
        self.calls: list[str] = []
        self.info: JOBOBJECT_EXTENDED_LIMIT_INFORMATION | None = None
        self.user_ticks = int(user_seconds * TICKS_PER_SECOND)
        self.assign_ok = assign_ok
        self.closed: list[int] = []
        self.opened: tuple[int, bool, int] | None = None

    def CreateJobObjectW(self, attributes: Any, name: Any) -> int:
        self.calls.append("CreateJobObjectW")
        return 101

    def OpenProcess(self, access: int, inherit: bool, pid: int) -> int:
        self.calls.append("OpenProcess")
        self.opened = (access, inherit, pid)
        return 202

    def SetInformationJobObject(self, job: int, kind: int, info: Any, size: int) -> int:
        self.calls.append("SetInformationJobObject")
        assert job == 101 and kind == 9 and size == ctypes.sizeof(JOBOBJECT_EXTENDED_LIMIT_INFORMATION)
        self.info = JOBOBJECT_EXTENDED_LIMIT_INFORMATION.from_buffer_copy(info._obj)
        return 1

    def AssignProcessToJobObject(self, job: int, process: int) -> int:
        self.calls.append("AssignProcessToJobObject")
        return int(self.assign_ok and job == 101 and process == 202)

    def GetProcessTimes(self, process: int, *times: Any) -> int:
        self.calls.append("GetProcessTimes")
        user = times[3]._obj
        user.dwLowDateTime = self.user_ticks & 0xFFFFFFFF
        user.dwHighDateTime = self.user_ticks >> 32
        return 1

    def CloseHandle(self, handle: int) -> int:
        self.closed.append(handle)
        return 1


def test_windows_job_holds_the_worker_with_memory_time_and_kill_on_close() -> None:
    kernel = FakeKernel32()
    job = WindowsJob(Limits(cpu_seconds=20, memory_bytes=768 * MB), kernel)
    job.assign(4242)
    assert kernel.calls == [
        "CreateJobObjectW",
        "OpenProcess",
        "SetInformationJobObject",
        "AssignProcessToJobObject",
    ]
    assert kernel.opened is not None and kernel.opened[2] == 4242
    info = kernel.info
    assert info is not None
    flags = info.BasicLimitInformation.LimitFlags
    for flag in (
        JOB_OBJECT_LIMIT_PROCESS_MEMORY,
        JOB_OBJECT_LIMIT_PROCESS_TIME,
        JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE,
    ):
        assert flags & flag
    assert info.ProcessMemoryLimit == 768 * MB
    assert info.BasicLimitInformation.PerProcessUserTimeLimit == 20 * TICKS_PER_SECOND
    job.close()
    assert kernel.closed == [202, 101]  # closing the job's last handle kills the worker


def test_windows_cpu_budget_rises_job_by_job_from_the_workers_user_time() -> None:
    kernel = FakeKernel32(user_seconds=7.5)
    job = WindowsJob(Limits(cpu_seconds=20), kernel)
    job.assign(1)
    limit = job.cpu_budget()
    assert limit == int(7.5 * TICKS_PER_SECOND) + 20 * TICKS_PER_SECOND
    assert kernel.info is not None and kernel.info.BasicLimitInformation.PerProcessUserTimeLimit == limit


def test_windows_job_that_cannot_take_the_worker_is_an_error() -> None:
    with pytest.raises(OSError):
        WindowsJob(Limits(), FakeKernel32(assign_ok=False)).assign(1)


def test_a_worker_stopped_for_its_time_is_told_apart_from_one_out_of_memory(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from core.reports import worker

    session = worker.WorkerSession.__new__(worker.WorkerSession)
    session.limits = session.current = Limits(cpu_seconds=20, memory_bytes=1024 * MB)
    session.template_name = "外来"
    for code, words in (
        (ERROR_NOT_ENOUGH_QUOTA, "计算时间超过限制（20 秒）"),
        (-24, "计算时间"),
        (1, "内存限制 1024 MB"),
    ):
        session.process = SimpleNamespace(join=lambda timeout: None, exitcode=code)
        assert words in session._death()


def test_a_worker_windows_will_not_hold_to_the_limits_never_gets_the_template(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An outside template is never rendered by a worker without its memory and time limits: the worker is
    stopped before the template reaches it, and the clerk is told in Chinese (not "AssignProcessToJobObject
    failed")."""
    import multiprocessing

    from core.reports import worker

    monkeypatch.setattr(worker, "on_windows", lambda: True)
    monkeypatch.setattr(
        worker, "WindowsJob", lambda limits: WindowsJob(limits, FakeKernel32(assign_ok=False))
    )
    with pytest.raises(worker.TemplateStopped) as stopped:
        worker.WorkerSession("外来模板", Limits())
    assert stopped.value.message.startswith("模板“外来模板”未打开：系统没有接受对处理进程的内存和时间限制")
    assert not [child for child in multiprocessing.active_children() if child.name == "honourdesk-template"]


def test_a_worker_whose_times_cannot_be_read_is_told_as_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    from core.reports import worker

    class Gone(FakeKernel32):
        def GetProcessTimes(self, process: int, *times: Any) -> int:
            return 0  # the worker is gone, or Windows refuses

    monkeypatch.setattr(worker, "on_windows", lambda: True)
    monkeypatch.setattr(worker, "WindowsJob", lambda limits: WindowsJob(limits, Gone()))
    with (
        worker.WorkerSession("外来模板", Limits()) as session,
        pytest.raises(worker.TemplateStopped) as stopped,
    ):
        session.inspect("无.docx", "外来模板")
    assert "模板“外来模板”检查时" in stopped.value.message and not session.process.is_alive()


def test_a_job_over_many_units_gets_more_time_up_to_a_cap() -> None:
    """A city's summary (10,000 units) is one job: its CPU, wall and sandbox limits grow with its units, so
    a slow office PC finishes it; past most_units they stop growing, so a runaway is still stopped."""
    base = Limits(
        cpu_seconds=20, wall_seconds=30.0, render_seconds=10.0, unit_seconds=0.006, most_units=20_000
    )
    assert base.for_units(1) == base and base.for_units(0) == base
    city = base.for_units(10_001)
    assert (city.cpu_seconds, city.wall_seconds, city.render_seconds) == (80, 150.0, 70.0)
    assert city.memory_bytes == base.memory_bytes
    capped = base.for_units(20_001)
    assert base.for_units(1_000_000) == capped
    assert (capped.cpu_seconds, capped.wall_seconds, capped.render_seconds) == (140, 270.0, 130.0)


class FakeWorker:
    """The parent's end of the pipe to a worker that never answers (a template that runs away)."""

    def __init__(self) -> None:
        self.sent: list[Any] = []
        self.waited: list[float] = []

    def send(self, message: Any) -> None:
        self.sent.append(message)

    def poll(self, timeout: float) -> bool:
        self.waited.append(timeout)
        return False

    def close(self) -> None:
        pass


def _fake_session(limits: Limits) -> Any:
    from core.reports import worker

    session = worker.WorkerSession.__new__(worker.WorkerSession)
    session.limits = session.current = limits
    session.template_name = "外来获奖单位名单"
    session.job = None
    session.started = True
    session.connection = FakeWorker()
    session.process = SimpleNamespace(is_alive=lambda: True, kill=lambda: None, join=lambda timeout: None)
    return session


def test_a_summary_job_is_sent_and_waited_for_with_limits_for_its_units() -> None:
    from core.reports import worker

    session = _fake_session(Limits(cpu_seconds=20, wall_seconds=30.0, render_seconds=10.0))
    with pytest.raises(worker.TemplateStopped) as stopped:
        session.render_streamed({"单位数量": 10_001}, "全区", "/tmp/x.docx", units=10_001)
    [(method, args, _kwargs, job)] = session.connection.sent
    assert method == "render_streamed" and args[3:] == (10_001, 70.0)  # the sandbox's limit, in the worker
    assert (job.cpu_seconds, job.wall_seconds) == (80, 150.0)  # the kernel's CPU budget in the worker
    assert session.connection.waited == [150.0]
    assert stopped.value.message == (
        "模板“外来获奖单位名单”为“全区”生成时超过 150 秒仍未完成，已强行停止。"
        "模板可能含有过于复杂或恶意的内容。未写入文件。"
    )


def test_a_units_own_report_keeps_the_plain_limits() -> None:
    from core.reports import worker

    session = _fake_session(Limits(cpu_seconds=20, wall_seconds=30.0))
    with pytest.raises(worker.TemplateStopped) as stopped:
        session.render_file({}, "宁波市荷花庄小学", "/tmp/x.docx")
    [(_method, _args, _kwargs, job)] = session.connection.sent
    assert job == session.limits and session.connection.waited == [30.0]
    assert "超过 30 秒仍未完成" in stopped.value.message


def test_a_worker_killed_for_cpu_on_a_summary_names_the_summarys_budget() -> None:
    session = _fake_session(Limits(cpu_seconds=20))
    session.current = session.limits.for_units(10_001)
    session.process = SimpleNamespace(join=lambda timeout: None, exitcode=-24)
    assert "计算时间超过限制（80 秒）" in session._death()


def test_a_built_in_summary_gets_the_sandboxs_time_for_its_units_and_the_next_job_the_plain_one() -> None:
    """Built-in summaries render in the program's process: the sandbox's own time limit grows with the
    units the same way, for that document only."""
    from core.reports.batch import BatchSession

    seen: list[float] = []
    template = SimpleNamespace(time_limit=10.0)
    template.write_streamed = lambda context, unit_name, target: seen.append(template.time_limit)
    session = BatchSession(10.0)
    session.template = template  # type: ignore[assignment]
    session.render_streamed({}, "全区", "/tmp/x.docx", units=10_001)
    session.render_streamed({}, "全区", "/tmp/x.docx")
    session.render_streamed({}, "全区", "/tmp/x.docx", units=10_001, seconds=3.0)  # the worker's job's
    assert seen == [70.0, 10.0, 3.0] and template.time_limit == 10.0
