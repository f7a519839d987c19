"""A figure the clerk types in the unit form is of that day: it no longer carries the date of the old report it
was imported from (core/figure_dates.py), while the figures left alone keep theirs; undo puts both back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt

from core.figure_dates import AS_OF_KEY
from core.reports.context import Period, report_context
from core.services import Services
from gui.field_form import MappingEditor
from gui.main_window import MainWindow
from tests.core.reports.test_figures_of_an_old_report import SIGNED_THEN, imported
from tests.gui.test_former_names_form import press, type_text
from tests.gui.test_untouched_fields import click, click_row


def shown_extra(window: MainWindow) -> dict[str, str]:
    editor = window.unit_form.form.editors["extra"]
    assert isinstance(editor, MappingEditor)
    return editor.value()


def summary_then(services: Services, school: int) -> str:
    with services.db.session() as session:
        return str(report_context(session, school, Period(2007, 2009), SIGNED_THEN)["单位概况"])


def test_a_figure_typed_in_the_form_is_dated_today_and_undo_gives_back_the_old_reports_date(
    qtbot, window: MainWindow, services: Services, tmp_path: Path
) -> None:
    school = imported(services, tmp_path)
    window.context.changed("all")
    click_row(qtbot, window.unit_list.table, 0)
    assert shown_extra(window) == {AS_OF_KEY: "职工人数、占地面积、建筑面积：2009年11月"}
    assert "现有教职工43人" in summary_then(services, school)

    click(qtbot, window.unit_form.form.editors["staff_count"])
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, "51")
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    stored = services.units.get(school)
    assert stored.staff_count == 51 and stored.extra == {AS_OF_KEY: "占地面积、建筑面积：2009年11月"}
    assert shown_extra(window) == {AS_OF_KEY: "占地面积、建筑面积：2009年11月"}
    assert summary_then(services, school) == "我校成立于1989年9月，占地面积7000平方米，建筑面积5000平方米。"
    with services.db.session() as session:  # signed today, the figure typed today is the present
        today = report_context(session, school, Period(2024, dt.date.today().year), dt.date.today())
    assert "现有教职工51人" in today["单位概况"]

    click_row(qtbot, window.unit_list.table, 0)  # out of the text field: Ctrl+Z is the window's
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    stored = services.units.get(school)
    assert stored.staff_count == 43
    assert stored.extra == {AS_OF_KEY: "职工人数、占地面积、建筑面积：2009年11月"}
    assert "现有教职工43人" in summary_then(services, school)
