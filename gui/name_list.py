"""The units a decision names: pasted as its 附件 gives them, or picked from the records, each one resolved.

A pasted list is read by core.decisions.names; every name shows the unit it was matched to and how, and
every name that fits no unit or several waits for the user: pick a unit, create a new one, or skip it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.decisions.names import (
    AMBIGUOUS,
    IN_RECYCLE_BIN,
    MATCHED,
    NameMatch,
    UnitMatcher,
    UnitRef,
    split_names,
)
from gui.context import AppContext
from gui.errors import show_error
from gui.ops import QueryOp
from gui.screen_fit import resize_within_screen
from gui.widgets import read_only_table

PASTE_HINT = (
    "把表彰文件附件中的名单粘贴到这里，按“识别名单”：每行一个名称，或以、，；分隔均可；"
    "“附件”“名单”、一、（一）等标题和 1. （1） ① 等序号会自动去掉。"
)
NAME_FILTER = "名单 (*.txt *.docx);;所有文件 (*)"
HEADERS = ("名单中的名称", "对应单位", "说明")
CHOOSE = "请选择对应的单位…"
OTHER = "其他单位…"
SKIP = "跳过（不录入）"
PICKED = "从档案中选择"
LISTED_AT_MOST = 500  # units shown by the picker at once; the search narrows them


@dataclass
class Row:
    """One name and what it stands for: ("unit", id), ("new", name), ("skip", None), or None (undecided)."""

    text: str
    match: NameMatch | None
    choice: tuple[str, object] | None
    how: str


class NameListPanel(QWidget):
    """Paste box, 识别名单, 从档案中选择…, and the table of names with what each stands for."""

    changed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.rows: list[Row] = []
        self._given = 0  # rows the dialog opened with (mark_given)
        self.ignored: list[str] = []
        self._known: dict[int, UnitRef] = {}
        self._build()

    # -- layout -------------------------------------------------------------------------------

    def _build(self) -> None:
        self.paste = QPlainTextEdit()
        self.paste.setObjectName("name_list_paste")
        self.paste.setPlaceholderText(PASTE_HINT)
        self.recognise_button = QPushButton("识别名单")
        self.recognise_button.setObjectName("recognise_names")
        self.recognise_button.setToolTip(
            "按名称、简称、规范化名称和名称中独有的部分对应到档案中的单位（Ctrl+回车）"
        )
        self.recognise_button.clicked.connect(self.recognise)
        QShortcut(QKeySequence("Ctrl+Return"), self.paste, self.recognise)
        from_file = QPushButton("从文件读取…")
        from_file.setToolTip("读取名单的 .txt 文件，或表彰文件本身（.docx）")
        from_file.clicked.connect(self._read_file)
        pick = QPushButton("从档案中选择…")
        pick.setObjectName("pick_units")
        pick.clicked.connect(self._pick_units)
        clear = QPushButton("清空")
        clear.clicked.connect(self.clear)
        buttons = QHBoxLayout()
        for button in (self.recognise_button, from_file, pick):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(clear)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.paste, 1)
        top_layout.addLayout(buttons)

        self.table = read_only_table(QTableWidget(0, len(HEADERS)))
        self.table.setObjectName("name_list_table")
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.setColumnWidth(0, 220)
        self.table.setColumnWidth(1, 300)
        self.table.verticalHeader().setDefaultSectionSize(30)
        self.status = QLabel("尚未识别名单。")
        self.status.setObjectName("name_list_status")
        self.status.setWordWrap(True)
        self.skip_rest = QPushButton("未对应的全部跳过")
        self.skip_rest.setObjectName("skip_unresolved")
        self.skip_rest.clicked.connect(self.skip_unresolved)
        bottom_row = QHBoxLayout()
        bottom_row.addWidget(self.status, 1)
        bottom_row.addWidget(self.skip_rest)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.table, 1)
        bottom_layout.addLayout(bottom_row)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self._update_status()

    # -- filling ------------------------------------------------------------------------------

    def recognise(self) -> None:
        """Read the pasted text and match its names (off the GUI thread: a city has thousands of units)."""
        found = split_names(self.paste.toPlainText())
        if not found.names:
            self.status.setText("粘贴框中没有找到任何单位名称。")
            return
        database = self.context.services.db

        def work(_progress: object) -> list[NameMatch]:
            with database.session() as session:
                return UnitMatcher.of_live_units(session).match_all(found.names)

        self.recognise_button.setEnabled(False)
        QueryOp(self, work, "正在识别名单…", cancellable=False).success(
            lambda matches: self._show_matches(matches, found.ignored)
        ).failure(self._failed).run_in_background()

    def _failed(self, error: BaseException) -> None:
        self.recognise_button.setEnabled(True)
        show_error(self, error, "无法识别名单")

    def _show_matches(self, matches: list[NameMatch], ignored: list[str]) -> None:
        self.recognise_button.setEnabled(True)
        picked = [row for row in self.rows if row.match is None]
        self.rows = [_row_of(match) for match in matches]
        self.rows += [row for row in picked if row.choice not in {r.choice for r in self.rows}]
        self.ignored = ignored
        self._fill_table()

    def add_units(self, units: Sequence[UnitRef]) -> None:
        """Units chosen from the records (or given by the caller: the main window's selection)."""
        chosen = {row.choice for row in self.rows}
        for unit in units:
            self._known[unit.id] = unit
            if ("unit", unit.id) not in chosen:
                self.rows.append(Row(unit.name, None, ("unit", unit.id), PICKED))
        self._fill_table()

    def clear(self) -> None:
        self.paste.clear()
        self.rows, self.ignored = [], []
        self._fill_table()

    def _read_file(self) -> None:
        from core.decisions.sources import read_name_file

        state = self.context.state
        path, _ = QFileDialog.getOpenFileName(self, "读取名单", state.last_folder("decisions"), NAME_FILTER)
        if not path:
            return
        state.set_last_folder("decisions", path)
        try:
            self.paste.setPlainText(read_name_file(Path(path)))
        except Exception as error:
            show_error(self, error, "无法读取名单")
            return
        self.recognise()

    def _pick_units(self) -> None:
        dialog = UnitPicker(self.context, multiple=True, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.add_units(dialog.chosen())

    # -- the table ----------------------------------------------------------------------------

    def _fill_table(self) -> None:
        self.table.setRowCount(len(self.rows))
        for index, row in enumerate(self.rows):
            item = QTableWidgetItem(row.text)
            item.setToolTip(row.text)
            self.table.setItem(index, 0, item)
            self.table.setCellWidget(index, 1, self._choice_box(index, row))
            self.table.setItem(index, 2, QTableWidgetItem(row.how))
        self._update_status()
        self.changed.emit()

    def _choice_box(self, index: int, row: Row) -> QComboBox:
        box = QComboBox()
        box.setObjectName(f"choice_{index}")
        if row.choice is None:
            box.addItem(CHOOSE, None)
        options: list[UnitRef] = []
        if row.match is not None:
            options = [row.match.unit] if row.match.unit else list(row.match.candidates)
        elif row.choice and row.choice[0] == "unit":
            options = [self._known[int(row.choice[1])]]  # type: ignore[arg-type]
        for unit in options:
            self._known[unit.id] = unit
            near = row.match is not None and row.match.status not in (MATCHED, AMBIGUOUS)
            box.addItem(f"相近：{unit.name}" if near else unit.name, ("unit", unit.id))
            box.setItemData(box.count() - 1, _unit_tip(unit), Qt.ItemDataRole.ToolTipRole)
        if row.match is not None and not row.match.matched:
            box.addItem(f"新建单位“{row.text}”", ("new", row.text))
        box.addItem(SKIP, ("skip", None))
        box.addItem(OTHER, ("other", None))  # last: arrow keys pass the others without opening the picker
        if row.choice is not None:
            box.setCurrentIndex(max(box.findData(row.choice), 0))
        box.activated.connect(lambda _i, box=box, index=index: self._chosen(index, box))
        return box

    def _chosen(self, index: int, box: QComboBox) -> None:
        choice = box.currentData()
        if choice == ("other", None):
            dialog = UnitPicker(self.context, multiple=False, initial=self.rows[index].text, parent=self)
            if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.chosen():
                box.setCurrentIndex(max(box.findData(self.rows[index].choice), 0))
                return
            unit = dialog.chosen()[0]
            self._known[unit.id] = unit
            self.rows[index].match = None
            self.rows[index].how = "手工选择"
            choice = ("unit", unit.id)
        self.rows[index].choice = choice
        if choice is not None and choice[0] == "unit" and self.rows[index].match is not None:
            self.rows[index].how = self.rows[index].how if self.rows[index].match.matched else "手工选择"
        self._fill_table()

    def skip_unresolved(self) -> None:
        for row in self.rows:
            if row.choice is None:
                row.choice = ("skip", None)
        self._fill_table()

    # -- what the caller reads ----------------------------------------------------------------

    def mark_given(self) -> None:
        """The rows now listed came with the dialog (the list's selection): closing loses nothing typed."""
        self._given = len(self.rows)

    def has_input(self) -> bool:
        """Something pasted or listed by the user that closing the dialog would lose."""
        return bool(self.paste.toPlainText().strip()) or len(self.rows) != self._given

    def unit_ids(self) -> list[int]:
        return list(dict.fromkeys(int(r.choice[1]) for r in self.rows if r.choice and r.choice[0] == "unit"))  # type: ignore[arg-type]

    def new_names(self) -> list[str]:
        return [str(r.choice[1]) for r in self.rows if r.choice and r.choice[0] == "new"]

    def skipped(self) -> list[str]:
        return [r.text for r in self.rows if r.choice and r.choice[0] == "skip"]

    def unresolved(self) -> list[str]:
        return [r.text for r in self.rows if r.choice is None]

    def _update_status(self) -> None:
        if not self.rows:
            self.status.setText("尚未识别名单，也未从档案中选择单位。")
            self.skip_rest.setEnabled(False)
            return
        parts = [f"共 {len(self.rows)} 个名称：对应到单位 {len(self.unit_ids())} 个"]
        if self.new_names():
            parts.append(f"新建单位 {len(self.new_names())} 个")
        if self.skipped():
            parts.append(f"跳过 {len(self.skipped())} 个")
        waiting = self.unresolved()
        if waiting:
            parts.append(f"待处理 {len(waiting)} 个（请在“对应单位”一栏选择）")
        text = "，".join(parts) + "。"
        if self.ignored:
            text += (
                f"已略去标题 {len(self.ignored)} 行："
                + "、".join(self.ignored[:4])
                + ("…" if len(self.ignored) > 4 else "")
            )
        self.status.setText(text)
        self.status.setStyleSheet("color: #b9770e;" if waiting else "")
        self.skip_rest.setEnabled(bool(waiting))


def _row_of(match: NameMatch) -> Row:
    if match.status == MATCHED:
        assert match.unit is not None
        return Row(match.text, match, ("unit", match.unit.id), f"按{match.how}对应")
    if match.status == AMBIGUOUS:
        names = "、".join(unit.name for unit in match.candidates)
        return Row(match.text, match, None, f"可指 {len(match.candidates)} 个单位（{names}），请选择")
    if match.how == IN_RECYCLE_BIN:
        return Row(match.text, match, None, "是已删除的单位（在回收站中），恢复后才能录入")
    # the alike names themselves: the clerk sees at once whether 金水区市政局 is 金水区市政管理局
    near = f"；相近的有：{'、'.join(unit.name for unit in match.candidates)}" if match.candidates else ""
    return Row(match.text, match, None, f"档案中没有此单位{near}")


def _unit_tip(unit: UnitRef) -> str:
    return "　".join(part for part in (unit.name, unit.category, unit.region) if part)


class UnitPicker(QDialog):
    """Choose units from the records by name, short name or pinyin."""

    def __init__(
        self, context: AppContext, *, multiple: bool, initial: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("从档案中选择单位" if multiple else "选择对应的单位")
        resize_within_screen(self, 520, 560)
        self.search = QLineEdit(initial)
        self.search.setObjectName("picker_search")
        self.search.setPlaceholderText("名称、简称、全拼或拼音首字母")
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setObjectName("picker_list")
        mode = (
            QListWidget.SelectionMode.ExtendedSelection
            if multiple
            else QListWidget.SelectionMode.SingleSelection
        )
        self.list.setSelectionMode(mode)
        self.note = QLabel()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("选定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        hint = "按住 Ctrl 或 Shift 可选多个。" if multiple else "双击即可选定。"
        layout.addWidget(QLabel(hint))
        layout.addWidget(self.list, 1)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self.search.textChanged.connect(self._fill)
        self._fill()

    def _fill(self) -> None:
        from core.services import UnitFilter

        units = self.context.services.units
        text = self.search.text().strip()
        try:
            ids = units.listing(UnitFilter(search=text or None))
            rows = units.rows(ids[:LISTED_AT_MOST])
        except Exception as error:
            show_error(self, error, "无法读取单位")
            return
        self.list.clear()
        for unit_id in ids[:LISTED_AT_MOST]:
            row = rows[unit_id]
            item = QListWidgetItem(row.name)
            item.setData(
                Qt.ItemDataRole.UserRole, UnitRef(row.id, row.name, row.short_name, row.category, row.region)
            )
            item.setToolTip("　".join(part for part in (row.name, row.category, row.region) if part))
            self.list.addItem(item)
        more = len(ids) - LISTED_AT_MOST
        self.note.setText(
            f"另有 {more} 个单位未列出，请输入文字缩小范围。" if more > 0 else f"共 {len(ids)} 个单位。"
        )
        if self.list.count() == 1:
            self.list.setCurrentRow(0)

    def chosen(self) -> list[UnitRef]:
        return [item.data(Qt.ItemDataRole.UserRole) for item in self.list.selectedItems()]
