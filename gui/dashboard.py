"""The 概览 page: count cards, two bar charts and two reminder tables over core.stats.dashboard."""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.stats import Dashboard, ExpiringHonour, StaleUnit, dashboard
from gui.column_fit import fit_columns
from gui.context import AppContext
from gui.errors import show_error
from gui.widgets import LazyPage, read_only_table

RECENT_YEARS = 3
WARN_DAYS = 90
LISTED_AT_MOST = 200  # rows in each reminder table; the cards count them all
MAX_YEARS_SHOWN = 15

EMPTY_TEXT = "暂无数据"
WARNING_COLOUR = QColor("#b9770e")
DANGER_COLOUR = QColor("#c0392b")
NUMBER_STYLE = "font-size: 26px; font-weight: bold;"

PAGE_STYLE = """
QFrame#dashboardCard {
    background: palette(base);
    border: 1px solid palette(mid);
    border-radius: 6px;
}
QLabel#cardCaption { color: palette(window-text); }
QLabel#sectionTitle { font-weight: bold; }
"""


class BarChart(QWidget):
    """A vertical bar chart: a title, one bar per (label, value), the value above and the label below each bar."""

    MARGIN = 12
    BAR_GAP_RATIO = 0.35  # share of each slot left empty between bars
    MAX_BAR_WIDTH = 56

    def __init__(
        self,
        title: str,
        colour: QColor | str = "#3b7dd8",
        parent: QWidget | None = None,
        *,
        in_order: bool = False,
    ) -> None:
        """in_order: the labels run in sequence (years), so labelling every few bars still reads."""
        super().__init__(parent)
        self._in_order = in_order
        self._title = title
        self._colour = QColor(colour)
        self._data: list[tuple[str, int]] = []
        self.setAccessibleName(title)

    # -- data ---------------------------------------------------------------------------------

    def title(self) -> str:
        return self._title

    def data(self) -> list[tuple[str, int]]:
        return list(self._data)

    def set_data(self, data: Sequence[tuple[str, int]]) -> None:
        self._data = [(str(label), int(value)) for label, value in data]
        self.setToolTip("\n".join(f"{label}：{value}" for label, value in self._data))
        self.updateGeometry()
        self.update()

    def is_empty(self) -> bool:
        return not any(value > 0 for _, value in self._data)

    # -- size ---------------------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        return QSize(520, 240)

    def minimumSizeHint(self) -> QSize:
        return QSize(max(260, 2 * self.MARGIN + 30 * len(self._data)), 180)

    # -- drawing ------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            self._draw_frame(painter)
            plot_top = self._draw_title(painter)
            area = QRectF(self.rect()).adjusted(self.MARGIN, plot_top, -self.MARGIN, -self.MARGIN)
            if self.is_empty():
                self._draw_empty(painter, area)
            else:
                self._draw_bars(painter, area)
        finally:
            painter.end()

    def _draw_frame(self, painter: QPainter) -> None:
        palette = self.palette()
        painter.setPen(palette.color(QPalette.ColorRole.Mid))
        painter.setBrush(palette.color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)

    def _draw_title(self, painter: QPainter) -> float:
        """Draw the title; return the y where the plot may start."""
        font = QFont(self.font())
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(self.palette().color(QPalette.ColorRole.Text))
        height = painter.fontMetrics().height()
        title_rect = QRectF(self.MARGIN, self.MARGIN, self.width() - 2 * self.MARGIN, height)
        painter.drawText(title_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self._title)
        painter.setFont(self.font())
        return self.MARGIN + height + 8

    def _draw_empty(self, painter: QPainter, area: QRectF) -> None:
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        painter.drawText(area, Qt.AlignmentFlag.AlignCenter, EMPTY_TEXT)

    def _label_step(self, slot: float) -> int:
        """Label every step-th bar: 1 when every label fits under its bar."""
        if not self._in_order or not self._data or slot <= 0:
            return 1
        widest = max(self.fontMetrics().horizontalAdvance(label) for label, _ in self._data)
        return max(1, math.ceil((widest + 4) / slot))

    def shown_labels(self) -> list[str]:
        """The text under each bar at the present width: every label when they fit, else every step-th one
        in full, counted back from the last (the latest year), the others blank; fifteen years at 150 %
        all read “20…”."""
        if not self._data:
            return []
        slot = (self.width() - 2 * self.MARGIN) / len(self._data)
        step = self._label_step(slot)
        last = len(self._data) - 1
        return [label if (last - index) % step == 0 else "" for index, (label, _) in enumerate(self._data)]

    def _draw_bars(self, painter: QPainter, area: QRectF) -> None:
        metrics = painter.fontMetrics()
        text_height = metrics.height()
        baseline = area.bottom() - text_height - 4
        bar_space = baseline - area.top() - text_height - 2  # room for the value above the tallest bar
        slot = area.width() / len(self._data)
        bar_width = min(slot * (1 - self.BAR_GAP_RATIO), self.MAX_BAR_WIDTH)
        highest = max(value for _, value in self._data)
        text_colour = self.palette().color(QPalette.ColorRole.Text)
        step = self._label_step(slot)
        labels = self.shown_labels()

        painter.setPen(self.palette().color(QPalette.ColorRole.Mid))
        painter.drawLine(QPointF(area.left(), baseline), QPointF(area.right(), baseline))
        for index, ((_, value), label) in enumerate(zip(self._data, labels, strict=True)):
            centre = area.left() + slot * (index + 0.5)
            height = bar_space * value / highest if highest else 0.0
            bar = QRectF(centre - bar_width / 2, baseline - height, bar_width, height)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self._colour)
            painter.drawRect(bar)
            painter.setPen(text_colour)
            value_rect = QRectF(centre - slot / 2, bar.top() - text_height - 2, slot, text_height)
            painter.drawText(value_rect, Qt.AlignmentFlag.AlignCenter, str(value))
            room = slot * step
            shown = metrics.elidedText(label, Qt.TextElideMode.ElideRight, max(int(room) - 4, 8))
            label_rect = QRectF(centre - room / 2, baseline + 4, room, text_height)
            painter.drawText(label_rect, Qt.AlignmentFlag.AlignCenter, shown)


TEXT_HEADERS = ("单位", "荣誉称号")  # the columns that share the room; the others fit their content


class UnitTable(QTableWidget):
    """A read-only list of rows that each stand for a unit; double-click or Enter asks to open it."""

    unit_chosen = Signal(int)

    def __init__(self, headers: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(0, len(headers), parent)
        self.setHorizontalHeaderLabels(list(headers))
        read_only_table(self)
        self.horizontalHeader().setHighlightSections(False)
        fit_columns(self, {c: 1 for c, header in enumerate(headers) if header in TEXT_HEADERS})
        self.setToolTip("双击或按回车键打开该单位")
        self.doubleClicked.connect(lambda index: self._choose(index.row()))

    def set_rows(self, rows: Sequence[tuple[int, Sequence[str | QTableWidgetItem]]]) -> None:
        """Replace the rows: each is (unit id, cell texts or ready items)."""
        self.clearContents()
        self.setRowCount(len(rows))
        for row, (unit_id, cells) in enumerate(rows):
            for column, cell in enumerate(cells):
                item = cell if isinstance(cell, QTableWidgetItem) else QTableWidgetItem(cell)
                item.setData(Qt.ItemDataRole.UserRole, unit_id)
                self.setItem(row, column, item)

    def unit_id(self, row: int) -> int | None:
        item = self.item(row, 0)
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentRow() >= 0:
            self._choose(self.currentRow())
            event.accept()
            return
        super().keyPressEvent(event)

    def _choose(self, row: int) -> None:
        unit_id = self.unit_id(row)
        if unit_id is not None:
            self.unit_chosen.emit(unit_id)


class DashboardPage(LazyPage):
    """Counts, charts and reminders; refreshes after every change, lazily while hidden."""

    watched = ("units", "honours")

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setStyleSheet(PAGE_STYLE)
        self.cards: dict[str, QLabel] = {}
        self.level_chart = BarChart("荣誉按级别", "#3b7dd8")
        self.year_chart = BarChart("荣誉按年度", "#2e9a6f", in_order=True)
        self.stale_table = UnitTable(["单位", "最近获奖年份"])
        self.stale_table.setObjectName("stale_table")
        self.expiring_table = UnitTable(["单位", "荣誉称号", "到期", "剩余天数"])
        self.expiring_table.setObjectName("expiring_table")
        self._stale_caption = f"近{_chinese_count(RECENT_YEARS)}年无荣誉的单位"
        self._expiring_caption = f"复查提醒：{WARN_DAYS}天内到期（或已过期）待复查的称号"
        self.stale_title = _section_title(self._stale_caption)
        self.expiring_title = _section_title(self._expiring_caption)
        self.review_button = QPushButton("记录复查结果…")
        self.review_button.setObjectName("review_button")
        self.review_button.setToolTip("为所选行的称号记录复查结果（合格或撤销），到期的单位已列入")
        self.review_button.clicked.connect(self.record_review)
        self._build()
        for table in (self.stale_table, self.expiring_table):
            table.unit_chosen.connect(context.open_unit_requested.emit)

    # -- layout -------------------------------------------------------------------------------

    def _build(self) -> None:
        inner = QWidget()
        scroll = QScrollArea()  # on a small screen (1366×768 at 150 %) the page scrolls, the window fits
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(14)
        layout.addLayout(self._card_row())
        charts = QHBoxLayout()
        charts.setSpacing(14)
        charts.addWidget(self.level_chart, 1)
        charts.addWidget(self.year_chart, 1)
        layout.addLayout(charts, 2)
        tables = QGridLayout()
        tables.setHorizontalSpacing(14)
        tables.setVerticalSpacing(6)
        tables.addWidget(self.stale_title, 0, 0)
        expiring_head = QHBoxLayout()
        expiring_head.addWidget(self.expiring_title, 1)
        expiring_head.addWidget(self.review_button)
        tables.addLayout(expiring_head, 0, 1)
        tables.addWidget(self.stale_table, 1, 0)
        tables.addWidget(self.expiring_table, 1, 1)
        tables.setColumnStretch(0, 2)
        tables.setColumnStretch(1, 3)
        layout.addLayout(tables, 3)

    def _card_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(14)
        for name, caption, tip in (
            ("card_units", "单位总数", "档案中的单位，不含回收站"),
            ("card_honours", "荣誉总数", "档案中各单位的荣誉记录，不含回收站"),
            (
                "card_stale",
                f"近{_chinese_count(RECENT_YEARS)}年无荣誉的单位",
                f"最近{RECENT_YEARS}个年度（含今年）没有获得荣誉的单位",
            ),
            (
                "card_expiring",
                f"即将到期（{WARN_DAYS}天内）",
                f"有效期（或按复查周期推算的期限）在{WARN_DAYS}天内到期或已过期、尚未撤销的称号",
            ),
        ):
            row.addWidget(self._card(name, caption, tip), 1)
        return row

    def _card(self, name: str, caption: str, tip: str) -> QFrame:
        card = QFrame()
        card.setObjectName("dashboardCard")
        card.setToolTip(tip)
        number = QLabel("0")
        number.setObjectName(name)
        number.setStyleSheet(NUMBER_STYLE)
        text = QLabel(caption)
        text.setObjectName("cardCaption")
        box = QVBoxLayout(card)
        box.setContentsMargins(16, 10, 16, 10)
        box.setSpacing(2)
        box.addWidget(number)
        box.addWidget(text)
        self.cards[name] = number
        return card

    # -- refreshing ---------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the numbers again and show them."""
        try:
            board = dashboard(
                self.context.services.db,
                recent_years=RECENT_YEARS,
                warn_days=WARN_DAYS,
                list_limit=LISTED_AT_MOST,
            )
        except Exception as error:  # a locked or unreachable database must not break the window
            show_error(self, error, "无法读取统计数据")
            return
        self.mark_fresh()
        self._show(board)

    def _show(self, board: Dashboard) -> None:
        self._set_card("card_units", board.unit_count)
        self._set_card("card_honours", board.honour_count)
        self._set_card("card_stale", board.stale_count, WARNING_COLOUR)
        self._set_card("card_expiring", board.expiring_count, DANGER_COLOUR)
        self._expiring = board.expiring
        shown_stale = _shown_part(len(board.stale_units), board.stale_count, "个")
        self.stale_title.setText(self._stale_caption + shown_stale)
        shown_expiring = _shown_part(len(board.expiring), board.expiring_count, "项")
        self.expiring_title.setText(self._expiring_caption + shown_expiring)
        self.level_chart.set_data(list(board.by_level.items()))
        self.year_chart.set_data(year_series(board.by_year))
        self.stale_table.set_rows([_stale_row(item) for item in board.stale_units])
        self.expiring_table.set_rows([_expiring_row(item) for item in board.expiring])

    def record_review(self) -> None:
        """记录复查结果 for the title of the chosen reminder (else the first), with its due units listed."""
        from core.decisions.titles import plain_title, title_group
        from gui.decision_menu import open_review_dialog

        shown = getattr(self, "_expiring", [])
        row = max(self.expiring_table.currentRow(), 0)
        if not shown:
            open_review_dialog(self, self.context)
            return
        title = plain_title(shown[min(row, len(shown) - 1)].title)
        units = [item.unit_id for item in shown if title_group(item.title) == title_group(title)]
        open_review_dialog(self, self.context, title, units)

    def _set_card(self, name: str, count: int, alert: QColor | None = None) -> None:
        label = self.cards[name]
        label.setText(str(count))
        colour = f" color: {alert.name()};" if alert is not None and count > 0 else ""
        label.setStyleSheet(NUMBER_STYLE + colour)


# -- helpers ----------------------------------------------------------------------------------


def year_series(by_year: dict[int, int], limit: int = MAX_YEARS_SHOWN) -> list[tuple[str, int]]:
    """The latest `limit` years up to the last year with honours, ascending; years between with none show 0."""
    if not by_year:
        return []
    last = max(by_year)
    first = max(min(by_year), last - limit + 1)
    return [(str(year), by_year.get(year, 0)) for year in range(first, last + 1)]


def days_left_text(days: int) -> str:
    if days < 0:
        return f"已过期{-days}天"
    if days == 0:
        return "今天到期"
    return f"{days}天"


def _stale_row(item: StaleUnit) -> tuple[int, list[str | QTableWidgetItem]]:
    year = "无" if item.latest_year is None else str(item.latest_year)
    return item.unit_id, [item.unit_name, year]


def _expiring_row(item: ExpiringHonour) -> tuple[int, list[str | QTableWidgetItem]]:
    days = QTableWidgetItem(days_left_text(item.days_left))
    if item.days_left < 0:
        days.setForeground(DANGER_COLOUR)
    elif item.days_left <= 30:
        days.setForeground(WARNING_COLOUR)
    return item.unit_id, [item.unit_name, item.title, item.due_shown or item.valid_until.isoformat(), days]


def _shown_part(shown: int, total: int, measure: str) -> str:
    """A title's note when the table lists only the first of many."""
    return f"（共 {total} {measure}，列出前 {shown} {measure}）" if shown < total else ""


def _section_title(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("sectionTitle")
    return label


def _chinese_count(number: int) -> str:
    digits = "零一二三四五六七八九十"
    return digits[number] if 0 <= number <= 10 else str(number)
