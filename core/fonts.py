"""Are the official document fonts installed? (GB/T 9704-2012: 方正小标宋简体, 仿宋_GB2312, 楷体_GB2312, 黑体)

The fonts are not shipped (方正's are licensed). Stock Windows has 黑体 (SimHei), and 仿宋 and 楷体, the same
designs as 仿宋_GB2312 and 楷体_GB2312, which the reports name as their stand-ins (w:altName): only 方正小标宋简体
is then really missing. Government PCs usually have all of them. Without a font Word and WPS substitute a
similar face on screen and in print, so the program says so once, and --self-test reports it, instead of
letting the first printed report surprise.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class OfficialFont:
    name: str  # as the templates name it
    use: str  # what it sets
    aliases: tuple[str, ...]  # how an installed copy may be registered (Chinese, English, vendor names)
    # The stock Windows face of the same design that the reports name as the font's w:altName
    # (core/reports/layout.py), which Word and WPS then use in its place: 仿宋 for 仿宋_GB2312.
    stand_ins: tuple[str, ...] = ()


OFFICIAL_FONTS = (
    # 方正小标宋_GBK (FZXiaoBiaoSong-B05) is another font of the same maker: a document naming 方正小标宋简体
    # does not use it, and the reports' altName for the title is 宋体, a different design.
    OfficialFont("方正小标宋简体", "标题", ("方正小标宋简体", "FZXiaoBiaoSong-B05S", "FZXBSJW--GB1-0")),
    OfficialFont("仿宋_GB2312", "正文", ("仿宋_GB2312", "FangSong_GB2312"), ("仿宋", "FangSong")),
    OfficialFont("楷体_GB2312", "二级标题", ("楷体_GB2312", "KaiTi_GB2312"), ("楷体", "KaiTi")),
    OfficialFont("黑体", "一级标题", ("黑体", "SimHei")),
)

_STYLE_SUFFIX = re.compile(r"\s+(regular|normal|常规|標準)$", re.IGNORECASE)


def _key(name: str) -> str:
    return _STYLE_SUFFIX.sub("", name.strip()).casefold()


def _names(installed: Iterable[str] | None) -> set[str]:
    return {_key(name) for name in (installed_font_names() if installed is None else installed)}


def missing_official_fonts(installed: Iterable[str] | None = None) -> list[OfficialFont]:
    """The official fonts that are neither installed (under any of their names) nor stood in for by a
    face of the same design: Word and WPS show these in another face."""
    names = _names(installed)
    return [
        font
        for font in OFFICIAL_FONTS
        if not any(_key(alias) in names for alias in (*font.aliases, *font.stand_ins))
    ]


def stood_in_fonts(installed: Iterable[str] | None = None) -> list[tuple[OfficialFont, str]]:
    """The official fonts not installed whose stock stand-in is: each with the stand-in's name."""
    names = _names(installed)
    return [
        (font, font.stand_ins[0])
        for font in OFFICIAL_FONTS
        if not any(_key(alias) in names for alias in font.aliases)
        and any(_key(stand_in) in names for stand_in in font.stand_ins)
    ]


def missing_fonts_text(missing: list[OfficialFont], stood_in: Iterable[tuple[OfficialFont, str]] = ()) -> str:
    """One Chinese paragraph for the user; empty when nothing is missing."""
    if not missing:
        return ""
    listed = "、".join(f"{font.name}（{font.use}）" for font in missing)
    text = (
        f"本机没有安装公文字体：{listed}。生成的汇报照常记录这些字体，但在本机的 Word 或 WPS 中会用相近的字体"
        "显示和打印，字形和字宽与正式公文略有不同。正式打印前，请在装有公文字体的电脑上检查，或请信息管理员安装。"
    )
    stood_in = list(stood_in)
    if stood_in:
        fonts = "、".join(font.name for font, _ in stood_in)
        faces = "、".join(face for _, face in stood_in)
        text += f"{fonts}没有安装，由本机字形相同的{faces}代替，不影响打印。"
    return text


def installed_font_names() -> set[str]:
    if sys.platform == "win32":
        return _windows_font_names()
    return _fontconfig_names()


def _windows_font_names() -> set[str]:
    """Names from the Fonts registry keys, for all users (HKLM) and the current one (HKCU: fonts installed
    without administrator rights since Windows 10 1809). Values look like "仿宋_GB2312 (TrueType)"."""
    import winreg

    key = r"SOFTWARE\Microsoft\Windows NT\CurrentVersion\Fonts"
    names: set[str] = set()
    for hive in (winreg.HKEY_LOCAL_MACHINE, winreg.HKEY_CURRENT_USER):
        names |= set(font_names_from_registry(_registry_value_names(hive, key)))
    return names


_FORMAT_SUFFIX = re.compile(r"\s*\((truetype|opentype|type 1|all res|vga res|[^()]*\d[^()]*)\)\s*$", re.I)


def font_names_from_registry(values: Iterable[str]) -> Iterable[str]:
    """ "宋体 & 新宋体 (TrueType)" → 宋体, 新宋体: each face of a collection, without the format suffix (some
    font installers write it without the space: "方正小标宋简体(TrueType)")."""
    for value in values:
        base = _FORMAT_SUFFIX.sub("", value)
        for face in base.split("&"):
            if face.strip():
                yield face.strip()


def _registry_value_names(hive: int, key: str) -> list[str]:
    import winreg

    try:
        with winreg.OpenKey(hive, key) as handle:
            count = winreg.QueryInfoKey(handle)[1]
            return [winreg.EnumValue(handle, index)[0] for index in range(count)]
    except OSError:
        return []


def _fontconfig_names() -> set[str]:
    try:
        result = subprocess.run(["fc-list", ":", "family"], capture_output=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return set()
    names: set[str] = set()
    for line in result.stdout.decode("utf-8", "replace").splitlines():
        names |= {family.strip() for family in line.split(",") if family.strip()}
    return names
