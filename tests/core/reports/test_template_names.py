"""Template names are file names on every office PC: Windows' device names and names equal but for case."""

from pathlib import Path

import pytest

from core.errors import UserError
from core.reports.library import TemplateLibrary, check_template_name
from core.services import Services
from tests.core.reports.hostile import docx_with


@pytest.mark.parametrize("name", ["CON", "nul", "Aux.汇报", "COM1", "lpt9", "情况汇报.", "情况汇报 "])
def test_names_windows_cannot_hold_are_refused_in_chinese(name: str) -> None:
    with pytest.raises(UserError, match=r"Windows 保留的设备名|不能作文件名"):
        check_template_name(name)


@pytest.mark.parametrize("name", ["CONTROL汇报", "区级汇报", "COM", "2024年总结"])
def test_ordinary_names_pass(name: str) -> None:
    check_template_name(name)


@pytest.mark.parametrize("hidden", ["\u200b", "\u202e", "\ufeff", "\u2066"])
def test_a_file_named_like_a_builtin_with_an_invisible_character_is_refused(
    services: Services, tmp_path: Path, hidden: str
) -> None:
    """情况汇报 + a zero-width space (or a right-to-left override) as the file's name would be listed as a
    second “情况汇报” beside the built-in one, or shown turned round: refused, naming where, nothing added."""
    library = TemplateLibrary(services.db)
    before = {template.name for template in library.list()}
    source = docx_with(tmp_path / f"情况{hidden}汇报.docx", "{{ 单位.名称 }}")
    with pytest.raises(UserError) as refused:
        library.add(source)
    assert refused.value.message.startswith("模板名称“情况□汇报”含有看不见的格式字符")
    assert {template.name for template in library.list()} == before
    assert not any(services.db.data_dir.templates.glob("*.docx"))  # type: ignore[union-attr]


def test_a_name_equal_but_for_case_is_refused_and_the_first_template_kept(
    services: Services, tmp_path: Path
) -> None:
    library = TemplateLibrary(services.db)
    first = docx_with(tmp_path / "a.docx", "{{ 单位.名称 }}（第一份）")
    library.add(first, "Report汇报")
    with pytest.raises(UserError, match="只差大小写"):
        library.add(docx_with(tmp_path / "b.docx", "{{ 单位.名称 }}（第二份）"), "report汇报")
    assert library.path(library.get("Report汇报")).read_bytes() == first.read_bytes()


def test_a_name_too_long_for_the_record_or_a_file_name_is_refused_and_nothing_added(
    services: Services, tmp_path: Path
) -> None:
    """The name column holds 100 characters (a server refuses more), a Linux file name 255 bytes: a long
    file name taken as the default name is refused in Chinese before anything is kept."""
    library = TemplateLibrary(services.db)
    before = {template.name for template in library.list()}
    long_name = "关于二〇二四年度全区文明单位创建工作情况汇报的模板修订稿" * 2
    source = docx_with(tmp_path / f"{long_name}.docx", "{{ 单位.名称 }}")
    with pytest.raises(UserError, match=r"有 \d+ 个字，最多 50 个字"):
        library.add(source)
    assert {template.name for template in library.list()} == before
    assert not any(services.db.data_dir.templates.glob("*.docx"))
    library.add(source, "全区创建情况汇报")  # the same file under a shorter name
