from core.pinyin_keys import search_keys
from core.text import clean_text, name_key, to_halfwidth


def test_full_width_digits_letters_and_brackets_become_ascii() -> None:
    assert to_halfwidth("２０１９（Ａ）") == "2019(A)"


def test_name_key_ignores_spaces_width_and_quotes() -> None:
    assert name_key(" 宁波市 荷花庄小学 ") == name_key("宁波市荷花庄小学")
    assert name_key("“全国文明单位”") == name_key("全国文明单位")
    assert name_key("第１中学") == name_key("第1中学")


def test_clean_text_trims_and_empties_to_none() -> None:
    assert clean_text("  a   b ") == "a b"
    assert clean_text("\u3000 ") is None


def test_pinyin_keys_hold_full_pinyin_and_initials() -> None:
    full, initials = search_keys("宁波市荷花庄小学")
    assert "hehuazhuang" in full
    assert "hhz" in initials


def test_polyphonic_place_names_are_found_by_either_reading() -> None:
    full, initials = search_keys("长治市工商行政管理局城区分局")
    assert "changzhi" in full
    assert "czs" in initials


def test_latin_and_digits_stay_whole_in_initials() -> None:
    _, initials = search_keys("ABC学校2号")
    assert initials.startswith("abcxx2")


def test_place_names_sort_by_their_phrase_reading_syllable_by_syllable() -> None:
    names = [
        "靖远县第一中学",
        "长治市第一中学",
        "金水区实验小学",
        "重庆市巴蜀中学",
        "金水区",
        "长沙市第一中学",
    ]
    ordered = sorted(names, key=lambda name: search_keys(name)[0])
    assert ordered == [
        "长沙市第一中学",  # chang-sha
        "长治市第一中学",  # chang-zhi, not zhang-zhi
        "重庆市巴蜀中学",  # chong-qing, not zhong-qing
        "金水区",  # jin-shui-qu before jin-shui-qu-shi…
        "金水区实验小学",
        "靖远县第一中学",  # jing-yuan after jin-shui
    ]


def test_numbers_in_names_sort_by_their_value() -> None:
    """A district's schools 第1 … 第300: by code point 第1, 第10, 第100, 第101 … 第11 came first, in the unit
    list and in the 文明创建 report's list of names."""
    expected = ["东湖区", *(f"东湖区第{n}小学" for n in (1, 2, 10, 11, 100))]
    assert sorted(reversed(expected), key=lambda name: search_keys(name)[0]) == expected
    assert "dhqd10xx" in search_keys("东湖区第10小学")[1]  # searching by the number as typed still finds it
