import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QAbstractItemView, QLabel, QTableWidget

import gui.dashboard
from core.services import Services
from gui.context import AppContext
from gui.dashboard import BarChart, DashboardPage


def today() -> dt.date:
    """Asked by each test as it runs (the page asks too): a date taken at import went stale at midnight."""
    return dt.date.today()


BAR_COLOUR = QColor("#3b7dd8")


@pytest.fixture
def page(qtbot, context: AppContext) -> DashboardPage:  # type: ignore[no-untyped-def]
    widget = DashboardPage(context)
    qtbot.addWidget(widget)
    widget.resize(1100, 720)
    return widget


def add_unit(services: Services, name: str) -> int:
    return services.units.create({"name": name, "category": "学校"}).id


def add_honour(services: Services, unit_id: int, title: str, **values: str) -> int:
    return services.honours.create(unit_id, {"title": title, "status": "有效", **values}).id


def card(page: DashboardPage, name: str) -> str:
    label = page.findChild(QLabel, name)
    assert label is not None, name
    return label.text()


def table(page: DashboardPage, name: str) -> QTableWidget:
    widget = page.findChild(QTableWidget, name)
    assert widget is not None, name
    return widget


def rows(widget: QTableWidget) -> list[list[str]]:
    return [
        [widget.item(row, column).text() for column in range(widget.columnCount())]
        for row in range(widget.rowCount())
    ]


def has_colour(image: QImage, colour: QColor) -> bool:
    rgb = image.convertToFormat(QImage.Format.Format_RGB32)
    wanted = colour.rgb()
    return any(rgb.pixel(x, y) == wanted for y in range(0, rgb.height(), 2) for x in range(0, rgb.width(), 2))


def test_cards_show_the_counts(page: DashboardPage, services: Services) -> None:
    school = add_unit(services, "荷花庄小学")
    add_unit(services, "实验幼儿园")
    old = add_unit(services, "第二中学")
    add_honour(services, school, "市文明单位", level="市级", awarded=str(today().year))
    add_honour(services, school, "省卫生先进单位", level="省级", awarded=str(today().year - 1))
    soon = (today() + dt.timedelta(days=20)).isoformat()
    add_honour(services, old, "区文明单位", level="县区级", awarded="2015", valid_until=soon)

    page.refresh()

    assert card(page, "card_units") == "3"
    assert card(page, "card_honours") == "3"
    assert card(page, "card_stale") == "2"  # the kindergarten has none, the middle school only 2015
    assert card(page, "card_expiring") == "1"
    assert ("省级", 1) in page.level_chart.data()
    assert (str(today().year), 1) in page.year_chart.data()


def test_a_deleted_honour_stops_counting_after_data_changed(
    page: DashboardPage, context: AppContext, services: Services
) -> None:
    unit = add_unit(services, "荷花庄小学")
    add_honour(services, unit, "市文明单位", awarded=str(today().year))
    gone = add_honour(services, unit, "省书香校园", awarded=str(today().year - 1))
    page.show()
    assert card(page, "card_honours") == "2"

    services.honours.delete(gone)
    context.changed("honour")

    assert card(page, "card_honours") == "1"


def test_a_hidden_page_catches_up_when_shown(
    page: DashboardPage, context: AppContext, services: Services
) -> None:
    page.show()
    assert card(page, "card_units") == "0"
    page.hide()

    add_unit(services, "荷花庄小学")
    context.changed("unit")
    page.show()

    assert card(page, "card_units") == "1"


def test_expiring_table_lists_honours_due_within_ninety_days(page: DashboardPage, services: Services) -> None:
    unit = add_unit(services, "荷花庄小学")
    soon = today() + dt.timedelta(days=45)
    add_honour(services, unit, "市文明单位", awarded="2023", valid_until=soon.isoformat())
    later = (today() + dt.timedelta(days=365)).isoformat()
    add_honour(services, unit, "省文明校园", awarded="2024", valid_until=later)
    past = (today() - dt.timedelta(days=3)).isoformat()
    add_honour(services, unit, "区卫生单位", awarded="2022", valid_until=past)

    page.refresh()

    assert rows(table(page, "expiring_table")) == [
        ["荷花庄小学", "区卫生单位", past, "已过期3天"],
        ["荷花庄小学", "市文明单位", soon.isoformat(), "45天"],
    ]


def test_stale_table_lists_units_without_recent_honours(page: DashboardPage, services: Services) -> None:
    active = add_unit(services, "荷花庄小学")
    quiet = add_unit(services, "第二中学")
    add_unit(services, "实验幼儿园")
    add_honour(services, active, "市文明单位", awarded=str(today().year))
    add_honour(services, quiet, "区先进集体", awarded=str(today().year - 5))

    page.refresh()

    listed = rows(table(page, "stale_table"))
    assert sorted(listed) == sorted([["第二中学", str(today().year - 5)], ["实验幼儿园", "无"]])
    assert all(row[0] != "荷花庄小学" for row in listed)
    assert page.stale_title.text() == "近三年无荣誉的单位"


def test_a_long_stale_list_says_how_many_it_leaves_out(
    page: DashboardPage, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(gui.dashboard, "LISTED_AT_MOST", 2)
    for name in ("甲小学", "乙小学", "丙小学"):
        add_unit(services, name)
    page.refresh()
    assert len(rows(table(page, "stale_table"))) == 2
    assert page.cards["card_stale"].text() == "3"
    assert page.stale_title.text() == "近三年无荣誉的单位（共 3 个，列出前 2 个）"


def test_double_click_on_a_row_opens_the_unit(
    qtbot, page: DashboardPage, context: AppContext, services: Services
) -> None:  # type: ignore[no-untyped-def]
    add_unit(services, "荷花庄小学")
    quiet = add_unit(services, "第二中学")
    page.show()
    qtbot.waitExposed(page)
    stale = table(page, "stale_table")
    row = next(r for r in range(stale.rowCount()) if stale.item(r, 0).text() == "第二中学")
    where = stale.visualItemRect(stale.item(row, 0)).center()
    opened: list[int] = []
    context.open_unit_requested.connect(opened.append)

    with qtbot.waitSignal(context.open_unit_requested) as blocker:
        # an item view only takes a double click on the item the first click pressed
        qtbot.mouseClick(stale.viewport(), Qt.MouseButton.LeftButton, pos=where)
        qtbot.mouseDClick(stale.viewport(), Qt.MouseButton.LeftButton, pos=where)

    assert blocker.args == [quiet]
    assert opened == [quiet]  # once, and no cell editor opened instead
    assert stale.state() != QAbstractItemView.State.EditingState


def test_enter_on_an_expiring_row_opens_its_unit(
    qtbot, page: DashboardPage, context: AppContext, services: Services
) -> None:  # type: ignore[no-untyped-def]
    unit = add_unit(services, "荷花庄小学")
    add_honour(services, unit, "市文明单位", valid_until=(today() + dt.timedelta(days=10)).isoformat())
    page.show()
    expiring = table(page, "expiring_table")
    expiring.setFocus()
    expiring.setCurrentCell(0, 1)

    with qtbot.waitSignal(context.open_unit_requested) as blocker:
        qtbot.keyClick(expiring, Qt.Key.Key_Return)

    assert blocker.args == [unit]


def test_bar_chart_paints_bars_and_exposes_its_data(qtbot) -> None:  # type: ignore[no-untyped-def]
    chart = BarChart("荣誉按级别", BAR_COLOUR)
    qtbot.addWidget(chart)
    chart.resize(420, 240)
    data = [("国家级", 1), ("省级", 4), ("单位内部", 0)]
    chart.set_data(data)

    image = chart.grab().toImage()

    assert not image.isNull()
    assert chart.title() == "荣誉按级别"
    assert chart.data() == data
    assert has_colour(image, BAR_COLOUR)


def test_bar_chart_without_data_paints_no_bars(qtbot) -> None:  # type: ignore[no-untyped-def]
    chart = BarChart("荣誉按年度", BAR_COLOUR)
    qtbot.addWidget(chart)
    chart.resize(420, 240)

    for data in ([], [("国家级", 0), ("省级", 0)]):
        chart.set_data(data)
        image = chart.grab().toImage()
        assert not image.isNull()
        assert chart.is_empty()
        assert not has_colour(image, BAR_COLOUR)


def test_year_chart_shows_at_most_the_latest_fifteen_years(page: DashboardPage, services: Services) -> None:
    unit = add_unit(services, "荷花庄小学")
    for year in (1995, 2008, 2010, 2024):
        add_honour(services, unit, f"{year}年度先进集体", awarded=str(year))

    page.refresh()

    years = page.year_chart.data()
    assert [label for label, _ in years] == [str(year) for year in range(2010, 2025)]
    assert dict(years)["2010"] == 1 and dict(years)["2024"] == 1 and dict(years)["2015"] == 0


def test_year_chart_too_narrow_for_every_year_labels_some_in_full(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Fifteen years at 150 % on 1366×768: every label read “20…”. Now every k-th year is written in full,
    counted back from the latest, and the chart still labels every year when wide enough."""
    from PySide6.QtGui import QPainter

    drawn: list[str] = []
    draw_text = QPainter.drawText

    def record(painter, *args):  # type: ignore[no-untyped-def]
        drawn.append(str(args[-1]))
        return draw_text(painter, *args)

    monkeypatch.setattr(QPainter, "drawText", record)
    chart = BarChart("荣誉按年度", BAR_COLOUR, in_order=True)
    qtbot.addWidget(chart)
    data = [(str(year), 1) for year in range(2010, 2025)]
    chart.set_data(data)
    year_width = chart.fontMetrics().horizontalAdvance("2024")
    chart.resize(2 * BarChart.MARGIN + int(len(data) * year_width * 0.9), 240)
    chart.grab()

    labels = [text for text in drawn if text not in ("荣誉按年度", "1")]  # not the title, not the values
    assert not any("…" in label for label in labels), labels
    written = [label for label in labels if label]
    assert written[-1] == "2024" and len(written) >= 4
    assert set(written) <= {year for year, _ in data}
    assert chart.shown_labels()[-1] == "2024"

    drawn.clear()
    chart.resize(2 * BarChart.MARGIN + len(data) * (year_width + 12), 240)
    chart.grab()
    assert [text for text in drawn if text not in ("荣誉按年度", "1")] == [year for year, _ in data]
