"""The import wizard and the import history, driven page by page as a clerk would."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QWizard

from core.services import Services
from gui.context import AppContext
from gui.import_history import ImportHistoryPage
from gui.import_wizard import (
    HEADER_BACKGROUND,
    PAGE_FILE,
    PAGE_MAPPING,
    PAGE_PREVIEW,
    PAGE_RESULT,
    PAGE_SHEET,
    STRICT_TEXT,
    ImportWizard,
    preview_page,
    result_page,
)
from gui.import_wizard.sheet_list import HIDDEN_NOTE, NO_HEADER_NOTE
from gui.ops import BackgroundOp
from tests.core.importing import registers

HONOUR_HEADER = ["序号", "单位名称", "荣誉称号", "级别", "授予单位", "获得时间", "备注"]


def honour_register(path: Path, rows: list[list[object]] | None = None) -> Path:
    """A merged title, a 填报单位 line, the header on row 3, then the rows (default: the messy five)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "荣誉登记"
    sheet.append(["江北区单位荣誉登记表（2019年度）"])
    sheet.merge_cells("A1:G1")
    sheet.append(["填报单位：江北区文明办", None, None, None, "填报日期：2020年1月"])
    sheet.append(HONOUR_HEADER)
    default = [
        [1, "宁波市荷花庄小学", "省卫生先进单位", "省级", "省爱卫会", "2008", "复查合格"],  # 4: existing unit
        [2, "东鲁派出所", "人民满意派出所", "市级", "市公安局", "2019年12月", None],  # 5: new unit
        [3, "口东中心幼儿园", "市一级幼儿园", "市级", None, "2019年13月", None],  # 6: invalid date
        [4, None, "某荣誉", "省级", None, "2019", None],  # 7: no unit name
        [5, "东鲁派出所", "人民满意派出所", "市级", "市公安局", "2019", None],  # 8: same as row 5
    ]
    for row in rows if rows is not None else default:
        sheet.append(row)
    book.save(path)
    return path


def unit_register(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "单位"
    sheet.append(["2019年度单位名册"])
    sheet.append(["序号", "单位名称", "单位类别", "负责人", "获评星级"])
    sheet.append([1, "宁波市荷花庄小学", "学校", "王丽", "五星"])  # 3: update
    sheet.append([2, "东鲁派出所", "机关", "刘龙", None])  # 4: new
    book.save(path)
    return path


def settle(qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not BackgroundOp.running)


def open_wizard(qtbot, context: AppContext, path: Path | None) -> ImportWizard:  # type: ignore[no-untyped-def]
    wizard = ImportWizard(context, path)
    qtbot.addWidget(wizard)
    wizard.show()
    settle(qtbot)
    return wizard


def go_next(qtbot, wizard: ImportWizard, expected: int) -> None:  # type: ignore[no-untyped-def]
    wizard.next()
    settle(qtbot)
    assert wizard.currentId() == expected


def preview_statuses(wizard: ImportWizard) -> dict[int, str]:
    model = wizard.preview_page.model
    return {model.data(model.index(r, 1)): model.data(model.index(r, 3)) for r in range(model.rowCount())}


def import_messy_register(qtbot, context: AppContext, path: Path) -> ImportWizard:  # type: ignore[no-untyped-def]
    wizard = open_wizard(qtbot, context, path)
    go_next(qtbot, wizard, PAGE_MAPPING)
    go_next(qtbot, wizard, PAGE_PREVIEW)
    go_next(qtbot, wizard, PAGE_RESULT)
    return wizard


def test_honour_register_from_preview_to_import(
    qtbot, context: AppContext, services: Services, tmp_path: Path
) -> None:
    services.units.create({"name": "宁波市荷花庄小学"})
    changes: list[str] = []
    context.data_changed.connect(changes.append)
    wizard = open_wizard(qtbot, context, honour_register(tmp_path / "荣誉登记表.xlsx"))

    assert wizard.windowTitle() == "导入 Excel 登记表"
    assert wizard.currentId() == PAGE_SHEET  # the file page is skipped when a file was given
    page = wizard.sheet_page
    assert page.sheets.checked()[0].sheet == "荣誉登记" and page.sheets.currentRow() == 0
    assert page.header_spin.value() == 3
    assert "第 3 行" in page.header_label.text() and "荣誉登记表" in page.header_label.text()
    assert page.table.verticalHeaderItem(2).text() == "3"  # Excel row numbers
    assert page.table.item(2, 1).text() == "单位名称"
    assert page.table.item(2, 1).font().bold() and not page.table.item(3, 1).font().bold()
    assert page.table.item(2, 1).background().color() == HEADER_BACKGROUND

    go_next(qtbot, wizard, PAGE_MAPPING)
    mapping = wizard.mapping_page
    assert {label: mapping.combo_for(label).currentData() for label in HONOUR_HEADER} == {
        "序号": "serial",
        "单位名称": "unit.name",
        "荣誉称号": "honour.title",
        "级别": "honour.level",
        "授予单位": "honour.awarded_by",
        "获得时间": "honour.awarded",
        "备注": "honour.notes",
    }
    assert mapping.combo_for("获得时间").currentText() == "荣誉·授予时间"
    assert mapping.table.item(1, 1).text() == "宁波市荷花庄小学；东鲁派出所；口东中心幼儿园"

    go_next(qtbot, wizard, PAGE_PREVIEW)
    preview = wizard.preview_page
    assert preview_statuses(wizard) == {4: "新增", 5: "新增", 6: "错误", 7: "错误", 8: "重复"}
    assert "新增 2 行" in preview.summary.text() and "错误 2 行" in preview.summary.text()
    assert preview.strict_check.text() == STRICT_TEXT == "严格模式（有错误行时不导入任何数据）"
    model = preview.model
    assert model.data(model.index(2, 4)) == "获得时间：月份 13 应在 1 到 12 之间"  # names the column
    colours = {
        model.data(model.index(r, 1)): model.data(model.index(r, 1), Qt.ItemDataRole.BackgroundRole).color()
        for r in range(5)
    }
    assert colours[4] == colours[5] != colours[6] == colours[7] != colours[8]
    preview.filter_combo.setCurrentText("错误")
    assert [preview.proxy.index(r, 1).data() for r in range(preview.proxy.rowCount())] == [6, 7]
    preview.filter_combo.setCurrentText("全部")
    assert preview.proxy.rowCount() == 5
    assert services.honours.list() == []  # nothing written yet

    go_next(qtbot, wizard, PAGE_RESULT)
    result = wizard.result_page
    assert "已导入" in result.status.text()
    assert "新建单位 1 个" in result.counts.text() and "新增荣誉 2 项" in result.counts.text()
    assert result.errors_table.rowCount() == 2 and result.errors_table.item(1, 3).text() == "缺少单位名称"
    assert sorted(s.unit.name for s in services.units.list()) == sorted(["宁波市荷花庄小学", "东鲁派出所"])
    assert sorted(h.title for h in services.honours.list()) == ["人民满意派出所", "省卫生先进单位"]
    assert changes == ["all", "unit"]  # the import, then the new units' pinyin keys
    assert wizard.button(wizard.WizardButton.FinishButton).isEnabled()


def test_strict_mode_imports_nothing_when_rows_are_rejected(
    qtbot, context: AppContext, services: Services, tmp_path: Path
) -> None:
    wizard = open_wizard(qtbot, context, honour_register(tmp_path / "荣誉登记表.xlsx"))
    go_next(qtbot, wizard, PAGE_MAPPING)
    go_next(qtbot, wizard, PAGE_PREVIEW)
    wizard.preview_page.strict_check.setChecked(True)
    go_next(qtbot, wizard, PAGE_RESULT)
    assert "没有导入任何数据" in wizard.result_page.status.text()
    assert services.units.list() == [] and services.honours.list() == []


def test_saving_the_rejected_rows(
    qtbot, context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wizard = import_messy_register(qtbot, context, honour_register(tmp_path / "荣誉登记表.xlsx"))
    target = tmp_path / "错误行"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))
    qtbot.mouseClick(wizard.result_page.save_button, Qt.MouseButton.LeftButton)

    saved = target.with_suffix(".xlsx")
    assert str(saved) in wizard.result_page.saved_label.text()
    head, *rows = load_workbook(saved).active.iter_rows(values_only=True)
    assert list(head) == [*HONOUR_HEADER, "错误原因"]
    assert [row[:3] for row in rows] == [(3, "口东中心幼儿园", "市一级幼儿园"), (4, None, "某荣誉")]
    assert [row[-1] for row in rows] == ["获得时间：月份 13 应在 1 到 12 之间", "缺少单位名称"]


def test_a_confirmed_mapping_is_remembered_for_the_next_file(
    qtbot, context: AppContext, services: Services, tmp_path: Path
) -> None:
    wizard = open_wizard(qtbot, context, honour_register(tmp_path / "一.xlsx"))
    go_next(qtbot, wizard, PAGE_MAPPING)
    notes = wizard.mapping_page.combo_for("备注")
    notes.setCurrentIndex(notes.findData("ignore"))
    go_next(qtbot, wizard, PAGE_PREVIEW)  # 下一步 on the column page confirms the mapping
    # Cancelled at the preview (say, to correct the file in Excel): the rows are not imported, but the
    # columns the clerk matched by hand are offered again rather than asked for a second time.
    wizard.close()

    rows = [[1, "口东中心幼儿园", "市一级幼儿园", "市级", "市教育局", "2019", "不要这一列"]]
    second = open_wizard(qtbot, context, honour_register(tmp_path / "二.xlsx", rows))
    go_next(qtbot, second, PAGE_MAPPING)
    page = second.mapping_page
    assert page.combo_for("备注").currentText() == "不导入"
    assert page.combo_for("荣誉称号").currentData() == "honour.title"
    assert "上次确认" in page.note.text()
    go_next(qtbot, second, PAGE_PREVIEW)
    go_next(qtbot, second, PAGE_RESULT)
    [honour] = services.honours.list()
    assert honour.title == "市一级幼儿园" and honour.notes is None


def test_a_mapping_without_a_unit_name_is_refused(qtbot, context: AppContext, tmp_path: Path) -> None:
    wizard = open_wizard(qtbot, context, honour_register(tmp_path / "荣誉登记表.xlsx"))
    go_next(qtbot, wizard, PAGE_MAPPING)
    name = wizard.mapping_page.combo_for("单位名称")
    name.setCurrentIndex(name.findData("ignore"))
    go_next(qtbot, wizard, PAGE_MAPPING)
    assert "单位名称" in wizard.mapping_page.problem.text()


def test_unit_register_updates_and_keeps_unmapped_columns(
    qtbot, context: AppContext, services: Services, tmp_path: Path
) -> None:
    unit = services.units.create({"name": "宁波市荷花庄小学", "leader": "张三"})
    wizard = open_wizard(qtbot, context, unit_register(tmp_path / "单位名册.xlsx"))
    assert wizard.sheet_page.header_spin.value() == 2
    assert "单位登记表" in wizard.sheet_page.header_label.text()
    go_next(qtbot, wizard, PAGE_MAPPING)
    assert wizard.mapping_page.combo_for("获评星级").currentText() == "单位·其他信息"
    assert wizard.mapping_page.combo_for("负责人").currentData() == "unit.leader"
    go_next(qtbot, wizard, PAGE_PREVIEW)
    assert preview_statuses(wizard) == {3: "更新", 4: "新增"}
    go_next(qtbot, wizard, PAGE_RESULT)
    updated = services.units.get(unit.id)
    assert updated.leader == "王丽" and updated.extra == {"获评星级": "五星"}
    assert len(services.units.list()) == 2


def test_picking_the_header_row_by_hand(
    qtbot, context: AppContext, services: Services, tmp_path: Path
) -> None:
    """Headers no synonym knows: the clerk points at the header row and maps the columns."""
    book = Workbook()
    sheet = book.active
    sheet.append(["说明：本表由各校填报"])
    sheet.append(["机构", "所获奖励"])
    sheet.append(["宁波市荷花庄小学", "优秀组织奖"])
    path = tmp_path / "奖励.xlsx"
    book.save(path)
    wizard = open_wizard(qtbot, context, path)
    page = wizard.sheet_page
    assert "没有找到可识别的表头" in page.header_label.text()
    page.header_spin.setValue(2)
    assert "第 2 行" in page.header_label.text() and "手动指定" in page.header_label.text()
    assert page.table.item(1, 0).font().bold() and not page.table.item(0, 0).font().bold()
    go_next(qtbot, wizard, PAGE_MAPPING)
    mapping = wizard.mapping_page
    mapping.combo_for("机构").setCurrentIndex(mapping.combo_for("机构").findData("unit.name"))
    mapping.combo_for("所获奖励").setCurrentIndex(mapping.combo_for("所获奖励").findData("honour.title"))
    go_next(qtbot, wizard, PAGE_PREVIEW)
    assert preview_statuses(wizard) == {3: "新增"}
    go_next(qtbot, wizard, PAGE_RESULT)
    [honour] = services.honours.list()
    assert honour.title == "优秀组织奖"


def test_the_kind_of_a_sheet_whose_header_the_clerk_points_at_is_shown_whole(
    qtbot, context: AppContext, tmp_path: Path
) -> None:
    """Seen in the window: after typing the header row of a sheet where none was found, the 类型 column
    kept the width of its empty cell and showed “单…” for 单位名册."""
    book = Workbook()
    sheet = book.active
    sheet.append(["报表导出人：", "于国栋"])
    sheet.append([None, None, "领域", "节点组织", "总人数"])
    sheet.append([None, None, "集团IT平台", "基础能力", 9])
    path = tmp_path / "组织汇总表.xlsx"
    book.save(path)
    wizard = open_wizard(qtbot, context, path)
    page = wizard.sheet_page
    sheets = page.sheets
    qtbot.mouseClick(page.header_spin, Qt.MouseButton.LeftButton)
    typed_into = QApplication.focusWidget()
    assert typed_into is page.header_spin
    qtbot.keyClick(typed_into, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(typed_into, "2")
    settle(qtbot)
    kind = sheets.item(0, 2).text()
    assert kind in ("单位名册", "荣誉登记表", "工作材料")
    assert sheets.columnWidth(2) >= sheets.fontMetrics().horizontalAdvance(kind)


def test_an_unreadable_file_is_explained_on_the_file_page(qtbot, context: AppContext, tmp_path: Path) -> None:
    bad = tmp_path / "损坏.xlsx"
    bad.write_bytes(b"\x00\x01\x02 not a workbook \x00" * 20)
    wizard = open_wizard(qtbot, context, bad)
    assert wizard.currentId() == PAGE_FILE
    assert (
        "损坏.xlsx" in wizard.file_page.status.text() and "不是电子表格文件" in wizard.file_page.status.text()
    )
    assert not wizard.file_page.isComplete()
    go_next(qtbot, wizard, PAGE_FILE)  # refused

    good = honour_register(tmp_path / "荣誉登记表.xlsx")
    wizard.file_page.path_edit.setText(str(good))
    wizard.file_page.path_edit.editingFinished.emit()
    settle(qtbot)
    assert wizard.file_page.isComplete() and "荣誉登记" in wizard.file_page.status.text()
    go_next(qtbot, wizard, PAGE_SHEET)


def test_browsing_remembers_the_folder(
    qtbot, context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "登记表"
    folder.mkdir()
    path = honour_register(folder / "荣誉登记表.xlsx")
    asked: list[tuple[str, str]] = []

    def choose(parent, caption, start, file_filter):  # type: ignore[no-untyped-def]
        asked.append((start, file_filter))
        return str(path), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", choose)
    wizard = open_wizard(qtbot, context, None)
    assert wizard.currentId() == PAGE_FILE and not wizard.file_page.isComplete()
    qtbot.mouseClick(wizard.file_page.browse_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert asked[0][1] == "登记表 (*.xlsx *.xlsm *.xls *.xlsb *.ods *.csv)"
    assert context.state.last_folder("import") == str(folder)
    go_next(qtbot, wizard, PAGE_SHEET)


def test_closing_during_the_import_cancels_it_and_changes_nothing(
    qtbot, context: AppContext, services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started, proceed = threading.Event(), threading.Event()
    real_apply = result_page.apply_import

    def held_apply(*args, **kwargs):  # type: ignore[no-untyped-def]
        started.set()
        proceed.wait(10)
        return real_apply(*args, **kwargs)

    monkeypatch.setattr(result_page, "apply_import", held_apply)
    wizard = open_wizard(qtbot, context, honour_register(tmp_path / "荣誉登记表.xlsx"))
    go_next(qtbot, wizard, PAGE_MAPPING)
    go_next(qtbot, wizard, PAGE_PREVIEW)
    wizard.next()
    qtbot.waitUntil(started.is_set)
    wizard.reject()
    assert wizard.isVisible()  # waits for the import to stop
    proceed.set()
    settle(qtbot)
    assert not wizard.isVisible()
    assert wizard.result_page.status.text() == "已取消导入，数据库没有任何改变。"
    assert services.units.list() == [] and services.honours.list() == []


def test_history_lists_the_batch_and_undo_removes_it(
    qtbot, context: AppContext, services: Services, tmp_path: Path, no_modal_dialogs: list[tuple[str, str]]
) -> None:
    kept = services.units.create({"name": "宁波市荷花庄小学"})
    history = ImportHistoryPage(context)
    qtbot.addWidget(history)
    history.show()
    assert history.table.rowCount() == 0

    import_messy_register(qtbot, context, honour_register(tmp_path / "荣誉登记表.xlsx"))
    assert history.table.rowCount() == 1  # refreshed on data_changed
    cells = [history.table.item(0, c).text() for c in range(history.table.columnCount())]
    assert cells[1:] == [
        "登记表",
        "荣誉登记表.xlsx",
        "荣誉登记",
        "荣誉 2 项、新建单位 1 个",
        "1",
        "2",
        "有效",
    ]

    history.table.selectRow(0)
    assert history.undo_button.isEnabled()
    qtbot.mouseClick(history.undo_button, Qt.MouseButton.LeftButton)
    settle(qtbot)

    kind, question = no_modal_dialogs[0]
    assert kind == "question" and "荣誉登记表.xlsx" in question and "2 项荣誉" in question
    assert no_modal_dialogs[1][0] == "information" and "删除荣誉 2 项、单位 1 个" in no_modal_dialogs[1][1]
    assert services.honours.list() == []
    assert [s.unit.id for s in services.units.list()] == [kept.id]
    assert history.table.item(0, 7).text().startswith("已撤销（")
    history.table.selectRow(0)
    assert not history.undo_button.isEnabled()


def test_history_refreshes_lazily_when_hidden(
    qtbot, context: AppContext, services: Services, tmp_path: Path
) -> None:
    history = ImportHistoryPage(context)
    qtbot.addWidget(history)
    import_messy_register(qtbot, context, honour_register(tmp_path / "荣誉登记表.xlsx"))
    assert history.table.rowCount() == 0  # hidden: only marked stale
    history.show()
    assert history.table.rowCount() == 1


def click_sheet(qtbot, page, sheet: str, *, on_box: bool = False) -> None:  # type: ignore[no-untyped-def]
    """Click a sheet's row in the list (on its check box: tick or untick it)."""
    item = page.sheets.item(page.sheets.row_of(sheet), 0)
    rect = page.sheets.visualItemRect(item)
    point = QPoint(rect.left() + 12, rect.center().y()) if on_box else rect.center()
    qtbot.mouseClick(page.sheets.viewport(), Qt.MouseButton.LeftButton, pos=point)


def test_sheets_with_a_header_are_ticked_and_others_can_be_viewed_and_ticked(
    qtbot, context: AppContext, tmp_path: Path
) -> None:
    path = honour_register(tmp_path / "荣誉登记表.xlsx")
    book = load_workbook(path)
    notes = book.create_sheet("填表说明", 0)
    notes.append(["请按下一工作表的格式填写"])
    book.save(path)
    wizard = open_wizard(qtbot, context, path)
    page = wizard.sheet_page
    listed = [[page.sheets.item(r, c).text() for c in range(4)] for r in range(page.sheets.rowCount())]
    assert listed == [["填表说明", "（未找到）", "", "1"], ["荣誉登记", "第 3 行", "荣誉登记表", "5"]]
    assert [p.sheet for p in page.sheets.checked()] == ["荣誉登记"]
    assert page.sheets.currentRow() == 1 and page.isComplete()

    click_sheet(qtbot, page, "填表说明")
    assert page.header_spin.text() == "（请指定）" and "没有找到可识别的表头" in page.header_label.text()
    assert page.isComplete()  # not ticked: not imported
    click_sheet(qtbot, page, "填表说明", on_box=True)
    assert not page.isComplete() and "“填表说明”还没有表头" in page.problem.text()
    click_sheet(qtbot, page, "填表说明", on_box=True)
    assert page.isComplete() and page.problem.text() == ""
    click_sheet(qtbot, page, "荣誉登记")
    assert page.header_spin.value() == 3


def test_the_sheet_list_counts_only_the_rows_the_import_reads(
    qtbot, context: AppContext, tmp_path: Path
) -> None:
    data = [
        [1, "宁波市荷花庄小学", "省卫生先进单位", "省级", "省爱卫会", "2008", None],
        [2, "东鲁派出所", "人民满意派出所", "市级", "市公安局", "2019年12月", None],
        HONOUR_HEADER,  # the header again, on the second printed page
        [3, "口东中心幼儿园", "市一级幼儿园", "市级", "市教育局", "2019", None],
        ["合计", None, "3 项"],
        ["填表人：张三", None, None, "审核人：李四"],
        ["说明：级别按授予单位填写"],
    ]
    wizard = open_wizard(qtbot, context, honour_register(tmp_path / "荣誉登记表.xlsx", data))
    page = wizard.sheet_page
    assert [page.sheets.item(0, c).text() for c in range(4)] == ["荣誉登记", "第 3 行", "荣誉登记表", "3"]

    go_next(qtbot, wizard, PAGE_MAPPING)
    go_next(qtbot, wizard, PAGE_PREVIEW)
    read = [number for number, status in preview_statuses(wizard).items() if status != "跳过"]
    assert len(read) == 3


def test_going_back_during_the_check_ignores_its_outcome(
    qtbot, context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started, proceed = threading.Event(), threading.Event()
    real_check = preview_page.check_registers

    def held_check(*args, **kwargs):  # type: ignore[no-untyped-def]
        started.set()
        proceed.wait(10)
        return real_check(*args, **kwargs)

    monkeypatch.setattr(preview_page, "check_registers", held_check)
    wizard = open_wizard(qtbot, context, honour_register(tmp_path / "荣誉登记表.xlsx"))
    go_next(qtbot, wizard, PAGE_MAPPING)
    wizard.next()
    qtbot.waitUntil(started.is_set)
    wizard.back()
    proceed.set()
    settle(qtbot)
    assert wizard.currentId() == PAGE_MAPPING and wizard.plan is None

    monkeypatch.setattr(preview_page, "check_registers", real_check)
    go_next(qtbot, wizard, PAGE_PREVIEW)
    assert len(preview_statuses(wizard)) == 5


def test_a_workbook_of_several_sheets_is_imported_in_one_go(
    qtbot, context: AppContext, services: Services, tmp_path: Path
) -> None:
    wizard = open_wizard(qtbot, context, registers.yearly_workbook(tmp_path / "各年度荣誉.xlsx"))
    page = wizard.sheet_page
    listed = [[page.sheets.item(r, c).text() for c in range(5)] for r in range(page.sheets.rowCount())]
    assert listed == [
        ["填表说明", "（未找到）", "", "1", NO_HEADER_NOTE],
        ["2019年", "第 2 行", "荣誉登记表", "2", ""],  # rows 3, 4: not the total or the footer
        ["2020年", "第 1 行", "荣誉登记表", "3", ""],
        ["单位", "第 1 行", "单位名册", "2", ""],
        ["旧表", "", "", "", HIDDEN_NOTE],
    ]
    hidden = page.sheets.item(4, 0)
    assert not hidden.flags() & Qt.ItemFlag.ItemIsUserCheckable
    click_sheet(qtbot, page, "2020年", on_box=True)
    assert [p.sheet for p in page.sheets.checked()] == ["2019年", "单位"]

    go_next(qtbot, wizard, PAGE_MAPPING)
    mapping = wizard.mapping_page
    assert mapping.sheet_row.isVisibleTo(wizard) and mapping.sheet_combo.count() == 2
    assert mapping.combo_for("荣誉称号").currentData() == "honour.title"
    mapping.sheet_combo.setCurrentText("单位")
    assert mapping.combo_for("单位类别").currentData() == "unit.category"

    go_next(qtbot, wizard, PAGE_PREVIEW)
    preview = wizard.preview_page
    model = preview.model
    rows = [tuple(model.data(model.index(r, c)) for c in (0, 1, 3)) for r in range(model.rowCount())]
    assert rows[:2] == [("单位", 2, "新增"), ("单位", 3, "新增")]  # the unit sheet first
    assert rows[2:] == [("2019年", 3, "新增"), ("2019年", 4, "新增")] + [
        ("2019年", n, "跳过") for n in range(5, 10)
    ]
    assert not preview.table.isColumnHidden(0)
    assert "工作表“2020年”不导入：未选择导入" in preview.summary.text()
    assert "工作表“填表说明”不导入：找不到可识别的表头" in preview.summary.text()
    preview.filter_combo.setCurrentText("跳过")
    assert preview.proxy.rowCount() == 5

    go_next(qtbot, wizard, PAGE_RESULT)
    assert "已导入“各年度荣誉.xlsx”的工作表“单位”、“2019年”" in wizard.result_page.status.text()
    assert sorted(s.unit.name for s in services.units.list()) == ["东鲁派出所", "宁波市荷花庄小学"]
    assert {s.unit.name: s.unit.category for s in services.units.list()}["东鲁派出所"] == "机关"
    assert len(services.honours.list()) == 2


def test_a_guessed_mapping_is_remembered_once_an_import_used_it_not_when_cancelled(
    qtbot, context: AppContext, services: Services, tmp_path: Path
) -> None:
    def note_on_the_column_page(name: str) -> str:
        wizard = open_wizard(qtbot, context, honour_register(tmp_path / name))
        go_next(qtbot, wizard, PAGE_MAPPING)
        note = wizard.mapping_page.note.text()
        go_next(qtbot, wizard, PAGE_PREVIEW)
        if name == "二.xlsx":
            go_next(qtbot, wizard, PAGE_RESULT)
        wizard.close()
        return note

    assert "自动填好" in note_on_the_column_page("一.xlsx")  # passed over, then cancelled
    assert "自动填好" in note_on_the_column_page("二.xlsx")  # so still a guess; this one is imported
    assert "上次确认" in note_on_the_column_page("三.xlsx")


def test_a_register_changed_after_its_preview_is_refused_not_imported(
    qtbot, context: AppContext, services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The clerk chose the header and columns on the file as previewed; a colleague saved another version
    over it meanwhile. The check refuses it, in Chinese, and nothing can be imported."""
    path = honour_register(tmp_path / "荣誉登记表.xlsx")
    wizard = open_wizard(qtbot, context, path)
    go_next(qtbot, wizard, PAGE_MAPPING)
    honour_register(path, [[1, "新来的单位", "未经核对的荣誉", "省级", "省爱卫会", "2020", None]])
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    settle(qtbot)
    page = wizard.preview_page
    assert wizard.currentId() == PAGE_PREVIEW
    assert page.summary.text().startswith("文件“荣誉登记表.xlsx”在预览之后被修改过，请重新预览")
    assert wizard.plan is None and page.model.rowCount() == 0
    assert not wizard.button(QWizard.WizardButton.CommitButton).isEnabled()
    assert services.units.list() == [] and services.honours.list() == []

    # as the message says: back to the first step, 浏览… and the same file again, previewed anew
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_args: (str(path), ""))
    while wizard.currentId() != PAGE_FILE:
        wizard.back()
    qtbot.mouseClick(wizard.file_page.browse_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    go_next(qtbot, wizard, PAGE_SHEET)
    assert wizard.sheet_page.table.item(3, 1).text() == "新来的单位"
    go_next(qtbot, wizard, PAGE_MAPPING)
    go_next(qtbot, wizard, PAGE_PREVIEW)
    assert list(preview_statuses(wizard).values()) == ["新增"]


def test_a_typed_path_says_enter_reads_it_while_next_is_grey(  # type: ignore[no-untyped-def]
    qtbot, context: AppContext, tmp_path: Path
) -> None:
    """A clerk types the register's path and reaches for 下一步: it stays grey (the file is read on Enter or
    when the box is left) and nothing said why."""
    register = honour_register(tmp_path / "register2024.xlsx")
    wizard = open_wizard(qtbot, context, None)
    wizard.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is wizard)
    page = wizard.file_page
    page.path_edit.setFocus()
    qtbot.waitUntil(page.path_edit.hasFocus)
    qtbot.keyClicks(QApplication.focusWidget(), str(register))
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    assert not next_button.isEnabled()
    assert "按回车键读取" in page.status.text()

    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    settle(qtbot)
    qtbot.waitUntil(next_button.isEnabled)
    assert page.status.text().startswith("已读取“register2024.xlsx”")
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert wizard.currentId() == PAGE_SHEET
