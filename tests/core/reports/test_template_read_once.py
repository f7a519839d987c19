"""A template is opened from one private copy: the package measured against a “压缩炸弹” and counted
for its XML is the package unpacked, though the file is replaced on its share meanwhile."""

from __future__ import annotations

import tempfile
from pathlib import Path

import docx
import pytest

from core.reports import package
from core.reports.package import TemplatePackage


def template(path: Path, text: str) -> Path:
    document = docx.Document()
    document.add_paragraph(text)
    document.save(str(path))
    return path


def test_the_package_unpacked_is_the_one_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    temporary = tmp_path / "临时"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    path = template(tmp_path / "情况汇报.docx", "{{ 单位.名称 }}情况汇报")
    real = package.check_markup

    def checked_then_replaced(*args: object, **kwargs: object) -> None:
        real(*args, **kwargs)  # type: ignore[arg-type]
        template(path, "未经检查的模板")

    monkeypatch.setattr(package, "check_markup", checked_then_replaced)
    opened = TemplatePackage.open(path)
    body = opened.members["word/document.xml"].decode("utf-8")
    assert "情况汇报" in body and "未经检查" not in body
    assert list(temporary.iterdir()) == []


def test_a_template_with_a_part_that_cannot_be_decompressed_is_refused_in_chinese(tmp_path: Path) -> None:
    from tests.core.test_zip_guard import damaged_deflate

    source = Path(__file__).parents[3] / "resources" / "templates" / "情况汇报.docx"
    damaged = damaged_deflate(source, tmp_path / "损坏的模板.docx", "word/document.xml")
    with pytest.raises(package.TemplateFileError) as refused:
        TemplatePackage.open(damaged)
    assert refused.value.message == "文件“损坏的模板.docx”不是可用的 Word 文档（.docx）。"
