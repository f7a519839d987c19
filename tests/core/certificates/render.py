"""Certificates drawn with Pillow and a CJK font, in the layouts offices receive.

Each `Layout` is a list of text blocks placed on a cream or red-bordered sheet; `render()` draws it,
optionally with a red seal over the signature and as a slightly turned, blurred phone photo. The tests
and bench/certificate_speed.py read these images back through the real OCR engine.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

FONT_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
)
BOLD_FILES = ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc", *FONT_FILES)
SIZE = (1600, 1100)
INK = (25, 20, 20)
RED = (200, 30, 30)


def font_path(bold: bool = False) -> str | None:
    for name in BOLD_FILES if bold else FONT_FILES:
        if Path(name).is_file():
            return name
    return None


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    path = font_path(bold)
    if path is None:
        raise RuntimeError("没有中文字体（fonts-noto-cjk）")
    return ImageFont.truetype(path, size, index=2)  # index 2: the Simplified Chinese face of the .ttc


@dataclass
class Block:
    text: str
    y: int
    size: int = 40
    align: str = "left"  # left / centre / right
    x: int = 200  # left edge (align left) or right edge (align right)
    bold: bool = False
    colour: tuple[int, int, int] = INK
    vertical: bool = False  # 竖排: one character under the other, x the column's left edge


@dataclass
class Layout:
    blocks: list[Block]
    border: tuple[int, int, int] = (180, 30, 30)
    seal_over: int | None = None  # index of the block the red seal covers
    size: tuple[int, int] = SIZE
    extra: dict[str, str] = field(default_factory=dict)
    seals: tuple[tuple[int, int], ...] = ()  # centres of seals placed by hand (instead of seal_over)
    seal_text: str = "专用章宁波市教育局"
    paper: tuple[int, int, int] = (252, 247, 232)
    rules: tuple[tuple[int, int, int, int, tuple[int, int, int]], ...] = ()  # (x0, y, x1, width, colour)


def unit_certificate(
    unit: str = "宁波市荷花庄小学",
    title: str = "宁波市绿色学校",
    body: str = "宁波市教育局",
    date: str = "二〇二二年十二月",
    number: str | None = "甬教证〔2022〕第0153号",
) -> Layout:
    """A unit's 荣誉证书: holder line, 被评为“…”, signature and date at the right."""
    blocks = [
        Block("荣誉证书", 120, 96, "centre", bold=True, colour=RED),
        Block(f"{unit}：", 330, 44),
        Block(f"你单位在{date[:5]}度工作中成绩突出，被评为", 420, 44, x=290),
        Block(f"“{title}”。", 500, 44),
        Block("特发此证，以资鼓励。", 580, 44, x=290),
        Block(body, 780, 44, "right", x=1380),
        Block(date, 860, 44, "right", x=1380),
    ]
    if number:
        blocks.append(Block(f"证书编号：{number}", 980, 30, x=200))
    return Layout(blocks)


def person_certificate(
    person: str = "王丽",
    title: str = "宁波市优秀教师",
    body: str = "宁波市人民政府",
    date: str = "2021年9月10日",
    unit: str | None = None,
) -> Layout:
    """A person's 荣誉证书: "王丽 同志：", 荣获…称号, Arabic date."""
    holder = f"{unit} {person} 同志：" if unit else f"{person} 同志："
    blocks = [
        Block("荣 誉 证 书", 120, 96, "centre", bold=True, colour=RED),
        Block(holder, 330, 44),
        Block(f"荣获“{title}”称号。", 430, 44, x=290),
        Block("特发此证。", 520, 44, x=290),
        Block(body, 780, 44, "right", x=1380),
        Block(date, 860, 44, "right", x=1380),
    ]
    return Layout(blocks)


def award_certificate(
    unit: str = "宁波市荷花庄小学",
    title: str = "浙江省文明校园",
    body: str = "浙江省精神文明建设委员会",
    date: str = "二〇二〇年十一月",
) -> Layout:
    """An 奖状: 授予…“…”荣誉称号, no holder line of its own."""
    blocks = [
        Block("奖 状", 120, 110, "centre", bold=True, colour=RED),
        Block(f"授予{unit}", 380, 48, x=260),
        Block(f"“{title}”荣誉称号。", 470, 48, x=260),
        Block(body, 760, 44, "right", x=1400),
        Block(date, 840, 44, "right", x=1400),
    ]
    return Layout(blocks, border=(200, 160, 40))


def plaque(
    title: str = "宁波市文明单位",
    body: str = "中共宁波市委 宁波市人民政府",
    date: str = "二〇一九年十二月",
) -> Layout:
    """A 奖牌: the title in large letters, the body and the date under it, no holder."""
    blocks = [
        Block(title, 330, 130, "centre", bold=True, colour=(150, 110, 20)),
        Block(body, 660, 50, "centre"),
        Block(date, 750, 50, "centre"),
    ]
    return Layout(blocks, border=(150, 110, 20))


def _x(block: Block, draw: ImageDraw.ImageDraw, font: ImageFont.FreeTypeFont, width: int) -> int:
    text_width = draw.textlength(block.text, font=font)
    if block.align == "centre":
        return int((width - text_width) / 2)
    if block.align == "right":
        return int(block.x - text_width)
    return block.x


def _seal(
    image: Image.Image, centre: tuple[int, int], radius: int = 120, ring: str = "专用章宁波市教育局"
) -> None:
    """A red round seal with a star and ring text, half transparent, over whatever is there."""
    layer = Image.new("RGB", image.size, (255, 255, 255))
    draw = ImageDraw.Draw(layer)
    cx, cy = centre
    colour = (225, 60, 60)
    for width in range(6):
        r = radius - width
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=colour)
    star = [
        (
            cx + (50 if i % 2 == 0 else 20) * math.sin(math.pi * i / 5),
            cy - (50 if i % 2 == 0 else 20) * math.cos(math.pi * i / 5),
        )
        for i in range(10)
    ]
    draw.polygon(star, fill=colour)
    font = _font(26, bold=True)
    for i, char in enumerate(ring):
        angle = math.pi * (-0.8 + 1.6 * i / (len(ring) - 1))
        x = cx + (radius - 34) * math.sin(angle) - 13
        y = cy - (radius - 34) * math.cos(angle) - 16
        draw.text((x, y), char, font=font, fill=colour)
    # Seal ink over print: the two darken each other (multiply), as on paper.
    image.paste(ImageChops.multiply(image.convert("RGB"), layer.filter(ImageFilter.GaussianBlur(0.8))))


def render(
    layout: Layout,
    *,
    seal: bool = False,
    photo: bool = False,
    seed: int = 7,
    angle: float = 2.5,
    glare: bool = False,
    grey: bool = False,
    longest: int | None = None,
    quarter_turns: int = 0,
) -> Image.Image:
    """The certificate as an RGB image; photo=True turns (by angle), blurs and shades it like a phone
    picture, glare=True adds a lamp's bright patch; grey=True makes it a faint grey scan; longest:
    the longer side shrunk to that many pixels; quarter_turns: a scan fed in sideways, turned that many
    quarters anticlockwise."""
    width, height = layout.size
    image = Image.new("RGBA", layout.size, (*layout.paper, 255))
    draw = ImageDraw.Draw(image)
    draw.rectangle((30, 30, width - 30, height - 30), outline=layout.border, width=14)
    draw.rectangle((56, 56, width - 56, height - 56), outline=layout.border, width=3)
    for x0, y, x1, thickness, colour in layout.rules:  # a 文件's red rule, a blank to fill in by hand
        draw.line((x0, y, x1, y), fill=colour, width=thickness)
    positions: list[tuple[int, int, int, int]] = []
    for block in layout.blocks:
        font = _font(block.size, block.bold)
        if block.vertical:
            positions.append(_vertical(draw, block, font))
            continue
        x = _x(block, draw, font, width)
        draw.text((x, block.y), block.text, font=font, fill=block.colour)
        positions.append((x, block.y, int(x + draw.textlength(block.text, font=font)), block.y + block.size))
    for centre in layout.seals:
        _seal(image, centre, ring=layout.seal_text)
    if seal:
        index = layout.seal_over if layout.seal_over is not None else _signature_index(layout)
        left, top, right, bottom = positions[index]
        _seal(image, (left + (right - left) // 3, (top + bottom) // 2 + 20), ring=layout.seal_text)
    result = image.convert("RGB")
    if photo:
        result = _as_photo(result, seed, angle, glare)
    if grey:
        result = _faint_grey(result, seed)
    if quarter_turns % 4:
        result = result.rotate(90 * (quarter_turns % 4), expand=True)
    if longest and max(result.size) > longest:
        scale = longest / max(result.size)
        result = result.resize(
            (round(result.width * scale), round(result.height * scale)), Image.Resampling.LANCZOS
        )
    return result


def _vertical(
    draw: ImageDraw.ImageDraw, block: Block, font: ImageFont.FreeTypeFont
) -> tuple[int, int, int, int]:
    """A column of characters top to bottom (brackets and quotes turned as vertical print has them)."""
    step = int(block.size * 1.12)
    turned = str.maketrans({"“": "﹃", "”": "﹄", "：": "︰", "，": "︐", "。": "︒"})
    for index, char in enumerate(block.text.translate(turned)):
        draw.text((block.x, block.y + index * step), char, font=font, fill=block.colour)
    return block.x, block.y, block.x + block.size, block.y + step * len(block.text)


def _faint_grey(image: Image.Image, seed: int) -> Image.Image:
    """A grey photocopy scanned too light: ink mid grey, paper light grey, a little speckle."""
    rng = random.Random(seed)
    grey = image.convert("L").point(lambda v: 140 + v * 75 // 255)
    pixels = grey.load()
    for _ in range(grey.width * grey.height // 80):
        x, y = rng.randrange(grey.width), rng.randrange(grey.height)
        pixels[x, y] = max(0, min(255, pixels[x, y] + rng.randint(-25, 25)))
    return grey.filter(ImageFilter.GaussianBlur(0.6)).convert("RGB")


def _signature_index(layout: Layout) -> int:
    """The block just above the last one with a date: the awarding body."""
    dated = [i for i, b in enumerate(layout.blocks) if b.text.endswith(("月", "日"))]
    return max(dated[-1] - 1, 0) if dated else len(layout.blocks) - 1


def _as_photo(image: Image.Image, seed: int, angle: float = 2.5, glare: bool = False) -> Image.Image:
    """A phone photo of the certificate on a desk: turned a little, blurred, unevenly lit, noisy."""
    rng = random.Random(seed)
    turned = image.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=(90, 80, 70))
    desk = Image.new("RGB", (turned.width + 120, turned.height + 100), (90, 80, 70))
    desk.paste(turned, (60, 40))
    blurred = desk.filter(ImageFilter.GaussianBlur(1.3))
    shade = Image.linear_gradient("L").resize(blurred.size).point(lambda v: 215 + v // 6)
    lit = Image.composite(blurred, Image.new("RGB", blurred.size, (0, 0, 0)), shade)
    if glare:
        lit = _glare(lit)
    pixels = lit.load()
    for _ in range(lit.width * lit.height // 50):
        x, y = rng.randrange(lit.width), rng.randrange(lit.height)
        r, g, b = pixels[x, y]
        d = rng.randint(-30, 30)
        pixels[x, y] = (max(0, min(255, r + d)), max(0, min(255, g + d)), max(0, min(255, b + d)))
    return lit.resize((lit.width * 3 // 4, lit.height * 3 // 4), Image.Resampling.LANCZOS)


def _glare(image: Image.Image) -> Image.Image:
    """A lamp's reflection: a soft white patch over the upper right of the picture."""
    mask = Image.new("L", image.size, 0)
    w, h = image.size
    ImageDraw.Draw(mask).ellipse((int(w * 0.55), int(h * 0.12), int(w * 0.85), int(h * 0.42)), fill=235)
    mask = mask.filter(ImageFilter.GaussianBlur(min(w, h) // 14))
    return Image.composite(Image.new("RGB", image.size, (255, 255, 250)), image, mask)


def save(image: Image.Image, path: Path, quality: int = 88) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() in (".jpg", ".jpeg"):
        image.save(path, quality=quality)
    else:
        image.save(path)
    return path
