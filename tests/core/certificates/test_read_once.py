"""A certificate is read once: the image recognised, shown to the clerk and attached to the honour are the
same bytes, copied privately and hashed as they were read, whatever happens to the photo on its U 盘
or share after it was recognised."""

from __future__ import annotations

import errno
import hashlib
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select

from core.certificates import reading
from core.certificates.apply import Proposal, apply_proposals, proposal_from
from core.certificates.lines import Page
from core.errors import UserError
from core.models import Attachment, Honour, ImportBatch
from core.services import Services

SCHOOL = "宁波市荷花庄小学"


class BlankEngine:
    """The recogniser, without its model: it finds no text (the clerk types the fields)."""

    def recognise(self, image: object) -> Page:
        return Page([])


@pytest.fixture(autouse=True)
def no_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "engine", BlankEngine)


def photo(path: Path, colour: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (240, 160), colour).save(path)
    return path


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def recognised(services: Services, path: Path, folder: Path) -> Proposal:
    [result] = reading.read_certificates([path], page_folder=folder)
    assert result.error is None
    made = proposal_from(result)
    made.edit(SCHOOL, {**made.values, "title": "宁波市绿色学校", "awarded": "2022"})
    return made


def count(services: Services, model: type) -> int:
    with services.db.session() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_the_image_attached_is_the_one_recognised_not_the_file_as_it_is_now(
    services: Services, tmp_path: Path
) -> None:
    path = photo(tmp_path / "U盘" / "奖状.png", "red")
    reviewed = path.read_bytes()
    made = recognised(services, path, tmp_path / "pages")
    assert made.image != path and made.image.read_bytes() == reviewed and made.image_name == "奖状.png"
    photo(path, "blue")  # a sync program puts another photo under the name meanwhile

    apply_proposals(services.db, [made], "证书 1 张")
    [attachment] = services.attachments.list(services.honours.list()[0].id)
    assert attachment.sha256 == digest(reviewed) and attachment.original_name == "奖状.png"
    assert services.attachments.path(attachment).read_bytes() == reviewed


def test_an_image_changed_after_it_was_recognised_is_refused_and_nothing_saved(
    services: Services, tmp_path: Path
) -> None:
    made = recognised(services, photo(tmp_path / "奖状.png", "red"), tmp_path / "pages")
    photo(made.image, "blue")  # what was reviewed is no longer what would be stored
    with pytest.raises(UserError) as caught:
        apply_proposals(services.db, [made], "证书 1 张")
    assert caught.value.message == "证书图片“奖状.png”在识别之后被改动过，未保存任何一项；请重新识别。"
    assert count(services, Honour) == count(services, Attachment) == count(services, ImportBatch) == 0
    assert not any(services.attachments.folder.rglob("*.png"))


def test_the_batch_is_known_by_the_certificates_content(services: Services, tmp_path: Path) -> None:
    """Two photos of the same name and size but different content are different batches."""
    first = photo(tmp_path / "一" / "奖状.bmp", "red")  # uncompressed: the same size
    second = photo(tmp_path / "二" / "奖状.bmp", "blue")
    assert first.stat().st_size == second.stat().st_size
    for path, title in ((first, "宁波市绿色学校"), (second, "宁波市文明校园")):
        made = Proposal(path, path.name, SCHOOL, {"title": title, "awarded": "2022", "status": "有效"})
        apply_proposals(services.db, [made], "证书 1 张")
    with services.db.session() as session:
        hashes = list(session.scalars(select(ImportBatch.file_hash)))
    assert len(hashes) == 2 and hashes[0] != hashes[1]


def test_a_full_disk_is_not_blamed_on_the_photo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from core import files

    def disk_full(*_args: object, **_kwargs: object) -> tuple[str, int]:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files, "copy_hashed", disk_full)
    with pytest.raises(UserError) as caught:
        reading.read_certificates([photo(tmp_path / "奖状.png", "red")], page_folder=tmp_path / "pages")
    assert caught.value.message.startswith("无法把文件“奖状.png”复制到本机的临时文件夹后识别：")
    assert "空间不足" in caught.value.message
