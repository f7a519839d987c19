"""A name list .docx is read once: the package measured (against a “压缩炸弹”) is the package whose
names are read, though the file is replaced on its share meanwhile; no copy is left behind."""

from __future__ import annotations

import tempfile
from pathlib import Path

import docx
import pytest

from core.decisions import sources


def name_list(path: Path, names: list[str]) -> Path:
    document = docx.Document()
    for name in names:
        document.add_paragraph(name)
    document.save(str(path))
    return path


def test_the_names_read_are_those_of_the_package_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    temporary = tmp_path / "临时"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    path = name_list(tmp_path / "表彰名单.docx", ["宁波市荷花庄小学", "东鲁派出所"])
    real = sources.check_markup

    def checked_then_replaced(*args: object, **kwargs: object) -> None:
        real(*args, **kwargs)  # type: ignore[arg-type]
        name_list(path, ["未经检查的单位"])  # a colleague saves another version over it

    monkeypatch.setattr(sources, "check_markup", checked_then_replaced)
    text = sources.read_name_file(path)
    assert text.splitlines() == ["宁波市荷花庄小学", "东鲁派出所"]
    assert list(temporary.iterdir()) == []
