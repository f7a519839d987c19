"""Paths the database keeps for files in the data directory: a record from outside (a restored backup, a
shared server another PC or program wrote to) that names a file elsewhere makes the program delete,
read, fetch or open nothing there."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import update

from core.errors import UserError
from core.models import Attachment, Honour, ImportBatch, Template
from core.reports.library import TemplateLibrary
from core.services import Services
from core.services.reports import report_file
from core.stored_paths import unsafe_reason

OUTSIDE = [
    "../../precious.jpg",
    "..\\..\\precious.jpg",
    "/tmp/precious.jpg",
    "C:\\precious.jpg",
    "C:precious.jpg",
]


@pytest.fixture
def precious(tmp_path: Path) -> Path:
    """A file of the user's, outside the data folder, that a crafted record points at."""
    path = tmp_path / "precious.jpg"
    path.write_bytes(b"the user's own photo")
    return path


def _relative_from(folder: Path, target: Path) -> str:
    """A path from folder up and down to target, as a crafted record would store it."""
    ups = len(folder.relative_to(target.parent).parts)
    return "/".join([".."] * ups + [target.name])


def _honour_with_attachment(services: Services, stored_path: str) -> tuple[int, int]:
    unit = services.units.create({"name": "东鲁派出所"})
    honour = services.honours.create(unit.id, {"title": "人民满意派出所", "level": "市级", "awarded": "2021"})
    with services.db.session(write=True) as session:
        attachment = Attachment(
            honour_id=honour.id, original_name="证书.jpg", stored_path=stored_path, size=3, sha256="0" * 64
        )
        session.add(attachment)
        session.flush()
        return honour.id, attachment.id


@pytest.mark.parametrize("relative", OUTSIDE)
def test_paths_leaving_their_folder_are_refused_on_every_platform(relative: str) -> None:
    assert unsafe_reason(relative, (".jpg",)) is not None


@pytest.mark.parametrize("relative", ["12/0123456789ab-证书 扫描 (1).JPG", "7/abc-奖状.pdf"])
def test_what_the_program_stores_is_accepted(relative: str) -> None:
    assert unsafe_reason(relative, (".jpg", ".pdf")) is None


def test_removing_an_attachment_whose_record_points_outside_leaves_that_file(
    services: Services, precious: Path
) -> None:
    folder = services.attachments.folder
    folder.mkdir(parents=True, exist_ok=True)
    honour_id, attachment_id = _honour_with_attachment(services, _relative_from(folder, precious))
    attachment = services.attachments.list(honour_id)[0]
    with pytest.raises(UserError, match=r"存放位置.*指向文件夹之外"):
        services.attachments.path(attachment)  # what 打开 and the report's 证书附件 go through
    services.attachments.remove(attachment_id)
    assert services.attachments.list(honour_id) == []
    assert precious.read_bytes() == b"the user's own photo"


def test_purging_an_honour_whose_attachment_points_outside_leaves_that_file(
    services: Services, precious: Path
) -> None:
    honour_id, _ = _honour_with_attachment(services, str(precious))
    services.honours.delete(honour_id)
    services.honours.purge(honour_id)
    with services.db.session() as session:
        assert session.get(Honour, honour_id) is None
    assert precious.exists()


def test_undoing_an_import_whose_record_names_files_outside_leaves_them(
    services: Services, precious: Path
) -> None:
    from core.importing.history import undo_batch

    folder = services.attachments.folder
    folder.mkdir(parents=True, exist_ok=True)
    with services.db.session(write=True) as session:
        batch = ImportBatch(
            kind="certificate",
            file_name="证书.jpg",
            file_hash="0" * 64,
            undo_data={"attachment_files": [_relative_from(folder, precious), str(precious), 7]},
        )
        session.add(batch)
        session.flush()
        batch_id = batch.id
    undo_batch(services.db, batch_id)
    assert precious.exists() and precious.parent.is_dir()


def test_a_template_whose_record_points_outside_is_neither_used_nor_deleted(
    services: Services, tmp_path: Path
) -> None:
    from tests.core.reports.hostile import docx_with

    library = TemplateLibrary(services.db)
    added, _ = library.add(docx_with(tmp_path / "本办模板.docx", "{{ 单位.名称 }}"))
    elsewhere = docx_with(tmp_path / "重要文件.docx", "别人的文件")
    with services.db.session(write=True) as session:
        session.execute(update(Template).where(Template.id == added.id).values(file_path=str(elsewhere)))
    template = library.get("本办模板")
    with pytest.raises(UserError, match=r"模板“本办模板”记录的存放位置.*是一个绝对路径"):
        library.path(template)
    library.delete("本办模板")
    assert elsewhere.exists()
    assert "本办模板" not in [t.name for t in library.list()]


@pytest.mark.parametrize(
    "output", ["C:\\Windows\\System32\\cmd.exe", "/tmp/报告.docx.bat", "\\\\server\\share\\a.lnk"]
)
def test_a_report_history_record_naming_a_program_is_not_opened(output: str) -> None:
    with pytest.raises(UserError, match="不是 Word 文档"):
        report_file(output)


def test_a_generated_report_is_opened(tmp_path: Path) -> None:
    path = tmp_path / "宁波市荷花庄小学-情况汇报-2026.DOCX"
    path.write_bytes(b"PK")
    assert report_file(str(path)) == path
    path.unlink()
    with pytest.raises(UserError, match="已不存在"):
        report_file(str(path))
