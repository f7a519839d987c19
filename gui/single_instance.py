"""One window per data folder: a QLockFile in the data folder, and a local socket over which a second
start hands its request (bring the window forward, open a dragged spreadsheet) to the running window.

Two windows on one data folder would share one log file (whose rollover fails on Windows while the other
holds it) and run the first start's migration twice. The lock is the same honourdesk.lock that the
command line takes for `restore` (core/instance_lock.py). A lock held from another computer (a data
folder on a network share) is reported as such: that computer is using the data.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject

from core.paths import DataDir

log = logging.getLogger(__name__)

CONNECT_PATIENCE_S = 5.0  # the running window listens a moment after its data is shown
CONNECT_WAIT_MS = 300


class SingleInstance(QObject):
    """claim() the data folder; if another window has it, hand_over() the request to it instead."""

    def __init__(self, data_dir: DataDir) -> None:
        super().__init__()
        self.data_dir = data_dir
        self._lock = self._make_lock(data_dir.lock_file)
        self._server = None
        self.owner: tuple[int, str, str] | None = None  # pid, computer, program of the holder
        self.claimed_late = False  # the holder closed while hand_over() waited: this start has the folder

    @property
    def name(self) -> str:
        return server_name(self.data_dir.root)

    @staticmethod
    def _make_lock(path: Path) -> QLockFile:
        lock = QLockFile(str(path))
        lock.setStaleLockTime(0)  # held for the window's whole life; staleness is judged by process
        return lock

    def claim(self) -> bool:
        if self._lock.tryLock(0):
            return True
        if self._lock.error() == QLockFile.LockError.PermissionError:
            # a data folder that cannot be written: one lock per folder in the temporary folder instead
            import tempfile

            self._lock = self._make_lock(Path(tempfile.gettempdir()) / f"{self.name}.lock")
            if self._lock.tryLock(0):
                return True
        if self._lock.error() != QLockFile.LockError.LockFailedError:
            log.warning("无法创建锁文件（%s），不检查是否已有窗口在运行", self._lock.error())
            return True
        info = self._lock.getLockInfo()
        self.owner = (int(info[0]), str(info[1]), str(info[2])) if info else (0, "", "")
        return False

    @property
    def held_elsewhere(self) -> bool:
        from core.instance_lock import this_host

        return bool(self.owner and self.owner[1] and self.owner[1].casefold() != this_host().casefold())

    def hand_over(self, files: list[Path]) -> bool:
        """Ask the running window to come forward (and open files); False when it does not answer."""
        import json

        from PySide6.QtNetwork import QLocalSocket

        if self.owner is not None:
            allow_foreground(self.owner[0])
        message = json.dumps({"files": [str(path) for path in files]}, ensure_ascii=False).encode("utf-8")
        deadline = time.monotonic() + CONNECT_PATIENCE_S
        while True:  # the other window may still be starting up
            socket = QLocalSocket()
            socket.connectToServer(self.name)
            if socket.waitForConnected(CONNECT_WAIT_MS):
                socket.write(message + b"\n")
                sent = socket.waitForBytesWritten(CONNECT_WAIT_MS * 3)
                socket.disconnectFromServer()
                return sent
            if self._lock.tryLock(0):  # the window that had the folder has just finished closing
                self.owner, self.claimed_late = None, True
                return False
            if time.monotonic() >= deadline:
                return False
            # A missing server is refused at once, not after the wait: pause before asking again.
            time.sleep(CONNECT_WAIT_MS / 1000)

    def listen(self, on_message: Callable[[list[Path]], None]) -> None:
        """Accept requests from later starts (called once the window is up: QtNetwork loads then)."""
        from PySide6.QtNetwork import QLocalServer

        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        QLocalServer.removeServer(self.name)  # one left by a crash; we hold the lock, so it is not in use
        if not server.listen(self.name):
            log.warning("无法监听 %s：%s", self.name, server.errorString())
            return
        server.newConnection.connect(lambda: self._accept(server, on_message))
        self._server = server

    def _accept(self, server, on_message: Callable[[list[Path]], None]) -> None:  # type: ignore[no-untyped-def]
        while server.hasPendingConnections():
            socket = server.nextPendingConnection()
            buffer = bytearray()

            def read(socket=socket, buffer=buffer) -> None:  # type: ignore[no-untyped-def]
                buffer.extend(bytes(socket.readAll()))
                if buffer.endswith(b"\n"):
                    socket.disconnectFromServer()
                    on_message(parse_message(bytes(buffer)))

            socket.readyRead.connect(read)
            socket.disconnected.connect(socket.deleteLater)

    def stop_listening(self) -> None:
        """Once the window has closed: a later start is no longer told that a window came forward (there
        is none to show); it waits for the data folder instead (hand_over), and opens its own window."""
        if self._server is not None:
            self._server.close()
            self._server = None

    def release(self) -> None:
        self.stop_listening()
        self._lock.unlock()


def server_name(root: Path) -> str:
    """One name per data folder and user (Windows pipe names and Unix sockets are per machine)."""
    import getpass
    import hashlib

    key = f"{str(root).casefold()}|{getpass.getuser()}"
    return f"HonourDesk-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:16]}"


def parse_message(data: bytes) -> list[Path]:
    import json

    try:
        files = json.loads(data.decode("utf-8")).get("files", [])
    except (ValueError, AttributeError):
        return []
    return [Path(str(name)) for name in files if isinstance(name, str)]


def allow_foreground(pid: int) -> None:  # pragma: no cover - Windows only
    """Windows lets only the foreground program (this one, just started) give the foreground away."""
    if sys.platform == "win32" and pid > 0:
        import ctypes

        ctypes.windll.user32.AllowSetForegroundWindow(pid)  # type: ignore[attr-defined]
