"""Tables and windows at every size: columns follow their content, nothing grows past the screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QHelpEvent, QTextLayout, QTextOption
from PySide6.QtWidgets import QApplication, QDialog, QStyle, QTableWidget, QTableWidgetItem, QToolTip

from core.services import Services
from gui.column_fit import (
    LEAST_TEXT_WIDTH,
    MIN_TEXT_WIDTH,
    ColumnFit,
    fit_columns,
    fit_widths,
    share_width,
)
from gui.context import AppContext
from gui.honours_tab import COLUMNS
from gui.main_window import MainWindow
from gui.widgets import ROW_HEIGHT, fit_to_screen

LONG_NAME = (
    "中国人民解放军某某军区后勤保障部第三联勤保障中心附属第一实验学校（集团）东湖校区暨东湖区教师发展研究中心"
)
LONG_TITLE = "全国青少年校园足球特色学校暨全国中小学生体育与健康教育示范单位及省级文明校园创建先进集体"


def test_with_room_to_spare_each_text_column_gets_its_content_and_the_title_the_rest() -> None:
    assert share_width([100, 50, 80], [3, 1, 1], 430) == [100 + 200, 50, 80]


def test_short_of_room_the_widest_columns_give_up_width_first() -> None:
    widths = share_width([600, 300, 110], [1, 1, 1], 400)
    assert sum(widths) == 400 and widths[2] == 110 and widths[0] == widths[1]  # the short one whole
    widths = share_width([600, 90, 300], [3, 1, 1], 500)  # the title keeps three times as much
    assert sum(widths) == 500 and widths[1] == 90 and abs(widths[0] - 3 * widths[2]) <= 3


def test_short_first_keeps_a_short_column_whole_beside_a_very_long_one() -> None:
    widths = share_width([900, 130], [2, 1], 300, short_first=True)  # a long unit name, its region
    assert widths == [170, 130]
    assert share_width([900, 130], [2, 1], 300)[1] < 130  # by weight alone the region is cut


def test_never_narrower_than_the_minimum() -> None:
    assert share_width([600, 300], [1, 1], 50) == [MIN_TEXT_WIDTH, MIN_TEXT_WIDTH]


def honour_table(qtbot, rows: list[tuple[str, ...]], width: int) -> tuple[QTableWidget, ColumnFit]:  # type: ignore[no-untyped-def]
    table = QTableWidget(0, len(COLUMNS))
    table.setHorizontalHeaderLabels(list(COLUMNS))
    fit = fit_columns(table, {1: 3, 3: 1, 4: 1})
    qtbot.addWidget(table)
    table.resize(width, 300)
    with qtbot.waitSignal(fit.fitted):
        table.show()
    with qtbot.waitSignal(fit.fitted):
        for cells in rows:
            row = table.rowCount()
            table.insertRow(row)
            for column, text in enumerate(cells):
                table.setItem(row, column, QTableWidgetItem(text))
    return table, fit


def test_an_empty_column_stays_narrow_and_the_title_takes_the_room(qtbot) -> None:  # type: ignore[no-untyped-def]
    table, _fit = honour_table(
        qtbot, [("2023年6月", "浙江省绿色学校", "省级", "", "", "集体", "有效", "")], 900
    )
    header = table.horizontalHeader()
    widths = [header.sectionSize(c) for c in range(len(COLUMNS))]
    assert sum(widths) == table.viewport().width()  # the table is filled, no scroll bar
    assert widths[1] == max(widths) and widths[3] < widths[1] // 2


def test_at_a_narrow_width_the_short_columns_keep_their_content(qtbot) -> None:  # type: ignore[no-untyped-def]
    row = (
        "2023年12月",
        LONG_TITLE,
        "国家级",
        "教育部、国家体育总局、共青团中央",
        "教体艺〔2023〕12号",
        "集体",
        "有效",
        "",
    )
    table, fit = honour_table(qtbot, [row], 560)
    header = table.horizontalHeader()
    for column in (0, 2, 5, 6):  # 时间 级别 获得者 状态
        assert header.sectionSize(column) >= table.sizeHintForColumn(column), COLUMNS[column]
    assert sum(header.sectionSize(c) for c in range(len(COLUMNS))) <= table.viewport().width()
    with qtbot.waitSignal(fit.fitted):
        table.resize(1600, 300)
    assert header.sectionSize(1) >= table.sizeHintForColumn(1)  # wider: the title in full


def test_a_dialog_asked_to_be_larger_than_the_screen_fits_on_it(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = QDialog()
    qtbot.addWidget(dialog)
    fit_to_screen(dialog, 5000, 5000)
    area = dialog.screen().availableGeometry()
    assert dialog.width() < area.width() and dialog.height() < area.height()
    fit_to_screen(dialog, 300, 200)
    assert (dialog.width(), dialog.height()) == (300, 200)


def test_on_a_small_screen_the_window_opens_maximised(qtbot, context: AppContext) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(context)  # the test screen (800×800) is smaller than 1280×800
    qtbot.addWidget(window)
    assert window.windowState() & Qt.WindowState.WindowMaximized


def window_of_size(qtbot, context: AppContext, width: int, height: int) -> MainWindow:  # type: ignore[no-untyped-def]
    """The main window shown at the given size (not maximised)."""
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    return window


def honours_of_first_unit(
    qtbot, context: AppContext, width: int, height: int
) -> tuple[MainWindow, QTableWidget]:  # type: ignore[no-untyped-def]
    """The window at the given size, the first unit clicked in the list and its 荣誉 tab clicked."""
    window = window_of_size(qtbot, context, width, height)
    units = window.unit_list.table
    qtbot.mouseClick(
        units.viewport(), Qt.MouseButton.LeftButton, pos=units.visualRect(units.model().index(0, 0)).center()
    )
    tabs = window.details.tabBar()
    qtbot.mouseClick(tabs, Qt.MouseButton.LeftButton, pos=tabs.tabRect(1).center())
    return window, window.honours_tab.table


def test_a_very_long_unit_name_does_not_widen_the_window(
    qtbot, context: AppContext, services: Services
) -> None:  # type: ignore[no-untyped-def]
    services.units.create({"name": LONG_NAME})
    window = window_of_size(qtbot, context, 1024, 700)
    window.unit_list.table.selectRow(0)
    qtbot.waitUntil(lambda: window.unit_form.heading.text() == LONG_NAME)
    assert window.minimumSizeHint().width() <= 1024
    assert window.width() == 1024


@pytest.mark.parametrize("key", [Qt.Key.Key_Escape])
def test_escape_closes_the_preview_window(qtbot, context: AppContext, tmp_path, monkeypatch, key) -> None:  # type: ignore[no-untyped-def]
    from gui import preview

    monkeypatch.setattr(preview, "to_pdf", lambda *args, **kwargs: None)
    document = tmp_path / "汇报.docx"
    document.write_bytes(b"")
    window = preview.PreviewWindow(context, document)  # deletes itself once closed
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    qtbot.keyClick(window, key)
    assert not window.isVisible()


def test_closing_the_old_report_dialog_raises_nothing(qtbot, context: AppContext) -> None:  # type: ignore[no-untyped-def]
    """Its tables, deleted with it, still emit model signals after the fits' Python side is gone; an
    exception there ("Slot 'ColumnFit::' not found") fails this test through pytest-qt."""
    from tests.core.oldreports.written import SCHOOL, write_docx

    path = write_docx(context.data_dir.root / SCHOOL[0], SCHOOL[1])
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    closed: list[str] = []

    def close_when_read() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or not dialog.honours.rowCount():  # type: ignore[attr-defined]
            QTimer.singleShot(50, close_when_read)
            return
        closed.append(dialog.windowTitle())
        dialog.reject()  # type: ignore[attr-defined]

    QTimer.singleShot(0, close_when_read)
    window.import_reports([path])
    assert closed == ["导入往年材料"]
    qtbot.wait(50)


def test_a_long_message_keeps_its_button_on_a_small_screen(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from gui.widgets import LINES_IN_A_MESSAGE, show_message

    text = "\n".join(f"{n}. “字段{n}”不是程序提供的字段" for n in range(1, 41))
    seen: list[tuple[str, str, int]] = []

    def read_and_close() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, read_and_close)
            return
        seen.append((box.text(), box.detailedText(), box.sizeHint().height()))
        box.accept()

    QTimer.singleShot(0, read_and_close)
    show_message(None, "模板检查", text, warning=True)  # type: ignore[arg-type]
    shown, detail, height = seen[0]
    assert len(shown.splitlines()) == LINES_IN_A_MESSAGE + 1 and "40." not in shown
    assert detail == text and height < 700


@pytest.mark.parametrize("saved", [b"saved at 150 %", None])
def test_a_layout_that_cannot_be_restored_leaves_the_window_on_the_screen(
    qtbot, context: AppContext, saved: bytes | None
) -> None:  # type: ignore[no-untyped-def]
    """A geometry Qt refuses (saved at another display scaling) or one taller than this screen: the window
    opens as on a first start (maximised on this 800×800 screen), not 800 high below its title bar."""
    from PySide6.QtCore import QByteArray

    if saved is None:
        tall = MainWindow(context)
        qtbot.addWidget(tall)
        tall.setWindowState(Qt.WindowState.WindowNoState)
        tall.resize(780, 1200)
        context.state.set_bytes("window/geometry", tall.saveGeometry())
    else:
        context.state.set_bytes("window/geometry", QByteArray(saved))
    window = MainWindow(context)
    qtbot.addWidget(window)
    assert window.windowState() & Qt.WindowState.WindowMaximized


AWARDED_BY = "中共郑州市金水区委员会、郑州市金水区人民政府"


def text_height(table: QTableWidget, row: int, column: int) -> int:
    """The height the cell's text takes wrapped inside the cell (less its grid line and margins)."""
    margin = table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1
    width = table.columnWidth(column) - 1 - 2 * margin
    text = table.item(row, column).text()
    return table.fontMetrics().boundingRect(0, 0, width, 10000, Qt.TextFlag.TextWordWrap, text).height()


def test_at_910_by_512_each_honour_title_is_read_whole_without_dragging_the_splitter(
    qtbot, context: AppContext, services: Services
) -> None:  # type: ignore[no-untyped-def]
    """A 1366×768 laptop at 150 %: the 荣誉 tab beside the unit list is about 450 pixels wide. A title
    the room cuts goes on over a second (third) line of its row, as a clerk's Excel register wraps it."""
    unit = services.units.create({"name": "金水区市政管理局"}).id
    titles = ["五型机关支部", "全市第二届百万妇女健身活动大赛拔河比赛第六名", LONG_TITLE]
    for title in titles:
        services.honours.create(unit, {"title": title, "awarded": "2019", "awarded_by": AWARDED_BY})
    window, table = honours_of_first_unit(qtbot, context, 910, 512)
    title = COLUMNS.index("荣誉称号")
    qtbot.waitUntil(lambda: table.rowCount() == len(titles))
    assert table.viewport().width() < 500
    shown = {table.item(row, title).text() for row in range(table.rowCount())}
    assert shown == set(titles)

    def readable() -> bool:
        return all(table.rowHeight(row) - 1 >= text_height(table, row, title) for row in range(len(titles)))

    qtbot.waitUntil(readable)
    short = next(row for row in range(len(titles)) if table.item(row, title).text() == titles[0])
    assert table.rowHeight(short) == ROW_HEIGHT  # a title that fits keeps the row as it was
    body = COLUMNS.index("授予单位")  # cut at this width: the whole text shows when the mouse rests on it
    cell = table.visualRect(table.model().index(short, body)).center()
    assert table.fontMetrics().horizontalAdvance(AWARDED_BY) > table.columnWidth(body)
    QApplication.sendEvent(
        table.viewport(), QHelpEvent(QEvent.Type.ToolTip, cell, table.viewport().mapToGlobal(cell))
    )
    qtbot.waitUntil(lambda: QToolTip.text() == AWARDED_BY)
    window.resize(1800, 800)  # wide enough: every title on one line again
    qtbot.waitUntil(lambda: all(table.rowHeight(row) == ROW_HEIGHT for row in range(len(titles))))


# The 荣誉 table at 150 % on a 1366×768 laptop: 时间, 级别, 状态, 证书 as (content, with padding), then the
# text columns 荣誉称号, 授予单位, 文号, 获得者 (content, weight) in a viewport 444 pixels wide.
SHORT = [(71, 83), (43, 55), (36, 43), (36, 41)]
TEXT = [241, 187, 143, 43]
WEIGHTS = [3.0, 1.0, 1.0, 1.0]


def test_short_of_room_the_title_gets_room_for_a_typical_one_before_the_others() -> None:
    short, text = fit_widths(SHORT, TEXT, WEIGHTS, 444, claim=127)
    assert sum(short) + sum(text) == 444  # no sideways scroll bar
    assert all(width >= content for width, (content, _padded) in zip(short, SHORT, strict=True))
    assert text[0] >= 127 and min(text[1:]) >= LEAST_TEXT_WIDTH
    assert text[1] < MIN_TEXT_WIDTH  # 授予单位 is cut to make that room


def test_the_others_get_four_characters_before_the_short_columns_their_padding() -> None:
    short, text = fit_widths(SHORT, TEXT, WEIGHTS, 510, claim=127)
    assert text == [127, MIN_TEXT_WIDTH, MIN_TEXT_WIDTH, 43] and sum(short) + sum(text) == 510
    assert short != [padded for _, padded in SHORT]
    wide_short, wide_text = fit_widths(SHORT, TEXT, WEIGHTS, 700, claim=127)  # as share_width() alone
    assert wide_short == [padded for _, padded in SHORT]
    assert wide_text == share_width(TEXT, WEIGHTS, 700 - sum(wide_short))


def test_a_table_that_must_scroll_sideways_keeps_its_columns_readable() -> None:
    short, text = fit_widths(SHORT, TEXT, WEIGHTS, 200, claim=127)
    assert short == [padded for _, padded in SHORT] and text == [127, MIN_TEXT_WIDTH, MIN_TEXT_WIDTH, 43]


TYPICAL_TITLES = ("全国文明单位", "浙江省绿色学校", "宁波市第十届文明单位（2019—2021年度）")


def shown_lines(table: QTableWidget, row: int, column: int) -> list[str]:
    """The lines a wrapped cell shows, laid out as Qt's item view lays out its text."""
    margin = table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1
    text = table.item(row, column).text()
    layout = QTextLayout(text, table.font())
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    lines = []
    layout.beginLayout()
    while (line := layout.createLine()).isValid():
        line.setLineWidth(table.columnWidth(column) - 1 - 2 * margin)
        lines.append(text[line.textStart() : line.textStart() + line.textLength()])
    layout.endLayout()
    return lines


def test_at_150_per_cent_on_a_laptop_typical_titles_are_whole_and_nothing_scrolls_sideways(
    qtbot, context: AppContext, services: Services, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """1366×768 at 150 % is 910×512 of Qt's pixels. Every column of the 荣誉 table filled in (a month, a
    文号, a long 授予单位, a certificate): the titles used to get five characters (“全国文明单/位”) and
    the table a sideways scroll bar, while 时间, 级别 and 状态 kept room they did not need."""
    unit = services.units.create({"name": "宁波市第一中学"}).id
    scan = tmp_path / "证书.png"
    scan.write_bytes(b"\x89PNG\r\n\x1a\n")
    for number, title in enumerate([*TYPICAL_TITLES, "宁波市五一劳动奖状", "全国青少年校园足球特色学校"] * 2):
        honour = services.honours.create(
            unit,
            {
                "title": title,
                "awarded": f"{2010 + number}-12",
                "level": "国家级",
                "awarded_by": "中共宁波市委、宁波市人民政府",
                "document_no": f"甬党〔{2010 + number}〕23号",
            },
        )
        services.attachments.add(honour.id, scan)
    _window, table = honours_of_first_unit(qtbot, context, 910, 480)
    qtbot.waitUntil(lambda: table.rowCount() == 10 and table.verticalScrollBar().isVisible())
    title = COLUMNS.index("荣誉称号")

    def fitted() -> None:
        assert sum(table.columnWidth(c) for c in range(len(COLUMNS))) <= table.viewport().width()
        assert not table.horizontalScrollBar().isVisible()

    qtbot.waitUntil(fitted)
    assert table.viewport().width() < 460
    rows = {table.item(row, title).text(): row for row in range(table.rowCount())}
    assert [shown_lines(table, rows[t], title)[0] for t in TYPICAL_TITLES] == [
        "全国文明单位",
        "浙江省绿色学校",
        "宁波市第十届文明单位",
    ]
    for column in ("时间", "级别", "状态", "证书"):  # each shows what it holds, no more room than that
        index = COLUMNS.index(column)
        assert table.columnWidth(index) >= table.sizeHintForColumn(index), column
