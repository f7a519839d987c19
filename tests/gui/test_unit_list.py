"""The unit list with more units than one page: rows are read as the clerk scrolls, sorting and
search go to the database, and a unit far down the list can be selected."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from core.services import Services
from gui.context import AppContext
from gui.unit_list import PAGE_SIZE, UnitListPanel

UNITS = PAGE_SIZE * 2 + 50


@pytest.fixture
def panel(qtbot, context: AppContext, services: Services) -> UnitListPanel:  # type: ignore[no-untyped-def]
    with services.db.session(write=True) as session:
        for number in range(UNITS):
            services.units.create({"name": f"测试单位{number:04d}号", "category": "学校"}, session=session)
        last = services.units.create({"name": "最后一所学校", "category": "学校"}, session=session)
        session.flush()
        services.honours.create(last.id, {"title": "全国文明校园", "awarded": "2024"}, session=session)
    widget = UnitListPanel(context)
    qtbot.addWidget(widget)
    widget.resize(500, 400)
    widget.show()
    qtbot.waitExposed(widget)
    widget.refresh()
    return widget


def test_rows_are_read_a_page_at_a_time_as_the_list_scrolls(qtbot, panel: UnitListPanel) -> None:  # type: ignore[no-untyped-def]
    assert panel.count_label.text() == f"共 {UNITS + 1} 个单位"
    assert panel.model.rowCount() == UNITS + 1  # the scroll bar spans the whole list
    qtbot.wait(10)
    assert panel.model.pages_read == 1
    panel.table.scrollToBottom()
    qtbot.wait(10)
    assert panel.model.index(UNITS, 0).data() == "最后一所学校"  # zuihou… sorts last
    assert panel.model.pages_read == 2  # the first page and the last, none between


def test_a_unit_beyond_the_first_page_can_be_selected(qtbot, panel: UnitListPanel) -> None:  # type: ignore[no-untyped-def]
    last_id = panel.model.ids[-1]
    with qtbot.waitSignal(panel.unit_selected) as selected:
        assert panel.select_unit(last_id)
    assert selected.args == [last_id]
    assert panel.current_unit_id() == last_id


def test_header_click_sorts_the_whole_list_not_just_the_fetched_rows(panel: UnitListPanel) -> None:
    panel.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)  # 荣誉数
    assert panel.model.index(0, 0).data() == "最后一所学校"
    assert panel.model.index(0, 3).data() == 1
    assert panel.count_label.text() == f"共 {UNITS + 1} 个单位"


def test_search_lists_matches_from_all_pages(qtbot, panel: UnitListPanel) -> None:  # type: ignore[no-untyped-def]
    panel.search.setText("最后")
    qtbot.waitUntil(lambda: panel.count_label.text() == "共 1 个单位", timeout=3000)
    assert panel.model.index(0, 0).data() == "最后一所学校"
    last_number = f"{UNITS - 1:04d}"
    panel.search.setText(last_number)
    qtbot.waitUntil(lambda: panel.model.index(0, 0).data() == f"测试单位{last_number}号", timeout=3000)
    assert panel.count_label.text() == "共 1 个单位"
