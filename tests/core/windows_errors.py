"""Windows' file errors, faked here where nothing runs Windows: an OSError carrying its winerror, and a
file whose opening fails with one."""

from __future__ import annotations

from pathlib import Path

import pytest


def windows_error(winerror: int, text: str, errno: int = 22) -> OSError:
    error = OSError(errno, text)
    error.winerror = winerror  # type: ignore[attr-defined]
    return error


def fail_opening(monkeypatch: pytest.MonkeyPatch, path: Path, error: OSError) -> None:
    """Path(path).open(…) raises error; every other file opens as usual."""
    real_open = Path.open

    def failing(self: Path, *args: object, **kwargs: object) -> object:
        if self == path:
            raise error
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", failing)
