"""A python process that answers one request per line, for reading files that may hang, crash or grow:
it is stopped when it hangs past a timeout, dies, or grows past a memory limit, and the next request gets
a fresh one."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import pytest

REPO = Path(__file__).resolve().parents[3]


class Worker:
    """A python process running script: one JSON path per line in, one JSON answer per line out."""

    def __init__(self, script: str, stderr: IO[str], timeout: float) -> None:
        self.timeout = timeout
        env = dict(os.environ, PYTHONIOENCODING="utf-8")
        self.proc = subprocess.Popen(
            [sys.executable, "-c", script],
            cwd=REPO,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            encoding="utf-8",
        )
        self.answers: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.answers.put(line)
        self.answers.put(None)

    def read(self, path: Path) -> dict[str, object]:
        assert self.proc.stdin is not None
        try:
            self.proc.stdin.write(json.dumps(str(path)) + "\n")
            self.proc.stdin.flush()
            line = self.answers.get(timeout=self.timeout)
        except BrokenPipeError:
            line = None
        except queue.Empty:
            return {"outcome": "hung"}
        if line is None:
            return {"outcome": "died", "returncode": self.proc.wait()}
        return json.loads(line)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()


class Workers:
    """One Worker at a time, replaced after a hang, a death or a peak over memory_mb ("maxrss_mb")."""

    def __init__(self, script: str, stderr: IO[str], timeout: float, memory_mb: float) -> None:
        self.script, self.stderr, self.timeout, self.memory_mb = script, stderr, timeout, memory_mb
        self.worker: Worker | None = None

    def read(self, path: Path) -> dict[str, object]:
        if self.worker is None:
            self.worker = Worker(self.script, self.stderr, self.timeout)
        result = self.worker.read(path)
        if result["outcome"] in ("hung", "died") or float(result.get("maxrss_mb", 0)) > self.memory_mb:  # type: ignore[arg-type]
            self.stop()  # the next file gets a fresh worker
        return result

    def stop(self) -> None:
        if self.worker is not None:
            self.worker.stop()
            self.worker = None


def worker_pool(
    factory: pytest.TempPathFactory, script: str, timeout: float, memory_mb: float
) -> Iterator[Workers]:
    """Workers for a module's tests, their stderr kept in a temporary file."""
    log = factory.mktemp("workers") / "worker-stderr.txt"
    with log.open("w", encoding="utf-8") as stderr:
        pool = Workers(script, stderr, timeout, memory_mb)
        yield pool
        pool.stop()


_HEAD = r"""
import json, sys
from pathlib import Path

try:
    import resource
    resource.setrlimit(resource.RLIMIT_AS, (4 * 1024**3, 4 * 1024**3))
except (ImportError, ValueError, OSError):
    resource = None

answer, sys.stdout = sys.stdout, sys.stderr  # nothing the readers print may garble the answers
"""
_SERVE = r"""
for line in sys.stdin:
    result = {function}(Path(json.loads(line)))
    if resource is not None:
        result["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    answer.write(json.dumps(result, ensure_ascii=False) + "\n")
    answer.flush()
"""


def workers_fixture(body: str, function: str, timeout: float, memory_mb: float) -> Any:
    """A module-scoped fixture `workers` whose processes answer function(path) for each path, function
    being defined in body (which may import what it needs); address space limited to 4 GB."""
    script = _HEAD + body + _SERVE.format(function=function)

    @pytest.fixture(scope="module")
    def workers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workers]:
        yield from worker_pool(tmp_path_factory, script, timeout, memory_mb)

    return workers


def each_file(files: list[Path]) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """A test run once for each file (its argument `path`), skipped when there are none."""

    def mark(test: Callable[..., None]) -> Callable[..., None]:
        test = pytest.mark.parametrize("path", files, ids=[p.name for p in files])(test)
        return pytest.mark.skipif(not files, reason="../shared/corpus/excel is not present")(test)

    return mark
