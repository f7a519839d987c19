"""The certificate beside its form: the image scaled to fit, each recognised line's box drawn on it,
coloured by what the reading took it for."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QImageReader, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from core.certificates.lines import TextLine

# role → (colour, legend text); lines the reading did not use are drawn thin and grey.
ROLES: dict[str, tuple[str, str]] = {
    "holder": ("#1f6feb", "获得者"),
    "title": ("#d1242f", "称号"),
    "body": ("#d1242f", "正文（称号）"),
    "awarded_by": ("#8250df", "授予单位"),
    "date": ("#bf8700", "日期"),
    "number": ("#1a7f37", "编号"),
}
UNUSED = "#8c959f"


def read_image(path: Path) -> QImage:
    """The image upright (a phone's orientation tag applied, as the recogniser saw it)."""
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)
    return reader.read()


class CertificateImage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("certificate_image")
        self.image = QImage()
        self.lines: list[TextLine] = []
        self.setMinimumSize(360, 260)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def show_certificate(self, path: Path | None, lines: list[TextLine]) -> None:
        self.image = read_image(path) if path else QImage()
        self.lines = lines
        self.setToolTip(str(path) if path else "")
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(640, 460)

    def image_rect(self) -> QRectF:
        """Where the image is drawn: as large as fits, centred, aspect kept."""
        if self.image.isNull():
            return QRectF()
        scale = min(self.width() / self.image.width(), self.height() / self.image.height())
        width, height = self.image.width() * scale, self.image.height() * scale
        return QRectF((self.width() - width) / 2, (self.height() - height) / 2, width, height)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#f6f8fa"))
        if self.image.isNull():
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "无法显示此图片")
            return
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        target = self.image_rect()
        painter.drawImage(target, self.image)
        scale = target.width() / self.image.width()
        for line in self.lines:
            colour = ROLES.get(line.role, (UNUSED, ""))[0]
            pen = QPen(QColor(colour), 2.0 if line.role in ROLES else 1.0)
            painter.setPen(pen)
            corners = [QPointF(target.left() + x * scale, target.top() + y * scale) for x, y in line.box]
            painter.drawPolygon(QPolygonF(corners))


def legend_html() -> str:
    """The colours' meaning, for a label under the image."""
    seen: dict[str, str] = {}
    for colour, text in ROLES.values():
        seen.setdefault(colour, text)
    items = [f'<span style="color:{c}">■</span> {t}' for c, t in seen.items()]
    items.append(f'<span style="color:{UNUSED}">□</span> 未用的文字')
    return "框的颜色：" + "&nbsp;&nbsp;".join(items)
