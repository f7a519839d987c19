"""Menus a clerk works by keyboard: Alt access keys on every entry, saves said in the status bar, the
certificate entry without a unit shown, dated names offered for exports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QLabel, QMenu, QWidget

from core.services import Services
from gui.access_keys import access_key, plain_text
from gui.main_window import MainWindow
from gui.window_actions import honour_menu, unit_menu
from tests.gui.test_clerk_desk import type_chinese
from tests.gui.test_main_window import when_dialog_opens
from tests.gui.test_untouched_fields import click_row

ALT = Qt.KeyboardModifier.AltModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def top_menus(window: MainWindow) -> list[QMenu]:
    return [a.menu() for a in window.menuBar().actions() if a.menu()]


@pytest.mark.parametrize("which", ["menu bar", "unit list", "honours"])
def test_every_menu_entry_has_its_own_access_key(window: MainWindow, which: str) -> None:
    menus = {
        "menu bar": lambda: top_menus(window),
        "unit list": lambda: [unit_menu(window, window.actions)],
        "honours": lambda: [honour_menu(window, window.actions)],
    }[which]()
    if which == "menu bar":
        assert all(access_key(menu.title()) for menu in menus)
    for menu in menus:
        entries = [a.text() for a in menu.actions() if not a.isSeparator()]
        assert [text for text in entries if not access_key(text)] == [], menu.title()
        keys = [access_key(text) for text in entries]
        assert len(set(keys)) == len(keys), f"{menu.title()}: {entries}"


def test_alt_f_then_b_opens_the_backup(qtbot, window: MainWindow, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    offered: list[str] = []

    def save_as(parent, caption, suggested, filters):  # type: ignore[no-untyped-def]
        offered.append(suggested)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_as))
    assert plain_text(window.actions.backup.text()) == "备份数据库…"
    assert window.actions.backup.text() == "备份数据库(&B)…"
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_F, ALT)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    qtbot.keyClick(QApplication.activePopupWidget(), Qt.Key.Key_B)
    qtbot.waitUntil(lambda: len(offered) == 1)
    assert Path(offered[0]).name.startswith("HonourDesk备份")


def test_the_toolbar_shows_entries_without_their_keys(window: MainWindow) -> None:
    toolbar = window.findChild(QWidget, "main_toolbar")
    assert toolbar is not None
    words = [a.iconText() for a in toolbar.actions() if not a.isSeparator()]
    assert "保存" in words and not [w for w in words if "(" in w]
    assert window.actions.backup.toolTip() == "备份数据库…"  # the tooltip too


def test_saving_an_honour_says_so_in_the_status_bar(qtbot, window: MainWindow, services: Services) -> None:  # type: ignore[no-untyped-def]
    services.units.create({"name": "青山路小学"})
    window.context.changed("all")
    click_row(qtbot, window.unit_list.table, 0)

    def fill(dialog: QWidget) -> None:
        qtbot.waitUntil(dialog.isActiveWindow)
        type_chinese("市文明校园")
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()

    when_dialog_opens(qtbot, fill)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_N, CTRL_SHIFT)
    assert window.statusBar().currentMessage() == "已添加荣誉“市文明校园”"

    table = window.honours_tab.table

    def rename(dialog: QWidget) -> None:
        qtbot.waitUntil(dialog.isActiveWindow)
        qtbot.mouseClick(dialog.form.editors["title"], Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        type_chinese("区文明校园")
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()

    when_dialog_opens(qtbot, rename)
    click_row(qtbot, table, 0)
    qtbot.mouseClick(window.honours_tab.edit_button, Qt.MouseButton.LeftButton)
    assert window.statusBar().currentMessage() == "已保存荣誉“区文明校园”"


def recognised_with_no_unit_shown(qtbot, window: MainWindow, services: Services, monkeypatch, sample: str):  # type: ignore[no-untyped-def]
    """Choose a certificate through 荣誉 → 从证书识别… while no unit is shown; the review dialog."""
    from tests.core.certificates.samples import SCHOOL, need_ocr, sample_file

    need_ocr()
    services.units.create({"name": SCHOOL, "supervisor": "宁波市教育局"})
    window.context.changed("all")
    assert window.honours_tab.unit_id is None and not window.actions.add_honour.isEnabled()
    entry = window.honours_tab.recognise_action
    assert entry.isEnabled()  # the unit comes from the certificate; the unit shown is only a fallback
    photo = sample_file(sample)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(photo)], "")))
    entry.trigger()
    with qtbot.waitSignal(window.honours_tab.recognition.dialog_opened, timeout=120_000) as opened:
        pass
    return opened.args[0]


def test_a_certificate_naming_its_unit_is_read_with_no_unit_shown(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, services: Services, monkeypatch
) -> None:
    from tests.core.certificates.samples import SCHOOL

    dialog = recognised_with_no_unit_shown(qtbot, window, services, monkeypatch, "unit_seal")
    assert dialog.form.unit.currentText() == SCHOOL
    dialog.reject()


def test_a_certificate_naming_no_unit_asks_for_one_when_no_unit_is_shown(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, services: Services, monkeypatch
) -> None:
    dialog = recognised_with_no_unit_shown(qtbot, window, services, monkeypatch, "plaque")
    assert dialog.form.unit.currentText() == ""
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: any(
            "请选择或填写单位" in label.text() for label in dialog.findChildren(QLabel) if label.isVisible()
        )
    )
    assert dialog.isVisible()
    assert services.honours.list() == []
    dialog.reject()


def test_export_all_offers_a_dated_name(qtbot, window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    offered: list[str] = []

    def save_as(parent, caption, suggested, filters):  # type: ignore[no-untyped-def]
        offered.append(suggested)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_as))
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    today = dt.date.today()
    assert [Path(p).name for p in offered] == [
        f"HonourDesk导出{today.year}年{today.month}月{today.day}日.xlsx"
    ]


def test_export_of_the_filtered_units_honours_offers_a_dated_name(
    qtbot, window: MainWindow, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    offered: list[str] = []

    def save_as(parent, caption, suggested, filters):  # type: ignore[no-untyped-def]
        offered.append(suggested)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_as))
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_F, ALT)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    qtbot.keyClick(QApplication.activePopupWidget(), Qt.Key.Key_H)
    qtbot.waitUntil(lambda: len(offered) == 1)
    today = dt.date.today()
    assert Path(offered[0]).name == f"荣誉一览{today.year}年{today.month}月{today.day}日.xlsx"
