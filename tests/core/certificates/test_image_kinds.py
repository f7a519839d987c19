"""Certificate images of every kind a clerk receives, and crafted ones: each is decoded in the bounded
child (core/image_bounded.py) and gives either the right picture or a Chinese answer naming the file.

The files are made here and read in a child process of the test with its own memory and time limits, as
the program reads them: a runaway decoder fails the test instead of the test run."""

from __future__ import annotations

import io
import json
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from tests.conftest import REPO

PIL = pytest.importorskip("PIL.Image", reason="证书识别组件（Pillow）未安装")

WORKER = r"""
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (2048 * 1024**2, 2048 * 1024**2))
resource.setrlimit(resource.RLIMIT_CPU, (120, 120))
from pathlib import Path
from core.certificates.images import Loader, sources
from core.errors import UserError
answers = {}
with Loader() as loader:
    for name in sys.argv[1:]:
        path = Path(name)
        try:
            (source,) = sources(path)
            decoded = loader.decode(source)
            image = decoded.image
            w, h = image.size
            answers[path.name] = {
                "size": list(decoded.size), "shown": [w, h], "mode": image.mode,
                "centre": list(image.getpixel((w // 2, h // 2))), "corner": list(image.getpixel((1, 1))),
            }
        except UserError as error:
            answers[path.name] = error.message
print(json.dumps(answers, ensure_ascii=False))
"""


def read_all(*paths: Path) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-c", WORKER, *map(str, paths)],
        cwd=REPO,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def dark_square(mode: str, size: tuple[int, int], paper: object, ink: object) -> object:
    image = PIL.new(mode, size, paper)
    w, h = size
    image.paste(ink, (w // 4, h // 4, 3 * w // 4, 3 * h // 4))
    return image


def grey16_square(size: tuple[int, int], paper: int, ink: int) -> object:
    """A 16-bit grey scan (Pillow's paste into such an image does not keep the value)."""
    w, h = size
    rows = b"".join(
        b"".join(
            struct.pack("<H", ink if h // 4 <= y < 3 * h // 4 and w // 4 <= x < 3 * w // 4 else paper)
            for x in range(w)
        )
        for y in range(h)
    )
    return PIL.frombytes("I;16", size, rows)


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def lying_png(width: int, height: int) -> bytes:
    """A PNG header claiming width × height grey pixels, with a few bytes of image data."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + png_chunk(b"IEND", b"")
    )


def test_odd_but_honest_images_come_out_as_the_clerk_sees_them(tmp_path: Path) -> None:
    grey16 = tmp_path / "扫描-16位.png"
    grey16_square((400, 300), paper=60000, ink=2000).save(grey16)
    cmyk = tmp_path / "印刷-CMYK.jpg"
    dark_square("CMYK", (400, 300), (0, 0, 0, 0), (0, 255, 255, 0)).save(cmyk, quality=95)  # red
    clear = tmp_path / "透明背景.png"
    dark_square("RGBA", (400, 300), (0, 0, 0, 0), (0, 0, 0, 255)).save(clear)
    frames = [dark_square("RGB", (400, 300), "white", colour) for colour in ("red", "blue")]
    gif = tmp_path / "动图.gif"
    frames[0].save(gif, save_all=True, append_images=frames[1:], duration=200, loop=0)
    webp = tmp_path / "动图.webp"
    frames[0].save(webp, save_all=True, append_images=frames[1:], duration=200, loop=0, lossless=True)
    phone = tmp_path / "手机拍摄.jpg"
    photo = dark_square("RGB", (4000, 3000), "white", "black")
    exif = photo.getexif()
    exif[0x0112] = 6  # held upright: turn a quarter clockwise
    photo.save(phone, exif=exif, quality=80)
    answers = read_all(grey16, cmyk, clear, gif, webp, phone)

    g = answers["扫描-16位.png"]
    assert g["corner"][0] > 200 and g["centre"][0] < 40  # paper white, ink dark: not clipped to white
    c = answers["印刷-CMYK.jpg"]
    assert c["mode"] == "RGB" and c["centre"][0] > 200 and c["centre"][1] < 60 and c["corner"][2] > 200
    t = answers["透明背景.png"]
    assert t["corner"] == [255, 255, 255] and t["centre"] == [0, 0, 0]  # laid on white paper, not black
    for name in ("动图.gif", "动图.webp"):
        first = answers[name]
        assert first["centre"][0] > 200 and first["centre"][2] < 60, name  # the first frame: red
    p = answers["手机拍摄.jpg"]
    assert p["size"] == [3000, 4000]  # upright
    assert max(p["shown"]) <= 2400 and p["shown"][0] < p["shown"][1]  # shrunk in the child, upright


def test_crafted_and_broken_images_get_a_chinese_answer_naming_the_file(tmp_path: Path) -> None:
    lying = tmp_path / "头部谎报.png"
    lying.write_bytes(lying_png(10_000, 9_000))  # 90 million pixels said, 64 bytes given
    just_under = tmp_path / "头部谎报-未超限.png"
    just_under.write_bytes(lying_png(8_000, 8_000))  # 64 million said: decoded, and found short
    bomb = tmp_path / "压缩炸弹.png"
    PIL.new("1", (12000, 12000)).save(bomb)
    whole = io.BytesIO()
    dark_square("RGB", (800, 600), "white", "black").save(whole, "PNG")
    cut = tmp_path / "截断.png"
    cut.write_bytes(whole.getvalue()[: len(whole.getvalue()) // 2])
    tiff = tmp_path / "坏条带.tif"
    dark_square("RGB", (300, 200), "white", "black").save(tiff)
    data = bytearray(tiff.read_bytes())
    data[8 : len(data) // 2] = b"\xff" * (len(data) // 2 - 8)  # the pixels and strip table overwritten
    tiff.write_bytes(bytes(data))
    fake = tmp_path / "假图片.webp"
    fake.write_bytes(b"RIFF\x00\x00\x00\x00WEBPVP8 garbage")
    answers = read_all(lying, just_under, bomb, cut, tiff, fake)

    assert "10000×9000" in answers["头部谎报.png"] and "上限 80 百万像素" in answers["头部谎报.png"]
    assert "压缩炸弹.png" in answers["压缩炸弹.png"] and "过大" in answers["压缩炸弹.png"]
    assert "头部谎报-未超限.png" in answers["头部谎报-未超限.png"]
    assert "截断.png" in answers["截断.png"] and "不完整" in answers["截断.png"]
    for name in ("坏条带.tif", "假图片.webp"):
        assert name in answers[name] and ("已损坏" in answers[name] or "不是图片" in answers[name])
    for answer in answers.values():
        assert isinstance(answer, str) and not any(
            "a" <= ch <= "z" for ch in answer.replace(".png", "").replace(".tif", "").replace(".webp", "")
        )


def test_an_image_past_the_childs_memory_is_refused_and_the_next_one_read(tmp_path: Path) -> None:
    from core.image_bounded import BoundedImages, ImageError
    from core.reports.limits import MB, Limits

    big = tmp_path / "大图.png"
    PIL.new("RGB", (6000, 5000), "white").save(big, compress_level=1)  # 90 MB as RGBA-free RGB
    small = tmp_path / "小图.png"
    PIL.new("RGB", (300, 200), "white").save(small)
    with BoundedImages(Limits(cpu_seconds=30, wall_seconds=60.0, memory_bytes=160 * MB)) as images:
        with pytest.raises(ImageError) as raised:
            images.decode(str(big), 2400, 80_000_000)
        assert raised.value.kind == "heavy"
        assert images.decode(str(small), 2400, 80_000_000).image.size == (300, 200)
