"""荣誉 → 从证书识别…: recognise, review beside the image, accept or reject, save as one undoable batch."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from core.certificates import engine
from core.certificates.apply import mark_duplicates, proposal_from
from core.certificates.bodies import KnownNames
from core.certificates.images import Source
from core.certificates.reading import CertificateResult
from core.certificates.understand import understand
from core.importing.history import list_batches
from core.services import HonourFilter, Services
from gui.access_keys import plain_text
from gui.certificate_dialog import CertificateRecognition
from gui.certificate_dialog.dialog import FILE, NOTE, CertificateDialog
from gui.context import AppContext
from gui.main_window import MainWindow
from tests.core.certificates.samples import SCHOOL, need_ocr, sample_file, sample_page
from tests.gui.test_main_window import type_into


@pytest.fixture
def school(services: Services) -> int:
    return services.units.create({"name": SCHOOL, "supervisor": "宁波市教育局"}).id


@pytest.fixture
def window(qtbot, context: AppContext, school: int) -> MainWindow:  # type: ignore[no-untyped-def]
    main = MainWindow(context)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    main.unit_list.select_unit(school)
    main.details.setCurrentWidget(main.honours_tab)
    return main


def reviewed(context: AppContext, names: list[str], unit_id: int | None) -> CertificateDialog:
    """The review dialog over samples already recognised (the engine's run is the first test's)."""
    known = KnownNames.load(context.services.db)
    results = [
        CertificateResult(Source(sample_file(n)), sample_file(n), understand(sample_page(n), known))
        for n in names
    ]
    proposals = [proposal_from(result, known.unit(unit_id)) for result in results]
    mark_duplicates(context.services.db, proposals)
    return CertificateDialog(context, results, proposals, [u.name for u in known.units])


def test_one_certificate_read_in_the_window_is_saved_with_its_image(
    qtbot, window: MainWindow, services: Services, school: int
) -> None:
    need_ocr()
    tab = window.honours_tab
    tab.recognise_certificates([sample_file("unit_seal")])
    with qtbot.waitSignal(tab.recognition.dialog_opened, timeout=120_000) as opened:
        pass
    dialog: CertificateDialog = opened.args[0]
    form = dialog.form
    assert form.unit.currentText() == SCHOOL
    assert form.form.editors["title"].text() == "宁波市绿色学校"
    assert form.form.editors["awarded_by"].text() == "宁波市教育局"
    assert form.form.editors["awarded"].text() == "2022-12"
    assert form.form.editors["certificate_no"].text() == "甬教证〔2022〕第0153号"
    assert {line.role for line in dialog.image.lines} >= {"holder", "awarded_by", "date"}
    assert dialog.table is None and plain_text(dialog.save_button.text()) == "保存"

    with qtbot.waitSignal(dialog.saved, timeout=30_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    [honour] = services.honours.list(HonourFilter(unit_id=school))
    assert (honour.title, honour.awarded_by, honour.level) == ("宁波市绿色学校", "宁波市教育局", "市级")
    [attachment] = services.attachments.list(honour.id)
    assert services.attachments.path(attachment).read_bytes() == sample_file("unit_seal").read_bytes()
    assert list_batches(services.db)[0][0].kind == "certificate"
    assert tab.table.item(0, 1).text() == "宁波市绿色学校" and tab.table.item(0, 7).text() == "1 份"


def test_a_batch_is_reviewed_in_a_table_edited_and_saved_in_one_go(
    qtbot, context: AppContext, services: Services, school: int
) -> None:
    need_ocr()
    services.honours.create(school, {"title": "浙江省文明校园", "awarded": "2020"})
    dialog = reviewed(context, ["award", "plaque", "person"], school)
    qtbot.addWidget(dialog)
    dialog.show()
    table = dialog.table
    assert table is not None
    assert [table.item(row, FILE).text() for row in range(3)] == ["award.jpg", "plaque.png", "person.png"]
    assert table.item(0, NOTE).text() == "档案中已有"  # and not accepted
    assert table.item(0, 0).checkState() == Qt.CheckState.Unchecked
    assert table.item(1, NOTE).text() == "证书未写单位，暂填当前单位"
    assert dialog.save_button.text() == "保存已接受的 2 项"

    table.setCurrentCell(1, FILE)  # the plaque: its title is edited before saving
    assert dialog.form.form.editors["title"].text() == "宁波市文明单位"
    type_into(qtbot, dialog.form.form.editors["title"], "宁波市文明单位（第五届）")
    assert table.item(1, 3).text() == "宁波市文明单位（第五届）"

    with qtbot.waitSignal(dialog.saved, timeout=30_000) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert saved.args[0].honours_created == 2
    titles = {(h.title, h.recipient) for h in services.honours.list(HonourFilter(unit_id=school))}
    assert titles == {
        ("浙江省文明校园", None),
        ("宁波市文明单位（第五届）", None),
        ("宁波市优秀教师", "王丽"),
    }


def test_a_missing_unit_is_shown_beside_its_field_and_nothing_is_saved(
    qtbot, context: AppContext, services: Services
) -> None:
    need_ocr()
    dialog = reviewed(context, ["plaque"], None)  # no holder on a plaque, no unit selected
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.form.unit.currentText() == ""
    with qtbot.waitSignal(dialog.save_button.clicked):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled())  # the op's failure handler ran
    assert dialog.form.unit_error.isVisible() and "不能为空" in dialog.form.unit_error.text()
    assert services.honours.list() == [] and list_batches(services.db) == []
    dialog.form.unit.setFocus()
    QApplication.focusWidget().lineEdit().setText("宁波市白鹤小学")  # type: ignore[union-attr]
    with qtbot.waitSignal(dialog.saved, timeout=30_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert services.units.find_by_name("宁波市白鹤小学") is not None


def drag(paths: list[Path]) -> tuple[QDragEnterEvent, QDropEvent, QMimeData]:
    """The events of dragging paths over a widget, and their data (which must outlive them)."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    args = (
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    return QDragEnterEvent(*args), QDropEvent(*args), mime


def test_images_dropped_on_the_honours_tab_are_recognised(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    started: list[list[Path]] = []
    monkeypatch.setattr(CertificateRecognition, "recognise", lambda self, paths: started.append(paths))
    tab = window.honours_tab
    photo, notes = tmp_path / "证书.jpg", tmp_path / "说明.txt"
    photo.write_bytes(b"x")
    notes.write_text("x", encoding="utf-8")
    enter, _drop, _mime = drag([photo, notes])
    enter.ignore()
    tab.dragEnterEvent(enter)  # Qt hands the widget a drag's events only inside a real drag
    assert not enter.isAccepted()  # a text file among them: not for this tab
    enter, drop, _mime = drag([photo, tmp_path])
    enter.ignore()
    tab.dragEnterEvent(enter)
    assert enter.isAccepted()
    tab.dropEvent(drop)
    assert started == [[photo, tmp_path]]


def test_without_the_component_the_menu_entry_says_how_to_get_it(
    qtbot, context: AppContext, monkeypatch: pytest.MonkeyPatch, no_modal_dialogs: list[tuple[str, str]]
) -> None:
    monkeypatch.setattr(engine, "missing_modules", lambda: ["rapidocr_onnxruntime"])
    main = MainWindow(context)
    qtbot.addWidget(main)
    honour_menu = next(a.menu() for a in main.menuBar().actions() if a.text() == "荣誉(&R)")
    entry = next(a for a in honour_menu.actions() if a.text().startswith("从证书识别"))
    assert plain_text(entry.text()) == "从证书识别…（未安装识别组件）"
    entry.trigger()
    [(kind, text)] = no_modal_dialogs
    assert kind == "information" and "--with-ocr" in text and "不联网" in text


def test_a_level_left_as_inferred_is_saved_marked_and_one_picked_by_hand_is_not(
    qtbot, context: AppContext, services: Services, school: int, tmp_path: Path
) -> None:
    from PIL import Image

    from core.inferred import LEVEL_MARK
    from tests.core.certificates.samples import line, page, right

    known = KnownNames.load(services.db)
    results = []
    for title in ("宁波市绿色学校", "宁波市文明校园"):
        image = tmp_path / f"{title}.png"
        Image.new("RGB", (1600, 1100), "white").save(image)
        lines = page(
            line(f"{SCHOOL}：", 330), line(f"被评为“{title}”。", 420, 290), right("宁波市教育局", 780)
        )
        results.append(CertificateResult(Source(image), image, understand(lines, known)))
    proposals = [proposal_from(result) for result in results]
    dialog = CertificateDialog(context, results, proposals, [u.name for u in known.units])
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.table is not None
    dialog.table.setCurrentCell(1, FILE)  # the second: the clerk picks 县区级, then 市级 again, by hand
    level = dialog.form.form.editors["level"]
    assert level.currentText() == "市级"  # type: ignore[attr-defined]
    level.setCurrentText("县区级")  # type: ignore[attr-defined]
    level.setCurrentText("市级")  # type: ignore[attr-defined]

    with qtbot.waitSignal(dialog.saved, timeout=30_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    marks = {h.title: (h.level, (h.extra or {}).get(LEVEL_MARK)) for h in services.honours.list()}
    assert marks["宁波市文明校园"] == ("市级", None)
    level_kept, rule = marks["宁波市绿色学校"]
    assert level_kept == "市级" and rule is not None and "宁波市教育局" in rule


def test_a_large_photo_is_shown_from_its_shrunk_copy_with_the_boxes_on_it_and_saved_as_it_was(
    qtbot, window: MainWindow, services: Services, school: int, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """A 3600-pixel scan: decoded only in the bounded child; the dialog shows the child's shrunk copy
    (the boxes are in its pixels), and the honour gets the file itself."""
    need_ocr()
    from PIL import Image

    large = tmp_path / "大图扫描.png"
    with Image.open(sample_file("unit_seal")) as sample:
        sample.resize((sample.width * 9 // 4, sample.height * 9 // 4)).save(large)
    tab = window.honours_tab
    tab.recognise_certificates([large])
    with qtbot.waitSignal(tab.recognition.dialog_opened, timeout=120_000) as opened:
        pass
    dialog: CertificateDialog = opened.args[0]
    shown, result = dialog.image.image, dialog.results[0]
    assert max(shown.width(), shown.height()) == 2400
    assert (shown.width(), shown.height()) == result.size and result.preview is not None
    assert all(
        0 <= x <= shown.width() and 0 <= y <= shown.height()
        for line in dialog.image.lines
        for x, y in line.box
    )
    assert dialog.form.form.editors["title"].text() == "宁波市绿色学校"
    with qtbot.waitSignal(dialog.saved, timeout=30_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    [honour] = services.honours.list(HonourFilter(unit_id=school))
    [attachment] = services.attachments.list(honour.id)
    assert services.attachments.path(attachment).read_bytes() == large.read_bytes()


def test_an_inferred_level_is_shown_as_inferred_until_the_clerk_picks_another(
    qtbot, context: AppContext, services: Services, school: int, tmp_path: Path
) -> None:
    from PIL import Image

    from gui.inferred_mark import INFERRED_STYLE
    from tests.core.certificates.samples import line, page, right

    known = KnownNames.load(services.db)
    image = tmp_path / "绿色学校.png"
    Image.new("RGB", (1600, 1100), "white").save(image)
    lines = page(
        line(f"{SCHOOL}：", 330), line("被评为“宁波市绿色学校”。", 420, 290), right("宁波市教育局", 780)
    )
    results = [CertificateResult(Source(image), image, understand(lines, known))]
    proposals = [proposal_from(result) for result in results]
    dialog = CertificateDialog(context, results, proposals, [u.name for u in known.units])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    level = dialog.form.form.editors["level"]
    assert level.currentText() == "市级"  # type: ignore[attr-defined]
    assert level.styleSheet() == INFERRED_STYLE
    assert "推断" in level.toolTip() and "宁波市教育局" in level.toolTip()
    assert "推断" in dialog.form.hint.text()

    level.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is level)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)  # the clerk picks another level
    assert level.currentText() != "市级"  # type: ignore[attr-defined]
    assert level.styleSheet() == "" and "推断" not in level.toolTip()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Up)  # and back: now it is the clerk's choice
    assert level.currentText() == "市级"  # type: ignore[attr-defined]
    assert level.styleSheet() == "" and "推断" not in level.toolTip()
