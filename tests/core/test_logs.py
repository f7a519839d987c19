"""The log (issue 19, one copy at a time; issue 14, a read-only data folder): rollover gives way to a file
another copy holds open, losing no record and deleting no old log; the command line has a log file of its
own; a data folder that cannot be written sends the log to a temporary folder, quietly.

Windows refuses to rename a file another process has open; that refusal is simulated here as the
PermissionError (winerror 32) it raises. Only the Windows workflow can show two real copies doing it.
"""

from __future__ import annotations

import errno
import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from core import logs


@pytest.fixture
def restore_root_logger() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def write(handler: logging.Handler, count: int, prefix: str) -> None:
    for number in range(count):
        handler.emit(
            logging.LogRecord(
                "t", logging.INFO, __file__, 1, f"{prefix}-{number:05d} " + "x" * 200, None, None
            )
        )


def all_records(folder: Path) -> str:
    return "".join(path.read_text(encoding="utf-8") for path in sorted(folder.iterdir()))


def test_rollover_while_another_copy_holds_the_file_loses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(logs, "MAX_BYTES", 20_000)
    path = tmp_path / "honourdesk.log"
    for number in range(1, 6):  # five old logs from earlier days
        Path(f"{path}.{number}").write_text(f"old log {number}\n", encoding="utf-8")
    handler = logs.SharedRotatingFileHandler(path)
    handler.maxBytes = 20_000
    real_replace = os.replace

    def held(source, target):  # type: ignore[no-untyped-def]
        if str(source) == str(path):
            error = PermissionError(errno.EACCES, "The process cannot access the file")
            error.winerror = 32  # type: ignore[attr-defined]
            raise error
        return real_replace(source, target)

    monkeypatch.setattr(logs.os, "replace", held)
    write(handler, 300, "held")  # far past the size: rollover is tried and refused
    monkeypatch.undo()
    for number in range(1, 6):
        assert Path(f"{path}.{number}").read_text(encoding="utf-8") == f"old log {number}\n"
    text = path.read_text(encoding="utf-8")
    assert all(f"held-{number:05d}" in text for number in range(300))

    handler._retry_at = 0.0  # the other copy has closed the file; the next rollover goes through
    write(handler, 20, "later")
    handler.close()
    everything = all_records(tmp_path)
    assert all(f"held-{number:05d}" in everything for number in range(300))
    assert all(f"later-{number:05d}" in everything for number in range(20))
    assert "old log 4" in everything  # the oldest (5) made room; the others moved up
    assert len(list(tmp_path.glob("honourdesk.log.*"))) == 5


def test_a_record_that_cannot_be_written_is_dropped_quietly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    handler = logs.SharedRotatingFileHandler(tmp_path / "honourdesk.log")
    handler.stream.close()  # as good as a full disk: every write fails
    write(handler, 3, "lost")
    assert "Logging error" not in capsys.readouterr().err


def test_the_command_line_logs_to_a_file_of_its_own(tmp_path: Path, restore_root_logger: None) -> None:
    from tests.core.cli.test_commands import run

    data = tmp_path / "data"
    assert run("--data-dir", str(data), "units")[0] == 0
    assert (data / "logs" / "honourdesk-cli.log").exists()
    assert not (data / "logs" / "honourdesk.log").exists()  # the window's, never rotated by a command


def test_an_unwritable_log_folder_falls_back_to_a_temporary_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, restore_root_logger: None
) -> None:
    blocked = tmp_path / "logs"
    blocked.write_text("a file where the folder should be", encoding="utf-8")
    monkeypatch.setattr(logs, "fallback_log_dir", lambda: tmp_path / "temp-logs")
    path = logs.setup_logging(blocked, file_name=logs.CLI_LOG_FILE)
    assert path == tmp_path / "temp-logs" / logs.CLI_LOG_FILE
    logging.getLogger("x").error("记下来")
    assert "记下来" in path.read_text(encoding="utf-8")


def test_with_no_writable_folder_at_all_only_warnings_go_to_stderr(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    restore_root_logger: None,
    capsys: pytest.CaptureFixture[str],
) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setattr(logs, "fallback_log_dir", lambda: blocked / "logs")
    assert logs.setup_logging(blocked / "logs") is None
    logging.getLogger("x").info("只是信息")
    logging.getLogger("x").error("出错了")
    err = capsys.readouterr().err
    assert "出错了" in err and "只是信息" not in err


def test_a_record_naming_a_damaged_file_name_is_kept(tmp_path: Path) -> None:
    """A name read from a damaged USB stick may hold a lone surrogate, which UTF-8 cannot encode: the
    record of the failure it caused was lost; it is written, the odd character escaped, the rest as is."""
    handler = logs.SharedRotatingFileHandler(tmp_path / "honourdesk.log")
    name = "东湖小学\udc80荣誉𠀀.xlsx"
    handler.emit(logging.LogRecord("t", logging.WARNING, __file__, 1, "无法读取 %s", (name,), None))
    handler.close()
    text = (tmp_path / "honourdesk.log").read_text(encoding="utf-8")
    assert "无法读取 东湖小学\\udc80荣誉𠀀.xlsx" in text
