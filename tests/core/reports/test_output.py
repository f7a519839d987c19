"""Writing a report under its file name: a failure names the file the user would have got, in its folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.reports import output
from core.reports.batch import BatchSession
from core.reports.output import NotWritten, report_file_name


class RefusedWrite:
    """A compiled template whose file cannot be created (a folder that security software guards)."""

    def render(self, context: dict, unit_name: str) -> object:
        return object()

    def write(self, rendered: object, target: Path) -> None:
        raise PermissionError(13, "拒绝访问。", str(target))


def test_a_failed_write_names_the_reports_file_and_folder_for_a_unit_with_a_slash(tmp_path: Path) -> None:
    unit = "城关镇中心小学/幼儿园"
    target = tmp_path / report_file_name(unit, "情况汇报", 2026)
    session = BatchSession()
    session.template = RefusedWrite()  # type: ignore[assignment]
    with pytest.raises(NotWritten) as refused:
        session.render_file({}, unit, str(output.temporary_beside(target)))
    message = refused.value.message
    assert message.startswith("无法写入“城关镇中心小学_幼儿园-情况汇报-2026.docx”：")
    assert f"“{tmp_path}”" in message and "城关镇中心小学”" not in message
    assert list(tmp_path.iterdir()) == []


def test_a_temporary_file_leads_back_to_its_target(tmp_path: Path) -> None:
    target = tmp_path / "宁波市荷花庄小学-情况汇报-2026.docx"
    assert output.target_of(output.temporary_beside(target)) == target
