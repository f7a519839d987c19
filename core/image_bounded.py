"""Image files from outside (certificate photos and scans), decoded in a child process bounded in memory,
CPU and wall time, and handed back already shrunk.

A 50 MB file may hold an 80-million-pixel scan: decoded in the program's own process, with the copies that
turning it upright and into RGB make, that is over a gigabyte the window keeps until the collector runs, and
a crafted file (a PNG whose compressed rows inflate without end, a TIFF with a lying strip table) can take
more. So the decoder runs where the operating system can stop it, in the same kind of child that reads
PDFs (core/pdf_bounded.py): the child checks the pixel count from the header, decodes (a JPEG at a reduced
scale where it allows), flattens transparency onto white, brings 16-bit grey to 8 bits, turns the image
upright as its orientation tag says, shrinks it to the longest side asked for, and sends back only that.
One child serves a whole run; one that breaks a limit is killed and the next image gets a new one.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from core.pdf_bounded import NotStarted, _Child, _Stopped
from core.reports.limits import MB, Limits

if TYPE_CHECKING:
    from PIL.Image import Image

log = logging.getLogger(__name__)

LIMITS = Limits(cpu_seconds=30, wall_seconds=60.0, memory_bytes=1536 * MB)


class ImageError(Exception):
    """What stopped the decoding: "unknown" (not an image), "pixels" (too many: `size` from the header),
    "truncated", "corrupt", "heavy" (the child went past its limits) or "blocked" (the child could not
    start: security software, limits.BLOCKED_HINT)."""

    def __init__(self, kind: str, size: tuple[int, int] = (0, 0)) -> None:
        super().__init__(kind)
        self.kind = kind
        self.size = size


@dataclass(frozen=True)
class Decoded:
    """An image, upright and RGB, at most max_side pixels on its longer side; size: the file's own
    (upright) size in pixels."""

    image: Image
    size: tuple[int, int]


class BoundedImages:
    """Decodes images one at a time in one bounded child; close() ends it."""

    def __init__(self, limits: Limits = LIMITS) -> None:
        self.limits = limits
        self._child: _Child | None = None

    def size(self, path: str, max_pixels: int) -> tuple[int, int]:
        """The upright size from the header alone; ImageError when it is no image or too large."""
        return self._ask(("size", path, 0, max_pixels))  # type: ignore[no-any-return]

    def decode(self, path: str, max_side: int, max_pixels: int) -> Decoded:
        from PIL import Image

        width, height, shrunk_width, shrunk_height, data = self._ask(("decode", path, max_side, max_pixels))
        return Decoded(Image.frombytes("RGB", (shrunk_width, shrunk_height), data), (width, height))

    def close(self) -> None:
        if self._child is not None:
            self._child.close()
            self._child = None

    def __enter__(self) -> BoundedImages:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _ask(self, message: tuple[Any, ...]) -> Any:
        if self._child is None:
            self._child = _Child(self.limits, _job, name="honourdesk-image")
        child = self._child
        try:
            kind, value = child.call(message, self.limits.wall_seconds)
        except NotStarted as error:
            log.warning("image child did not start: %s", error)
            self._drop(child)
            raise ImageError("blocked") from error
        except _Stopped as error:  # out of memory, CPU time or wall time: killed
            log.warning("image child stopped on %s: %s", message[1], error)
            self._drop(child)
            raise ImageError("heavy") from error
        if kind == "ok":
            return value
        if kind in ("memory", "crash"):
            if kind == "crash":
                log.error("image child failed on %s:\n%s", message[1], value)
            self._drop(child)
            raise ImageError("heavy" if kind == "memory" else "corrupt")
        raise ImageError(kind, tuple(value) if isinstance(value, (tuple, list)) else (0, 0))  # type: ignore[arg-type]

    def _drop(self, child: _Child) -> None:
        child.kill()
        if self._child is child:
            self._child = None


# -- in the child ------------------------------------------------------------------------------------

_SWAPS = (5, 6, 7, 8)  # orientations that turn the image a quarter


def _job(message: tuple[Any, ...], state: list[Any]) -> tuple[str, Any]:
    kind, path, max_side, max_pixels = message
    import warnings

    from PIL import Image, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = max_pixels
    # The pixel count is checked here, and a damaged file is answered from its exception: Pillow's own
    # warnings (DecompressionBombWarning, "Corrupt EXIF data. Expecting to read 12 bytes…") would only
    # reach the user's screen in English, through this child's stderr.
    warnings.simplefilter("ignore")
    try:
        image = Image.open(path)
    except Image.DecompressionBombError:
        return "pixels", (0, 0)
    except UnidentifiedImageError:
        return "unknown", 0
    except Exception:  # a crafted header can fail in any of Pillow's plugins
        return "corrupt", 0
    with image:
        width, height = image.size
        if width * height > max_pixels or min(width, height) < 1:
            return "pixels", (width, height)
        try:
            orientation = int(image.getexif().get(0x0112, 1) or 1)
        except Exception:  # a garbled EXIF block: the image as it lies
            orientation = 1
        size = (height, width) if orientation in _SWAPS else (width, height)
        if kind == "size":
            return "ok", size
        try:
            shrunk = _shrunk(image, max_side, orientation)
        except MemoryError:
            raise
        except Exception as error:
            return ("truncated" if "truncated" in str(error).lower() else "corrupt"), 0
    return "ok", (*size, shrunk.width, shrunk.height, shrunk.tobytes())


def _shrunk(image: Any, max_side: int, orientation: int) -> Any:
    from PIL import Image

    if max(image.size) > max_side:
        image.draft("RGB", (max_side, max_side))  # JPEG: decode at 1/2, 1/4 or 1/8 scale
    image.load()
    image = _rgb(image)
    image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    turn = {
        2: Image.Transpose.FLIP_LEFT_RIGHT,
        3: Image.Transpose.ROTATE_180,
        4: Image.Transpose.FLIP_TOP_BOTTOM,
        5: Image.Transpose.TRANSPOSE,
        6: Image.Transpose.ROTATE_270,
        7: Image.Transpose.TRANSVERSE,
        8: Image.Transpose.ROTATE_90,
    }.get(orientation)
    return image.transpose(turn) if turn is not None else image


def _rgb(image: Any) -> Any:
    """The first frame as RGB: 16- and 32-bit grey scaled to 8 bits (a plain conversion clips it to
    white), transparency laid on white paper (a plain conversion makes it black)."""
    from PIL import Image

    mode = image.mode
    if mode.startswith("I;16") or mode == "I":
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    elif mode == "F":
        image = image.convert("L")
    if image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or (
        image.mode == "P" and "transparency" in image.info
    ):
        rgba = image.convert("RGBA")
        paper = Image.new("RGB", rgba.size, "white")
        paper.paste(rgba, mask=rgba.getchannel("A"))
        return paper
    return image.convert("RGB")
