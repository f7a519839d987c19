"""Certificate files and a unit whose honours hold them, for the tests of 证书附件 and the 附件 pages.

The unit has, in the period 2021–2023: a 2021 honour with a landscape PNG, a 2022 honour with a PDF scan, a
2023 honour without a certificate; and, each with a certificate that must never be shown: one from 2015
(outside), one undated, one a person's (2022), one revoked (2022).
"""

from __future__ import annotations

import io
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw

from core.reports.records import Period
from core.services import Services

PERIOD = Period(2021, 2023)
UNIT = "宁波市荷花庄小学"
BODY = "浙江省精神文明建设委员会"
SHOWN_CAPTIONS = (f"2021年 浙江省文明单位（{BODY}）", f"2022年 浙江省文明校园（{BODY}）")


def certificate_image(size: tuple[int, int], colour: str = "#f5ecd7", border: str = "#b41e1e") -> Image.Image:
    """A sheet with a red frame and a few ink lines, like a scanned 荣誉证书."""
    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    width, height = size
    draw.rectangle((20, 20, width - 21, height - 21), outline=border, width=12)
    for row in range(5):
        y = height // 3 + row * height // 12
        draw.line((width // 6, y, width * 5 // 6, y), fill="#302020", width=6)
    return image


def png(path: Path, size: tuple[int, int] = (1600, 1100), **colours: str) -> Path:
    certificate_image(size, **colours).save(path, "PNG")
    return path


def jpeg(path: Path, size: tuple[int, int], **colours: str) -> Path:
    certificate_image(size, **colours).save(path, "JPEG", quality=85)
    return path


def pdf(path: Path, size: tuple[int, int] = (1700, 1200)) -> Path:
    certificate_image(size, colour="#fff8e0", border="#c89a28").save(path, "PDF", resolution=150)
    return path


def huge_png(path: Path, width: int = 100_000, height: int = 100_000) -> Path:
    """A PNG whose header claims width × height pixels, with almost no data: a decompression bomb."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    data = zlib.compress(b"\x00" * 1024)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )
    return path


def truncated_png(path: Path) -> Path:
    buffer = io.BytesIO()
    certificate_image((800, 600)).save(buffer, "PNG")
    path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    return path


@dataclass
class Certified:
    unit_id: int
    png: Path  # the 2021 honour's certificate
    pdf: Path  # the 2022 honour's
    honours: dict[str, int]


def certified_unit(services: Services, folder: Path, name: str = UNIT, colour: str = "#f5ecd7") -> Certified:
    """The unit described above, its files written into folder."""
    folder.mkdir(parents=True, exist_ok=True)
    unit_id = services.units.create({"name": name, "category": "学校"}).id
    scan = png(folder / "文明单位.png", colour=colour)
    page = pdf(folder / "文明校园.pdf")
    other = jpeg(folder / "其他.jpg", (900, 1300), colour="#e0f0ff")
    rows = {
        "文明单位": (
            {"title": "浙江省文明单位", "awarded_by": BODY, "awarded": "2021", "level": "省级"},
            scan,
        ),
        "文明校园": ({"title": "浙江省文明校园", "awarded_by": BODY, "awarded": "2022-11"}, page),
        "绿色学校": ({"title": "宁波市绿色学校", "awarded_by": "宁波市教育局", "awarded": "2023"}, None),
        "期间以外": ({"title": "全国文明校园", "awarded": "2015"}, other),
        "未注明时间": ({"title": "省卫生先进单位", "awarded_by": "省爱卫会"}, other),
        "个人": ({"title": "全国优秀教师", "awarded": "2022", "recipient": "王丽"}, other),
        "已撤销": ({"title": "市平安单位", "awarded": "2022", "status": "已撤销"}, other),
    }
    honours = {}
    for key, (fields, certificate) in rows.items():
        honours[key] = services.honours.create(unit_id, fields).id
        if certificate is not None:
            services.attachments.add(honours[key], certificate)
    return Certified(unit_id, scan, page, honours)


HOSTILE_FILES = {
    # honour title → (file name, what the warning says)
    "浙江省文明校园": ("巨图.png", "像素过多"),
    "宁波市绿色学校": ("大图.png", "有 10000×9000 像素，过大"),
    "市平安单位": ("假图.png", "文件不是图片"),
    "市卫生先进单位": ("半截.png", "图片已损坏"),
}


def hostile_unit(services: Services) -> None:
    """For a bounded child (tests/core/reports/bounded.py): a unit whose 2021 certificate is fine and whose
    2022 ones are a decompression bomb, a large image, text behind .png and a cut-off PNG."""
    assert services.db.data_dir is not None
    folder = services.db.data_dir.root / "files"
    folder.mkdir()
    unit_id = services.units.create({"name": UNIT, "category": "学校"}).id
    good = services.honours.create(
        unit_id, {"title": "浙江省文明单位", "awarded_by": BODY, "awarded": "2021"}
    )
    services.attachments.add(good.id, png(folder / "好图.png"))
    files = {
        "巨图.png": huge_png(folder / "巨图.png"),
        "大图.png": huge_png(folder / "大图.png", 10_000, 9_000),
        "假图.png": folder / "假图.png",
        "半截.png": truncated_png(folder / "半截.png"),
    }
    files["假图.png"].write_bytes(b"this is not an image at all " * 100)
    for title, (name, _) in HOSTILE_FILES.items():
        honour = services.honours.create(unit_id, {"title": title, "awarded": "2022"})
        services.attachments.add(honour.id, files[name])
