"""core/ never imports gui/ or Qt, not even inside a function (the self-test's window check is a hook)."""

from __future__ import annotations

import re
from pathlib import Path

CORE = Path(__file__).resolve().parents[1] / "core"
IMPORT = re.compile(r"^\s*(?:from|import)\s+(gui|PySide6|shiboken6)\b", re.MULTILINE)


def test_no_module_of_core_imports_gui_or_qt_anywhere_in_its_text() -> None:
    offenders = [
        str(path.relative_to(CORE)) for path in CORE.rglob("*.py") if IMPORT.search(path.read_text("utf-8"))
    ]
    assert offenders == []
