"""字段说明.docx: every report field is in its table, and it is written atomically."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from core import files
from core.errors import UserError
from core.reports import manual
from core.reports.fields import REPORT_FIELDS
from core.reports.manual import TABLE_HEADERS, write_field_manual


def _table_rows(path: Path, index: int = 0) -> list[list[str]]:
    document = Document(str(path))
    assert len(document.tables) == 2  # the unit report's fields, then the summary's
    return [[cell.text for cell in row.cells] for row in document.tables[index].rows]


def test_every_field_is_in_the_table(tmp_path: Path) -> None:
    path = write_field_manual(tmp_path / "字段说明.docx")
    rows = _table_rows(path)
    assert rows[0] == list(TABLE_HEADERS)
    assert [row[0] for row in rows[1:]] == [f.name for f in REPORT_FIELDS]
    by_name = {row[0]: row for row in rows[1:]}
    for field in REPORT_FIELDS:
        assert by_name[field.name][1:] == [field.explanation, field.example]


def test_the_summary_fields_have_their_own_table(tmp_path: Path) -> None:
    from core.reports.summary_fields import SUMMARY_FIELDS

    rows = _table_rows(write_field_manual(tmp_path / "字段说明.docx"), 1)
    assert [row[0] for row in rows[1:]] == [f.name for f in SUMMARY_FIELDS]
    assert "表述.现有荣誉" in [row[0] for row in rows]


def test_how_to_names_the_tags(tmp_path: Path) -> None:
    path = write_field_manual(tmp_path / "字段说明.docx")
    text = "\n".join(p.text for p in Document(str(path)).paragraphs)
    assert "汇报模板字段说明" in text
    for tag in ("{{ 单位.名称 }}", "{% for 项 in 荣誉 %}", "{% endfor %}", "{%p for", "{%tr for"):
        assert tag in text


def test_plain_layout_when_the_official_one_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(_layout: object) -> None:
        raise AttributeError("layout changed")

    monkeypatch.setattr(manual, "_official_document", broken)
    rows = _table_rows(write_field_manual(tmp_path / "字段说明.docx"))
    assert [row[0] for row in rows[1:]] == [f.name for f in REPORT_FIELDS]


def test_replaces_an_old_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out" / "字段说明.docx"
    target.parent.mkdir()
    target.write_bytes(b"old")
    assert write_field_manual(target) == target
    assert _table_rows(target)[0] == list(TABLE_HEADERS)
    assert [p.name for p in target.parent.iterdir()] == ["字段说明.docx"]


def test_a_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "字段说明.docx"
    target.write_bytes(b"old")

    def refuse(_source: object, _target: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(files.os, "replace", refuse)
    with pytest.raises(UserError, match="Word 或 WPS 中打开"):
        write_field_manual(target)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["字段说明.docx"]


def test_adds_the_docx_suffix(tmp_path: Path) -> None:
    assert write_field_manual(tmp_path / "说明").name == "说明.docx"
