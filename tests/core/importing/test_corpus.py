"""Every file of the robustness corpus is either read in full or refused with a message naming it.

Each file is read in a worker process (one for the whole run, replaced after a failure) so that a hang or a
runaway allocation shows up as a failing test instead of a stuck or killed test run: a file that takes longer
than FILE_TIMEOUT seconds fails, and so does one that drives the worker past MEMORY_LIMIT_MB.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest

from core.importing.readers import CORRUPT, PASSWORD, sheet_too_large

REPO = Path(__file__).resolve().parents[3]
CORPUS = REPO.parent / "shared" / "corpus" / "excel"
FILES = sorted(p for p in CORPUS.iterdir() if p.is_file()) if CORPUS.is_dir() else []
FILE_TIMEOUT = 30.0
MEMORY_LIMIT_MB = 1024

# The files refused, and why; every other file must be read.
REFUSED = {
    "OOM_alloc3.xls": CORRUPT,  # its compound-file directory points past the end of the file
    "issue252.xlsx": CORRUPT,  # a zip member fails its CRC check
    "issue_594_dos.ods": sheet_too_large("Sheet1"),  # claims 17 billion cells
    "issue_385.xls": PASSWORD,
    "pass_protected.ods": PASSWORD,
    "pass_protected.xlsb": PASSWORD,
    "pass_protected.xlsx": PASSWORD,
}

WORKER = r"""
import json, sys
from pathlib import Path

try:
    import resource
    resource.setrlimit(resource.RLIMIT_AS, (4 * 1024**3, 4 * 1024**3))
except (ImportError, ValueError, OSError):
    resource = None

from core.importing.readers import UnreadableFileError, open_table_file

answer, sys.stdout = sys.stdout, sys.stderr  # nothing the readers print may garble the answers


def read(path):
    try:
        with open_table_file(path) as table:
            rows = sum(1 for sheet in table.sheet_names for _ in table.rows(sheet))
        return {"outcome": "read", "kind": table.kind, "rows": rows}
    except UnreadableFileError as error:
        cause = error.__cause__
        return {"outcome": "refused", "message": error.message, "reason": error.reason,
                "memory": isinstance(cause, MemoryError)}
    except BaseException as error:
        return {"outcome": "crashed", "error": f"{type(error).__module__}.{type(error).__name__}: {error}"}


for line in sys.stdin:
    result = read(Path(json.loads(line)))
    if resource is not None:
        result["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    answer.write(json.dumps(result, ensure_ascii=False) + "\n")
    answer.flush()
"""


class Worker:
    """A python process that reads one file per request; stopped when it hangs, dies or grows too big."""

    def __init__(self, stderr: IO[str]) -> None:
        env = dict(os.environ, PYTHONIOENCODING="utf-8")
        self.proc = subprocess.Popen(
            [sys.executable, "-c", WORKER],
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
            line = self.answers.get(timeout=FILE_TIMEOUT)
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
    def __init__(self, stderr: IO[str]) -> None:
        self.stderr = stderr
        self.worker: Worker | None = None

    def read(self, path: Path) -> dict[str, object]:
        if self.worker is None:
            self.worker = Worker(self.stderr)
        result = self.worker.read(path)
        if result["outcome"] in ("hung", "died") or result.get("maxrss_mb", 0) > MEMORY_LIMIT_MB:
            self.stop()  # the next file gets a fresh worker
        return result

    def stop(self) -> None:
        if self.worker is not None:
            self.worker.stop()
            self.worker = None


@pytest.fixture(scope="module")
def workers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workers]:
    log = tmp_path_factory.mktemp("corpus") / "worker-stderr.txt"
    with log.open("w", encoding="utf-8") as stderr:
        pool = Workers(stderr)
        yield pool
        pool.stop()


@pytest.mark.skipif(not FILES, reason="../shared/corpus/excel is not present")
@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_corpus_file_is_read_or_refused_by_name(workers: Workers, path: Path) -> None:
    result = workers.read(path)
    assert result["outcome"] in ("read", "refused"), f"{path.name}: {result}"
    assert result.get("maxrss_mb", 0) <= MEMORY_LIMIT_MB, f"{path.name} used too much memory: {result}"
    if result["outcome"] == "refused":
        assert path.name in str(result["message"])
        assert not result["memory"], f"{path.name} ran out of memory: {result}"
    expected = REFUSED.get(path.name)
    if expected is None:
        assert result["outcome"] == "read", f"{path.name} should be read: {result}"
    else:
        assert result.get("reason") == expected, f"{path.name}: {result}"
