"""Recognised text lines: text, confidence and box, merged into rows and put in reading order."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from statistics import median
from typing import Any

Point = tuple[float, float]

# OCR reads full-width punctuation in either width; one form for matching.
# Corner brackets and vertical print's quotes are quotes.
_PUNCTUATION = str.maketrans(
    {
        ":": "：",
        ";": "；",
        ",": "，",
        "(": "（",
        ")": "）",
        '"': "”",
        "!": "！",
        **dict.fromkeys("『「﹃﹁", "“"),
        **dict.fromkeys("』」﹄﹂", "”"),
        "︰": "：",
    }
)


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
    def vertical(self) -> bool:
        """A 竖排 column: an upright box much taller than wide, holding several characters."""
        return len(self.clean) >= 3 and self.bottom - self.top > 2.5 * (self.right - self.left)

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
    """Side by side along a's own direction: a photo turned 10° has lines whose upright bounding
    rectangles overlap though one lies under the other. A 竖排 column is a row of its own."""
    if a.vertical or b.vertical:
        return False
    along, across = _axes(a)
    a_low, a_high = _span(a, across)
    b_low, b_high = _span(b, across)
    overlap = min(a_high, b_high) - max(a_low, b_low)
    similar = 0.6 < a.height / max(b.height, 1) < 1.6
    a_start, a_end = _span(a, along)
    b_start, b_end = _span(b, along)
    gap = max(a_start, b_start) - min(a_end, b_end)
    return similar and overlap > 0.6 * min(a.height, b.height) and gap < 4 * max(a.height, b.height)


def _axes(line: TextLine) -> tuple[Point, Point]:
    """The line's reading direction (its top edge) and the direction across it, as unit vectors."""
    (x0, y0), (x1, y1) = line.box[0], line.box[1]
    length = ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5
    if length == 0:
        return (1.0, 0.0), (0.0, 1.0)
    dx, dy = (x1 - x0) / length, (y1 - y0) / length
    return (dx, dy), (-dy, dx)


def _span(line: TextLine, axis: Point) -> tuple[float, float]:
    projections = [x * axis[0] + y * axis[1] for x, y in line.box]
    return min(projections), max(projections)


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

    @property
    def vertical(self) -> bool:
        """竖排: most lines of three characters or more are columns."""
        long = [line for line in self.lines if len(line.clean) >= 3]
        columns = sum(line.vertical for line in long)
        return columns >= 2 and columns * 2 >= len(long)

    def turned(self, sideways: bool = False) -> tuple[Page, list[tuple[TextLine, TextLine]]]:
        """The page turned a quarter so that its columns, right to left, read as rows, top to bottom
        (a column's top is a row's left); lines printed across (the heading) come first, as they were.
        sideways: a page scanned lying on its left side (its top at the image's left), whose columns
        read left to right and each from its bottom up.
        Returns the turned page and each turned copy with the line it was made from."""
        pairs: list[tuple[TextLine, TextLine]] = []
        for line in self.lines:
            if line.vertical and sideways:
                top, bottom = line.left, line.right
                left, right = self.height - line.bottom, self.height - line.top
            elif line.vertical:
                top, bottom = self.width - line.right, self.width - line.left
                left, right = line.top, line.bottom
            else:  # above every column, in its own order
                top, bottom = line.top - self.height, line.bottom - self.height
                left, right = line.left, line.right
            box = ((left, top), (right, top), (right, bottom), (left, bottom))
            pairs.append((TextLine(line.text, line.score, box), line))
        turned = Page(reading_order([copy for copy, _line in pairs]), width=self.height, height=self.width)
        return turned, pairs
