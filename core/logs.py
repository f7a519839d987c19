"""The rotating log file in the data directory; every error goes there with its traceback.

The window logs to logs/honourdesk.log and the command line to logs/honourdesk-cli.log, so that a
command run while the window is open never rotates the window's file. Rollover tolerates a file that
another copy holds open (Windows refuses to rename it): the records go on into the current file and
no older log is deleted until the rename has succeeded. When the data folder cannot be written (portable
mode on a read-only folder), the log goes to a folder in the system's temporary directory instead.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import time
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

LOG_FILE = "honourdesk.log"
CLI_LOG_FILE = "honourdesk-cli.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
RETRY_ROLLOVER_AFTER_S = 60.0
_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"


class SharedRotatingFileHandler(RotatingFileHandler):
    """A RotatingFileHandler whose rollover gives way to a file held open by another process."""

    def __init__(self, path: Path) -> None:
        # A lone surrogate (a damaged file name read from a USB stick) is written escaped, not dropped.
        super().__init__(
            path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8", errors="backslashreplace"
        )
        self._retry_at = 0.0

    def shouldRollover(self, record: logging.LogRecord) -> bool:
        if time.monotonic() < self._retry_at:
            return False
        return bool(super().shouldRollover(record))

    def doRollover(self) -> None:
        if self.stream:
            self.stream.close()
            self.stream = None  # type: ignore[assignment]
        moved = f"{self.baseFilename}.{os.getpid()}.rotating"
        try:
            os.replace(self.baseFilename, moved)  # fails while another process has the file open
        except OSError:
            self._retry_at = time.monotonic() + RETRY_ROLLOVER_AFTER_S  # keep writing where we are
        else:
            self._shift_older_logs()
            self._settle(moved)
        self.stream = self._open()

    def _shift_older_logs(self) -> None:
        for number in range(self.backupCount - 1, 0, -1):
            older = f"{self.baseFilename}.{number}"
            if os.path.exists(older):
                with contextlib.suppress(OSError):  # held by a viewer: this one stays where it is
                    os.replace(older, f"{self.baseFilename}.{number + 1}")

    def _settle(self, moved: str) -> None:
        """The rotated file becomes .1; if .1 could not be moved on, it keeps a name of its own."""
        first = f"{self.baseFilename}.1"
        target = first if not os.path.exists(first) else f"{first}.{time.strftime('%Y%m%d-%H%M%S')}"
        with contextlib.suppress(OSError):  # else it stays under its .rotating name, and is found there
            os.replace(moved, target)

    def handleError(self, record: logging.LogRecord) -> None:
        """A record that cannot be written (a full disk) is dropped quietly, never shown to the user."""


def setup_logging(log_dir: Path, level: int = logging.INFO, *, file_name: str = LOG_FILE) -> Path | None:
    """Send the root logger to log_dir/file_name (1 MB × 5), else to a temporary folder's log, else to
    stderr (warnings and errors only). Returns the log file used, or None for stderr."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if isinstance(handler, RotatingFileHandler) or getattr(handler, "_honourdesk", False):
            root.removeHandler(handler)
            handler.close()
    handler, path = _file_handler(log_dir, file_name)
    handler.setFormatter(logging.Formatter(_FORMAT))
    handler._honourdesk = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    sys.excepthook = _log_uncaught
    if path is not None and path.parent != log_dir:
        logging.getLogger(__name__).warning("数据目录的日志文件夹 %s 不可写，日志改写到 %s", log_dir, path)
    return path


def _file_handler(log_dir: Path, file_name: str) -> tuple[logging.Handler, Path | None]:
    for folder in (log_dir, fallback_log_dir()):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / file_name
            return SharedRotatingFileHandler(path), path
        except OSError:
            continue
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(logging.WARNING)
    return handler, None


def fallback_log_dir() -> Path:
    import tempfile

    return Path(tempfile.gettempdir()) / "HonourDesk-logs"


def _log_uncaught(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    if not issubclass(kind, KeyboardInterrupt):
        logging.getLogger("honourdesk").critical("未处理的异常", exc_info=(kind, error, tb))
    sys.__excepthook__(kind, error, tb)


def log_file(log_dir: Path, file_name: str = LOG_FILE) -> Path:
    return log_dir / file_name
