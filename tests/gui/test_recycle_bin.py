"""The recycle bin page: what a clerk sees in it and what restoring or purging does."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QMessageBox, QPushButton, QTableWidget
from pytestqt.qtbot import QtBot

from core.services import Services
from gui.context import AppContext
from gui.recycle_bin import RecycleBinPage


@pytest.fixture
def page(qtbot: QtBot, context: AppContext) -> RecycleBinPage:
    widget = RecycleBinPage(context)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def table(page: RecycleBinPage) -> QTableWidget:
    return page.findChild(QTableWidget, "bin_table")


def rows(page: RecycleBinPage) -> list[list[str]]:
    view = table(page)
    return [[view.item(r, c).text() for c in range(view.columnCount())] for r in range(view.rowCount())]


def select_row(page: RecycleBinPage, content: str) -> None:
    view = table(page)
    view.clearSelection()
    for row in range(view.rowCount()):
        if view.item(row, 1).text() == content:
            view.selectRow(row)
            return
    raise AssertionError(f"{content} is not in the recycle bin")


def button(page: RecycleBinPage, name: str) -> QPushButton:
    return page.findChild(QPushButton, name)


def deleted_unit(services: Services, name: str = "荷花庄小学") -> int:
    unit = services.units.create({"name": name})
    services.units.delete(unit.id)
    return unit.id


def live_unit_names(services: Services) -> list[str]:
    return [summary.unit.name for summary in services.units.list()]


def test_empty_bin_shows_a_hint(page: RecycleBinPage) -> None:
    hint = page.stack.currentWidget()
    assert isinstance(hint, QLabel)
    assert hint.text() == "回收站是空的"
    assert not button(page, "restore_button").isEnabled()


def test_deleted_records_appear_with_readable_texts(
    qtbot: QtBot, context: AppContext, services: Services
) -> None:
    school = services.units.create({"name": "荷花庄小学"})
    honour = services.honours.create(school.id, {"title": "省卫生先进单位", "awarded": "2019"})
    material = services.materials.create(school.id, {"year": 2019, "topic": "主要做法", "text": "做法"})
    services.honours.delete(honour.id)
    services.materials.delete(material.id)
    deleted_unit(services, "东鲁派出所")

    page = RecycleBinPage(context)
    qtbot.addWidget(page)
    page.show()

    assert page.stack.currentWidget() is table(page)
    shown = {row[1]: row for row in rows(page)}
    assert shown["东鲁派出所"][:3] == ["单位", "东鲁派出所", "—"]
    assert shown["2019年 省卫生先进单位"][:3] == ["荣誉", "2019年 省卫生先进单位", "荷花庄小学"]
    assert shown["2019年 主要做法"][:3] == ["工作材料", "2019年 主要做法", "荷花庄小学"]
    for row in shown.values():
        assert len(row[3]) == len("2026-11-22 09:30") and row[3][4] == "-" and row[3][13] == ":"


def test_restore_brings_the_unit_back(page: RecycleBinPage, services: Services) -> None:
    deleted_unit(services)
    page.refresh()
    select_row(page, "荷花庄小学")
    assert button(page, "restore_button").isEnabled()

    button(page, "restore_button").click()

    assert live_unit_names(services) == ["荷花庄小学"]
    assert services.units.list_deleted() == []
    assert page.stack.currentWidget() is page.hint


def test_purge_after_confirmation_removes_for_good(
    page: RecycleBinPage, services: Services, no_modal_dialogs: list[tuple[str, str]]
) -> None:
    deleted_unit(services)
    page.refresh()
    select_row(page, "荷花庄小学")

    button(page, "purge_button").click()

    kind, text = no_modal_dialogs[0]
    assert kind == "question" and "1 条" in text and "无法恢复" in text
    assert services.units.list_deleted() == []
    assert live_unit_names(services) == []
    assert rows(page) == []


def test_purge_answered_no_keeps_the_record(
    page: RecycleBinPage, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *args: QMessageBox.StandardButton.No))
    unit_id = deleted_unit(services)
    page.refresh()
    select_row(page, "荷花庄小学")

    button(page, "purge_button").click()

    assert [unit.id for unit in services.units.list_deleted()] == [unit_id]
    assert [row[1] for row in rows(page)] == ["荷花庄小学"]


def test_restore_refused_when_the_name_was_taken(
    page: RecycleBinPage, services: Services, no_modal_dialogs: list[tuple[str, str]]
) -> None:
    deleted_unit(services, "荷花庄小学")
    deleted_unit(services, "东鲁派出所")
    services.units.create({"name": "荷花庄小学"})
    page.refresh()
    view = table(page)
    view.selectAll()

    button(page, "restore_button").click()

    assert no_modal_dialogs[0][0] == "warning"
    assert "荷花庄小学" in no_modal_dialogs[0][1] and "同名" in no_modal_dialogs[0][1]
    assert sorted(live_unit_names(services)) == sorted(["荷花庄小学", "东鲁派出所"])
    assert [unit.name for unit in services.units.list_deleted()] == ["荷花庄小学"]
    assert [row[1] for row in rows(page)] == ["荷花庄小学"]


def test_filter_shows_only_honours(page: RecycleBinPage, services: Services) -> None:
    school = services.units.create({"name": "荷花庄小学"})
    honour = services.honours.create(school.id, {"title": "市文明单位", "awarded": "2020"})
    material = services.materials.create(school.id, {"year": 2020, "topic": "工作成效", "text": "成效"})
    services.honours.delete(honour.id)
    services.materials.delete(material.id)
    deleted_unit(services, "东鲁派出所")
    page.refresh()
    combo = page.findChild(QComboBox, "bin_filter")

    combo.setCurrentIndex(combo.findText("荣誉"))

    assert rows(page)[0][:3] == ["荣誉", "2020年 市文明单位", "荷花庄小学"]
    assert len(rows(page)) == 1
    combo.setCurrentIndex(combo.findText("全部"))
    assert len(rows(page)) == 3


def test_delete_key_purges_the_selection(
    page: RecycleBinPage, qtbot: QtBot, services: Services, no_modal_dialogs: list[tuple[str, str]]
) -> None:
    deleted_unit(services)
    page.refresh()
    select_row(page, "荷花庄小学")

    qtbot.keyClick(table(page), Qt.Key.Key_Delete)

    assert [kind for kind, _ in no_modal_dialogs] == ["question"]
    assert services.units.list_deleted() == []
    assert live_unit_names(services) == []


def test_enter_key_restores_the_selection(page: RecycleBinPage, qtbot: QtBot, services: Services) -> None:
    deleted_unit(services)
    page.refresh()
    select_row(page, "荷花庄小学")

    qtbot.keyClick(table(page), Qt.Key.Key_Return)

    assert live_unit_names(services) == ["荷花庄小学"]


def test_ctrl_r_restores_the_selection(page: RecycleBinPage, qtbot: QtBot, services: Services) -> None:
    deleted_unit(services)
    page.refresh()
    select_row(page, "荷花庄小学")

    qtbot.keyClick(table(page), Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)

    assert live_unit_names(services) == ["荷花庄小学"]


def test_restoring_a_unit_with_its_honour_brings_both_back(page: RecycleBinPage, services: Services) -> None:
    school = services.units.create({"name": "荷花庄小学"})
    honour = services.honours.create(school.id, {"title": "省卫生先进单位", "awarded": "2019"})
    services.units.delete(school.id)
    services.honours.delete(honour.id)  # shown above its unit, yet restored after it
    page.refresh()
    assert {row[1]: row[2] for row in rows(page)}["2019年 省卫生先进单位"] == "荷花庄小学（在回收站中）"
    table(page).selectAll()

    button(page, "restore_button").click()

    assert [h.title for h in services.honours.list()] == ["省卫生先进单位"]
    assert rows(page) == []


def test_purging_a_unit_with_its_honour_removes_both_quietly(
    page: RecycleBinPage, services: Services, no_modal_dialogs: list[tuple[str, str]]
) -> None:
    school = services.units.create({"name": "荷花庄小学"})
    honour = services.honours.create(school.id, {"title": "省卫生先进单位", "awarded": "2019"})
    services.honours.delete(honour.id)
    services.units.delete(school.id)
    page.refresh()
    table(page).selectAll()

    button(page, "purge_button").click()

    assert [kind for kind, _ in no_modal_dialogs] == ["question"]
    assert "2 条" in no_modal_dialogs[0][1] and "一并删除" in no_modal_dialogs[0][1]
    assert services.units.list_deleted() == [] and services.honours.list_deleted() == []
    assert page.stack.currentWidget() is page.hint


def test_page_refreshes_when_data_changes(
    page: RecycleBinPage, context: AppContext, services: Services
) -> None:
    assert rows(page) == []
    deleted_unit(services)

    context.changed("unit")

    assert [row[1] for row in rows(page)] == ["荷花庄小学"]
    assert page.stack.currentWidget() is table(page)


def test_hidden_page_refreshes_when_shown_again(
    page: RecycleBinPage, context: AppContext, services: Services
) -> None:
    page.hide()
    deleted_unit(services)
    context.changed("unit")

    page.show()

    assert [row[1] for row in rows(page)] == ["荷花庄小学"]
