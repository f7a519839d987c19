"""Recognised text lines: text, confidence and box, merged into rows and put in reading order."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from statistics import median
from typing import Any

Point = tuple[float, float]

# OCR reads full-width punctuation in either width; one form for matching.
_PUNCTUATION = str.maketrans({":": "：", ";": "；", ",": "，", "(": "（", ")": "）", '"': "”", "!": "！"})


@dataclass
class TextLine:
    """One recognised line. box: four corners (x, y) clockwise from top-left, in image pixels."""

    text: str
    score: float
    box: tuple[Point, Point, Point, Point]
    role: str = ""  # what understand() used it for: holder, title, body, awarded_by, date, number, kind

    @property
    def left(self) -> float:
        return min(p[0] for p in self.box)

    @property
    def right(self) -> float:
        return max(p[0] for p in self.box)

    @property
    def top(self) -> float:
        return min(p[1] for p in self.box)

    @property
    def bottom(self) -> float:
        return max(p[1] for p in self.box)

    @property
    def height(self) -> float:
        """The letter height: the box's left and right edges, averaged (a turned box's bounding
        rectangle is taller than its letters)."""
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = self.box
        return (((x3 - x0) ** 2 + (y3 - y0) ** 2) ** 0.5 + ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5) / 2

    @property
    def centre_y(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def clean(self) -> str:
        """The text with spaces removed and punctuation in its Chinese (full-width) form."""
        return normalise(self.text)

    def as_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "score": round(self.score, 3),
            "box": [[round(x), round(y)] for x, y in self.box],
            "role": self.role,
        }


def normalise(text: str) -> str:
    text = re.sub(r"\s+", "", text).translate(_PUNCTUATION)
    # An opening quote read as a closing one (“宁波市绿色学校”): the first of a pair opens.
    return re.sub(r"”([^“”]+)”", r"“\1”", text)


def from_ocr(result: Iterable[Sequence[Any]] | None, scale: float = 1.0) -> list[TextLine]:
    """rapidocr's [[box, text, score], …] (box: four [x, y]) as TextLines, boxes scaled by `scale`."""
    lines = []
    for box, text, score in result or ():
        corners = tuple((float(x) * scale, float(y) * scale) for x, y in box)
        if str(text).strip():
            lines.append(TextLine(str(text).strip(), float(score), corners))  # type: ignore[arg-type]
    return reading_order(lines)


def reading_order(lines: list[TextLine]) -> list[TextLine]:
    """Rows top to bottom, left to right within a row; pieces of one row that the detector split
    (a space, a seal between them) are joined into one line."""
    rows: list[list[TextLine]] = []
    for line in sorted(lines, key=lambda item: item.centre_y):
        row = next((r for r in rows if _same_row(r[-1], line)), None)
        if row is None:
            rows.append([line])
        else:
            row.append(line)
    merged = [_join(sorted(row, key=lambda item: item.left)) for row in rows]
    return sorted(merged, key=lambda item: item.top)


def _same_row(a: TextLine, b: TextLine) -> bool:
    overlap = min(a.bottom, b.bottom) - max(a.top, b.top)
    similar = 0.6 < a.height / max(b.height, 1) < 1.6
    gap = max(a.left, b.left) - min(a.right, b.right)
    return similar and overlap > 0.6 * min(a.height, b.height) and gap < 4 * max(a.height, b.height)


def _join(row: list[TextLine]) -> TextLine:
    if len(row) == 1:
        return row[0]
    text = " ".join(line.text for line in row)
    score = min(line.score for line in row)
    left, top = min(line.left for line in row), min(line.top for line in row)
    right, bottom = max(line.right for line in row), max(line.bottom for line in row)
    return TextLine(text, score, ((left, top), (right, top), (right, bottom), (left, bottom)))


@dataclass
class Page:
    """The lines of one image, with what a reader needs to know about their sizes."""

    lines: list[TextLine]
    width: float = 0.0
    height: float = 0.0
    text_height: float = field(init=False, default=0.0)

    def __post_init__(self) -> None:
        heights = [line.height for line in self.lines if len(line.clean) >= 4]
        self.text_height = median(heights) if heights else (median(self.heights()) if self.lines else 0.0)

    def heights(self) -> list[float]:
        return [line.height for line in self.lines]
