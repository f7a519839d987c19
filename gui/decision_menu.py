"""The 荣誉 menu of the main window: the office's own decisions (表彰) and re-examinations (复查)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from gui.widgets import run_modal

if TYPE_CHECKING:
    from core.decisions.names import UnitRef
    from gui.context import AppContext


def _refs(context: AppContext, unit_ids: list[int] | None) -> list[UnitRef]:
    from core.decisions.names import UnitRef

    if not unit_ids:
        return []
    rows = context.services.units.rows(unit_ids)
    return [UnitRef(unit_id, rows[unit_id].name) for unit_id in unit_ids if unit_id in rows]


def _selection(window) -> list[int] | None:  # type: ignore[no-untyped-def]
    """The units selected in the window's list when there are several: a multi-select to start from."""
    unit_list = getattr(window, "unit_list", None)
    chosen = unit_list.selected_unit_ids() if unit_list is not None else []
    return chosen if len(chosen) > 1 else None


def open_decision_dialog(parent: QWidget, context: AppContext, unit_ids: list[int] | None = None) -> None:
    from gui.decision_dialog import DecisionDialog

    run_modal(DecisionDialog(context, _refs(context, unit_ids), parent=parent))


def open_review_dialog(
    parent: QWidget, context: AppContext, title: str = "", unit_ids: list[int] | None = None
) -> None:
    from gui.review_dialog import ReviewDialog

    run_modal(ReviewDialog(context, title, _refs(context, unit_ids), parent=parent))


def add_decision_actions(window, context: AppContext, menu: QMenu) -> None:  # type: ignore[no-untyped-def]
    """Add 按表彰文件批量录入… and 记录复查结果… to the window's 荣誉 menu, after what it holds. Several units selected
    in the list start the dialog's list of units."""
    decision = QAction("按表彰文件批量录入…", window)
    decision.setObjectName("decision_action")
    decision.setStatusTip("一份表彰决定：称号、级别、授予单位、日期和文号填一次，粘贴名单为每个单位录入")
    decision.triggered.connect(
        lambda _checked=False: open_decision_dialog(window, context, _selection(window))
    )
    review = QAction("记录复查结果…", window)
    review.setObjectName("review_action")
    review.setStatusTip("为多个单位记录同一称号的复查结果（合格或撤销），并设定复查周期")
    review.triggered.connect(
        lambda _checked=False: open_review_dialog(window, context, unit_ids=_selection(window))
    )
    if menu.actions():
        menu.addSeparator()
    menu.addActions([decision, review])
    window.decision_action, window.review_action = decision, review
