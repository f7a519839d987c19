"""The official document fonts: which are missing, told once in plain Chinese."""

from core.fonts import (
    OFFICIAL_FONTS,
    font_names_from_registry,
    missing_fonts_text,
    missing_official_fonts,
    stood_in_fonts,
)

STOCK_WINDOWS = [  # value names of a stock Chinese Windows 11's Fonts key (excerpt)
    "微软雅黑 & Microsoft YaHei UI (TrueType)",
    "宋体 & 新宋体 (TrueType)",
    "黑体 (TrueType)",
    "仿宋 (TrueType)",
    "楷体 (TrueType)",
    "Times New Roman (TrueType)",
]


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


def test_stock_windows_stands_in_for_the_gb2312_faces_and_says_so() -> None:
    """Stock Windows' 仿宋 and 楷体 are the designs of 仿宋_GB2312 and 楷体_GB2312, and the reports name them
    as the fonts' stand-ins: only the title's 方正小标宋简体 is really missing."""
    installed = list(font_names_from_registry(STOCK_WINDOWS))
    missing = missing_official_fonts(installed)
    stood_in = stood_in_fonts(installed)
    assert [font.name for font in missing] == ["方正小标宋简体"]
    assert [(font.name, face) for font, face in stood_in] == [
        ("仿宋_GB2312", "仿宋"),
        ("楷体_GB2312", "楷体"),
    ]
    text = missing_fonts_text(missing, stood_in)
    assert text.startswith("本机没有安装公文字体：方正小标宋简体（标题）。")
    assert "仿宋_GB2312、楷体_GB2312没有安装，由本机字形相同的仿宋、楷体代替" in text


def test_an_english_windows_names_the_stand_ins_in_english() -> None:
    installed = font_names_from_registry(["FangSong (TrueType)", "KaiTi (TrueType)", "SimHei (TrueType)"])
    assert [font.name for font in missing_official_fonts(installed)] == ["方正小标宋简体"]


def test_the_gbk_xiaobiaosong_is_not_the_title_font_the_reports_name() -> None:
    """方正小标宋_GBK is another font: Word shows a document's 方正小标宋简体 in the altName 宋体 beside it."""
    installed = font_names_from_registry(
        ["方正小标宋_GBK (TrueType)", "仿宋_GB2312 (TrueType)", "楷体_GB2312 (TrueType)", "黑体 (TrueType)"]
    )
    assert [font.name for font in missing_official_fonts(installed)] == ["方正小标宋简体"]


def test_registry_names_written_without_a_space_or_with_a_style_are_read() -> None:
    installed = list(
        font_names_from_registry(
            [
                "方正小标宋简体(TrueType)",
                "FangSong_GB2312 Regular (TrueType)",
                "楷体_GB2312&KaiTi_GB2312 (OpenType)",
                "SimHei (TrueType)",
            ]
        )
    )
    assert "方正小标宋简体" in installed and "KaiTi_GB2312" in installed
    assert missing_official_fonts(installed) == [] and stood_in_fonts(installed) == []
