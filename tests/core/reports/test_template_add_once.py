"""templates add: the .docx from outside is read once; what the worker checked is what is stored and recorded."""

import hashlib
import os
from pathlib import Path
from typing import Any

import pytest

from core.reports import worker
from core.reports.library import TemplateLibrary
from core.reports.package import TemplateFileError
from core.services import Services
from core.zip_guard import MB, ZipLimits
from tests.core.reports.hostile import docx_with


def test_a_file_replaced_after_its_check_is_not_what_is_stored(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file swapped on the share (or by a program still saving it) between the check and the copy was
    stored unchecked, recorded with the fields and hash of the file checked: the checked bytes are kept."""
    source = docx_with(tmp_path / "区级汇报.docx", "{{ 单位.名称 }}的情况汇报")
    checked = source.read_bytes()
    real = worker.inspect_in_worker

    def check_then_swap(*args: Any, **kwargs: Any) -> Any:
        report = real(*args, **kwargs)
        docx_with(source, "{{ 单位.名称 }}{{ 单位.__class__ }}{{ 另一个字段 }}")
        return report

    monkeypatch.setattr(worker, "inspect_in_worker", check_then_swap)
    library = TemplateLibrary(services.db)
    template, report = library.add(source)
    stored = library.path(library.get("区级汇报")).read_bytes()
    assert stored == checked
    assert template.sha256 == hashlib.sha256(checked).hexdigest()
    assert library.get("区级汇报").fields_used == report.fields_used
    assert "另一个字段" not in report.fields_used


def test_a_template_larger_than_any_usable_package_is_refused_unread(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The copy stops at the size no usable package reaches (its parts together would unpack to more)."""
    monkeypatch.setattr("core.reports.library.DOCX_LIMITS", ZipLimits(max_total_bytes=MB))
    source = tmp_path / "大模板.docx"
    source.write_bytes(os.urandom(MB + MB // 2))
    library = TemplateLibrary(services.db)
    with pytest.raises(TemplateFileError, match=r"模板“大模板\.docx”超过 1 MB，超出可以安全读取的范围"):
        library.add(source)
    assert "大模板" not in {template.name for template in library.list()}
