"""Files to read: folders, PDF pages, and hostile files refused in Chinese before anything is decoded."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from core.certificates.images import Loader, Source, all_sources, expand, load, sources
from core.errors import UserError
from tests.conftest import REPO
from tests.core.hostile_pdf import pages_with_an_inflating_one

PIL = pytest.importorskip("PIL.Image", reason="证书识别组件（Pillow）未安装")


def image(path: Path, size: tuple[int, int] = (300, 200), colour: str = "white") -> Path:
    PIL.new("RGB", size, colour).save(path)
    return path


def pdf(path: Path, pages: int) -> Path:
    images = [PIL.new("RGB", (400, 300), "white") for _ in range(pages)]
    images[0].save(path, save_all=True, append_images=images[1:], resolution=72)
    return path


def test_a_folder_gives_its_images_and_pdfs_by_name_and_skips_the_rest(tmp_path: Path) -> None:
    image(tmp_path / "b.jpg")
    image(tmp_path / "a.png")
    pdf(tmp_path / "c.pdf", 2)
    (tmp_path / "说明.txt").write_text("不是证书", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    image(tmp_path / "sub" / "d.png")
    found = all_sources([tmp_path])
    assert [s.label for s in found] == ["a.png", "b.jpg", "c.pdf 第1页", "c.pdf 第2页"]


def test_a_folder_without_images_is_refused(tmp_path: Path) -> None:
    (tmp_path / "说明.txt").write_text("x", encoding="utf-8")
    with pytest.raises(UserError, match="没有图片或 PDF"):
        expand([tmp_path])


def test_a_pdf_page_renders_upright_at_a_readable_size(tmp_path: Path) -> None:
    page = load(Source(pdf(tmp_path / "scan.pdf", 1), 1))
    assert page.mode == "RGB" and max(page.size) >= 800  # 200 dpi


def test_a_phone_photo_is_turned_upright_by_its_orientation_tag(tmp_path: Path) -> None:
    photo = PIL.new("RGB", (400, 300), "white")
    exif = photo.getexif()
    exif[0x0112] = 6  # taken with the phone held upright: turn 90° clockwise
    photo.save(tmp_path / "photo.jpg", exif=exif)
    assert load(Source(tmp_path / "photo.jpg")).size == (300, 400)


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("证书.jpg", b"not an image at all", "不是图片"),
        ("空.png", b"", "是空的"),
        ("扫描.pdf", b"%PDF-1.4\nbroken", "无法读取 PDF"),
        ("证书.docx", b"PK\x03\x04", "不是图片或 PDF"),
    ],
)
def test_files_that_are_not_what_their_name_says_are_refused_by_name(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UserError, match=reason) as raised:
        sources(path)
    assert name in raised.value.message


def test_a_missing_file_is_named() -> None:
    with pytest.raises(UserError, match="找不到文件"):
        sources(Path("/nonexistent/证书.png"))


# Hostile images run in a child process with its memory and time bounded: a decompression bomb that
# slipped through would take the child down, not the test run.
WORKER = r"""
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1536 * 1024**2, 1536 * 1024**2))
from pathlib import Path
from core.certificates.images import Source, load, sources
from core.errors import UserError
from tests.core.certificates.test_images import page_number
answers = {}
for name in sys.argv[1:]:
    path = Path(name)
    try:
        for source in sources(path):
            load(source)
        answers[path.name] = "read"
    except UserError as error:
        answers[path.name] = error.message
print(json.dumps(answers, ensure_ascii=False))
"""


def test_hostile_images_end_in_a_chinese_answer_within_bounds(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.png"
    PIL.new("1", (12000, 12000)).save(bomb)  # 144 million pixels in a few kilobytes
    truncated = tmp_path / "truncated.jpg"
    image(tmp_path / "whole.jpg", (800, 600), "red")
    truncated.write_bytes((tmp_path / "whole.jpg").read_bytes()[:400])
    fine = image(tmp_path / "fine.png")
    result = subprocess.run(
        [sys.executable, "-c", WORKER, str(bomb), str(truncated), str(fine)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout)
    assert "过大" in answers["bomb.png"] or "像素过多" in answers["bomb.png"]
    assert "已损坏" in answers["truncated.jpg"]
    assert answers["fine.png"] == "read"


def test_a_pdf_page_inflating_to_gigabytes_is_rendered_within_limits(tmp_path: Path) -> None:
    """Rendering its one page took pdfium 70 s and 6.6 GB; in its limited child it is a Chinese answer,
    and an ordinary page of the same file type still renders."""
    from tests.core.hostile_pdf import inflating_page

    heavy = inflating_page(tmp_path / "奖状.pdf")
    result = subprocess.run(
        [sys.executable, "-c", WORKER, str(heavy)], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "页面过于复杂，超出内存或时间的限制" in json.loads(result.stdout)["奖状.pdf"]


def page_number(page: PIL.Image) -> int:
    """Page n of pages_with_an_inflating_one is grey 0.1 × n."""
    return round(page.convert("L").getpixel((20, 20)) / 25.5)


def test_the_pages_of_a_pdf_come_in_order_from_one_child(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Starting a child costs more than rendering a page: a five-page scan is rendered by one (and one
    more counted the pages of every file given, before any was read)."""
    import core.pdf_bounded as bounded

    started = []

    class Counted(bounded._Child):
        def __init__(self, *args: object) -> None:
            super().__init__(*args)  # type: ignore[arg-type]
            started.append(self.process.pid)

    monkeypatch.setattr(bounded, "_Child", Counted)
    path = pages_with_an_inflating_one(tmp_path / "扫描.pdf", pages=5, heavy=0)
    with Loader() as loader:
        shown = [page_number(loader.load(source)) for source in sources(path)]
    assert shown == [1, 2, 3, 4, 5]
    assert len(started) == 2


def test_cancelling_between_pages_ends_the_pdf_child(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import multiprocessing

    from core.certificates import reading
    from core.certificates.lines import Page
    from core.progress import Cancelled, ProgressTracker

    tracker = ProgressTracker()
    recognised = []

    class Engine:
        def recognise(self, image: object) -> Page:
            recognised.append(image)
            tracker.cancel()  # the clerk presses 取消 while the first page is being read
            return Page([])

    monkeypatch.setattr(reading, "engine", Engine)
    path = pages_with_an_inflating_one(tmp_path / "扫描.pdf", pages=4, heavy=0)
    with pytest.raises(Cancelled):
        reading.read_certificates([path], progress=tracker)
    assert len(recognised) == 1
    assert not [p for p in multiprocessing.active_children() if p.name == "honourdesk-pdf"]


PAGES_WORKER = r"""
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1536 * 1024**2, 1536 * 1024**2))
resource.setrlimit(resource.RLIMIT_CPU, (150, 150))
from pathlib import Path
from core.certificates.images import Loader, sources
from core.errors import UserError
from tests.core.certificates.test_images import page_number
answers = {}
with Loader() as loader:
    for source in sources(Path(sys.argv[1])):
        try:
            answers[source.label] = page_number(loader.load(source))
        except UserError as error:
            answers[source.label] = error.message
print(json.dumps(answers, ensure_ascii=False))
"""


def test_one_inflating_page_among_five_is_refused_by_page_and_the_others_read(tmp_path: Path) -> None:
    path = pages_with_an_inflating_one(tmp_path / "奖状.pdf", pages=5, heavy=3)
    result = subprocess.run(
        [sys.executable, "-c", PAGES_WORKER, str(path)], cwd=REPO, capture_output=True, text=True, timeout=150
    )
    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout)
    assert answers.pop("奖状.pdf 第3页") == "无法读取“奖状.pdf 第3页”：页面过于复杂，超出内存或时间的限制。"
    assert answers == {f"奖状.pdf 第{n}页": n for n in (1, 2, 4, 5)}


# The page counts, in a child bounded like the pages' own: the test's child may use 1.5 GB, the PDF
# children it starts 1 GB each.
COUNTER = r"""
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1536 * 1024**2, 1536 * 1024**2))
resource.setrlimit(resource.RLIMIT_CPU, (120, 120))
from pathlib import Path
from core.certificates.images import all_sources
from core.errors import UserError
try:
    answer = [source.label for source in all_sources([Path(name) for name in sys.argv[1:]])]
except UserError as error:
    answer = error.message
print(json.dumps({"answer": answer, "pdfium_here": "pypdfium2" in sys.modules}, ensure_ascii=False))
"""


def count_pages(*paths: Path) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-c", COUNTER, *map(str, paths)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_a_pdf_whose_page_tree_inflates_to_a_gigabyte_is_refused_by_a_bounded_child(tmp_path: Path) -> None:
    """Two million pages packed into 20 MB: the page count was read in the program's own process, which
    spent 15 s and 1.1 GB before pdfium gave up (and, held to 1.5 GB here, was aborted by pdfium)."""
    from tests.core.hostile_pdf import packed_page_tree

    heavy = packed_page_tree(tmp_path / "证书合集.pdf", 2_000_000)
    answer = count_pages(image(tmp_path / "a.png"), heavy)
    assert (
        answer["answer"]
        == "无法读取 PDF 文件“证书合集.pdf”：文件结构过于复杂，超出内存或时间的限制，没有读取。"
    )
    assert answer["pdfium_here"] is False


def test_the_pages_of_every_pdf_are_counted_outside_the_program(tmp_path: Path) -> None:
    from tests.core.hostile_pdf import packed_page_tree

    answer = count_pages(pdf(tmp_path / "一.pdf", 2), image(tmp_path / "二.png"), pdf(tmp_path / "三.pdf", 1))
    assert answer == {
        "answer": ["一.pdf 第1页", "一.pdf 第2页", "二.png", "三.pdf 第1页"],
        "pdfium_here": False,
    }
    many = packed_page_tree(tmp_path / "汇编.pdf", 5000)
    assert count_pages(many)["answer"] == "PDF 文件“汇编.pdf”有 5000 页，一次最多识别 60 页，请拆分后再识别。"
