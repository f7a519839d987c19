"""证书附件: the 附件 pages of the 创建文明单位申报材料 and certificate pictures in custom templates, read back
from the generated .docx (paragraphs, drawings, their extents, relationships and media parts)."""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image

from core import cli
from core.db import open_database
from core.paths import DataDir
from core.reports import certificates as certificates_module
from core.reports.certificates import place
from core.reports.context import ReportOptions
from core.reports.generate import GenerateRequest, GenerateResult, generate_reports
from core.reports.library import TemplateLibrary
from core.services import Services
from core.services.reports import plan_reports
from tests.core.reports.bounded import Job, run_bounded
from tests.core.reports.certificate_data import (
    HOSTILE_FILES,
    PERIOD,
    SHOWN_CAPTIONS,
    UNIT,
    certified_unit,
    png,
)
from tests.core.reports.hostile import docx_with

APPLICATION = "创建文明单位申报材料"
WRITTEN_ON = dt.date(2024, 3, 5)
NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
EMU_PER_MM = 36_000
TYPE_AREA = (156 * EMU_PER_MM, 225 * EMU_PER_MM)


def q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


@dataclass
class Drawing:
    width: int  # EMU
    height: int
    media: str  # the zip member its blip points at
    page_break_before: bool


@dataclass
class Report:
    """A generated .docx as a reader sees it: paragraph texts in order, drawings, media parts."""

    paragraphs: list[str] = field(default_factory=list)
    drawings: list[Drawing] = field(default_factory=list)
    media: dict[str, bytes] = field(default_factory=dict)
    texts_after: list[str] = field(default_factory=list)  # each picture: the next paragraph's text
    content_types: str = ""
    docpr_ids: list[str] = field(default_factory=list)

    @classmethod
    def read(cls, path: Path) -> Report:
        report = cls()
        with zipfile.ZipFile(path) as archive:
            body = etree.fromstring(archive.read("word/document.xml"))
            rels = etree.fromstring(archive.read("word/_rels/document.xml.rels"))
            targets = {r.get("Id"): posixpath.normpath(posixpath.join("word", r.get("Target"))) for r in rels}
            report.media = {n: archive.read(n) for n in archive.namelist() if n.startswith("word/media/")}
            report.content_types = archive.read("[Content_Types].xml").decode()
        waiting = 0  # pictures whose caption (the next paragraph with text) is still to come
        for paragraph in body.iter(q("w:p")):
            text = "".join(t.text or "" for t in paragraph.iter(q("w:t")))
            if text and waiting:
                report.texts_after += [text] * waiting
                waiting = 0
            breaks = paragraph.find("w:pPr/w:pageBreakBefore", NS) is not None
            for inline in paragraph.iter(q("wp:inline")):
                extent = inline.find("wp:extent", NS)
                blip = inline.find(".//a:blip", NS)
                media = targets[blip.get(q("r:embed"))]
                assert media in report.media, f"{media} is not in the package"
                report.drawings.append(Drawing(int(extent.get("cx")), int(extent.get("cy")), media, breaks))
                report.docpr_ids.append(inline.find("wp:docPr", NS).get("id"))
                waiting += 1
            if text:
                report.paragraphs.append(text)
        return report

    def captions(self) -> list[str]:
        """The text of the paragraph that follows each picture."""
        return self.texts_after


def generate(services: Services, unit_ids: list[int], target: Path, **kwargs) -> GenerateResult:  # type: ignore[no-untyped-def]
    options = kwargs.pop("options", ReportOptions())
    template = kwargs.pop("template", APPLICATION)
    request = GenerateRequest(template, unit_ids, PERIOD, WRITTEN_ON, target, options=options, **kwargs)
    return generate_reports(services.db, request)


def aspect(data: bytes) -> float:
    with Image.open(io.BytesIO(data)) as image:
        return image.height / image.width


def assert_fits(drawing: Drawing) -> None:
    assert 0 < drawing.width <= TYPE_AREA[0] and 0 < drawing.height <= TYPE_AREA[1]


def test_the_application_ends_with_the_period_certificates_captioned_in_order(
    services: Services, tmp_path: Path
) -> None:
    unit = certified_unit(services, tmp_path / "files")
    results = generate(services, [unit.unit_id], tmp_path / "申报材料.docx")
    assert results.warnings == []
    (result,) = results
    report = Report.read(result.path)

    # 附件说明 under the body, before the 落款; then the 附件 page: "附件", the title, the pictures
    texts = report.paragraphs
    note = texts.index("附件：荣誉证书复印件")
    assert texts[note + 1 : note + 3] == [UNIT, "2024年3月5日"]
    assert texts[note + 3 : note + 5] == ["附件", "荣誉证书复印件"]
    assert report.captions() == list(SHOWN_CAPTIONS)
    assert texts[note + 5 :] == list(SHOWN_CAPTIONS)  # nothing else: not the undated, personal, revoked…

    # exactly the two in-period certificates, each whole on the page, shaped as its file
    assert len(report.drawings) == 2 and len(report.media) == 2
    first, second = report.drawings
    assert report.media[first.media] == unit.png.read_bytes()  # a small PNG is stored as it is
    assert report.media[second.media][:3] == b"\xff\xd8\xff"  # the PDF's first page, as a JPEG
    for drawing in report.drawings:
        assert_fits(drawing)
        assert drawing.height / drawing.width == pytest.approx(aspect(report.media[drawing.media]), rel=0.01)
    assert first.width > 100 * EMU_PER_MM  # landscape: as wide as half a page allows
    assert [d.page_break_before for d in report.drawings] == [False, True]  # one under the heading
    assert 'Extension="png"' in report.content_types and 'Extension="jpeg"' in report.content_types
    assert len(set(report.docpr_ids)) == 2


def test_the_signature_never_stands_with_only_the_attachment_note_on_its_page(
    services: Services, tmp_path: Path
) -> None:
    """The last line of the body, the 附件说明 and the 落款 are kept on one page; the 附件 pages pull nothing."""
    unit = certified_unit(services, tmp_path / "files")
    (result,) = generate(services, [unit.unit_id], tmp_path / "申报材料.docx")
    with zipfile.ZipFile(result.path) as archive:
        body = etree.fromstring(archive.read("word/document.xml"))
    paragraphs = [p for p in body.iter(q("w:p")) if "".join(t.text or "" for t in p.iter(q("w:t")))]
    texts = ["".join(t.text or "" for t in p.iter(q("w:t"))) for p in paragraphs]
    note = texts.index("附件：荣誉证书复印件")

    def kept(paragraph) -> bool:  # type: ignore[no-untyped-def]
        keep = paragraph.find("w:pPr/w:keepNext", NS)
        return keep is not None and keep.get(q("w:val")) not in ("0", "false")

    assert kept(paragraphs[note - 1]) and kept(paragraphs[note])  # the body's last line, the note
    assert texts[note + 2] == "2024年3月5日" and not kept(paragraphs[note + 2])


def test_a_caption_says_the_year_once() -> None:
    from core.models import Honour

    assert (
        certificates_module.caption(Honour(title="2021年度文明单位", awarded_year=2021)) == "2021年度文明单位"
    )
    assert (
        certificates_module.caption(Honour(title="宁波市文明单位", awarded_year=2021))
        == "2021年 宁波市文明单位"
    )


def test_preflight_counts_the_certificates_and_the_honours_without_one(
    services: Services, tmp_path: Path
) -> None:
    unit = certified_unit(services, tmp_path / "files")
    plan = plan_reports(services.db, APPLICATION, [unit.unit_id], PERIOD, WRITTEN_ON, ReportOptions())
    (unit_plan,) = plan.units
    assert plan.shows_certificates and plan.certificates == 2
    assert unit_plan.without_certificate == ("宁波市绿色学校（2023年）",)
    assert "附证书复印件 2 份，1 项荣誉没有证书" in unit_plan.summary()

    other = plan_reports(services.db, "情况汇报", [unit.unit_id], PERIOD, WRITTEN_ON, ReportOptions())
    assert not other.shows_certificates and "证书" not in other.units[0].summary()


def test_left_out_when_the_user_says_so_or_when_no_honour_has_one(services: Services, tmp_path: Path) -> None:
    unit = certified_unit(services, tmp_path / "files")
    (result,) = generate(
        services, [unit.unit_id], tmp_path / "不附.docx", options=ReportOptions(certificates=False)
    )
    report = Report.read(result.path)
    assert not report.drawings and not report.media
    assert "附件：荣誉证书复印件" not in report.paragraphs and "附件" not in report.paragraphs

    bare = services.units.create({"name": "江东区中心幼儿园"}).id
    services.honours.create(bare, {"title": "市示范幼儿园", "awarded": "2022"})
    (result,) = generate(services, [bare], tmp_path / "没有证书.docx")
    report = Report.read(result.path)
    assert not report.drawings and "附件" not in report.paragraphs


def test_undated_honours_listed_on_request_show_their_certificates_saying_so(
    services: Services, tmp_path: Path
) -> None:
    unit = certified_unit(services, tmp_path / "files")
    (result,) = generate(
        services, [unit.unit_id], tmp_path / "单列.docx", options=ReportOptions(undated="list")
    )
    captions = Report.read(result.path).captions()
    assert captions == [*SHOWN_CAPTIONS, "省卫生先进单位（省爱卫会）（获得时间未记录）"]


def test_a_merged_batch_keeps_each_units_pictures(services: Services, tmp_path: Path) -> None:
    first = certified_unit(services, tmp_path / "a")
    second = certified_unit(services, tmp_path / "b", name="江东区中心小学", colour="#dff5e0")
    # the same scan attached to another unit's honour is stored once (as the two units' equal PDF pages are)
    shared = services.honours.create(second.unit_id, {"title": "市文明单位", "awarded": "2023"}).id
    services.attachments.add(shared, first.png)
    (one, two) = generate(services, [first.unit_id, second.unit_id], tmp_path / "合并.docx", merge=True)
    assert one.path == two.path
    report = Report.read(one.path)

    assert len(report.drawings) == 5
    assert report.captions() == [*SHOWN_CAPTIONS, *SHOWN_CAPTIONS, "2023年 市文明单位"]
    a, page, b, page_again, a_again = (d.media for d in report.drawings)
    assert (a_again, page_again) == (a, page) and len({a, page, b}) == 3 == len(report.media)
    assert report.media[a] == first.png.read_bytes() and report.media[b] == second.png.read_bytes()
    assert report.media[a] != report.media[b]
    assert len(set(report.docpr_ids)) == 5
    assert report.paragraphs.count("附件") == 2
    for drawing in report.drawings:
        assert_fits(drawing)


def test_a_custom_template_places_certificates_in_the_worker(services: Services, tmp_path: Path) -> None:
    unit = certified_unit(services, tmp_path / "files")
    path = docx_with(
        tmp_path / "证书汇编.docx",
        "{{ 单位.名称 }}证书",
        "{%p for 项 in 证书附件 %}",
        "{{ loop.index }}. {{ 项.图片|图片大小(80) }}",
        "{{ 项.说明 }}{% if 项.另起一页 %}（另起一页）{% endif %}",
        "{%p endfor %}",
        "名称：{{ 证书附件[0].图片 }}|{{ 证书附件[0].图片|string }}",
    )
    template, inspected = TemplateLibrary(services.db).add(path)
    assert inspected.usable and inspected.unknown_fields == []
    assert "证书附件" in inspected.fields_used
    (result,) = generate(services, [unit.unit_id], tmp_path / "out.docx", template=template.name)
    report = Report.read(result.path)
    assert len(report.drawings) == 3  # two in the loop, one more of the first
    assert [d.width for d in report.drawings[:2]] == [80 * EMU_PER_MM] * 2
    assert report.captions()[:2] == [SHOWN_CAPTIONS[0], SHOWN_CAPTIONS[1] + "（另起一页）"]
    assert report.paragraphs[-1] == "名称：|浙江省文明单位"  # |string gives the name, never the bytes
    assert len(report.media) == 2


def test_a_template_gets_nothing_but_the_picture(services: Services, tmp_path: Path) -> None:
    """Its bytes and its making are out of a template's reach; a template's own drawing that names a
    picture of ours that the report does not hold is dropped, not left dangling."""
    unit = certified_unit(services, tmp_path / "files")
    refused = docx_with(tmp_path / "读取.docx", "{{ 证书附件[0].图片._data }}")
    with pytest.raises(Exception, match="内部属性"):
        TemplateLibrary(services.db).add(refused)
    path = docx_with(
        tmp_path / "尺寸.docx",
        "{%p for 项 in 证书附件 %}",
        "{{ 项.图片.data }}{{ 项.图片|图片大小(9999) }}",
        "{%p endfor %}",
    )
    template, _ = TemplateLibrary(services.db).add(path)
    with pytest.raises(Exception, match="图片大小的宽度应是 5 到 400 之间的毫米数"):
        generate(services, [unit.unit_id], tmp_path / "out.docx", template=template.name)


@pytest.mark.parametrize(
    ("shapes", "pages"),
    [
        (
            [(0.7, 1)] * 5,
            [False, True, False, True, False],
        ),  # landscape: one under the heading, then two a page
        ([(1.4, 1)] * 3, [False, True, True]),  # portrait: one a page
        ([(1.4, 1), (0.7, 1), (0.7, 2), (1.4, 1)], [False, True, False, True]),
        ([(0.05, 1)] * 4, [False, False, True, False]),  # thin strips: still two a page at most
    ],
)
def test_pictures_are_laid_out_one_or_two_a_page_each_fitting(
    shapes: list[tuple[float, int]], pages: list[bool]
) -> None:
    placed = place(shapes)
    assert [p.new_page for p in placed] == pages
    page_heights: list[float] = []
    for spot, (ratio, lines) in zip(placed, shapes, strict=True):
        assert 0 < spot.width <= 156 and 0 < spot.height <= 225
        assert spot.height / spot.width == pytest.approx(ratio)
        if spot.new_page or not page_heights:
            page_heights.append(0.0)
        page_heights[-1] += spot.height + lines * 10.2
    assert page_heights[0] <= 225 - 40.8  # under the heading
    assert all(height <= 225 for height in page_heights)


def test_a_certificate_file_that_is_gone_is_reported_and_the_report_still_generates(
    services: Services, tmp_path: Path
) -> None:
    """On one PC a deleted file is named in a warning; over a server, a PC that lacks the file fetches it
    (AttachmentService.path) and shows it."""
    unit = certified_unit(services, tmp_path / "files")
    database = services.db
    if database.is_sqlite:
        (attachment,) = services.attachments.list(unit.honours["文明单位"])
        services.attachments.path(attachment).unlink()
        results = generate(services, [unit.unit_id], tmp_path / "out.docx")
        assert results.warnings == [
            f"“{UNIT}”的荣誉“浙江省文明单位”（2021年）的证书“文明单位.png”未附上：找不到文件（可能已被移动或删除）。"
        ]
        assert Report.read(results[0].path).captions() == [SHOWN_CAPTIONS[1]]
        return
    from core.db import Database

    other_pc = Services.over(Database(database.url, DataDir(tmp_path / "other-pc").create()))
    try:
        (result,) = generate(other_pc, [unit.unit_id], tmp_path / "other.docx")
        report = Report.read(result.path)
        assert report.captions() == list(SHOWN_CAPTIONS)
        assert unit.png.read_bytes() in report.media.values()
    finally:
        other_pc.db.dispose()


def test_a_large_photo_is_scaled_down_before_it_is_stored(services: Services, tmp_path: Path) -> None:
    unit_id = services.units.create({"name": UNIT}).id
    honour = services.honours.create(unit_id, {"title": "浙江省文明单位", "awarded": "2022"}).id
    services.attachments.add(honour, png(tmp_path / "大图.png", (4800, 3300)))
    (result,) = generate(services, [unit_id], tmp_path / "out.docx")
    report = Report.read(result.path)
    (stored,) = report.media.values()
    with Image.open(io.BytesIO(stored)) as image:
        assert max(image.size) == 2000 and image.size[1] / image.size[0] == pytest.approx(
            3300 / 4800, rel=0.01
        )


def test_hostile_certificate_files_are_left_out_with_a_warning_and_the_report_still_generates(
    tmp_path: Path,
) -> None:
    """A decompression bomb, a large image, text behind .png and a cut-off PNG: each left out with a warning
    naming the honour and the file, the rest generated (exit 1); run in a child bounded in time and memory."""
    data = tmp_path / "data"
    target = tmp_path / "申报材料.docx"
    command = ["--data-dir", str(data), "generate", "--template", APPLICATION, "--unit", UNIT]
    period = ["--from", "2021", "--to", "2023", "--date", "2024-03-05"]
    job = Job(
        data_dir=str(data),
        setup="tests.core.reports.certificate_data:hostile_unit",
        commands=[[*command, *period, "-o", str(target)]],
    )
    (outcome,) = run_bounded(job, seconds=120, memory_mb=1500)
    assert outcome.code == 1, outcome.err
    warnings = [line for line in outcome.err.splitlines() if line.startswith("提示：")]
    assert len(warnings) == len(HOSTILE_FILES)
    for warning, (title, (name, reason)) in zip(warnings, HOSTILE_FILES.items(), strict=True):
        assert f"“{UNIT}”的荣誉“{title}”（2022年）的证书“{name}”未附上：" in warning and reason in warning
    assert "Decompression" not in outcome.err and "Traceback" not in outcome.err
    report = Report.read(target)
    assert report.captions() == [SHOWN_CAPTIONS[0]] and len(report.media) == 1


def test_the_command_line_option_is_remembered(tmp_path: Path) -> None:
    data = DataDir(tmp_path / "data").create()
    services = Services.over(open_database(data))
    certified_unit(services, tmp_path / "files")
    services.db.dispose()
    base = ["--data-dir", str(data.root), "generate", "--template", APPLICATION, "--unit", UNIT]
    base += ["--from", "2021", "--to", "2023", "--date", "2024-03-05"]

    def run(*extra: str) -> tuple[int, str, Report | None]:
        out, err = io.StringIO(), io.StringIO()
        code = cli.run([*base, *extra], out, err)
        assert code == 0, err.getvalue()
        target = Path(extra[-1]) if extra and extra[-1].endswith(".docx") else None
        return code, out.getvalue(), Report.read(target) if target and target.exists() else None

    _, out, _ = run("--dry-run", "-o", str(tmp_path / "x.docx"))
    assert "附证书复印件 2 份，1 项荣誉没有证书" in out
    _, out, report = run("--certificates", "omit", "-o", str(tmp_path / "a.docx"))
    assert "证书复印件不附" in out and report is not None and report.media == {}
    _, _, report = run("-o", str(tmp_path / "b.docx"))  # remembered: still left out
    assert report is not None and report.media == {}
    _, _, report = run("--certificates", "include", "-o", str(tmp_path / "c.docx"))
    assert report is not None and report.captions() == list(SHOWN_CAPTIONS)


def test_no_more_pictures_than_the_cap_with_a_warning(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(certificates_module, "MAX_PICTURES", 3)
    unit_id = services.units.create({"name": UNIT}).id
    colours = ("#ffeeee", "#eeffee", "#eeeeff", "#ffffee")
    for number, (year, colour) in enumerate(zip((2021, 2022, 2023, 2023), colours, strict=True)):
        honour = services.honours.create(unit_id, {"title": f"先进集体{number}", "awarded": str(year)}).id
        services.attachments.add(honour, png(tmp_path / f"{number}.png", (600, 420), colour=colour))
    results = generate(services, [unit_id], tmp_path / "out.docx")
    assert results.warnings == [f"“{UNIT}”的证书复印件超过 3 份或 96 MB，只附上了前 3 份。"]
    captions = ["2021年 先进集体0", "2022年 先进集体1", "2023年 先进集体2"]
    assert Report.read(results[0].path).captions() == captions
