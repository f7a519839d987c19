"""What every bench child process runs under."""

from __future__ import annotations

import os


def child_environment() -> dict[str, str]:
    """Children may write and use compiled bytecode, as the packaged program ships it: otherwise
    HonourDesk's own modules would be compiled from source at every start, and the libraries' not
    (their bytecode was written when they were installed)."""
    environment = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    return environment
