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
