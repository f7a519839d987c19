"""导入记录 for every kind of batch: the list names the kind, the question before an undo and the answer
after it say in Chinese what the undo removes and puts back."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt

from core.certificates.apply import Proposal, apply_proposals
from core.models import ImportBatch
from core.oldreports.apply import apply_reports
from core.oldreports.proposal import propose, read_report
from core.services import Services
from gui import batch_words
from gui.context import AppContext
from gui.import_history import HEADERS, ImportHistoryPage
from gui.ops import BackgroundOp
from tests.core.oldreports.written import SCHOOL, write_docx

ENGLISH = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def history_page(qtbot, context: AppContext) -> ImportHistoryPage:  # type: ignore[no-untyped-def]
    page = ImportHistoryPage(context)
    qtbot.addWidget(page)
    page.show()
    return page


def row_cells(page: ImportHistoryPage, row: int) -> dict[str, str]:
    return {header: page.table.item(row, column).text() for column, header in enumerate(HEADERS)}


def test_an_old_report_batch_is_listed_as_such_and_its_undo_names_the_materials(
    qtbot, context: AppContext, services: Services, tmp_path: Path, no_modal_dialogs
) -> None:  # type: ignore[no-untyped-def]
    path = write_docx(tmp_path / SCHOOL[0], SCHOOL[1])
    proposals = read_report(path)
    propose(services.db, proposals)
    document = apply_reports(services.db, proposals).documents[0]
    page = history_page(qtbot, context)

    cells = row_cells(page, 0)
    assert cells["类型"] == "往年材料" and cells["来源"] == path.name
    assert f"工作材料 {document.materials_created} 篇" in cells["导入内容"]
    assert f"荣誉 {document.honours_created} 项" in cells["导入内容"]

    page.table.selectRow(0)
    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not BackgroundOp.running)
    (_, question), (_, answer) = no_modal_dialogs
    assert "确定要撤销这次往年材料导入吗？" in question
    assert f"删除这次新增的 {document.materials_created} 篇工作材料" in question
    assert "删除这次新建的 1 个单位" in question
    assert f"工作材料 {document.materials_created} 篇" in answer and answer.startswith(
        "已撤销这次往年材料导入"
    )
    assert services.materials.list(document.unit_id) == []
    assert "还原单位" not in answer  # the new unit's facts went with it
    assert not ENGLISH & set((question + answer).replace(path.name, ""))


def test_a_certificate_batch_undo_names_the_images_it_removes(
    qtbot, context: AppContext, services: Services, tmp_path: Path, no_modal_dialogs
) -> None:  # type: ignore[no-untyped-def]
    images = [tmp_path / name for name in ("绿色学校.jpg", "文明校园.png")]
    for image in images:
        image.write_bytes(b"\x89PNG fake image bytes" + image.name.encode())
    proposals = [
        Proposal(image, image.name, "宁波市荷花庄小学", {"title": title, "awarded": "2022", "status": "有效"})
        for image, title in zip(images, ("宁波市绿色学校", "宁波市文明校园"), strict=True)
    ]
    apply_proposals(services.db, proposals, "证书 绿色学校.jpg 等 2 张")
    page = history_page(qtbot, context)
    cells = row_cells(page, 0)
    assert (cells["类型"], cells["来源"]) == ("证书识别", "证书 绿色学校.jpg 等 2 张")
    assert cells["导入内容"] == "荣誉 2 项、新建单位 1 个"

    page.table.selectRow(0)
    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not BackgroundOp.running)
    (_, question), (_, answer) = no_modal_dialogs
    assert "确定要撤销这次证书识别录入吗？" in question
    assert "删除这次新增的 2 项荣誉（连同保存的证书图片）" in question
    assert "删除荣誉 2 项、单位 1 个。" in answer
    assert services.honours.list() == [] and not any(context.data_dir.attachments.rglob("*.*"))


KINDS = {
    "register": ("登记表", {"honours_created": 6, "units_created": 3, "units_updated": 2, "duplicates": 1}),
    "report": (
        "往年材料",
        {"materials_created": 3, "materials_extended": 1, "honours_created": 2, "units_updated": 1},
    ),
    "certificate": ("证书识别", {"honours_created": 4, "units_created": 1, "duplicates": 1}),
    "decision": ("表彰文件", {"honours_created": 12, "units_created": 2, "duplicates": 3, "rejected": 1}),
    "review": ("复查结果", {"honours_updated": 5, "unchanged": 1, "missing": 0, "rejected": 0}),
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_says_what_its_undo_does(kind: str) -> None:
    name, counts = KINDS[kind]
    batch = ImportBatch(kind=kind, file_name="/登记表/荣誉登记表.xlsx", sheet=None, counts=counts)
    question = batch_words.undo_question(batch, "2026-11-30 09:00")
    steps = batch_words.undo_steps(batch)
    assert batch_words.kind_name(batch) == name and name in question
    for step in steps:
        assert f"· {step}" in question
    # Every count the batch recorded that an undo reverses is named, with its number.
    reversed_keys = (
        "honours_created",
        "materials_created",
        "materials_extended",
        "units_created",
        "honours_updated",
    )
    for key in reversed_keys:
        if counts.get(key):
            assert any(str(counts[key]) in step for step in steps), key
    assert ("证书图片" in question) == (kind == "certificate")
    assert not ENGLISH & set(question.replace("xlsx", ""))


def test_the_answer_lists_what_was_removed_and_restored() -> None:
    batch = ImportBatch(
        kind="review", file_name="复查“市级文明单位”：合格（2024年12月5日）", sheet=None, counts={}
    )
    result = SimpleNamespace(
        honours_removed=0,
        units_removed=0,
        units_restored=0,
        kept=[],
        materials_removed=0,
        materials_restored=0,
    )
    assert batch_words.undo_answer(batch, result).endswith("没有要删除或还原的记录。")
    result.honours_restored = 5
    answer = batch_words.undo_answer(batch, result)
    assert answer.startswith("已撤销这次复查结果记录：复查“市级文明单位”") and "还原荣誉 5 项。" in answer
    register = ImportBatch(kind="register", file_name="/x/荣誉登记表.xlsx", sheet="荣誉", counts={})
    result = SimpleNamespace(
        honours_removed=6, units_removed=2, units_restored=1, kept=["单位“甲”已有其他荣誉或材料，予以保留"]
    )
    answer = batch_words.undo_answer(register, result)
    assert "荣誉登记表.xlsx（工作表“荣誉”）" in answer
    assert "删除荣誉 6 项、单位 2 个；还原单位 1 个。" in answer and answer.endswith("予以保留")
