"""Draw the program icon with Qt and write resources/icons/honourdesk.png and honourdesk.ico.

Run once (the results are committed): python packaging/make_icon.py
The icon is a red rounded square (the red of an official document's masthead) holding a gold medal
with a five-pointed star: no text, so it does not depend on the fonts of the machine drawing it.
The .ico holds 16–256 px images, each stored as PNG (understood by Windows Vista and later).
"""

from __future__ import annotations

import math
import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen, QPolygonF

ICON_DIR = Path(__file__).resolve().parent.parent / "resources" / "icons"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)

RED = QColor("#C8161D")
DARK_RED = QColor("#8E0E13")
GOLD = QColor("#F4C430")
DEEP_GOLD = QColor("#C99A06")
RIBBON = QColor("#FFFFFF")


def _star(cx: float, cy: float, outer: float, inner: float) -> QPolygonF:
    points = []
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = -math.pi / 2 + i * math.pi / 5
        points.append(QPointF(cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return QPolygonF(points)


def draw(size: int) -> QImage:
    """The icon at size × size pixels, drawn on a 256-unit canvas."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(size / 256, size / 256)

    background = QPainterPath()
    background.addRoundedRect(QRectF(8, 8, 240, 240), 44, 44)
    painter.fillPath(background, QBrush(RED))
    painter.setPen(QPen(DARK_RED, 6))
    painter.drawPath(background)

    # Two ribbon tails under the medal.
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(RIBBON)
    painter.drawPolygon(
        QPolygonF([QPointF(86, 150), QPointF(118, 160), QPointF(96, 228), QPointF(80, 206), QPointF(60, 212)])
    )
    painter.drawPolygon(
        QPolygonF(
            [QPointF(170, 150), QPointF(138, 160), QPointF(160, 228), QPointF(176, 206), QPointF(196, 212)]
        )
    )

    # The medal: a gold disc with a darker rim and a red star.
    painter.setBrush(DEEP_GOLD)
    painter.drawEllipse(QPointF(128, 112), 76, 76)
    painter.setBrush(GOLD)
    painter.drawEllipse(QPointF(128, 112), 64, 64)
    painter.setBrush(RED)
    painter.drawPolygon(_star(128, 116, 50, 20))
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise RuntimeError("无法编码 PNG 图像")
    buffer.close()
    return bytes(data)


def ico_bytes(images: dict[int, bytes]) -> bytes:
    """An .ico file whose entries are PNG images (ICONDIR, ICONDIRENTRY × n, then the images)."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, blobs = b"", b""
    for size, blob in sorted(images.items()):
        byte_size = 0 if size >= 256 else size  # 0 means 256
        entries += struct.pack("<BBBBHHII", byte_size, byte_size, 0, 0, 1, 32, len(blob), offset)
        blobs += blob
        offset += len(blob)
    return header + entries + blobs


def main() -> int:
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    ICON_DIR.mkdir(parents=True, exist_ok=True)
    images = {size: png_bytes(draw(size)) for size in ICO_SIZES}
    (ICON_DIR / "honourdesk.png").write_bytes(images[256])
    (ICON_DIR / "honourdesk.ico").write_bytes(ico_bytes(images))
    print(f"已写入 {ICON_DIR / 'honourdesk.png'} 和 {ICON_DIR / 'honourdesk.ico'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
