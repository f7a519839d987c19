"""Certificate images drawn once per test session, and each one recognised once (OCR is slow).

Shared by tests/core/certificates and tests/gui: `sample_file(name)` is the image on disk,
`sample_page(name)` its recognised lines (the process's one engine).
"""

from __future__ import annotations

import atexit
import copy
import shutil
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

from core.certificates import engine
from core.certificates.bodies import KnownNames, KnownUnit
from core.certificates.images import Source, load
from core.certificates.lines import Page, TextLine, reading_order
from tests.core.certificates import render

SCHOOL = "宁波市荷花庄小学"
# What the records hold in these tests: the school (its supervisor the city's education bureau) and
# the bodies earlier honours name.
KNOWN = KnownNames(
    bodies=["宁波市教育局", "浙江省精神文明建设委员会", "中共宁波市委、宁波市人民政府"],
    units=[
        KnownUnit(1, SCHOOL, "荷花庄小学", "宁波市教育局"),
        KnownUnit(2, "宁波市海曙区第一幼儿园", "海曙一幼", "宁波市海曙区教育局"),
    ],
)

# name → (layout, seal, photo, file suffix)
SAMPLES: dict[str, tuple[Callable[[], render.Layout], bool, bool, str]] = {
    "unit": (render.unit_certificate, False, False, ".png"),
    "unit_seal": (render.unit_certificate, True, False, ".jpg"),
    "person": (lambda: render.person_certificate(unit=SCHOOL), False, False, ".png"),
    "award": (render.award_certificate, True, False, ".jpg"),
    "plaque": (render.plaque, False, False, ".png"),
    "photo": (render.unit_certificate, True, True, ".jpg"),
    # an 奖状 to a person, whose opening quote the engine drops on the title's line
    "award_person": (
        lambda: render.award_certificate("王丽同志", "宁波市优秀教师", "宁波市人民政府", "二〇二一年九月"),
        True,
        False,
        ".jpg",
    ),
}

_folder = Path(tempfile.mkdtemp(prefix="honourdesk-certificates-"))
atexit.register(shutil.rmtree, _folder, ignore_errors=True)


def need_ocr() -> None:
    """Skip (with the reason shown) where the optional component is not installed; CI has it."""
    if not engine.available():
        pytest.skip("证书识别组件（ocr 附加依赖与 rapidocr-onnxruntime 1.4.4）未安装")
    if render.font_path() is None:
        pytest.skip("没有中文字体（fonts-noto-cjk）")


@cache
def sample_file(name: str) -> Path:
    layout, seal, photo, suffix = SAMPLES[name]
    return render.save(render.render(layout(), seal=seal, photo=photo), _folder / f"{name}{suffix}")


@cache
def _page(name: str) -> Page:
    return engine.engine().recognise(load(Source(sample_file(name))))


def sample_page(name: str) -> Page:
    """A copy: understanding sets each line's role."""
    return copy.deepcopy(_page(name))


# Lines laid out as the recogniser returns them, for tests of understanding without the engine.
WIDTH, HEIGHT = 1600, 1100


def line(text: str, y: float, x: float = 200, height: float = 44, score: float = 0.98) -> TextLine:
    width = height * len(text)
    return TextLine(text, score, ((x, y), (x + width, y), (x + width, y + height), (x, y + height)))


def right(text: str, y: float, edge: float = 1380, height: float = 44) -> TextLine:
    return line(text, y, edge - height * len(text), height)


def page(*lines: TextLine) -> Page:
    return Page(reading_order(list(lines)), WIDTH, HEIGHT)
