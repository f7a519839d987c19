"""Proposals written as one undoable batch, with each certificate attached to its honour."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from core.certificates.apply import Proposal, apply_proposals, mark_duplicates, proposal_from
from core.certificates.bodies import KnownNames
from core.certificates.images import Source
from core.certificates.reading import CertificateResult
from core.certificates.understand import understand
from core.errors import ValidationError
from core.importing.history import list_batches, undo_batch
from core.inferred import LEVEL_MARK
from core.models import Attachment, Honour, ImportBatch, Unit
from core.services import HonourFilter, Services
from tests.core.certificates.samples import line, page, right

SCHOOL = "宁波市荷花庄小学"


@pytest.fixture
def school(services: Services) -> int:
    return services.units.create({"name": SCHOOL, "supervisor": "宁波市教育局"}).id


def scan(tmp_path: Path, name: str, content: bytes = b"\x89PNG fake image bytes") -> Path:
    path = tmp_path / name
    path.write_bytes(content + name.encode())
    return path


def proposal(image: Path, unit: str, title: str, year: str = "2022", **values: str) -> Proposal:
    return Proposal(image, image.name, unit, {"title": title, "awarded": year, "status": "有效", **values})


def count(services: Services, model: type) -> int:
    with services.db.session() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_a_reading_becomes_a_proposal_for_the_unit_it_names(
    services: Services, school: int, tmp_path: Path
) -> None:
    known = KnownNames.load(services.db)
    reading = understand(
        page(
            line(f"{SCHOOL}：", 330),
            line("被评为“宁波市绿色学校”。", 420, 290),
            right("+波市教育局", 780),
            right("二〇二二年十二月", 860),
        ),
        known,
    )
    image = scan(tmp_path, "绿色学校.jpg")
    made = proposal_from(CertificateResult(Source(image), image, reading))
    assert (made.unit_id, made.unit_name) == (school, SCHOOL)
    assert made.values["title"] == "宁波市绿色学校"
    assert made.values["awarded_by"] == "宁波市教育局"  # the unit's supervisor, though misread
    assert made.values["awarded"] == "2022-12"
    assert made.values["level"] == "市级"


def green_school(services: Services, tmp_path: Path) -> Proposal:
    """The proposal of a certificate of the city's education bureau: its level 市级 inferred."""
    reading = understand(
        page(
            line(f"{SCHOOL}：", 330),
            line("被评为“宁波市绿色学校”。", 420, 290),
            right("宁波市教育局", 780),
            right("二〇二二年十二月", 860),
        ),
        KnownNames.load(services.db),
    )
    image = scan(tmp_path, "绿色学校.jpg")
    return proposal_from(CertificateResult(Source(image), image, reading))


def saved_level(services: Services, school: int, made: Proposal) -> tuple[str | None, str | None]:
    apply_proposals(services.db, [made], "证书 1 张")
    [honour] = services.honours.list(HonourFilter(unit_id=school))
    return honour.level, (honour.extra or {}).get(LEVEL_MARK)


def test_a_level_the_clerk_keeps_is_saved_marked_as_inferred_with_its_rule(
    services: Services, school: int, tmp_path: Path
) -> None:
    made = green_school(services, tmp_path)
    made.edit(SCHOOL, {**made.values, "title": "宁波市绿色学校（第十批）"})  # another field edited
    level, rule = saved_level(services, school, made)
    assert level == "市级"
    assert rule is not None and "宁波市教育局" in rule


def test_a_level_the_clerk_changes_is_saved_without_the_mark(
    services: Services, school: int, tmp_path: Path
) -> None:
    made = green_school(services, tmp_path)
    made.edit(SCHOOL, {**made.values, "level": "省级"})
    assert saved_level(services, school, made) == ("省级", None)


def test_a_level_changed_and_changed_back_by_hand_is_no_longer_a_guess(
    services: Services, school: int, tmp_path: Path
) -> None:
    made = green_school(services, tmp_path)
    made.edit(SCHOOL, {**made.values, "level": "县区级"})
    made.edit(SCHOOL, {**made.values, "level": "市级"})
    assert saved_level(services, school, made) == ("市级", None)


def test_json_says_the_level_was_inferred_and_by_which_rule(services: Services, tmp_path: Path) -> None:
    reading = understand(
        page(line(f"{SCHOOL}：", 330), line("被评为“宁波市绿色学校”。", 420, 290), right("宁波市教育局", 780))
    )
    image = scan(tmp_path, "a.jpg")
    shown = CertificateResult(Source(image), image, reading).as_json()
    assert (shown["level"], shown["level_inferred"]) == ("市级", True)
    assert "宁波市教育局" in shown["level_rule"]
    unread = CertificateResult(Source(image), image, None, error="无法读取").as_json()
    assert (unread["level"], unread["level_inferred"], unread["level_rule"]) == (None, False, None)


def test_applying_writes_honours_with_their_certificates_in_one_batch(
    services: Services, school: int, tmp_path: Path
) -> None:
    proposals = [
        proposal(
            scan(tmp_path, "a.jpg"),
            SCHOOL,
            "宁波市绿色学校",
            awarded_by="宁波市教育局",
            certificate_no="甬教证〔2022〕第0153号",
        ),
        proposal(scan(tmp_path, "b.jpg"), "宁波市白鹤小学", "宁波市文明校园", "2021-06"),
        proposal(scan(tmp_path, "c.jpg"), SCHOOL, "被拒绝的一项"),
    ]
    proposals[2].accepted = False
    result = apply_proposals(services.db, proposals, "证书 3 张")
    assert (result.honours_created, result.units_created, result.attachments) == (2, 1, 2)
    honours = services.honours.list(HonourFilter(unit_id=school))
    assert [(h.title, h.awarded_year, h.certificate_no) for h in honours] == [
        ("宁波市绿色学校", 2022, "甬教证〔2022〕第0153号")
    ]
    attachments = services.attachments.list(honours[0].id)
    stored = services.attachments.path(attachments[0])
    assert stored.read_bytes() == (tmp_path / "a.jpg").read_bytes()
    batch, live = list_batches(services.db)[0]
    assert (batch.kind, live, batch.counts["honours_created"]) == ("certificate", 2, 2)
    assert services.units.find_by_name("宁波市白鹤小学") is not None


def test_reading_the_same_certificates_again_adds_nothing(
    services: Services, school: int, tmp_path: Path
) -> None:
    first = [proposal(scan(tmp_path, "a.jpg"), SCHOOL, "宁波市绿色学校")]
    apply_proposals(services.db, first, "证书 1 张")
    again = [proposal(scan(tmp_path, "a.jpg"), SCHOOL, "“宁波市绿色学校”")]
    mark_duplicates(services.db, again)
    assert again[0].duplicate_of is not None and not again[0].accepted
    again[0].accepted = True  # the clerk insists: the batch still skips it
    result = apply_proposals(services.db, again, "证书 1 张")
    assert (result.honours_created, result.duplicates) == (0, 1)
    assert count(services, Honour) == 1 and count(services, Attachment) == 1


def test_undoing_the_batch_removes_its_honours_units_and_stored_images(
    services: Services, school: int, tmp_path: Path
) -> None:
    proposals = [
        proposal(scan(tmp_path, "a.jpg"), SCHOOL, "宁波市绿色学校"),
        proposal(scan(tmp_path, "b.jpg"), "宁波市白鹤小学", "宁波市文明校园"),
    ]
    result = apply_proposals(services.db, proposals, "证书 2 张")
    folder = services.db.data_dir.attachments
    assert len([p for p in folder.rglob("*") if p.is_file()]) == 2
    undone = undo_batch(services.db, result.batch_id)
    assert (undone.honours_removed, undone.units_removed) == (2, 1)
    assert count(services, Honour) == 0 and count(services, Attachment) == 0
    assert list(folder.iterdir()) == []  # the files and the honours' folders
    assert services.units.get(school) is not None  # the unit that was there before stays


def test_a_bad_field_writes_nothing_and_names_the_field(
    services: Services, school: int, tmp_path: Path
) -> None:
    proposals = [
        proposal(scan(tmp_path, "a.jpg"), SCHOOL, "宁波市绿色学校"),
        proposal(scan(tmp_path, "b.jpg"), "", "宁波市文明校园", "2022-13"),
    ]
    with pytest.raises(ValidationError):
        apply_proposals(services.db, proposals, "证书 2 张")
    fields = {problem.field for problem in proposals[1].problems}
    assert fields == {"unit", "awarded"}
    assert count(services, Honour) == 0 and count(services, ImportBatch) == 0
    assert count(services, Unit) == 1
    assert not any(p.is_file() for p in services.db.data_dir.attachments.rglob("*"))


def test_an_appointment_is_shown_unticked_with_nothing_filled_in(tmp_path: Path) -> None:
    reading = understand(
        page(
            line(f"兹聘请王丽同志为{SCHOOL}", 330),
            line("心理健康教育兼职教师，聘期三年。", 420, 200),
            right(SCHOOL, 780),
            right("二〇二三年九月一日", 860),
        ),
        KnownNames(),
    )
    image = scan(tmp_path, "聘书.jpg")
    made = proposal_from(CertificateResult(Source(image), image, reading))
    assert not made.accepted
    assert (made.values["title"], made.values["awarded_by"], made.values["awarded"]) == (None, None, None)
