"""main.py in a child process bounded in time and memory, for hostile input (a damaged database, a crafted
backup): a hang or a runaway allocation fails the test instead of stalling or killing the test run.

Also: damaged database files made by code, and a way to make folders and files truly read-only for a
child even when the tests run as root (who ignores file permissions): a private mount namespace in which
they are bind-mounted read-only.
"""

from __future__ import annotations

import functools
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path

import pytest

from tests.conftest import REPO

TIMEOUT_S = 90
MEMORY_BYTES = 2 * 1024**3

# Mount each path given read-only over itself, then run the command: "sh -c SCRIPT sh N path… cmd…".
_READ_ONLY_SCRIPT = (
    'n=$1; shift; while [ "$n" -gt 0 ]; do '
    'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" "$1" || exit 97; shift; n=$((n-1)); done; '
    'exec "$@"'
)


def set_limits(memory_bytes: int = MEMORY_BYTES) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (TIMEOUT_S, TIMEOUT_S))


def main_py(
    *argv: str, read_only: Sequence[Path] = (), memory_bytes: int = MEMORY_BYTES
) -> subprocess.CompletedProcess[str]:
    """Run main.py with argv; read_only: folders or files the child may not write; memory_bytes: its
    address space."""
    command = [sys.executable, str(REPO / "main.py"), *argv]
    if read_only:
        command = _read_only_command(read_only, command)
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=TIMEOUT_S,
        cwd=REPO,
        preexec_fn=functools.partial(set_limits, memory_bytes) if os.name == "posix" else None,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    if read_only and result.returncode == 97:
        pytest.skip("read-only mounts need a mount namespace when the tests run as root")
    return result


def _read_only_command(paths: Sequence[Path], command: list[str]) -> list[str]:
    if os.geteuid() != 0:  # permissions are enforced: take away write access instead
        for path in paths:
            for item in [path, *(path.rglob("*") if path.is_dir() else [])]:
                item.chmod(item.stat().st_mode & ~0o222)
        return command
    if shutil.which("unshare") is None:
        pytest.skip("read-only mounts need unshare(1) when the tests run as root")
    names = [str(path) for path in paths]
    return [
        "unshare",
        "--mount",
        "--propagation",
        "private",
        "sh",
        "-c",
        _READ_ONLY_SCRIPT,
        "sh",
        str(len(names)),
        *names,
        *command,
    ]


def writable_again(*paths: Path) -> None:
    """Undo the chmod of a read-only run (as root nothing was changed)."""
    for path in paths:
        for item in [path, *(path.rglob("*") if path.is_dir() else [])]:
            item.chmod(item.stat().st_mode | 0o200)


# -- damaged database files -------------------------------------------------------------------


def root_page(path: Path, name: str) -> int:
    with closing(sqlite3.connect(path)) as connection:
        return int(
            connection.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (name,)).fetchone()[0]
        )


def page_size(path: Path) -> int:
    with closing(sqlite3.connect(path)) as connection:
        return int(connection.execute("PRAGMA page_size").fetchone()[0])


def checkpoint(path: Path) -> None:
    """Everything in the WAL written into the file itself, so that bytes changed there stay changed."""
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def flip_index_key(path: Path, index: str, key: str) -> None:
    """Change one byte inside an index entry's key: the b-tree stays well-formed (quick_check passes)
    but the index no longer matches its table (integrity_check fails)."""
    checkpoint(path)
    size, page = page_size(path), root_page(path, index)
    data = bytearray(path.read_bytes())
    start = (page - 1) * size
    found = data.find(key.encode("utf-8"), start, start + size)
    assert found >= 0, f"{key} not on the index's root page"
    last = found + len(key.encode("utf-8")) - 1  # a UTF-8 continuation byte: another character, same length
    data[last] = 0x80 + ((data[last] - 0x80 + 1) % 64)
    path.write_bytes(bytes(data))


def flip_page_header(path: Path, name: str) -> int:
    """Garble the b-tree page header of a table's or index's root page; returns the page number."""
    checkpoint(path)
    size, page = page_size(path), root_page(path, name)
    data = bytearray(path.read_bytes())
    for offset in range(8):
        data[(page - 1) * size + offset] ^= 0xFF
    path.write_bytes(bytes(data))
    return page


def truncate(path: Path, pages: int) -> None:
    checkpoint(path)
    size = page_size(path)
    with path.open("r+b") as handle:
        handle.truncate(pages * size)
