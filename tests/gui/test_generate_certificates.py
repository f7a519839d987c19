"""The generate dialog's 证书复印件 choice: offered where the template shows certificates and the units have
some, remembered, and honoured by the generated document."""

from __future__ import annotations

import zipfile
from pathlib import Path

from PySide6.QtCore import QDate

from core.settings import Settings
from gui.context import AppContext
from gui.generate_dialog import GenerateDialog
from tests.core.reports.certificate_data import certified_unit

APPLICATION = "创建文明单位申报材料"


def checked(qtbot, dialog: GenerateDialog):  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(dialog.preflight_ready, timeout=20_000) as blocker:
        pass
    return blocker.args[0]


def pictures_in(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        return [name for name in archive.namelist() if name.startswith("word/media/")]


def test_the_certificates_choice_is_offered_remembered_and_honoured(  # type: ignore[no-untyped-def]
    qtbot, context: AppContext, tmp_path: Path
) -> None:
    unit = certified_unit(context.services, tmp_path / "files")
    dialog = GenerateDialog(context, [unit.unit_id], [unit.unit_id])
    qtbot.addWidget(dialog)
    dialog.written_on.setDate(QDate(2024, 3, 5))
    plan = checked(qtbot, dialog)
    assert dialog.template_name() == "情况汇报"
    assert not plan.shows_certificates and not dialog.certificates.isEnabled()
    assert dialog.certificates.isChecked()  # the default: attach them where there are some

    dialog.template.setCurrentIndex(dialog.template.findData(APPLICATION))
    dialog.first_year.setValue(2021)
    dialog.last_year.setValue(2023)
    plan = checked(qtbot, dialog)
    while plan.period.first_year != 2021 or plan.template != APPLICATION:
        plan = checked(qtbot, dialog)
    assert dialog.certificates.isEnabled() and plan.certificates == 2
    unit_item = dialog.preflight_tree.topLevelItem(0)
    assert "附证书复印件 2 份，1 项荣誉没有证书" in unit_item.text(1)
    assert "证书复印件 2 份附在落款之后的附件页；1 项荣誉没有证书，不附。" in dialog.preflight_note.text()
    groups = {unit_item.child(i).text(0): unit_item.child(i) for i in range(unit_item.childCount())}
    lacking = groups["没有证书（附件中不出现）"]
    assert [lacking.child(i).text(1) for i in range(lacking.childCount())] == ["宁波市绿色学校（2023年）"]

    dialog.certificates.click()
    plan = checked(qtbot, dialog)
    assert not plan.options.certificates
    assert "证书复印件不附" in dialog.preflight_tree.topLevelItem(0).text(1)
    assert "证书复印件" not in dialog.preflight_note.text()
    dialog.output.setText(str(tmp_path / "out"))
    with qtbot.waitSignal(dialog.generated, timeout=60_000) as blocker:
        dialog.generate_button.click()
    (result,) = blocker.args[0]
    assert pictures_in(result.path) == []
    assert Settings.load(context.data_dir.settings_file).report_certificates is False

    again = GenerateDialog(context, [unit.unit_id], [unit.unit_id])
    qtbot.addWidget(again)
    assert not again.certificates.isChecked()
    again.template.setCurrentIndex(again.template.findData(APPLICATION))
    again.certificates.click()
    again.output.setText(str(tmp_path / "again"))
    checked(qtbot, again)
    with qtbot.waitSignal(again.generated, timeout=60_000) as blocker:
        again.generate_button.click()
    (result,) = blocker.args[0]
    assert len(pictures_in(result.path)) == 2
