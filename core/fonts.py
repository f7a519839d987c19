"""Are the official document fonts installed? (GB/T 9704-2012: 方正小标宋简体, 仿宋_GB2312, 楷体_GB2312, 黑体)

The fonts are not shipped (方正's are licensed). Stock Windows has 黑体 (SimHei) but none of the other three;
government PCs usually have them. Without them Word and WPS substitute a similar face on screen and in print,
so the program says so once, and --self-test reports it, instead of letting the first printed report surprise.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class OfficialFont:
    name: str  # as the templates name it
    use: str  # what it sets
    aliases: tuple[str, ...]  # how an installed copy may be registered (Chinese, English, vendor names)


OFFICIAL_FONTS = (
    OfficialFont(
        "方正小标宋简体",
        "标题",
        ("方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "FZXiaoBiaoSong-B05"),
    ),
    OfficialFont("仿宋_GB2312", "正文", ("仿宋_GB2312", "FangSong_GB2312")),
    OfficialFont("楷体_GB2312", "二级标题", ("楷体_GB2312", "KaiTi_GB2312")),
    OfficialFont("黑体", "一级标题", ("黑体", "SimHei")),
)


def missing_official_fonts(installed: Iterable[str] | None = None) -> list[OfficialFont]:
    """The official fonts none of whose names is among the installed font names (case-insensitive)."""
    names = {name.casefold() for name in (installed_font_names() if installed is None else installed)}
    return [font for font in OFFICIAL_FONTS if not any(alias.casefold() in names for alias in font.aliases)]


def missing_fonts_text(missing: list[OfficialFont]) -> str:
    """One Chinese paragraph for the user; empty when nothing is missing."""
    if not missing:
        return ""
    listed = "、".join(f"{font.name}（{font.use}）" for font in missing)
    return (
        f"本机没有安装公文字体：{listed}。生成的汇报照常记录这些字体，但在本机的 Word 或 WPS 中会用相近的字体"
        "显示和打印，字形和字宽与正式公文略有不同。正式打印前，请在装有公文字体的电脑上检查，或请信息管理员安装。"
    )


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


def font_names_from_registry(values: Iterable[str]) -> Iterable[str]:
    """ "宋体 & 新宋体 (TrueType)" → 宋体, 新宋体: each face of a collection, without the format suffix."""
    for value in values:
        base = value.rsplit(" (", 1)[0] if value.endswith(")") else value
        for face in base.split(" & "):
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
