"""A long 公文标题 breaks between its parts (GB/T 9704 7.3.1), never inside a word."""

from __future__ import annotations

from core.reports.title_lines import LINE, _width, broken_title


def test_a_short_title_stays_on_one_line() -> None:
    assert broken_title(["关于表彰2024年", "区级文明单位的决定"]) == "关于表彰2024年区级文明单位的决定"


def test_a_title_a_renderer_would_break_inside_a_word_breaks_between_its_parts() -> None:
    """关于表彰2022年至2024年区级文明单位的决 / 定 as LibreOffice printed it: now after the period."""
    assert broken_title(["关于表彰2022年至2024年", "区级文明单位的决定"]) == (
        "关于表彰2022年至2024年\n区级文明单位的决定"
    )


def test_the_longest_line_is_as_short_as_it_can_be() -> None:
    """关于表彰2022年至2024年区级文明单位、区 / 级优秀教师、区级文明家庭的决定 broke 区级优秀教师."""
    parts = ["关于表彰2022年至2024年", "区级文明单位、", "区级优秀教师、", "区级文明家庭的决定"]
    title = broken_title(parts)
    assert title == "关于表彰2022年至2024年区级文明单位、\n区级优秀教师、区级文明家庭的决定"
    assert all(_width(line) <= LINE for line in title.splitlines())


def test_many_titles_take_as_many_lines_as_they_need() -> None:
    names = [f"第{n}届全区艺术节优秀组织单位、" for n in range(1, 5)] + ["第5届全区艺术节优秀组织单位的决定"]
    title = broken_title(["关于表彰2024年", *names])
    lines = title.splitlines()
    assert "".join(lines) == "关于表彰2024年" + "".join(names)
    assert all(_width(line) <= LINE for line in lines)
    assert all(line.endswith(("年", "、", "的决定")) for line in lines)  # each part whole
