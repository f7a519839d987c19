"""Writing a report under its file name: a failure names the file the user would have got, in its folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.errors import UserError
from core.reports import output
from core.reports.batch import BatchSession
from core.reports.output import NotWritten, report_file_name
from core.temporary import release, target_of, temporary_beside


class RefusedWrite:
    """A compiled template whose file cannot be created (a folder that security software guards)."""

    def render(self, context: dict, unit_name: str) -> object:
        return object()

    def write(self, rendered: object, target: Path) -> None:
        raise PermissionError(13, "拒绝访问。", str(target))


def test_a_failed_write_names_the_reports_file_and_folder_for_a_unit_with_a_slash(tmp_path: Path) -> None:
    unit = "城关镇中心小学/幼儿园"
    target = tmp_path / report_file_name(unit, "情况汇报", 2026)
    session = BatchSession()
    session.template = RefusedWrite()  # type: ignore[assignment]
    temporary = temporary_beside(target)
    with pytest.raises(NotWritten) as refused:
        session.render_file({}, unit, str(temporary))
    release(temporary)
    message = refused.value.message
    assert message.startswith("无法写入“城关镇中心小学_幼儿园-情况汇报-2026.docx”：")
    assert f"“{tmp_path}”" in message and "城关镇中心小学”" not in message
    assert list(tmp_path.iterdir()) == []


def test_a_temporary_file_leads_back_to_its_target(tmp_path: Path) -> None:
    target = tmp_path / "宁波市荷花庄小学-情况汇报-2026.docx"
    assert target_of(temporary_beside(target)) == target


_FORBIDDEN = set('<>:"/\\|?*') | {chr(code) for code in range(32)}
_DEVICES = {"CON", "PRN", "AUX", "NUL", *(f"{port}{n}" for port in ("COM", "LPT") for n in range(10))}


def legal_on_windows(name: str) -> bool:
    """Explorer can create it: no forbidden character, no device name before the first dot, no trailing
    dot or space, at most 255 characters."""
    return (
        not (set(name) & _FORBIDDEN)
        and name.split(".")[0].strip().upper() not in _DEVICES
        and not name.endswith((".", " "))
        and len(name) <= 255
    )


@given(
    unit=st.one_of(
        st.sampled_from(
            [
                "城关镇中心小学/幼儿园",
                "CON",
                "nul",
                "COM1.",
                "aux.txt",
                "Con.小学",
                "第一中学<东校区>",
                "实验小学?",
                "  ..  ",
            ]
        ),
        st.text(alphabet=st.sampled_from('城关小学/\\:*?"<>|. \tCONUL1'), max_size=300),
    ),
    template=st.sampled_from(["情况汇报", "工作总结", "创建文明单位申报材料"]),
)
@settings(max_examples=200, deadline=None)
def test_every_report_file_name_is_legal_on_windows(unit: str, template: str) -> None:
    name = report_file_name(unit, template, 2026)
    assert legal_on_windows(name) and name.endswith(f"-{template}-2026.docx")
    assert legal_on_windows(output.merged_file_name(template, 2026))


@given(
    units=st.lists(
        st.text(alphabet=st.sampled_from("AaＡａ小学/_:. CON"), min_size=1, max_size=12),
        min_size=1,
        max_size=8,
        unique=True,
    )
)
@settings(max_examples=200, deadline=None)
def test_a_batchs_file_names_are_distinct_as_windows_compares_them(units: list[str]) -> None:
    names = output.report_file_names(units, "情况汇报", 2026)
    assert len({name.casefold() for name in names}) == len(units)
    assert all(legal_on_windows(name) for name in names)


def test_a_unit_named_with_rare_characters_gets_a_file_name_that_fits_windows_path_limit() -> None:
    """Windows counts a path in UTF-16 units: a character beyond the basic plane (𠀀, 𡌶 of village names,
    an emoji) counts two. A name that fits when counted in characters but not in those units is shortened,
    so that its report is written instead of refused as too long a path."""
    from core import files, temporary

    unit = "𡌶𡌶村" * 12 + "村民委员会"  # 24 such characters: 24 units more than Python's len()
    plain = f"{unit}-情况汇报-2026.docx"
    folder = Path("/汇报") / ("材" * (files.MAX_PATH_CHARS - temporary.OVERHEAD - len(f"/汇报//{plain}")))
    assert len(str(folder / plain)) + temporary.OVERHEAD == files.MAX_PATH_CHARS  # fits by len()
    assert files.path_length(folder / plain) + temporary.OVERHEAD > files.MAX_PATH_CHARS  # not on Windows
    name = report_file_name(unit, "情况汇报", 2026, folder)
    assert "…" in name and files.path_length(folder / name) + temporary.OVERHEAD <= files.MAX_PATH_CHARS
    with pytest.raises(UserError, match="路径太长"):
        files.check_path_length(folder / plain, windows=True)


@pytest.mark.parametrize(
    ("winerror", "told"),
    [
        (32, "被其他程序占用"),  # Word's lock: a sharing violation; closing the document helps
        (5, "不可写（没有写入权限或是只读的）"),  # a share without write rights: closing nothing helps
    ],
)
def test_access_denied_is_not_taken_for_a_document_held_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, winerror: int, told: str
) -> None:
    """Replacing last year's report on a share where the clerk may read but not write: Windows answers
    "access denied" (winerror 5), which was told as the file being open in another program (close it,
    then 重试), a loop with no way out. A sharing violation (32) is what Word's lock gives."""
    from core import files
    from tests.core.windows_errors import windows_error

    folder = tmp_path / "共享盘" / "汇报"
    folder.mkdir(parents=True)
    target = folder / "宁波市荷花庄小学-情况汇报-2026.docx"
    target.write_bytes(b"last year's")

    def refused(path: Path) -> object:
        raise windows_error(
            winerror, "拒绝访问。" if winerror == 5 else "另一个程序正在使用此文件。", errno=13
        )

    def no_replace(source: object, destination: object) -> None:
        raise windows_error(winerror, "拒绝访问。", errno=13)

    monkeypatch.setattr(output, "_open_for_update", refused)
    monkeypatch.setattr(output.files.os, "replace", no_replace)
    monkeypatch.setattr(files, "_sleep", lambda seconds: None)
    monkeypatch.setattr(files, "folder_writable", lambda folder: winerror != 5)
    temporary = temporary_beside(target)
    temporary.write_bytes(b"this year's")
    try:
        with pytest.raises(NotWritten) as caught:
            output.place(temporary, target)
    finally:
        release(temporary)
    assert told in caught.value.message and target.read_bytes() == b"last year's"
    if winerror == 5:
        assert "占用" not in caught.value.message and "打开" not in caught.value.message
