"""A level or category the program inferred, shown as such: a yellow field with its rule, and （推断）
after the value in a table; the mark goes once the clerk picks a value (core/inferred.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtWidgets import QComboBox

from core.inferred import INFERRED, inferred_rule

INFERRED_STYLE = "background-color: #fff4ce;"  # as the certificate form's and the old-report review's
_LOADED, _CONFIRMED = "inferred_value", "inferred_confirmed"  # the box's properties


def shown_value(value: str | None, extra: Mapping[str, Any] | None, mark: str) -> str:
    """省级（推断） for an inferred level, 省级 for one read or set by hand."""
    if not value:
        return ""
    return value + (INFERRED if inferred_rule(extra, mark) else "")


def tooltip(extra: Mapping[str, Any] | None, mark: str, what: str) -> str:
    rule = inferred_rule(extra, mark)
    return f"{what}由程序推断：{rule}。在编辑中选定{what}后不再标为推断" if rule else ""


def mark_box(
    box: QComboBox, extra: Mapping[str, Any] | None, mark: str, what: str, *, confirmable: bool = True
) -> None:
    """Mark the box as holding an inferred value (call after its value is loaded). Picking another value
    unmarks it; picking the same one too where confirmable (the form then drops the mark: confirmed())."""
    text = tooltip(extra, mark, what) if box.currentText() else ""
    box.setStyleSheet(INFERRED_STYLE if text else "")
    box.setToolTip(text)
    box.setProperty(_LOADED, box.currentText() if text else None)
    box.setProperty(_CONFIRMED, False)
    if text and box.property("inferred_connected") is None:
        box.setProperty("inferred_connected", confirmable)
        box.activated.connect(lambda _index, box=box: _picked(box))


def confirmed(box: QComboBox) -> bool:
    """The clerk picked the inferred value itself: it is no longer a guess."""
    return bool(box.property(_CONFIRMED))


def _picked(box: QComboBox) -> None:
    loaded = box.property(_LOADED)
    if loaded is None or (box.currentText() == loaded and not box.property("inferred_connected")):
        return
    box.setProperty(_CONFIRMED, box.currentText() == loaded)
    box.setStyleSheet("")
    box.setToolTip("")
