"""Hostile input run in a child process with its own limits (CPU time, memory, wall time), so that a runaway
cannot take the test run down whatever the code under test does.

    result = run_bounded(Job(commands=[["templates", "check", path]]), seconds=60, memory_mb=1500)

The child makes a data folder with the given units, then runs each command through the real command line
(core.cli.run), with the template worker's limits replaced when the job gives them (short, so a test of a
runaway takes seconds), and prints one JSON line per command: exit code, output, errors.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
# Small enough that a hostile case ends in seconds, large enough for the worker to start on a busy machine.
TEST_LIMITS = {
    "cpu_seconds": 6,
    "wall_seconds": 15.0,
    "memory_bytes": 1024 * 1024 * 1024,
    "render_seconds": 2.0,
}


@dataclass
class Job:
    data_dir: str = ""
    units: list[str] = field(default_factory=list)
    commands: list[list[str]] = field(default_factory=list)
    limits: dict[str, float] = field(default_factory=lambda: dict(TEST_LIMITS))


@dataclass
class Outcome:
    code: int
    out: str
    err: str


class Runaway(AssertionError):
    """The child went past the test's own limits."""


def _limit(seconds: int, memory_mb: int) -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 5))
    resource.setrlimit(resource.RLIMIT_AS, (memory_mb * 1024 * 1024, memory_mb * 1024 * 1024))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    os.setsid()  # its own process group: a timeout kills the worker it started too


def run_bounded(job: Job, *, seconds: int = 90, memory_mb: int = 2048) -> list[Outcome]:
    environment = {**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"}
    environment.pop("HONOURDESK_TEST_DATABASE_URL", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.core.reports.bounded"],
        cwd=REPO,
        env=environment,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: _limit(seconds, memory_mb),
    )
    try:
        out, err = process.communicate(json.dumps(asdict(job)), timeout=seconds * 2)
    except subprocess.TimeoutExpired as error:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise Runaway(f"the child ran past {seconds * 2} s") from error
    if process.returncode != 0:
        raise Runaway(f"the child ended with {process.returncode}: {err[-2000:]}")
    return [Outcome(**json.loads(line)) for line in out.splitlines() if line.startswith("{")]


def _child() -> None:
    import io

    from core import cli
    from core.db import open_database
    from core.paths import DataDir
    from core.reports import worker
    from core.reports.limits import Limits
    from core.services import Services

    job = Job(**json.loads(sys.stdin.read()))
    limits = Limits(**job.limits)  # type: ignore[arg-type]
    worker.DEFAULT_LIMITS = limits
    if job.units:
        services = Services.over(open_database(DataDir(Path(job.data_dir)).create()))
        for name in job.units:
            services.units.create({"name": name})
        services.db.dispose()
    for command in job.commands:
        out, err = io.StringIO(), io.StringIO()
        code = cli.run(command, out, err)
        print(json.dumps({"code": code, "out": out.getvalue(), "err": err.getvalue()}, ensure_ascii=False))


if __name__ == "__main__":
    _child()
