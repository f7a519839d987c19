"""The template worker: a child process that inspects, compiles and renders templates from outside under
hard operating-system limits, so that nothing a template does can freeze or exhaust the program.

One worker serves a whole batch (the template is compiled once). The parent talks to it through
WorkerSession, whose methods are BatchSession's (batch.py); each call is one job with a CPU budget (the
kernel's, limits.py), a wall-time watchdog (here: the worker is killed when a job overruns) and the memory
limit of the whole process. A summary is one job over many units: its CPU, wall and sandbox limits grow
with them, up to a cap (Limits.for_units). A breach ends in a Chinese message naming the template (and
the unit).

The worker is started with the spawn method, the only one Windows has and the one a PyInstaller bundle
supports (main.py calls multiprocessing.freeze_support() first, so the frozen program does not run its
own main() in the worker); `serve` must stay importable at module level for that.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import signal
import traceback
from collections.abc import Sequence
from multiprocessing.connection import Connection
from typing import Any

from core.errors import UserError
from core.reports.inspect import TemplateProblem, TemplateReport
from core.reports.limits import (
    BLOCKED_HINT,
    ERROR_NOT_ENOUGH_QUOTA,
    MB,
    READY,
    START_SECONDS,
    Limits,
    WindowsJob,
    apply_posix_limits,
    on_windows,
    posix_cpu_budget,
)
from core.reports.summary_fields import uses_summary_fields

log = logging.getLogger(__name__)

DEFAULT_LIMITS = Limits()
_CPU_SIGNALS = {-getattr(signal, "SIGXCPU", 24), -signal.SIGKILL if hasattr(signal, "SIGKILL") else -9}
_TAIL = "模板可能含有过于复杂或恶意的内容。未写入文件。"


class TemplateStopped(UserError):
    """The worker was stopped by a limit; nothing was written."""


def serve(connection: Connection, limits: Limits) -> None:
    """The worker's main loop (in the child process): one (method, args, kwargs) message per job."""
    from core.reports.batch import BatchSession

    if not on_windows():
        apply_posix_limits(limits)
    session = BatchSession(limits.render_seconds)
    connection.send((READY, None, ""))  # started and loaded: what stops it from now on is a job's doing
    while True:
        try:
            message = connection.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        method, args, kwargs, job = message
        if not on_windows():
            posix_cpu_budget(job)
        try:
            result = getattr(session, method)(*args, **kwargs)
            reply: tuple[str, Any, str] = ("ok", result, "")
        except UserError as error:
            reply = ("user", error, traceback.format_exc())
        except MemoryError:
            reply = ("memory", None, "")
        except BaseException:  # reported to the parent, which logs it
            reply = ("crash", None, traceback.format_exc())
        try:
            connection.send(reply)
        except Exception:
            connection.send(("crash", None, traceback.format_exc()))


class WorkerSession:
    """The parent's handle on one worker: BatchSession's methods, each a bounded job."""

    def __init__(self, template_name: str, limits: Limits | None = None) -> None:
        self.template_name = template_name
        self.limits = limits = limits or DEFAULT_LIMITS
        self.job: WindowsJob | None = None
        self.current = limits  # the limits of the job under way (a summary's are wider: Limits.for_units)
        self.started = False  # the worker said it is ready: its death is no longer a failure to start
        context = multiprocessing.get_context("spawn")
        self.connection, child = context.Pipe()
        self.process = context.Process(
            target=serve, args=(child, limits), name="honourdesk-template", daemon=True
        )
        try:
            self.process.start()
        except OSError as error:  # Windows refused to start it (security software, a policy)
            log.warning("cannot start the template worker", exc_info=error)
            self.connection.close()
            raise self._not_started(error) from error
        finally:
            child.close()
        if on_windows():
            self._hold_in_job()

    def _hold_in_job(self) -> None:
        """Put the worker into a job object before the first job: nothing untrusted has run yet. A worker
        Windows will not hold to the limits is never given the template (its memory would be unbounded)."""
        try:
            self.job = WindowsJob(self.limits)
            self.job.assign(self.process.pid)
        except OSError as error:
            log.warning("cannot put the template worker into a job object", exc_info=error)
            gone = not self.process.is_alive()  # killed as it started: not the job object's refusal
            self.kill()
            if gone:  # its exit code says more than the refusal to hold a process already gone
                raise self._not_started(None) from error
            raise TemplateStopped(
                f"模板“{self.template_name}”未打开：系统没有接受对处理进程的内存和时间限制，"
                "为安全起见，外来模板不在没有限制的进程中处理。请重新启动程序后再试；仍不行时请把日志发给维护人员。"
            ) from error

    # -- BatchSession's calls

    def inspect(self, path: str, name: str) -> TemplateReport:
        return self._call("inspect", path, name, doing="检查")

    def open(
        self, path: str, name: str, *, check: bool = True, keep_active: bool = False
    ) -> TemplateReport | None:
        return self._call("open", path, name, check=check, keep_active=keep_active, doing="检查")

    def render_file(self, context: dict[str, Any], unit_name: str, target: str) -> None:
        self._call("render_file", context, unit_name, target, unit=unit_name)

    def names(self) -> list[str]:
        return list(self._call("names", doing="检查"))

    def render_streamed(self, context: dict[str, Any], unit_name: str, target: str, units: int = 1) -> None:
        """units: how many units the context covers (a summary's); the job's limits grow with them."""
        job = self.limits.for_units(units)
        seconds = job.render_seconds
        self._call("render_streamed", context, unit_name, target, units, seconds, unit=unit_name, job=job)

    def try_render(self, context: dict[str, Any], unit_name: str) -> None:
        self._call("try_render", context, unit_name, doing="试生成", unit=unit_name)

    def merge_begin(self, target: str, total: int, options: Any) -> None:
        self._call("merge_begin", target, total, options)

    def merge_add(self, context: dict[str, Any], unit_name: str) -> None:
        self._call("merge_add", context, unit_name, unit=unit_name)

    def merge_end(self) -> None:
        self._call("merge_end")

    def merge_abort(self) -> None:
        if self.process.is_alive():
            self._call("merge_abort")

    # -- the job

    def _call(
        self,
        method: str,
        *args: Any,
        doing: str = "生成",
        unit: str = "",
        job: Limits | None = None,
        **kwargs: Any,
    ) -> Any:
        self._await_start()
        if not self.process.is_alive():
            raise self._stopped(doing, unit, "处理进程已退出")
        self.current = job = job or self.limits
        try:
            if self.job is not None:
                self.job.cpu_budget(job.cpu_seconds)  # fails when the worker is gone: told as its death below
            self.connection.send((method, args, kwargs, job))
            ready = self.connection.poll(job.wall_seconds)
            if not ready:
                self.kill()
                raise self._stopped(doing, unit, f"超过 {job.wall_seconds:g} 秒仍未完成，已强行停止")
            status, value, details = self.connection.recv()
        except (EOFError, OSError, BrokenPipeError) as error:
            self.kill()
            raise self._stopped(doing, unit, self._death()) from error
        if status == "ok":
            return value
        if details:
            log.info("template worker (%s) reported:\n%s", method, details)
        if status == "user":
            raise value
        if status == "memory":
            raise self._stopped(
                doing, unit, f"所需内存超过限制（{self.limits.memory_bytes // MB} MB），已停止"
            )
        raise RuntimeError(f"模板“{self.template_name}”的处理进程出现意外错误")

    def _await_start(self) -> None:
        """Wait for the new worker's word that it runs, before the first job: a worker that dies or stays
        silent before it has seen the template was stopped from outside (security software quarantining
        the program or one of its files), and is told so, not as a template too complex or malicious."""
        if self.started:
            return
        try:
            if self.connection.poll(START_SECONDS):
                self.started = self.connection.recv()[0] == READY
        except (EOFError, OSError):
            pass
        if not self.started:
            self.kill()
            raise self._not_started(None)

    def _not_started(self, error: OSError | None) -> TemplateStopped:
        code = (getattr(error, "winerror", None) or error.errno) if error is not None else None
        exitcode = None if error else getattr(self.process, "exitcode", None)
        detail = f"（错误代码 {code}）" if code else f"（退出代码 {exitcode}）" if exitcode else ""
        return TemplateStopped(
            f"模板“{self.template_name}”未打开：处理模板的进程（HonourDesk 程序自身的一个副本）没能启动"
            f"{detail}。{BLOCKED_HINT}。模板还没有被读取，未写入文件。"
        )

    def _death(self) -> str:
        self.process.join(2)
        code = self.process.exitcode
        if code in _CPU_SIGNALS or code == ERROR_NOT_ENOUGH_QUOTA:
            return f"占用的计算时间超过限制（{self.current.cpu_seconds} 秒），已强行停止"
        return f"处理进程意外退出（可能超过了内存限制 {self.limits.memory_bytes // MB} MB），已停止"

    def _stopped(self, doing: str, unit: str, what: str) -> TemplateStopped:
        who = f"为“{unit}”" if unit else ""
        return TemplateStopped(f"模板“{self.template_name}”{who}{doing}时{what}。{_TAIL}")

    # -- ending

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self._release()

    def close(self) -> None:
        """Ask the worker to stop; kill it when it does not."""
        if self.process.is_alive():
            with contextlib.suppress(OSError, BrokenPipeError):
                self.connection.send(None)
            self.process.join(2)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(5)
        self._release()

    def _release(self) -> None:
        self.connection.close()
        if self.job is not None:
            self.job.close()
            self.job = None

    def __enter__(self) -> WorkerSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def inspect_in_worker(
    path: str, name: str, limits: Limits | None = None, trial: Sequence[tuple[str, dict[str, Any]]] = ()
) -> TemplateReport:
    """templates check and add: the template read, inspected and compiled in a bounded worker; when it
    may be used, rendered there once per trial unit (name, context), a failure becoming a problem. A
    summary template (its fields speak of many units) is tried on the demo data as one summary instead."""
    with WorkerSession(name, limits) as worker:
        report = worker.inspect(str(path), name)
        if report.usable and trial and uses_summary_fields(report.fields_used):
            from core.reports.trial import demo_summary

            trial = [demo_summary()]
        if not report.usable or not trial:
            return report
        try:
            worker.open(str(path), name, check=False)
            for unit_name, context in trial:
                worker.try_render(context, unit_name)
        except UserError as error:
            report.render_errors.append(TemplateProblem(str(error)))
        return report
