"""A register, an old report, a certificate or a name list naming a unit's former name files under the unit,
says so, and never creates a second unit."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from core.certificates.apply import apply_proposals, proposal_from
from core.certificates.bodies import KnownNames
from core.certificates.images import Source
from core.certificates.reading import CertificateResult
from core.certificates.understand import understand
from core.decisions.names import MATCHED, UnitMatcher
from core.importing.apply import apply_import
from core.importing.register import read_register
from core.models import Unit
from core.oldreports.apply import apply_reports
from core.oldreports.proposal import propose, read_report
from core.services import HonourFilter, Services
from tests.core.certificates.samples import line, page, right
from tests.core.importing.keeping import write_register as register
from tests.core.oldreports.written import write_docx

OLD, NEW = "武侯区第二小学", "武侯区棕北小学"
NOTE = f"按曾用名“{OLD}”匹配"


def renamed_school(services: Services) -> int:
    return services.units.create({"name": NEW, "former_names": [{"name": OLD, "until": "2015"}]}).id


def unit_count(services: Services) -> int:
    with services.db.session() as session:
        return session.scalar(select(func.count()).select_from(Unit)) or 0


def titles(services: Services, unit_id: int) -> list[str]:
    return sorted(h.title for h in services.honours.list(HonourFilter(unit_id=unit_id)))


def test_a_register_row_naming_the_former_name_goes_to_the_unit(services: Services, tmp_path: Path) -> None:
    school = renamed_school(services)
    path = register(
        tmp_path / "2014年荣誉登记表.xlsx",
        ["单位名称", "荣誉称号", "授予单位", "获得时间"],
        [[OLD, "省绿色学校", "省教育厅", "2014"], ["武侯区 第二小学", "市文明校园", "市文明委", "2013"]],
    )
    preview = apply_import(services.db, read_register(path), dry_run=True)
    assert preview.plan is not None
    assert [row.message for row in preview.plan.rows] == [
        f"新增荣誉“省绿色学校”（{NOTE}，归入单位“{NEW}”）",
        f"新增荣誉“市文明校园”（按曾用名“武侯区 第二小学”匹配，归入单位“{NEW}”）",
    ]
    result = apply_import(services.db, read_register(path))
    assert (result.counts["units_created"], result.counts["honours_created"]) == (0, 2)
    assert unit_count(services) == 1
    assert titles(services, school) == ["市文明校园", "省绿色学校"]


def test_a_unit_register_naming_the_former_name_updates_the_unit_and_keeps_its_name(
    services: Services, tmp_path: Path
) -> None:
    school = renamed_school(services)
    path = register(tmp_path / "单位名册.xlsx", ["单位名称", "联系电话"], [[OLD, "028-85551234"]])
    result = apply_import(services.db, read_register(path))
    assert (result.counts["units_created"], result.counts["units_updated"]) == (0, 1)
    unit = services.units.get(school)
    assert (unit.name, unit.phone) == (NEW, "028-85551234")


def test_a_current_name_wins_over_another_units_former_name(services: Services, tmp_path: Path) -> None:
    renamed_school(services)
    newcomer = services.units.create({"name": OLD}).id  # a new school took the old name
    path = register(tmp_path / "荣誉.xlsx", ["单位名称", "荣誉称号", "获得时间"], [[OLD, "平安校园", "2022"]])
    apply_import(services.db, read_register(path))
    assert titles(services, newcomer) == ["平安校园"]


def test_an_old_report_signed_with_the_former_name_is_filed_under_the_unit(
    services: Services, tmp_path: Path
) -> None:
    school = renamed_school(services)
    path = write_docx(
        tmp_path / "2014年工作总结.docx",
        [
            f"{OLD}2014年工作总结",
            "一、主要做法",
            "2014年，学校被省教育厅评为“省绿色学校”。",
            OLD,
            "2014年12月",
        ],
    )
    proposals = read_report(path)
    propose(services.db, proposals)
    [proposal] = proposals
    assert (proposal.unit_id, proposal.unit_name) == (school, NEW)
    assert proposal.unit_evidence == f"{OLD}（{NOTE}）"
    apply_reports(services.db, proposals)
    assert unit_count(services) == 1
    assert titles(services, school) == ["省绿色学校"]


def test_a_certificate_made_out_to_the_former_name_is_matched_and_noted(
    services: Services, tmp_path: Path
) -> None:
    school = renamed_school(services)
    reading = understand(
        page(
            line(f"{OLD}：", 330),
            line("被评为“成都市绿色学校”。", 420, 290),
            right("成都市教育局", 780),
            right("二〇一四年十二月", 860),
        ),
        KnownNames.load(services.db),
    )
    assert NOTE in reading.notes
    image = tmp_path / "绿色学校.jpg"
    image.write_bytes(b"\x89PNG fake image bytes")
    made = proposal_from(CertificateResult(Source(image), image, reading))
    assert (made.unit_id, made.unit_name) == (school, NEW)
    made.unit_name, made.unit_id = OLD, None  # typed by hand as printed: still the same unit
    apply_proposals(services.db, [made], "证书识别")
    assert unit_count(services) == 1
    assert titles(services, school) == ["成都市绿色学校"]


def test_a_unit_asked_for_by_its_former_name_is_found(services: Services) -> None:
    school = renamed_school(services)
    found = services.units.find_by_name(f" {OLD}")
    assert found is not None and found.id == school


def test_a_pasted_name_list_matches_the_former_name_and_says_how(services: Services) -> None:
    school = renamed_school(services)
    with services.db.session() as session:
        matcher = UnitMatcher.of_live_units(session)
    found = matcher.match(OLD)
    assert (found.status, found.unit.id if found.unit else None) == (MATCHED, school)
    assert found.describe() == f"“{OLD}”即{NEW}（{NOTE}）"
