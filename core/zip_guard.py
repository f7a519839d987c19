"""Size checks on a zip package (.docx, .xlsx, .ods) before anything parses it.

A file from outside may be a zip bomb: a few megabytes that unpack to gigabytes. The central directory
states every member's sizes; Python's zipfile never returns more than a member's stated size, so checking
the stated sizes bounds what any later read can produce. The checks read only the directory: they take
milliseconds and no memory to speak of, whatever the file claims.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from core.errors import UserError

MB = 1024 * 1024


@dataclass(frozen=True)
class ZipLimits:
    max_members: int = 10_000
    max_part_bytes: int = 256 * MB  # the largest single member, unpacked
    max_total_bytes: int = 1024 * MB  # all members together, unpacked
    max_ratio: int = 200  # unpacked to packed, for members large enough for the ratio to matter
    ratio_floor_bytes: int = 16 * MB  # members smaller than this pass the ratio test


DOCX_LIMITS = ZipLimits(max_part_bytes=64 * MB, max_total_bytes=256 * MB)
# A .docx parsed in this process (an old report, a name list): about a thousand pages of ordinary Word
# markup; at worst (every tag an empty paragraph) some 530 MB and 20 seconds in python-docx.
DOCX_MAX_TAGS = 1_500_000
WORKBOOK_LIMITS = ZipLimits()


class OversizedPackageError(UserError):
    """The package would unpack to more than the limits allow; nothing was read."""


def check_package(path: Path, limits: ZipLimits, what: str = "文件", *, data: bytes | None = None) -> None:
    """Raise OversizedPackageError (Chinese, naming the file) when the package's stated sizes exceed limits.
    data: the file's bytes already read (then checked instead of path, which only names the file).

    Raises zipfile.BadZipFile when the file is not a zip at all; callers decide what that means.
    """
    with _zip(path, data) as package:
        members = package.infolist()
    if len(members) > limits.max_members:
        _refuse(path, what, f"包含 {len(members)} 个部件，超过上限 {limits.max_members} 个")
    total = 0
    for member in members:
        total += member.file_size
        if member.file_size > limits.max_part_bytes:
            _refuse(path, what, f"其中的部件“{member.filename}”解压后有 {_mb(member.file_size)}")
        if member.file_size > limits.ratio_floor_bytes and member.file_size > limits.max_ratio * max(
            member.compress_size, 1
        ):
            _refuse(path, what, f"其中的部件“{member.filename}”压缩比异常（疑似“压缩炸弹”）")
    if total > limits.max_total_bytes:
        _refuse(path, what, f"解压后共有 {_mb(total)}")


def check_markup(path: Path, max_tags: int, what: str = "文件", *, data: bytes | None = None) -> None:
    """Raise OversizedPackageError when the XML parts hold more than max_tags tags together.

    A parser builds an object for every element: eight megabytes of "<w:p/>" repeated (within every size
    and ratio limit) became 2.7 GB and 73 seconds in python-docx. For a package read in this process
    rather than in a bounded worker. The parts are streamed and only their "<" counted: well under a
    second for the largest package the size limits let through.

    Raises zipfile.BadZipFile when a part cannot be decompressed.
    """
    total = 0
    with _zip(path, data) as package:
        for member in package.infolist():
            if not member.filename.lower().endswith((".xml", ".rels")):
                continue
            try:
                with package.open(member) as part:
                    while chunk := part.read(MB):
                        total += chunk.count(b"<")
                        if total > max_tags:
                            _refuse(path, what, f"的内容过于繁杂（超过 {max_tags:,} 个 XML 标记）")
            except zlib.error as error:  # a damaged compressed part: the package is as broken as a bad zip
                raise zipfile.BadZipFile(f"{member.filename}: {error}") from error


def _zip(path: Path, data: bytes | None) -> zipfile.ZipFile:
    return zipfile.ZipFile(path if data is None else io.BytesIO(data))


def _refuse(path: Path, what: str, reason: str) -> None:
    raise OversizedPackageError(f"{what}“{path.name}”{reason}，超出可以安全读取的范围，未读取。")


def _mb(size: int) -> str:
    return f"{size / MB:,.0f} MB"
