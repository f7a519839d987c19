"""AppContext.apply: one broadcast per operation, with the initiator; the string shim still works."""

from __future__ import annotations

from core.changes import Changes
from gui.context import AppContext


def test_apply_emits_once_and_the_shim_maps_strings(context: AppContext) -> None:
    seen: list[tuple[Changes, object]] = []
    legacy: list[str] = []
    context.changes_applied.connect(lambda changes, initiator: seen.append((changes, initiator)))
    context.data_changed.connect(legacy.append)
    marker = object()

    context.apply(Changes(units=True, honours=True), marker)
    context.apply(Changes())  # nothing changed: nothing said
    context.changed("material")

    assert seen == [(Changes(units=True, honours=True), marker), (Changes(materials=True), None)]
    assert legacy == ["all", "material"]
