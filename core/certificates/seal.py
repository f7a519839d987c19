"""Red seals lifted off the signature before recognition.

A round red seal stamped over the awarding body and the date makes the recogniser read its ring
text and lose the printed characters under it ("+波市教育局"). Inside each seal found, the image is
replaced by its red channel, stretched: red ink turns white, black print (alone or under the seal)
stays dark. Red text elsewhere (the 荣誉证书 heading) is left alone: only ring-shaped red marks count.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

RING_THRESHOLD = 0.85  # share of points on a circle inside the mark that must be red
_RADII = (0.40, 0.43, 0.46, 0.49)  # of the mark's width and height


def seal_boxes(bgr: np.ndarray) -> list[tuple[int, int, int, int]]:
    """(x, y, width, height) of each round red seal in a BGR image."""
    import cv2
    import numpy as np

    hsv = cv2.cvtColor(bgr, cv2.COLOR_BGR2HSV)
    hue, saturation, value = cv2.split(hsv)
    red = (((hue <= 10) | (hue >= 165)) & (saturation >= 70) & (value >= 90)).astype(np.uint8)
    short = min(bgr.shape[:2])
    size = max(3, short // 150)
    joined = cv2.dilate(red, np.ones((size, size), np.uint8))
    count, _labels, stats, _centres = cv2.connectedComponentsWithStats(joined)
    boxes = []
    for x, y, width, height, _area in stats[1:count]:
        if not 0.08 * short <= max(width, height) <= 0.45 * short or not 0.7 <= width / height <= 1.4:
            continue
        if _ringness(joined, x, y, width, height) >= RING_THRESHOLD:
            boxes.append((int(x), int(y), int(width), int(height)))
    return boxes


def _ringness(mask: np.ndarray, x: int, y: int, width: int, height: int) -> float:
    import numpy as np

    cx, cy = x + width / 2, y + height / 2
    angles = np.linspace(0, 2 * np.pi, 90, endpoint=False)
    best = 0.0
    for radius in _RADII:
        xs = np.clip((cx + radius * width * np.cos(angles)).astype(int), 0, mask.shape[1] - 1)
        ys = np.clip((cy + radius * height * np.sin(angles)).astype(int), 0, mask.shape[0] - 1)
        best = max(best, float(mask[ys, xs].mean()))
    return best


def lift_seals(bgr: np.ndarray) -> np.ndarray:
    """A copy of the image with every seal's red ink turned white (the image itself if none)."""
    import cv2
    import numpy as np

    boxes = seal_boxes(bgr)
    if not boxes:
        return bgr
    result = bgr.copy()
    for x, y, width, height in boxes:
        red = result[y : y + height, x : x + width, 2].astype(np.float32)
        stretched = np.clip(red * (255 / 170), 0, 255).astype(np.uint8)
        result[y : y + height, x : x + width] = cv2.merge([stretched, stretched, stretched])
    return result
