"""An old report is read once: the text is parsed from the very bytes its hash (which recognises a
re-import) was taken of, so a file changed in between is not recorded under another content's hash."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from core.oldreports import reader
from core.reports import office
from tests.core.oldreports.written import SCHOOL, VILLAGE, write_docx


def swap_after_reading(monkeypatch: pytest.MonkeyPatch, replace: Any) -> list[bytes]:
    """The first read returns the file as it was, then the file is replaced (a share still syncing)."""
    read: list[bytes] = []
    real = reader._read_bytes

    def read_then_swap(path: Path) -> bytes:
        data = real(path)
        read.append(data)
        replace(path)
        return data

    monkeypatch.setattr(reader, "_read_bytes", read_then_swap)
    return read


def text_of(source: reader.SourceText) -> str:
    return "\n".join(block.text for block in source.blocks)


def test_a_docx_replaced_after_hashing_is_read_as_hashed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_docx(tmp_path / "工作总结.docx", SCHOOL[1])
    read = swap_after_reading(monkeypatch, lambda p: write_docx(p, VILLAGE[1]))
    source = reader.read_source(path)
    assert source.file_hash == hashlib.sha256(read[0]).hexdigest()
    assert "宁波市城东小学" in text_of(source)
    assert path.read_bytes() != read[0] and VILLAGE[1][0] not in text_of(source)


def test_an_old_doc_replaced_after_hashing_is_converted_as_hashed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Word (here a stand-in turning the file's text into a .docx) is given the bytes that were hashed."""
    ole = bytes.fromhex("d0cf11e0a1b11ae1")

    def convert(suite: office.OfficeSuite, source: Path, docx: Path, timeout: float = 0) -> Path:
        return write_docx(docx, [source.read_bytes().removeprefix(ole).decode("utf-8")])

    monkeypatch.setattr(office, "installed_suites", lambda: [office.WORD])
    monkeypatch.setattr(office, "save_as_docx", convert)
    path = tmp_path / "旧材料.doc"
    path.write_bytes(ole + "城东小学旧材料".encode())
    read = swap_after_reading(monkeypatch, lambda p: p.write_bytes(ole + "另一份文件".encode()))
    source = reader.read_source(path)
    assert source.file_hash == hashlib.sha256(read[0]).hexdigest()
    assert text_of(source) == "城东小学旧材料"
