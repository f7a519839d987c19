"""Zip packages are sized from their directory before anything unpacks them."""

import zipfile
from pathlib import Path

import pytest

from core.zip_guard import (
    DOCX_LIMITS,
    DOCX_MAX_TAGS,
    OversizedPackageError,
    ZipLimits,
    check_markup,
    check_package,
)


def _package(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in members.items():
            package.writestr(name, data)
    return path


def test_an_ordinary_package_passes(tmp_path: Path) -> None:
    check_package(_package(tmp_path / "ok.docx", {"word/document.xml": b"<w:document/>" * 1000}), DOCX_LIMITS)


def test_a_bomb_is_refused_naming_the_file_and_part(tmp_path: Path) -> None:
    bomb = _package(tmp_path / "炸弹.docx", {"word/document.xml": b"\0" * (80 * 1024 * 1024)})
    with pytest.raises(OversizedPackageError) as refused:
        check_package(bomb, DOCX_LIMITS, "模板")
    assert refused.value.message.startswith("模板“炸弹.docx”其中的部件“word/document.xml”")
    assert "未读取" in refused.value.message


def test_a_high_ratio_part_is_refused_even_under_the_size_cap(tmp_path: Path) -> None:
    bomb = _package(tmp_path / "b.xlsx", {"xl/sharedStrings.xml": b"a" * (20 * 1024 * 1024)})
    with pytest.raises(OversizedPackageError, match="压缩比异常"):
        check_package(bomb, ZipLimits())


def test_too_many_members_and_too_much_in_total(tmp_path: Path) -> None:
    many = _package(tmp_path / "m.xlsx", {f"p{i}.xml": b"x" for i in range(30)})
    with pytest.raises(OversizedPackageError, match="30 个部件"):
        check_package(many, ZipLimits(max_members=20))
    big = _package(tmp_path / "t.xlsx", {f"p{i}.xml": bytes(range(256)) * 4096 for i in range(3)})
    with pytest.raises(OversizedPackageError, match="解压后共有"):
        check_package(big, ZipLimits(max_total_bytes=2 * 1024 * 1024, max_ratio=10**6))


def test_not_a_zip_is_left_to_the_caller(tmp_path: Path) -> None:
    plain = tmp_path / "x.docx"
    plain.write_bytes(b"not a zip")
    with pytest.raises(zipfile.BadZipFile):
        check_package(plain, DOCX_LIMITS)


def damaged_deflate(source: Path, target: Path, member: str) -> Path:
    """source with member's compressed stream starting with an invalid deflate block type: the zip's
    directory and sizes stay sound, only decompressing the part fails (zlib's "invalid block type")."""
    data = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as package:
        info = package.getinfo(member)
    assert info.compress_type == zipfile.ZIP_DEFLATED
    name_length, extra_length = (
        int.from_bytes(data[info.header_offset + 26 : info.header_offset + 28], "little"),
        (int.from_bytes(data[info.header_offset + 28 : info.header_offset + 30], "little")),
    )
    stream = info.header_offset + 30 + name_length + extra_length
    data[stream] = 0x07  # BFINAL 1, BTYPE 11: reserved, refused by zlib
    target.write_bytes(bytes(data))
    return target


def test_a_part_that_cannot_be_decompressed_is_a_bad_package(tmp_path: Path) -> None:
    sound = _package(tmp_path / "ok.docx", {"word/document.xml": b"<w:p/>" * 5000})
    damaged = damaged_deflate(sound, tmp_path / "坏.docx", "word/document.xml")
    check_package(damaged, DOCX_LIMITS)  # the directory is sound: only reading the part shows it
    with pytest.raises(zipfile.BadZipFile):
        check_markup(damaged, DOCX_MAX_TAGS)
