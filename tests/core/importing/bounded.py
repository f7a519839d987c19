"""Reading a hostile file in a child process with operating-system limits, so that a runaway cannot take
the test run down: the child reports what happened, its peak memory and how long it took."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
CHILD = r"""
import json, sys, time
try:
    import resource
except ImportError:  # Windows: bounded by the parent's timeout only
    resource = None
if resource is not None:
    limit = int(sys.argv[2]) * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CPU, (int(sys.argv[3]), int(sys.argv[3])))
from pathlib import Path
from core.errors import UserError
from core.importing.workbook import read_registers

answer, sys.stdout = sys.stdout, sys.stderr
def peak_kib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss if resource is not None else 0


started = time.perf_counter()
base = peak_kib()
try:
    source = read_registers(Path(sys.argv[1]))
    result = {"outcome": "read", "rows": sum(len(r.rows) for r in source.registers)}
except UserError as error:
    result = {"outcome": "refused", "message": error.message}
except BaseException as error:
    result = {"outcome": "crashed", "error": f"{type(error).__name__}: {error}"}
result["seconds"] = time.perf_counter() - started
result["grew_mb"] = (peak_kib() - base) / 1024 if resource is not None else None
answer.write(json.dumps(result, ensure_ascii=False))
"""


def read_in_child(path: Path, *, memory_mb: int = 1536, cpu_seconds: int = 60) -> dict[str, object]:
    """read_registers(path) in a child limited to memory_mb of address space and cpu_seconds of CPU.

    "grew_mb" is how much the child's peak resident memory grew while reading (the interpreter and the
    libraries it had loaded before are left out); None where the system does not say (Windows)."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), str(memory_mb), str(cpu_seconds)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=cpu_seconds * 3,
    )
    if not done.stdout:
        return {"outcome": "died", "returncode": done.returncode, "stderr": done.stderr[-2000:]}
    return json.loads(done.stdout)
