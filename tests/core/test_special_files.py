"""A device or a pipe given where a file from outside is read (/dev/zero, a FIFO; on Windows NUL or CON):
reading it never ends or waits for a writer. Each command answers in Chinese at once, changing nothing.
Run in a child process bounded in time and memory: before, import and restore hung and import-report
filled its memory (an "unexpected error", exit 3)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.core.bounded import main_py
from tests.core.cli.test_commands import run

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs and /dev/zero are POSIX")


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("special") / "data"
    assert run("--data-dir", str(folder), "demo")[0] == 0
    return folder


def special(folder: Path, kind: str, name: str) -> Path:
    path = folder / name
    if kind == "pipe":
        os.mkfifo(path)  # opening it for reading waits for a writer that never comes
    else:
        path.symlink_to("/dev/zero")  # endless zeros, with a size of 0
    return path


@pytest.mark.parametrize("kind", ["pipe", "endless"])
@pytest.mark.parametrize(
    ("command", "name"),
    [(("import",), "荣誉登记表.csv"), (("import-report",), "工作总结.txt"), (("restore",), "备份.db")],
    ids=["import", "import-report", "restore"],
)
def test_a_device_or_pipe_is_refused_at_once(
    data: Path, tmp_path: Path, kind: str, command: tuple[str, ...], name: str
) -> None:
    before = run("--data-dir", str(data), "units", "--json")[1]
    path = special(tmp_path, kind, name)
    result = main_py("--data-dir", str(data), *command, str(path))
    assert result.returncode == 2, result.stderr
    assert f"文件“{name}”不是普通文件（而是设备、管道等特殊文件），无法读取" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert run("--data-dir", str(data), "units", "--json")[1] == before
