"""The template manager, the generate dialog and the preview window, driven as a clerk would."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from docx import Document
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QDialog

from core.progress import Cancelled
from core.reports import library as library_module
from core.reports.fields import REPORT_FIELDS
from core.reports.generate import report_file_name
from core.reports.library import TemplateLibrary
from core.reports.pdf import NoConverterError, converter_name
from core.reports.records import Period
from core.services import Services
from core.settings import Settings
from gui import generate_dialog as generate_module
from gui import preview as preview_module
from gui import templates_dialog as templates_module
from gui.context import AppContext
from gui.generate_dialog import GenerateDialog
from gui.preview import PreviewWindow, print_pages
from gui.templates_dialog import FieldManualDialog, TemplateManagerDialog
from tests.core.reports.hostile import docx_with

BUILTIN_NAME = "情况汇报"
WRITTEN_ON = QDate(2026, 3, 5)
CONVERT_TIMEOUT_MS = 180_000
TEMPLATE_PARAGRAPHS = (
    "{{ 单位.名称 }}情况汇报",
    "{{ 期间 }}，{{ 单位.名称 }}{{ 荣誉概述 }}。",
    "{%p for 项 in 荣誉 %}",
    "{{ loop.index }}.{{ 项.称号 }}（{{ 项.日期 }}）",
    "{%p endfor %}",
    "{{ 单位.名称 }}",
    "{{ 成文日期 }}",
)


def report_template(path: Path) -> Path:
    return docx_with(path, *TEMPLATE_PARAGRAPHS)


@pytest.fixture
def builtin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """One built-in template, 情况汇报, written by the test (the bundled ones may not exist yet)."""
    folder = tmp_path / "bundled"
    folder.mkdir()
    report_template(folder / f"{BUILTIN_NAME}.docx")
    monkeypatch.setattr(
        library_module, "builtin_specs", lambda: [(BUILTIN_NAME, "情况汇报", "测试用的内置模板")]
    )
    monkeypatch.setattr(library_module, "BUILTIN_DIR", folder)
    return folder / f"{BUILTIN_NAME}.docx"


@pytest.fixture(autouse=True)
def spring_2026(monkeypatch: pytest.MonkeyPatch) -> None:
    """The dialog offers the records' years only when they reach last year: these tests' records are of
    2024 and 2025, as seen in the spring of 2026 (WRITTEN_ON), whatever year the tests run in."""
    monkeypatch.setattr("gui.report_period.today", lambda: WRITTEN_ON.toPython())


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Files handed to the system (Word, WPS, the file manager) instead of opening them."""
    paths: list[Path] = []

    def record(path: Path) -> bool:
        paths.append(Path(path))
        return True

    for module in (templates_module, generate_module, preview_module):
        monkeypatch.setattr(module, "open_file", record)
    return paths


@pytest.fixture
def manager(qtbot, context: AppContext, builtin: Path) -> TemplateManagerDialog:  # type: ignore[no-untyped-def]
    dialog = TemplateManagerDialog(context)
    qtbot.addWidget(dialog)
    return dialog


def rows(dialog: TemplateManagerDialog) -> list[tuple[str, str]]:
    table = dialog.table
    return [(table.item(r, 0).text(), table.item(r, 1).text()) for r in range(table.rowCount())]


def messages(shown: list[tuple[str, str]], kind: str) -> list[str]:
    return [text for k, text in shown if k == kind]


# -- template manager ----------------------------------------------------------------------------


def test_manager_lists_built_in_and_added_templates(
    manager: TemplateManagerDialog, tmp_path: Path, no_modal_dialogs: list[tuple[str, str]]
) -> None:
    assert rows(manager) == [(BUILTIN_NAME, "内置")]
    assert not manager.delete_button.isEnabled() and not manager.replace_button.isEnabled()
    template = manager.add_template(report_template(tmp_path / "我的汇报.docx"))
    assert template is not None and template.name == "我的汇报"
    assert rows(manager) == [(BUILTIN_NAME, "内置"), ("我的汇报", "添加")]
    assert manager.selected_template().name == "我的汇报"
    assert manager.delete_button.isEnabled() and manager.replace_button.isEnabled()
    assert "我的汇报" in manager.status.text()
    assert no_modal_dialogs == []


def test_the_real_built_in_templates_are_listed(qtbot, context: AppContext) -> None:  # type: ignore[no-untyped-def]
    try:
        specs = library_module.builtin_specs()
    except ImportError:
        pytest.skip("core/reports/builtin.py is not there yet")
    dialog = TemplateManagerDialog(context)
    qtbot.addWidget(dialog)
    assert rows(dialog)[: len(specs)] == [(name, "内置") for name, _kind, _description in specs]


def test_a_hostile_template_is_refused_and_not_listed(
    manager: TemplateManagerDialog, tmp_path: Path, no_modal_dialogs: list[tuple[str, str]]
) -> None:
    hostile = docx_with(tmp_path / "来路不明.docx", "{{ ''.__class__.__mro__ }}")
    assert manager.add_template(hostile) is None
    warnings = messages(no_modal_dialogs, "warning")
    assert len(warnings) == 1
    assert "不能使用" in warnings[0] and "内部属性" in warnings[0]
    assert "来路不明" not in [name for name, _ in rows(manager)]
    assert not (manager.library.folder / "来路不明.docx").exists()


def test_unknown_fields_are_added_with_a_warning(
    manager: TemplateManagerDialog, tmp_path: Path, no_modal_dialogs: list[tuple[str, str]]
) -> None:
    path = docx_with(tmp_path / "拼错.docx", "{{ 单位.名称 }}{{ 荣誉总数 }}")
    assert manager.add_template(path) is not None
    warnings = messages(no_modal_dialogs, "warning")
    assert len(warnings) == 1 and "荣誉总数" in warnings[0]
    assert ("拼错", "添加") in rows(manager)


def test_adding_under_an_existing_name_asks_to_replace(
    manager: TemplateManagerDialog, tmp_path: Path, no_modal_dialogs: list[tuple[str, str]]
) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
    manager.add_template(docx_with(tmp_path / "a" / "汇报.docx", "{{ 单位.名称 }}"))
    second = docx_with(tmp_path / "b" / "汇报.docx", "{{ 单位.名称 }}{{ 荣誉数量 }}")
    template = manager.add_template(second)
    assert template is not None and "荣誉数量" in template.fields_used
    assert any("替换" in text for text in messages(no_modal_dialogs, "question"))
    assert [name for name, _ in rows(manager)].count("汇报") == 1


def test_replace_and_delete_an_added_template(
    manager: TemplateManagerDialog, tmp_path: Path, no_modal_dialogs: list[tuple[str, str]]
) -> None:
    manager.add_template(docx_with(tmp_path / "自查.docx", "{{ 单位.名称 }}"))
    assert manager.select("自查")
    replaced = manager.replace_template(docx_with(tmp_path / "新版.docx", "{{ 期间 }}"))
    assert replaced is not None and replaced.fields_used == ["期间"]
    stored = manager.library.path(manager.library.get("自查"))
    assert "{{ 期间 }}" in "\n".join(p.text for p in Document(str(stored)).paragraphs)

    assert manager.select("自查")
    assert manager.delete_template()
    assert any("删除模板“自查”" in text for text in messages(no_modal_dialogs, "question"))
    assert [name for name, _ in rows(manager)] == [BUILTIN_NAME]
    assert not stored.exists()


def test_built_in_templates_cannot_be_deleted(
    manager: TemplateManagerDialog, no_modal_dialogs: list[tuple[str, str]]
) -> None:
    assert manager.select(BUILTIN_NAME)
    manager.delete_button.setEnabled(True)  # even when forced
    manager.delete_button.click()
    assert any("内置模板" in text for text in messages(no_modal_dialogs, "warning"))
    assert rows(manager) == [(BUILTIN_NAME, "内置")]


def test_a_built_in_template_opens_as_a_copy(
    manager: TemplateManagerDialog, builtin: Path, opened: list[Path], tmp_path: Path
) -> None:
    original = builtin.read_bytes()
    assert manager.select(BUILTIN_NAME)
    copy = manager.open_in_word()
    assert opened == [copy] and copy != builtin and copy.name == f"{BUILTIN_NAME}.docx"
    copy.write_bytes(b"edited in Word")
    assert builtin.read_bytes() == original
    assert "副本" in manager.status.text()

    manager.add_template(report_template(tmp_path / "我的汇报.docx"))
    assert manager.open_in_word() == manager.library.folder / "我的汇报.docx"


def test_check_shows_fields_and_problems(
    manager: TemplateManagerDialog, tmp_path: Path, no_modal_dialogs: list[tuple[str, str]]
) -> None:
    good = manager.check_template(report_template(tmp_path / "好.docx"))
    assert good is not None and good.usable
    (info,) = messages(no_modal_dialogs, "information")
    assert "可以使用" in info and "单位.名称" in info

    broken = manager.check_template(docx_with(tmp_path / "坏.docx", "{% for 项 in 荣誉 %}{{ 项.称号 }}"))
    assert broken is not None and not broken.usable
    (warning,) = messages(no_modal_dialogs, "warning")
    assert "不能使用" in warning and "“{% for %}”没有对应的“{% endfor %}”" in warning
    assert "正文第 1 段" in warning  # where the for stands, not the end of the template
    assert [name for name, _ in rows(manager)] == [BUILTIN_NAME]  # checking adds nothing


def test_the_window_keeps_painting_while_a_template_is_checked(
    manager: TemplateManagerDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check runs in its worker process for up to its time limit: never with the window frozen (未响应)."""
    import time

    from PySide6.QtCore import QTimer

    checked = templates_module.inspect_in_worker

    def slow(*args, **kwargs):  # type: ignore[no-untyped-def]
        time.sleep(0.5)  # a slow office PC starting the worker, or a template near its limits
        return checked(*args, **kwargs)

    monkeypatch.setattr(templates_module, "inspect_in_worker", slow)
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(20)
    report = manager.check_template(report_template(tmp_path / "好.docx"))
    timer.stop()
    assert report is not None and report.usable
    assert len(ticks) >= 3  # the GUI thread went on handling events meanwhile


def test_check_of_a_file_that_is_not_a_document(
    manager: TemplateManagerDialog, tmp_path: Path, no_modal_dialogs: list[tuple[str, str]]
) -> None:
    fake = tmp_path / "假的.docx"
    fake.write_text("not a zip", encoding="utf-8")
    manager.check_button.setEnabled(True)
    manager._run(lambda: manager.check_template(fake))
    assert any("不是可用的 Word 文档" in text for text in messages(no_modal_dialogs, "warning"))


def test_blank_template_is_written_and_usable(
    manager: TemplateManagerDialog, tmp_path: Path, opened: list[Path]
) -> None:
    if templates_module.blank_template_writer() is None:
        pytest.skip("core/reports/layout.blank_template is not there yet")
    path = manager.make_blank_template(tmp_path / "空白")
    assert path is not None and path.name == "空白.docx" and path.is_file()
    assert opened == [path]  # the stubbed question answers Yes to 现在打开
    template = manager.add_template(path)
    assert template is not None and "单位.名称" in template.fields_used


def test_field_manual_lists_every_field_and_exports(
    qtbot,
    context: AppContext,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    dialog = FieldManualDialog(context)
    qtbot.addWidget(dialog)
    table = dialog.table
    assert [table.item(r, 0).text() for r in range(table.rowCount())] == [f.name for f in REPORT_FIELDS]
    dialog.filter.setText("荣誉")
    shown = [table.item(r, 0).text() for r in range(table.rowCount()) if not table.isRowHidden(r)]
    assert "荣誉概述" in shown and "单位.名称" not in shown

    written = dialog.export(tmp_path / "字段说明.docx")
    assert written is not None and written.is_file()
    names = {row.cells[0].text for row in Document(str(written)).tables[0].rows}
    assert {f.name for f in REPORT_FIELDS} <= names
    assert "已导出" in dialog.status.text()


# -- generate ------------------------------------------------------------------------------------


def add_unit(services: Services, name: str, *honours: tuple[str, str]) -> int:
    unit_id = services.units.create({"name": name, "category": "学校"}).id
    for title, when in honours:
        services.honours.create(unit_id, {"title": title, "level": "省级", "awarded": when})
    return unit_id


@pytest.fixture
def units(services: Services) -> list[int]:
    return [
        add_unit(services, "宁波市荷花庄小学", ("省卫生先进单位", "2025-12"), ("市文明单位", "2024")),
        add_unit(services, "江东区中心幼儿园", ("市示范幼儿园", "2025")),
    ]


def make_generate_dialog(qtbot, context: AppContext, selected: list[int], filtered: list[int]):  # type: ignore[no-untyped-def]
    dialog = GenerateDialog(context, selected, filtered)
    qtbot.addWidget(dialog)
    dialog.written_on.setDate(WRITTEN_ON)
    dialog.first_year.setValue(2024)
    dialog.last_year.setValue(2026)
    return dialog


def run_generation(qtbot, dialog: GenerateDialog) -> list:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(dialog.generated, timeout=60_000) as blocker:
        dialog.generate_button.click()
    return blocker.args[0]


def document_text(path: Path) -> str:
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


def test_generate_dialog_defaults(qtbot, context: AppContext, builtin: Path, units: list[int]) -> None:  # type: ignore[no-untyped-def]
    dialog = GenerateDialog(context, [units[0]], units)
    qtbot.addWidget(dialog)
    assert dialog.template_name() == BUILTIN_NAME
    assert dialog.scope_current.isChecked() and "宁波市荷花庄小学" in dialog.scope_current.text()
    assert dialog.scope_filtered.text() == "列表中筛选出的全部单位（2 个）"
    # the most recent span with the units' honours, not simply the last three years
    assert (dialog.first_year.value(), dialog.last_year.value()) == (2024, 2025)
    assert dialog.undated_omit.isChecked() and dialog.author.text() == ""
    assert dialog.written_date() == dt.date.today()
    year = dt.date.today().year
    assert dialog.written_on.displayFormat() == "yyyy年M月d日"
    assert dialog.separate.isChecked() and Path(dialog.output.text()).is_dir()
    dialog.first_year.setValue(year + 1)
    assert dialog.last_year.value() == year + 1  # the period never runs backwards


def test_generate_one_file_per_unit_and_merged(  # type: ignore[no-untyped-def]
    qtbot, context: AppContext, builtin: Path, units: list[int], tmp_path: Path
) -> None:
    services = context.services
    entities: list[str] = []
    context.data_changed.connect(entities.append)
    dialog = make_generate_dialog(qtbot, context, [units[0]], units)
    dialog.scope_filtered.setChecked(True)
    folder = tmp_path / "汇报"
    dialog.output.setText(str(folder))

    results = run_generation(qtbot, dialog)
    expected = {
        folder / report_file_name("宁波市荷花庄小学", BUILTIN_NAME, 2026),
        folder / report_file_name("江东区中心幼儿园", BUILTIN_NAME, 2026),
    }
    assert {r.path for r in results} == expected == set(dialog.result_paths())
    assert (folder / "宁波市荷花庄小学-情况汇报-2026.docx").is_file()
    text = document_text(folder / "宁波市荷花庄小学-情况汇报-2026.docx")
    assert "省卫生先进单位" in text and "2026年3月5日" in text and "2024年至2026年" in text
    assert "report" in entities
    assert context.state.last_folder("reports") == str(folder)
    for unit_id in units:
        (report,) = services.reports.for_unit(unit_id)
        assert report.template_name == BUILTIN_NAME and Path(report.output_path) in expected

    dialog.merge.setChecked(True)
    assert Path(dialog.output.text()) == folder / "情况汇报-合并-2026.docx"
    results = run_generation(qtbot, dialog)
    merged = folder / "情况汇报-合并-2026.docx"
    assert {r.path for r in results} == {merged} and dialog.result_paths() == [merged]
    assert "合并文档（2 个单位）" in dialog.result_list.item(0).text()
    text = document_text(merged)
    assert "宁波市荷花庄小学情况汇报" in text and "江东区中心幼儿园情况汇报" in text
    for unit_id in units:
        newest, _first = services.reports.for_unit(unit_id)
        assert Path(newest.output_path) == merged and newest.parameters["merge"] is True


def test_one_unit_goes_to_the_docx_file_typed_and_a_held_file_is_reported(  # type: ignore[no-untyped-def]
    qtbot, context: AppContext, builtin: Path, units: list[int], tmp_path: Path, no_modal_dialogs, monkeypatch
) -> None:
    from core.reports import output

    dialog = make_generate_dialog(qtbot, context, [units[0]], units)
    target = tmp_path / "报送" / "荷花庄小学.docx"
    dialog.output.setText(str(target))
    [result] = run_generation(qtbot, dialog)
    assert result.path == target and target.is_file() and dialog.result_paths() == [target]
    assert "宁波市荷花庄小学情况汇报" in document_text(target)

    held = tmp_path / "汇报" / report_file_name("宁波市荷花庄小学", BUILTIN_NAME, 2026)
    held.parent.mkdir()
    held.write_bytes(b"open in Word")

    def word(path: Path) -> object:  # Word's sharing lock, as Windows reports it
        if Path(path) == held:
            raise PermissionError(13, "sharing violation", str(path))
        return open(path, "r+b")

    monkeypatch.setattr(output, "_open_for_update", word)
    dialog.scope_filtered.setChecked(True)
    dialog.output.setText(str(held.parent))
    results = run_generation(qtbot, dialog)
    assert [r.unit_name for r in results] == ["江东区中心幼儿园"] and held.read_bytes() == b"open in Word"
    [warning] = messages(no_modal_dialogs, "warning")
    assert "1 个单位未能生成" in warning and "宁波市荷花庄小学" in warning and "被其他程序占用" in warning
    assert "1 个单位未能生成" in dialog.status.text()


def test_a_report_held_open_in_word_is_generated_again_by_retry_once_closed(  # type: ignore[no-untyped-def]
    qtbot, context: AppContext, builtin: Path, units: list[int], tmp_path: Path, monkeypatch
) -> None:
    """Windows refuses to replace a .docx open in Word or WPS: the unit is left out and named, the open file
    kept; 重试 after closing it makes only that unit again, and both reports are listed."""
    from PySide6.QtWidgets import QMessageBox

    from core.reports import output

    folder = tmp_path / "汇报"
    held = folder / report_file_name("宁波市荷花庄小学", BUILTIN_NAME, 2026)
    folder.mkdir()
    held.write_bytes(b"open in Word")
    (folder / f"~${held.name[2:]}").write_bytes(b"owner")  # Word's owner file beside the open document
    open_in_word = {held}

    def word(path: Path) -> object:  # Word's sharing lock, as Windows reports it
        if Path(path) in open_in_word:
            raise PermissionError(13, "sharing violation", str(path))
        return open(path, "r+b")

    asked: list[str] = []

    def close_then_retry(parent, title, text, buttons=QMessageBox.StandardButton.Ok, *args):  # type: ignore[no-untyped-def]
        asked.append(text)
        assert buttons & QMessageBox.StandardButton.Retry
        open_in_word.clear()  # the clerk closes the document in Word
        (folder / f"~${held.name[2:]}").unlink()
        return QMessageBox.StandardButton.Retry

    monkeypatch.setattr(output, "_open_for_update", word)
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(close_then_retry))
    dialog = make_generate_dialog(qtbot, context, [units[0]], units)
    dialog.scope_filtered.setChecked(True)
    dialog.output.setText(str(folder))
    with qtbot.waitSignal(dialog.generated, timeout=60_000):
        dialog.generate_button.click()
    [text] = asked
    assert f"“{held.name}”正在 Word 或 WPS 中打开，请先在 Word/WPS 中关闭它" in text and "重试" in text
    with qtbot.waitSignal(dialog.generated, timeout=60_000) as retried:
        pass
    assert sorted(r.unit_name for r in retried.args[0]) == ["宁波市荷花庄小学", "江东区中心幼儿园"]
    assert "宁波市荷花庄小学情况汇报" in document_text(held)
    assert sorted(dialog.result_paths()) == sorted(
        folder / name for name in (held.name, *[report_file_name("江东区中心幼儿园", BUILTIN_NAME, 2026)])
    )
    assert len(asked) == 1 and "2 个单位" in dialog.status.text()


def test_a_merged_document_held_open_in_word_is_generated_again_by_retry_once_closed(  # type: ignore[no-untyped-def]
    qtbot, context: AppContext, builtin: Path, units: list[int], tmp_path: Path, monkeypatch
) -> None:
    """合并为一个文件 onto a merged document still open in Word: Windows' sharing violation (winerror 32)
    refuses it as it refuses a single report; the same 重试 makes the whole document once it is closed."""
    from PySide6.QtWidgets import QMessageBox

    from core.reports import output
    from tests.core.windows_errors import windows_error

    folder = tmp_path / "汇报"
    held = folder / "情况汇报-合并-2026.docx"
    folder.mkdir()
    held.write_bytes(b"open in Word")
    owner = folder / f"~${held.name[2:]}"
    owner.write_bytes(b"owner")  # Word's owner file beside the open document
    open_in_word = {held}

    def word(path: Path) -> object:
        if Path(path) in open_in_word:
            raise windows_error(32, "另一个程序正在使用此文件，进程无法访问。", errno=13)
        return open(path, "r+b")

    asked: list[tuple[str, object]] = []

    def close_then_retry(parent, title, text, buttons=QMessageBox.StandardButton.Ok, *args):  # type: ignore[no-untyped-def]
        asked.append((text, buttons))
        open_in_word.clear()  # the clerk closes the document in Word
        owner.unlink()
        return QMessageBox.StandardButton.Retry

    monkeypatch.setattr(output, "_open_for_update", word)
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(close_then_retry))
    dialog = make_generate_dialog(qtbot, context, [units[0]], units)
    dialog.scope_filtered.setChecked(True)
    dialog.merge.setChecked(True)
    dialog.output.setText(str(held))
    with qtbot.waitSignal(dialog.generation_failed, timeout=60_000):
        dialog.generate_button.click()
    [(text, buttons)] = asked
    assert f"“{held.name}”正在 Word 或 WPS 中打开" in text and "重试" in text
    assert buttons & QMessageBox.StandardButton.Retry  # type: ignore[operator]
    assert held.read_bytes() == b"open in Word"  # the open document is left as it was
    with qtbot.waitSignal(dialog.generated, timeout=60_000) as retried:
        pass
    assert sorted(r.unit_name for r in retried.args[0]) == ["宁波市荷花庄小学", "江东区中心幼儿园"]
    assert {r.path for r in retried.args[0]} == {held} and dialog.result_paths() == [held]
    merged = document_text(held)
    assert "宁波市荷花庄小学情况汇报" in merged and "江东区中心幼儿园情况汇报" in merged
    assert len(asked) == 1


def test_merged_with_continuous_page_numbers_and_contents(  # type: ignore[no-untyped-def]
    qtbot, context: AppContext, builtin: Path, units: list[int], tmp_path: Path
) -> None:
    dialog = make_generate_dialog(qtbot, context, [units[0]], units)
    dialog.scope_filtered.setChecked(True)
    assert not dialog.continuous.isEnabled()
    dialog.merge.setChecked(True)
    assert dialog.continuous.isEnabled()
    dialog.continuous.setChecked(True)
    dialog.output.setText(str(tmp_path / "汇编.docx"))
    run_generation(qtbot, dialog)
    paragraphs = [p.text for p in Document(str(tmp_path / "汇编.docx")).paragraphs]
    assert paragraphs[:3] == ["目  录", "1. 宁波市荷花庄小学\t", "2. 江东区中心幼儿园\t"]


def checked(qtbot, dialog: GenerateDialog):  # type: ignore[no-untyped-def]
    """The pre-flight check of the dialog's current form, once the dialog shows it."""
    with qtbot.waitSignal(dialog.preflight_ready, timeout=20_000) as blocker:
        pass
    return blocker.args[0]


def tree_rows(item) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(item.child(i).text(0), item.child(i).text(1)) for i in range(item.childCount())]


def test_preflight_shows_sources_and_what_is_left_out_and_the_choice_is_remembered(  # type: ignore[no-untyped-def]
    qtbot, context: AppContext, tmp_path: Path
) -> None:
    """With the bundled 情况汇报, as a clerk gets it."""
    services = context.services
    unit_id = add_unit(services, "宁波市荷花庄小学", ("省卫生先进单位", "2025-12"), ("老荣誉", "2010"))
    services.honours.create(unit_id, {"title": "全国写字教育先进集体"})  # no year
    services.honours.create(unit_id, {"title": "全国优秀教师", "recipient": "王丽", "awarded": "2025"})
    services.materials.create(unit_id, {"year": 2025, "topic": "主要做法", "text": "做法。"})
    dialog = GenerateDialog(context, [unit_id], [unit_id])
    qtbot.addWidget(dialog)
    plan = checked(qtbot, dialog)
    assert plan.period == Period(2025, 2025)  # the most recent span with records
    tree = dialog.preflight_tree
    assert tree.topLevelItemCount() == 1
    unit = tree.topLevelItem(0)
    assert unit.text(0) == "宁波市荷花庄小学"
    assert unit.text(1).startswith(
        "本单位荣誉 1 项写入；个人荣誉 1 项（写明获得者）；未注明时间 1 项（不写入）"
    )
    rows = tree_rows(unit)
    assert ("主要做法", "材料“主要做法”（2025年）") in rows
    assert ("存在问题", "无可用材料，将显示（此处请补充“存在问题”材料）") in rows
    assert ("工作成效", "荣誉 2 项") in rows  # the unit's and 王丽's, no placeholder
    groups = {unit.child(i).text(0): unit.child(i) for i in range(unit.childCount())}
    assert tree_rows(groups["未注明获得时间（不写入）"]) == [("", "全国写字教育先进集体")]
    assert tree_rows(groups["个人荣誉（写明获得者）"]) == [("", "王丽：全国优秀教师（2025年）")]
    assert tree_rows(groups["期间以外（不写入）"]) == [("", "老荣誉（2010年）")]
    assert "未注明获得时间的荣誉共 1 项，不写入汇报" in dialog.preflight_note.text()

    dialog.undated_list.click()
    plan = checked(qtbot, dialog)
    assert plan.options.list_undated
    assert "未注明获得时间（单列，写明时间未记录）" in [unit.text(0) for unit in _children(dialog)]
    dialog.author.setText("江东区文明办")
    dialog.output.setText(str(tmp_path / "out"))
    (result,) = run_generation(qtbot, dialog)
    document = Document(str(result.path))
    assert document.core_properties.author == "江东区文明办"
    assert "以下荣誉的获得时间未记录：我校曾被评为全国写字教育先进集体。" in [
        p.text for p in document.paragraphs
    ]
    saved = Settings.load(context.data_dir.settings_file)
    assert (saved.report_undated, saved.report_period, saved.report_author) == (
        "list",
        [2025, 2025],
        "江东区文明办",
    )

    again = GenerateDialog(context, [unit_id], [unit_id])
    qtbot.addWidget(again)
    assert again.undated_list.isChecked() and again.author.text() == "江东区文明办"
    assert (again.first_year.value(), again.last_year.value()) == (2025, 2025)
    checked(qtbot, again)


def _children(dialog: GenerateDialog):  # type: ignore[no-untyped-def]
    unit = dialog.preflight_tree.topLevelItem(0)
    return [unit.child(i) for i in range(unit.childCount())]


def test_a_period_the_user_chose_stays_when_the_units_change(  # type: ignore[no-untyped-def]
    qtbot, context: AppContext, builtin: Path, units: list[int]
) -> None:
    dialog = GenerateDialog(context, [units[1]], units)
    qtbot.addWidget(dialog)
    assert (dialog.first_year.value(), dialog.last_year.value()) == (2025, 2025)  # the kindergarten's year
    dialog.scope_filtered.setChecked(True)
    assert (dialog.first_year.value(), dialog.last_year.value()) == (2024, 2025)  # both units' records
    dialog.first_year.setValue(2020)
    dialog.scope_current.setChecked(True)
    assert (dialog.first_year.value(), dialog.last_year.value()) == (2020, 2025)
    plan = checked(qtbot, dialog)
    assert plan.period == Period(2020, 2025) and [u.unit_name for u in plan.units] == ["江东区中心幼儿园"]


def test_generating_again_asks_before_replacing(  # type: ignore[no-untyped-def]
    qtbot,
    context: AppContext,
    builtin: Path,
    units: list[int],
    tmp_path: Path,
    no_modal_dialogs: list[tuple[str, str]],
) -> None:
    dialog = make_generate_dialog(qtbot, context, [units[0]], units)
    dialog.output.setText(str(tmp_path))
    run_generation(qtbot, dialog)
    assert messages(no_modal_dialogs, "question") == []
    run_generation(qtbot, dialog)  # the stub answers Yes
    (question,) = messages(no_modal_dialogs, "question")
    assert "宁波市荷花庄小学-情况汇报-2026.docx" in question
    assert len(context.services.reports.for_unit(units[0])) == 2


def test_an_added_template_generates_too(  # type: ignore[no-untyped-def]
    qtbot, context: AppContext, builtin: Path, units: list[int], tmp_path: Path
) -> None:
    TemplateLibrary(context.services.db).add(
        docx_with(tmp_path / "简报.docx", "{{ 单位.简称 }}{{ 荣誉数量 }}项")
    )
    dialog = make_generate_dialog(qtbot, context, [units[1]], units)
    dialog.template.setCurrentIndex(dialog.template.findData("简报"))
    dialog.output.setText(str(tmp_path / "out"))
    (result,) = run_generation(qtbot, dialog)
    assert result.path.name == "江东区中心幼儿园-简报-2026.docx"
    assert "1项" in document_text(result.path)


def test_nothing_to_generate_is_explained(  # type: ignore[no-untyped-def]
    qtbot, context: AppContext, builtin: Path, no_modal_dialogs: list[tuple[str, str]]
) -> None:
    dialog = make_generate_dialog(qtbot, context, [], [])
    assert not dialog.scope_current.isEnabled() and not dialog.scope_filtered.isEnabled()
    dialog.generate_button.click()
    (warning,) = messages(no_modal_dialogs, "warning")
    assert "没有要生成汇报的单位" in warning


def test_a_cancelled_generation_leaves_the_dialog_usable(  # type: ignore[no-untyped-def]
    qtbot, context: AppContext, builtin: Path, units: list[int], tmp_path: Path, monkeypatch
) -> None:
    def cancelled(database, request, progress):  # type: ignore[no-untyped-def]
        raise Cancelled()

    monkeypatch.setattr(generate_module, "generate_reports", cancelled)
    dialog = make_generate_dialog(qtbot, context, [units[0]], units)
    dialog.output.setText(str(tmp_path))
    dialog.generate_button.click()
    qtbot.waitUntil(lambda: not dialog.running)
    assert "已取消" in dialog.status.text()
    assert dialog.generate_button.isEnabled() and dialog.result_list.count() == 0


def test_result_buttons_open_the_file_and_its_folder(  # type: ignore[no-untyped-def]
    qtbot, context: AppContext, builtin: Path, units: list[int], tmp_path: Path, opened: list[Path]
) -> None:
    dialog = make_generate_dialog(qtbot, context, [units[0]], units)
    dialog.output.setText(str(tmp_path))
    (result,) = run_generation(qtbot, dialog)
    dialog.open_button.click()
    dialog.folder_button.click()
    assert opened == [result.path, result.path.parent]


def test_a_folder_no_program_opens_is_copied_for_the_clerk(  # type: ignore[no-untyped-def]
    qtbot, context: AppContext, builtin: Path, units: list[int], tmp_path: Path, monkeypatch, no_modal_dialogs
) -> None:
    """Seen in the window with no file manager: 打开所在文件夹 said only 无法打开文件夹; the clerk now gets
    the folder's path on the clipboard and is told where to paste it."""
    monkeypatch.setattr(generate_module, "open_file", lambda path: False)
    dialog = make_generate_dialog(qtbot, context, [units[0]], units)
    dialog.output.setText(str(tmp_path))
    (result,) = run_generation(qtbot, dialog)
    qtbot.mouseClick(dialog.folder_button, Qt.MouseButton.LeftButton)
    (warning,) = messages(no_modal_dialogs, "warning")
    assert str(result.path.parent) in warning and "已复制" in warning and "地址栏" in warning
    assert QApplication.clipboard().text() == str(result.path.parent)


# -- preview -------------------------------------------------------------------------------------


def no_converter(docx: Path, pdf: Path | None = None) -> Path:
    raise NoConverterError("本机没有找到 Word 或 LibreOffice，无法转换为 PDF。")


@pytest.fixture
def generated_docx(context: AppContext, builtin: Path, units: list[int], tmp_path: Path) -> Path:
    from core.reports.context import Period
    from core.reports.generate import GenerateRequest, generate_reports

    request = GenerateRequest(BUILTIN_NAME, [units[0]], Period(2024, 2026), dt.date(2026, 3, 5), tmp_path)
    (result,) = generate_reports(context.services.db, request)
    return result.path


@pytest.mark.skipif(converter_name() is None, reason="neither Word nor LibreOffice is installed")
def test_preview_shows_the_pages(qtbot, context: AppContext, generated_docx: Path) -> None:  # type: ignore[no-untyped-def]
    window = PreviewWindow(context, generated_docx)
    qtbot.addWidget(window)
    window.resize(800, 900)
    window.show()
    with qtbot.waitSignal(window.loaded, timeout=CONVERT_TIMEOUT_MS) as blocker:
        pass
    assert blocker.args[0] >= 1 and window.page_count() == blocker.args[0]
    assert window.page_count_label.text() == f"共 {window.page_count()} 页"
    assert not window.page_labels[0].pixmap().isNull()
    assert window.images[0].pixel(5, 5) == QColor("white").rgba()  # a white page, opaque
    assert window.stack.currentWidget() is window.scroll
    width = window.page_labels[0].width()
    window.zoom_in_button.click()
    assert window.page_labels[0].width() > width and not window.fit_width
    window.set_zoom(1.0)
    assert window.zoom_label.text() == "100%"
    window.fit_button.click()
    assert window.fit_width
    assert not (generated_docx.with_suffix(".pdf")).exists()  # the PDF goes to a temporary folder


def test_preview_without_a_converter_says_so(  # type: ignore[no-untyped-def]
    qtbot, context: AppContext, generated_docx: Path, monkeypatch, opened: list[Path]
) -> None:
    monkeypatch.setattr(preview_module, "to_pdf", no_converter)
    window = PreviewWindow(context, generated_docx)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.failed, timeout=30_000) as blocker:
        pass
    assert blocker.args[0].startswith("本机没有 Word、WPS 或 LibreOffice")
    assert window.stack.currentWidget() is window.message
    assert "本机没有 Word、WPS 或 LibreOffice" in window.message.text()
    assert window.open_button.isEnabled() and not window.zoom_in_button.isEnabled()
    window.open_button.click()
    assert opened == [generated_docx]


def test_without_pages_print_falls_back_to_the_system(  # type: ignore[no-untyped-def]
    qtbot, context: AppContext, generated_docx: Path, monkeypatch, no_modal_dialogs
) -> None:
    monkeypatch.setattr(preview_module, "to_pdf", no_converter)
    printed: list[Path] = []
    window = PreviewWindow(context, generated_docx)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.failed, timeout=30_000):
        pass
    assert window.print_button.isEnabled()
    monkeypatch.setattr(preview_module, "print_with_system", lambda path: printed.append(path) or True)
    window.print_button.click()
    assert printed == [generated_docx] and "打印" in window.status.text()

    monkeypatch.setattr(preview_module, "print_with_system", lambda path: False)
    window.print_button.click()  # no system print and no pages: a clear message
    assert any("Word 或 WPS 中打印" in text for text in messages(no_modal_dialogs, "warning"))


def _two_page_pdf(path: Path) -> Path:
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    page = QImage(210, 297, QImage.Format.Format_ARGB32)
    page.fill(QColor("white"))
    print_pages(printer, [page, page])
    return path


def test_with_pages_print_goes_through_the_print_dialog_not_the_system(  # type: ignore[no-untyped-def]
    qtbot, context: AppContext, generated_docx: Path, monkeypatch, tmp_path: Path
) -> None:
    source = _two_page_pdf(tmp_path / "source.pdf")
    monkeypatch.setattr(
        preview_module, "to_pdf", lambda docx, pdf: Path(pdf).write_bytes(source.read_bytes()) and Path(pdf)
    )
    monkeypatch.setattr(
        preview_module, "print_with_system", lambda path: pytest.fail("printed behind the user's back")
    )
    target = tmp_path / "打印结果.pdf"
    shown: list[QPrinter] = []

    class AcceptingPrintDialog:
        """The user picks pages 2–2, two copies, and presses 打印 (the printer is a PDF file here)."""

        def __init__(self, printer: QPrinter, parent: object) -> None:
            self.printer = printer

        def setWindowTitle(self, title: str) -> None:
            assert title == "打印"

        def setMinMax(self, low: int, high: int) -> None:
            assert (low, high) == (1, 2)

        def exec(self) -> QDialog.DialogCode:
            shown.append(self.printer)
            self.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            self.printer.setOutputFileName(str(target))
            self.printer.setFromTo(2, 2)
            return QDialog.DialogCode.Accepted

    monkeypatch.setattr(preview_module, "QPrintDialog", AcceptingPrintDialog)
    window = PreviewWindow(context, generated_docx)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.loaded, timeout=30_000):
        pass
    window.print_button.click()
    qtbot.waitUntil(lambda: "已发送" in window.status.text(), timeout=30_000)
    assert shown and window.status.text() == "已发送 1 页到打印机。"
    assert target.read_bytes().startswith(b"%PDF")


def test_print_pages_paints_every_page(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    target = tmp_path / "打印.pdf"
    printer.setOutputFileName(str(target))
    printer.setFullPage(True)
    page = QImage(300, 424, QImage.Format.Format_ARGB32)
    page.fill(QColor("white"))
    assert print_pages(printer, [page, page]) == 2
    assert target.read_bytes().startswith(b"%PDF")


def test_preview_from_the_generate_dialog(  # type: ignore[no-untyped-def]
    qtbot, context: AppContext, builtin: Path, units: list[int], tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(preview_module, "to_pdf", no_converter)
    dialog = make_generate_dialog(qtbot, context, [units[0]], units)
    dialog.output.setText(str(tmp_path))
    (result,) = run_generation(qtbot, dialog)
    window = dialog.preview_result()
    assert isinstance(window, PreviewWindow) and window.docx_path == result.path
    with qtbot.waitSignal(window.failed, timeout=30_000):
        pass
    assert dialog.previews == [window]


@pytest.mark.skipif(
    converter_name() is None or not (library_module.BUILTIN_DIR / f"{BUILTIN_NAME}.docx").is_file(),
    reason="needs the bundled 情况汇报.docx and Word or LibreOffice",
)
def test_the_bundled_template_generates_and_previews(  # type: ignore[no-untyped-def]
    qtbot, context: AppContext, units: list[int], tmp_path: Path
) -> None:
    dialog = make_generate_dialog(qtbot, context, [units[0]], units)
    assert dialog.template_name() == BUILTIN_NAME
    dialog.output.setText(str(tmp_path))
    (result,) = run_generation(qtbot, dialog)
    assert result.path.name == "宁波市荷花庄小学-情况汇报-2026.docx"
    window = dialog.preview_result()
    with qtbot.waitSignal(window.loaded, timeout=CONVERT_TIMEOUT_MS) as blocker:
        pass
    assert blocker.args[0] >= 1


def test_open_previews_move_to_the_main_window_when_the_dialog_closes(  # type: ignore[no-untyped-def]
    qtbot, context: AppContext, builtin: Path, units: list[int], tmp_path: Path, monkeypatch
) -> None:
    from PySide6.QtWidgets import QWidget

    monkeypatch.setattr(preview_module, "to_pdf", no_converter)
    main = QWidget()
    qtbot.addWidget(main)
    main.show()
    dialog = GenerateDialog(context, [units[0]], units, main)
    dialog.written_on.setDate(WRITTEN_ON)
    dialog.output.setText(str(tmp_path))
    dialog.show()
    run_generation(qtbot, dialog)
    window = dialog.preview_result()
    with qtbot.waitSignal(window.failed, timeout=30_000):
        pass
    dialog.accept()
    assert window.parentWidget() is main and window.isVisible() and window.isWindow()
    window.close()


def test_check_tries_the_template_on_a_unit_and_names_the_failing_expression(
    manager: TemplateManagerDialog, tmp_path: Path, no_modal_dialogs: list[tuple[str, str]]
) -> None:
    failing = docx_with(tmp_path / "除法.docx", "{{ 单位.名称 }}", "人均{{ 单位.名称 / 2 }}")
    report = manager.check_template(failing)
    assert report is not None and not report.usable
    (warning,) = messages(no_modal_dialogs, "warning")
    assert "不能使用" in warning and "生成时出错" in warning and "表达式“{{ 单位.名称 / 2 }}”" in warning


@pytest.mark.parametrize("installed", [set(), {"仿宋", "楷体", "方正小标宋简体", "SimHei"}])
def test_missing_official_fonts_are_told_until_dismissed(  # type: ignore[no-untyped-def]
    qtbot, context: AppContext, builtin: Path, units: list[int], monkeypatch: pytest.MonkeyPatch, installed
) -> None:
    from gui import font_notice

    monkeypatch.setattr("core.fonts.installed_font_names", lambda: installed)
    font_notice.font_check.cache_clear()
    try:
        dialog = GenerateDialog(context, [units[0]], units)
        qtbot.addWidget(dialog)
        dialog.show()
        notice = dialog.findChild(font_notice.FontNotice)
        assert notice.isVisible() == (not installed)
        if installed:
            return
        assert "仿宋_GB2312（正文）" in notice.text.text() and "方正小标宋简体（标题）" in notice.text.text()
        qtbot.mouseClick(notice.dismiss, Qt.MouseButton.LeftButton)
        assert not notice.isVisible()
        context.state.sync()
        again = GenerateDialog(context, [units[0]], units)
        qtbot.addWidget(again)
        again.show()
        assert not again.findChild(font_notice.FontNotice).isVisible()  # told once, not every time
    finally:
        font_notice.font_check.cache_clear()


# -- report history ------------------------------------------------------------------------------


def test_a_history_record_naming_a_program_is_not_opened(
    qtbot,  # type: ignore[no-untyped-def]
    context: AppContext,
    services: Services,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    no_modal_dialogs: list[tuple[str, str]],
) -> None:
    """A record from a restored backup or a shared server whose 文件 is a program: 打开 says so and hands
    nothing to the system (which would run it); a generated report beside it still opens."""
    from core.models import Report
    from gui import reports_tab as reports_module
    from gui.reports_tab import ReportsTab

    program = tmp_path / "情况汇报.bat"
    program.write_text("echo hostile", encoding="utf-8")
    report = report_template(tmp_path / "东鲁派出所-情况汇报-2026.docx")
    unit = services.units.create({"name": "东鲁派出所"})
    with services.db.session(write=True) as session:
        for path in (program, report):
            session.add(Report(unit_id=unit.id, template_name=BUILTIN_NAME, output_path=str(path)))
    handed: list[Path] = []
    monkeypatch.setattr(reports_module, "open_file", lambda path: handed.append(Path(path)) or True)
    tab = ReportsTab(context)
    qtbot.addWidget(tab)
    tab.show_unit(unit.id)
    rows = {tab.table.item(row, 3).text(): row for row in range(tab.table.rowCount())}
    tab.table.selectRow(rows[str(program)])
    qtbot.mouseClick(tab.open_button, Qt.MouseButton.LeftButton)
    assert handed == []
    assert any("不是 Word 文档" in text and "情况汇报.bat" in text for _, text in no_modal_dialogs)
    tab.table.selectRow(rows[str(report)])
    qtbot.mouseClick(tab.open_button, Qt.MouseButton.LeftButton)
    assert handed == [report]


def test_files_already_in_the_folder_are_replaced_only_after_the_clerk_says_yes(  # type: ignore[no-untyped-def]
    qtbot, context: AppContext, builtin: Path, units: list[int], tmp_path: Path, monkeypatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    folder = tmp_path / "汇报"
    folder.mkdir()
    existing = [
        folder / report_file_name(name, BUILTIN_NAME, 2026)
        for name in ("宁波市荷花庄小学", "江东区中心幼儿园")
    ]
    for path in existing:
        path.write_bytes(b"the clerk's edited copy")
    asked: list[str] = []
    answer = QMessageBox.StandardButton.No
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a: asked.append(text) or answer)
    dialog = make_generate_dialog(qtbot, context, [units[0]], units)
    dialog.scope_filtered.setChecked(True)
    dialog.output.setText(str(folder))
    dialog.generate_button.click()
    assert len(asked) == 1 and all(path.name in asked[0] for path in existing)
    assert not dialog.running and all(path.read_bytes() == b"the clerk's edited copy" for path in existing)

    answer = QMessageBox.StandardButton.Yes
    results = run_generation(qtbot, dialog)
    assert {r.path for r in results} == set(existing) and len(asked) == 2
    assert all(path.read_bytes().startswith(b"PK") for path in existing)


def test_a_template_failing_for_one_unit_lists_the_files_written_before_it(  # type: ignore[no-untyped-def]
    qtbot, context: AppContext, builtin: Path, tmp_path: Path, no_modal_dialogs
) -> None:
    services = context.services
    staff = {"东湖区第一小学": 20, "东湖区第二小学": 0, "东湖区第三小学": 30}
    ids = [services.units.create({"name": name, "staff_count": count}).id for name, count in staff.items()]
    path = docx_with(tmp_path / "人均.docx", "{{ 单位.名称 }}", "人均{{ 1000 // 单位.职工人数 }}")
    TemplateLibrary(services.db).add(path)
    dialog = make_generate_dialog(qtbot, context, [], ids)
    dialog.template.setCurrentIndex(dialog.template.findData("人均"))
    folder = tmp_path / "汇报"
    dialog.output.setText(str(folder))
    with qtbot.waitSignal(dialog.generation_failed, timeout=60_000):
        dialog.generate_button.click()
    [shown] = [text for kind, text in no_modal_dialogs if kind in ("warning", "critical")]
    assert "“东湖区第二小学”" in shown and "其余 2 个单位（从“东湖区第二小学”起）未生成" in shown
    written = folder / report_file_name("东湖区第一小学", "人均", 2026)
    assert dialog.result_paths() == [written] and written.is_file()
    assert "已生成 1 份" in dialog.status.text()


def test_a_batch_cancelled_partway_lists_the_files_written_and_a_merged_one_says_none_was(  # type: ignore[no-untyped-def]
    qtbot, context: AppContext, builtin: Path, units: list[int], tmp_path: Path, monkeypatch
) -> None:
    real = generate_module.generate_reports

    def cancel_at_the_second_unit(database, request, progress):  # type: ignore[no-untyped-def]
        def tracking(done: int, total: int, label: str = "") -> None:
            if done == 1:
                raise Cancelled()
            progress(done, total, label)

        return real(database, request, tracking)

    monkeypatch.setattr(generate_module, "generate_reports", cancel_at_the_second_unit)
    dialog = make_generate_dialog(qtbot, context, [units[0]], units)
    dialog.scope_filtered.setChecked(True)
    dialog.output.setText(str(tmp_path / "汇报"))
    dialog.generate_button.click()
    qtbot.waitUntil(lambda: not dialog.running)
    written = tmp_path / "汇报" / report_file_name("宁波市荷花庄小学", BUILTIN_NAME, 2026)
    assert dialog.result_paths() == [written] and written.is_file()
    assert "取消前已生成的 1 份汇报保留" in dialog.status.text()

    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.merge.isEnabled()
    qtbot.mouseClick(dialog.merge, Qt.MouseButton.LeftButton, pos=QPoint(8, dialog.merge.height() // 2))
    assert dialog.merge.isChecked()
    qtbot.mouseClick(dialog.generate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.running)
    # The first run's file is not listed as if this run had written it (打开 would open it).
    assert "未写出合并文档" in dialog.status.text() and dialog.result_paths() == []
    assert not dialog.open_button.isEnabled()
    assert sorted(p.name for p in (tmp_path / "汇报").iterdir()) == [written.name]


def test_a_template_deleted_elsewhere_while_the_dialog_is_open_is_explained(  # type: ignore[no-untyped-def]
    qtbot, context: AppContext, builtin: Path, units: list[int], tmp_path: Path, no_modal_dialogs
) -> None:
    library = TemplateLibrary(context.services.db)
    library.add(report_template(tmp_path / "我的汇报.docx"))
    dialog = make_generate_dialog(qtbot, context, [units[0]], units)
    dialog.template.setCurrentIndex(dialog.template.findData("我的汇报"))
    dialog.output.setText(str(tmp_path / "汇报"))
    library.delete("我的汇报")  # on another PC of the office
    dialog.generate_button.click()
    [warning] = messages(no_modal_dialogs, "warning")
    assert "没有名为“我的汇报”的模板" in warning and not dialog.running
    assert not (tmp_path / "汇报").exists()


def test_the_date_a_report_was_signed_is_offered_again_in_this_session(  # type: ignore[no-untyped-def]
    qtbot, context: AppContext, builtin: Path, units: list[int], tmp_path: Path
) -> None:
    """A year-end batch (merged, then one file each, then again after a correction) is all signed on one
    day: the 成文日期 went back to today each time the dialog opened, the period did not."""
    from tests.gui.test_decision_dialogs import shown

    dialog = GenerateDialog(context, [units[0]], units)
    shown(qtbot, dialog)
    today = dialog.written_on.date()
    dialog.written_on.setFocus()
    assert QApplication.focusWidget() is dialog.written_on
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)  # the year, one back
    signed = dialog.written_on.date()
    assert signed == today.addYears(-1)
    dialog.output.setText(str(tmp_path))
    (result,) = run_generation(qtbot, dialog)
    assert f"{signed.year()}年{signed.month()}月{signed.day()}日" in document_text(result.path)
    dialog.close()

    again = GenerateDialog(context, [units[1]], units)
    qtbot.addWidget(again)
    assert again.written_on.date() == signed


def shown_generate_dialog(qtbot, context: AppContext, units: list[int]) -> GenerateDialog:  # type: ignore[no-untyped-def]
    """The report dialog on screen, 成文日期 set to WRITTEN_ON."""
    from tests.gui.test_decision_dialogs import shown

    dialog = GenerateDialog(context, [units[0]], units)
    shown(qtbot, dialog)
    dialog.written_on.setDate(WRITTEN_ON)
    return dialog


def click_and_type(qtbot, box, text: str, *, select_all: bool = False) -> None:  # type: ignore[no-untyped-def]
    """Click into a date box and type as a clerk does: Chinese arrives through the input method."""
    from tests.gui.test_decision_dialogs import type_parts

    qtbot.mouseClick(box.lineEdit(), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: box.lineEdit().selectedText() == box.lineEdit().text())  # all chosen on focus
    focused = QApplication.focusWidget()
    assert focused is box
    if select_all:
        qtbot.keyClick(focused, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_parts(qtbot, focused, text)


@pytest.mark.parametrize("typed", ["2025-01-06", "2025/1/6", "2025.1.6", "20250106", "2025年1月6日"])
def test_a_written_date_typed_into_the_box_is_the_one_used(  # type: ignore[no-untyped-def]
    qtbot, context: AppContext, builtin: Path, units: list[int], typed: str
) -> None:
    """Typing 2025-01-06 into 成文日期 was dropped, and 2025年1月6日 typed over it kept the old year."""
    dialog = shown_generate_dialog(qtbot, context, units)
    click_and_type(qtbot, dialog.written_on, typed)
    assert dialog.written_date() == dt.date(2025, 1, 6)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert dialog.written_on.text() == "2025年1月6日" and dialog.written_date() == dt.date(2025, 1, 6)
    assert dialog.written_on.hint.isHidden()


def test_a_date_typed_over_the_old_one_goes_into_the_report(  # type: ignore[no-untyped-def]
    qtbot, context: AppContext, builtin: Path, units: list[int], tmp_path: Path
) -> None:
    dialog = shown_generate_dialog(qtbot, context, units)
    click_and_type(qtbot, dialog.written_on, "2025年1月6日", select_all=True)
    dialog.output.setText(str(tmp_path))
    qtbot.mouseClick(dialog.generate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.running, timeout=60_000)
    (document,) = tmp_path.glob("*.docx")
    assert "2025年1月6日" in document_text(document)


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("2025-13-01", "月份 13"),
        ("2025年2月30日", "2月没有 30 日"),
        ("2025", "要写到日"),
        ("下周一", "可写作"),
    ],
)
def test_a_typed_text_that_is_no_date_is_shown_wrong_and_never_taken(  # type: ignore[no-untyped-def]
    qtbot, context: AppContext, builtin: Path, units: list[int], typed: str, reason: str
) -> None:
    """“2025年2月30日” passes through 2025年2月3日 while typed: that date must not stay."""
    dialog = shown_generate_dialog(qtbot, context, units)
    click_and_type(qtbot, dialog.written_on, typed)
    hint = dialog.written_on.hint
    assert hint.isVisible() and "还不是日期" in hint.text() and reason in hint.text()
    assert "#c0392b" in dialog.written_on.styleSheet()  # the red frame
    assert dialog.written_date() == WRITTEN_ON.toPython()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert dialog.written_date() == WRITTEN_ON.toPython() and dialog.written_on.text() == "2026年3月5日"
    assert (
        hint.isVisible()
        and f"“{typed}”不是日期" in hint.text()
        and "成文日期仍为 2026年3月5日" in hint.text()
    )
    click_and_type(qtbot, dialog.written_on, "2025-01-06")
    assert dialog.written_date() == dt.date(2025, 1, 6) and hint.isHidden()


def test_arrow_keys_step_a_typed_date(qtbot, context: AppContext, builtin: Path, units: list[int]) -> None:  # type: ignore[no-untyped-def]
    dialog = shown_generate_dialog(qtbot, context, units)
    click_and_type(qtbot, dialog.written_on, "2025/1/6")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Up)  # the year, one on
    assert dialog.written_date() == dt.date(2026, 1, 6) and dialog.written_on.text() == "2026年1月6日"
    assert dialog.written_on.calendarPopup()


def test_the_calendar_still_sets_a_date_after_a_wrong_text(  # type: ignore[no-untyped-def]
    qtbot, context: AppContext, builtin: Path, units: list[int]
) -> None:
    dialog = shown_generate_dialog(qtbot, context, units)
    click_and_type(qtbot, dialog.written_on, "2025-13")
    box = dialog.written_on
    arrow = QPoint(box.width() - 6, box.height() // 2)
    qtbot.mouseMove(box, arrow)
    qtbot.mousePress(box, Qt.MouseButton.LeftButton, pos=arrow)  # the arrow: the calendar pops up
    calendar = dialog.written_on.calendarWidget()
    qtbot.waitUntil(calendar.isVisible)
    qtbot.keyClick(calendar.focusWidget() or calendar, Qt.Key.Key_Right)  # the next day
    qtbot.keyClick(calendar.focusWidget() or calendar, Qt.Key.Key_Return)
    assert dialog.written_date() == dt.date(2026, 3, 6) and dialog.written_on.text() == "2026年3月6日"
    assert dialog.written_on.hint.isHidden()
