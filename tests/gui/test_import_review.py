"""The wizard shows where every column goes and why, lists the inferred levels and categories with their
rules and lets the clerk change them (one row, or a selection), and shows the cells worth a look."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt

from core.services import Services
from gui.context import AppContext
from gui.import_wizard import PAGE_MAPPING, PAGE_PREVIEW, PAGE_RESULT
from tests.core.importing.keeping import write_register
from tests.gui.test_import_wizard import go_next, open_wizard

HEADER = ["单位名称", "获奖名称", "获奖单位", "颁发机构名称", "获奖等级", "证书编号", "获得时间", "指导教师"]
ROWS: list[list[object]] = [
    ["杭州市文三街小学", "浙江省文明校园", "浙江省文明委", None, None, None, "2021", None],
    ["杭州市文三街小学", "书法比赛", "市教育局", None, "一等奖", "SF-01", 2019.1, "王丽"],
    ["东鲁派出所", "人民满意派出所", "市委、市政府", None, None, None, "2020", None],
]


def column_texts(table) -> dict[str, tuple[str, str]]:  # type: ignore[no-untyped-def]
    return {
        table.item(r, 1).text(): (table.item(r, 2).text(), table.item(r, 3).text())
        for r in range(table.rowCount())
    }


def test_columns_and_inferred_values_are_reviewed_and_changed(
    qtbot, context: AppContext, services: Services, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    wizard = open_wizard(qtbot, context, write_register(tmp_path / "获奖.xlsx", HEADER, ROWS))
    go_next(qtbot, wizard, PAGE_MAPPING)
    mapping = wizard.mapping_page
    assert mapping.combo_for("获奖单位").currentData() == "honour.awarded_by"  # decided from its values
    notes = {
        mapping.table.item(r, 0).text(): mapping.table.item(r, 3).text()
        for r in range(mapping.table.rowCount())
    }
    assert "授奖机关" in notes["获奖单位"] and "获奖单位" in notes["获奖单位"]
    assert mapping.combo_for("指导教师").currentText() == "荣誉·其他信息"
    assert mapping.combo_for("颁发机构名称").currentData() == "honour.extra"  # the body has its column

    go_next(qtbot, wizard, PAGE_PREVIEW)
    preview = wizard.preview_page
    summary = preview.summary.text()
    assert "作为其他信息保存" in summary and "推断" in summary and "提醒" in summary
    columns = column_texts(preview.columns_panel.table)
    assert columns["获奖等级"] == ("荣誉·等级", "按表头")
    assert columns["指导教师"][0] == "荣誉的其他信息“指导教师”"
    assert preview.tabs.tabText(3) == "提醒（1）"
    assert "10 月" in preview.warnings_panel.table.item(0, 2).text()

    panel = preview.inferred_panel
    table = panel.table
    rows = {table.item(r, 1).text(): r for r in range(table.rowCount())}
    assert table.item(rows["杭州市文三街小学：浙江省文明校园"], 2).text() == "省级"
    assert "浙江省" in table.item(rows["杭州市文三街小学：浙江省文明校园"], 3).text()
    assert table.item(rows["杭州市文三街小学"], 2).text() == "学校"
    assert preview.tabs.tabText(2) == f"推断（{table.rowCount()}）"

    # two honours at once
    preview.tabs.setCurrentWidget(panel)
    selection = table.selectionModel()
    for subject in ("杭州市文三街小学：书法比赛", "东鲁派出所：人民满意派出所"):
        selection.select(
            table.model().index(rows[subject], 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )
    assert panel.apply_button.isEnabled()
    panel.value_combo.setCurrentText("县区级")
    qtbot.mouseClick(panel.apply_button, Qt.MouseButton.LeftButton)
    assert {
        table.item(r, 2).text()
        for r in (rows["杭州市文三街小学：书法比赛"], rows["东鲁派出所：人民满意派出所"])
    } == {"县区级"}
    assert table.item(rows["东鲁派出所：人民满意派出所"], 3).text() == "手动指定"
    # one category by itself; mixing levels and categories is not offered
    table.selectRow(rows["杭州市文三街小学"])
    panel.value_combo.setCurrentText("其他")
    qtbot.mouseClick(panel.apply_button, Qt.MouseButton.LeftButton)
    selection.select(
        table.model().index(rows["杭州市文三街小学：浙江省文明校园"], 0),
        QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
    )
    assert not panel.apply_button.isEnabled()

    qtbot.mouseClick(preview.recheck_button, Qt.MouseButton.LeftButton)  # a new check keeps the choices
    qtbot.waitUntil(lambda: preview.isComplete())
    go_next(qtbot, wizard, PAGE_RESULT)
    levels = {h.title: h.level for h in services.honours.list()}
    assert levels == {"浙江省文明校园": "省级", "书法比赛": "县区级", "人民满意派出所": "县区级"}
    school = services.units.find_by_name("杭州市文三街小学")
    assert school is not None and school.category == "其他"
    [contest] = [h for h in services.honours.list() if h.title == "书法比赛"]
    assert (contest.grade, contest.certificate_no, contest.extra) == ("一等奖", "SF-01", {"指导教师": "王丽"})


def test_unit_facts_that_differ_from_the_records_are_shown_as_reminders(
    qtbot, context: AppContext, services: Services, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    services.units.create({"name": "东鲁派出所", "phone": "0574-111"})
    header = ["单位名称", "荣誉称号", "获得时间", "联系电话", "地址"]
    rows: list[list[object]] = [["东鲁派出所", "人民满意派出所", "2020", "0574-222", "东鲁路 8 号"]]
    wizard = open_wizard(qtbot, context, write_register(tmp_path / "荣誉.xlsx", header, rows))
    go_next(qtbot, wizard, PAGE_MAPPING)
    go_next(qtbot, wizard, PAGE_PREVIEW)
    preview = wizard.preview_page
    assert preview.tabs.tabText(3) == "提醒（1）" and "提醒" in preview.summary.text()
    table = preview.warnings_panel.table
    assert (table.item(0, 0).text(), table.item(0, 1).text()) == ("2", "联系电话")
    assert "“0574-111”" in table.item(0, 2).text() and "“0574-222”" in table.item(0, 2).text()
    assert "补充单位地址" in preview.model.index(0, preview.model.columnCount() - 1).data()
