"""证书附件 pictures from large or unusual files: decoded in the bounded child (core/image_bounded.py),
shrunk for the page, transparency on white paper; a truncated file is left out with its reason."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from core.reports.certificates import MAX_SIDE, Unusable, read_picture

PIL = pytest.importorskip("PIL.Image", reason="Pillow 未安装")


def test_a_large_transparent_scan_is_shrunk_and_laid_on_white(tmp_path: Path) -> None:
    path = tmp_path / "扫描.png"
    scan = PIL.new("RGBA", (3000, 2000), (0, 0, 0, 0))
    scan.paste((200, 0, 0, 255), (1000, 600, 2000, 1400))
    scan.save(path)
    data, width, height = read_picture(path)
    picture = PIL.open(io.BytesIO(data))
    assert (width, height) == picture.size == (MAX_SIDE, MAX_SIDE * 2 // 3)
    assert picture.convert("RGB").getpixel((5, 5)) == (255, 255, 255)
    assert picture.convert("RGB").getpixel((width // 2, height // 2))[0] > 150


def test_a_webp_photo_becomes_a_jpeg_the_report_can_hold(tmp_path: Path) -> None:
    path = tmp_path / "证书.webp"
    PIL.new("RGB", (800, 600), "red").save(path)
    data, width, height = read_picture(path)
    picture = PIL.open(io.BytesIO(data))
    assert picture.format in ("PNG", "JPEG") and (width, height) == (800, 600)


def test_a_truncated_large_photo_is_left_out_saying_why(tmp_path: Path) -> None:
    whole = io.BytesIO()
    PIL.effect_noise((3000, 2000), 60).convert("RGB").save(whole, "JPEG", quality=90)
    path = tmp_path / "证书.jpg"
    path.write_bytes(whole.getvalue()[: len(whole.getvalue()) // 3])
    with pytest.raises(Unusable, match="不完整"):
        read_picture(path)


def test_the_picture_kept_is_the_one_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A small PNG goes into the report as it is, once it decodes whole: the bytes that decoded, not the
    file read again (replaced meanwhile on the share the data folder lies on)."""
    from core.reports import certificates

    path = tmp_path / "证书.png"
    PIL.new("RGB", (400, 300), "red").save(path)
    checked = path.read_bytes()
    real = certificates._as_is

    def checked_then_replaced(image: object, size: int) -> bool:
        PIL.new("RGB", (400, 300), "blue").save(path)
        return real(image, size)

    monkeypatch.setattr(certificates, "_as_is", checked_then_replaced)
    data, width, height = read_picture(path)
    assert data == checked and (width, height) == (400, 300)
