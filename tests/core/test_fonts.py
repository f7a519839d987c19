"""The official document fonts: which are missing, told once in plain Chinese."""

from core.fonts import OFFICIAL_FONTS, font_names_from_registry, missing_fonts_text, missing_official_fonts

STOCK_WINDOWS = [  # value names of a stock Chinese Windows 11's Fonts key (excerpt)
    "微软雅黑 & Microsoft YaHei UI (TrueType)",
    "宋体 & 新宋体 (TrueType)",
    "黑体 (TrueType)",
    "仿宋 (TrueType)",
    "楷体 (TrueType)",
    "Times New Roman (TrueType)",
]


def test_stock_windows_lacks_three_official_fonts_but_has_heiti() -> None:
    installed = list(font_names_from_registry(STOCK_WINDOWS))
    assert {"微软雅黑", "Microsoft YaHei UI", "宋体", "新宋体", "黑体"} <= set(installed)
    missing = missing_official_fonts(installed)
    assert [font.name for font in missing] == ["方正小标宋简体", "仿宋_GB2312", "楷体_GB2312"]
    text = missing_fonts_text(missing)
    assert text.startswith(
        "本机没有安装公文字体：方正小标宋简体（标题）、仿宋_GB2312（正文）、楷体_GB2312（二级标题）。"
    )
    assert "正式打印前" in text


def test_a_government_pc_with_english_registered_names_has_them_all() -> None:
    installed = font_names_from_registry(
        [
            "FZXiaoBiaoSong-B05S (TrueType)",
            "FangSong_GB2312 (TrueType)",
            "KaiTi_GB2312 (TrueType)",
            "SimHei (TrueType)",
        ]
    )
    assert missing_official_fonts(installed) == []
    assert missing_fonts_text([]) == ""


def test_every_official_font_is_known_by_its_template_name() -> None:
    assert all(font.name in font.aliases for font in OFFICIAL_FONTS)
