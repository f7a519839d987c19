"""`main.py --self-test`: check, in a temporary data directory, that everything the program needs is there.

Runs from source and from the packaged bundle alike, so it shows that the bundle carries the Alembic
scripts, the demo data, the built-in templates, the libraries behind them and (where a display or
offscreen Qt is available) the Qt plugins the window needs. Nothing outside the temporary directory
is touched. One Chinese line per step, then a summary; exit status 0 only when every step passed.

core never imports Qt or gui/: the window step is a hook that main.py passes in (gui.selftest_window).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from core import APP_NAME, __version__
from core.paths import DataDir

if TYPE_CHECKING:
    from core.services import Services

# The demo unit every report is generated for; its name must appear in each document read back.
SAMPLE_UNIT = "宁波市荷花庄小学"

EXIT_PASSED = 0
EXIT_FAILED = 1


class StepFailed(Exception):
    """A check that did not hold; the message is the Chinese reason."""


@dataclass
class SelfTest:
    out: TextIO
    err: TextIO
    root: Path
    passed: int = 0
    failed: int = 0
    skipped: int = 0
    services: Services | None = None
    reports: list[Path] = field(default_factory=list)

    @property
    def data_dir(self) -> DataDir:
        return DataDir(self.root / "data")

    def step(self, title: str, action: Callable[[], str]) -> bool:
        """Run one step and print 通过/失败 with a short detail."""
        started = time.perf_counter()
        try:
            detail = action()
        except Exception as error:
            self.failed += 1
            reason = str(error) if isinstance(error, StepFailed) else f"{type(error).__name__}: {error}"
            self.say(f"[失败] {title}：{reason}")
            if not isinstance(error, StepFailed):
                traceback.print_exc(file=self.err)
            return False
        self.passed += 1
        self.say(f"[通过] {title}：{detail}（{time.perf_counter() - started:.1f} 秒）")
        return True

    def skip(self, title: str, reason: str) -> None:
        self.skipped += 1
        self.say(f"[跳过] {title}：{reason}")

    def say(self, text: str) -> None:
        print(text, file=self.out, flush=True)


WindowCheck = Callable[[DataDir], str]


def run_self_test(
    out: TextIO | None = None, err: TextIO | None = None, window_check: WindowCheck | None = None
) -> int:
    """Run every step in a fresh temporary data directory; 0 when all passed. window_check opens the
    window over that directory and returns a one-line result (raising when it fails)."""
    out, err = out or sys.stdout, err or sys.stderr
    frozen = "打包程序" if getattr(sys, "frozen", False) else "源代码"
    with tempfile.TemporaryDirectory(prefix="honourdesk-selftest-", ignore_cleanup_errors=True) as folder:
        test = SelfTest(out, err, Path(folder))
        test.say(f"{APP_NAME} {__version__} 自检（{frozen}，临时数据目录：{test.data_dir.root}）")
        try:
            _run_steps(test, window_check)
        finally:
            if test.services is not None:
                test.services.db.dispose()
    total = test.passed + test.failed
    if test.failed:
        test.say(f"自检未通过：{test.failed} 项失败，{test.passed} 项通过（共 {total} 项）。")
        return EXIT_FAILED
    skipped = f"，{test.skipped} 项跳过" if test.skipped else ""
    test.say(f"自检通过：全部 {total} 项通过{skipped}。")
    return EXIT_PASSED


def _run_steps(test: SelfTest, window_check: WindowCheck | None) -> None:
    if not test.step("数据库与结构升级", lambda: _migrate(test)):
        return  # nothing else can run without a database
    if not test.step("载入示例数据", lambda: _demo(test)):
        return
    from core.reports.library import builtin_specs
    from core.vocab import is_summary_kind

    for name, kind, _description in builtin_specs():
        step = _summary if is_summary_kind(kind) else _report
        test.step(f"模板“{name}”", lambda name=name, step=step: step(test, name))
    test.step("合并文档", lambda: _merged(test))
    test.step("Excel 导出与读回", lambda: _excel(test))
    test.step("PDF 预览组件", lambda: _pdf(test))
    test.step("PostgreSQL 驱动与密码库", _server_driver)
    _fonts_step(test)
    _certificate_step(test)
    if window_check is None:
        test.skip("主窗口", "本次自检不含界面")
    elif _display_available():
        test.step("主窗口", lambda: _window(test, window_check))
    else:
        test.skip("主窗口", "没有图形显示（可设置 QT_QPA_PLATFORM=offscreen）")


def _fonts_step(test: SelfTest) -> None:
    """The official fonts are the PC's, not the program's: their absence is told, never a failure."""
    from core.fonts import installed_font_names, missing_fonts_text, missing_official_fonts, stood_in_fonts

    installed = installed_font_names()
    missing = missing_official_fonts(installed)
    if missing:
        test.say(f"[提示] 公文字体：{missing_fonts_text(missing, stood_in_fonts(installed))}")
    else:
        test.step("公文字体", lambda: "方正小标宋简体、仿宋_GB2312、楷体_GB2312、黑体均已安装")


def _certificate_step(test: SelfTest) -> None:
    """The optional recognition component, where it is part of the program: its models load and read."""
    from core.certificates import engine

    if engine.available():
        test.step("证书识别组件", _read_certificate)
    else:
        test.skip("证书识别组件", "本程序未包含此可选组件（打包时加 --with-ocr）")


def _read_certificate() -> str:
    from core.certificates.reading import read_certificates
    from core.paths import resource_path

    [result] = read_certificates([resource_path("certificates", "selftest.png")])
    title = result.reading.title.value if result.reading and result.reading.title else None
    if title != "宁波市文明单位":
        raise StepFailed(f"示例奖牌读出的称号是“{title}”，应为“宁波市文明单位”")
    return f"示例奖牌读出称号“{title}”、{result.reading.year}年（模型随程序分发，不联网）"


def _server_driver() -> str:
    """What a shared server needs is in the program: the dialect, psycopg with its libpq, keyring."""
    import alembic.ddl.postgresql  # noqa: F401  (migrations on a server)
    import keyring
    import psycopg
    from sqlalchemy import create_engine

    engine = create_engine("postgresql+psycopg://selftest@127.0.0.1:1/selftest")  # not connected
    engine.dispose()
    return f"psycopg {psycopg.__version__}（libpq {psycopg.pq.version() // 10000}），密码库 {type(keyring.get_keyring()).__module__}"


def _migrate(test: SelfTest) -> str:
    from core.db import open_database
    from core.migrate import SCHEMA_HEAD, current_revision, head_revision, upgrade_to_head
    from core.services import Services

    data_dir = test.data_dir.create()
    database = open_database(data_dir, migrate=False)
    test.services = Services.over(database)
    if not upgrade_to_head(database):
        raise StepFailed("新建的数据库没有执行任何迁移")
    head = head_revision()  # reads the Alembic scripts themselves
    revision = current_revision(database)
    if not revision == head == SCHEMA_HEAD:
        raise StepFailed(f"结构版本 {revision}，迁移脚本最新版本 {head}，程序要求 {SCHEMA_HEAD}")
    return f"新建数据库并升级到结构版本 {revision}"


def _demo(test: SelfTest) -> str:
    from core.demo import load_demo

    assert test.services is not None
    result = load_demo(test.services)
    if not result.units_created or test.services.units.find_by_name(SAMPLE_UNIT) is None:
        raise StepFailed(f"示例数据中没有“{SAMPLE_UNIT}”")
    return f"单位 {result.units_created} 个，荣誉 {result.honours_created} 项，工作材料 {result.materials_created} 篇"


def _report(test: SelfTest, template: str) -> str:
    from core.reports.context import Period
    from core.reports.generate import GenerateRequest, generate_reports

    assert test.services is not None
    unit = test.services.units.find_by_name(SAMPLE_UNIT)
    assert unit is not None
    output = test.root / "reports"
    output.mkdir(exist_ok=True)
    today = dt.date.today()
    request = GenerateRequest(template, [unit.id], Period(today.year - 2, today.year), today, output)
    [result] = generate_reports(test.services.db, request)
    text = docx_text(result.path)
    if SAMPLE_UNIT not in text:
        raise StepFailed(f"生成的 {result.path.name} 中没有单位名称“{SAMPLE_UNIT}”")
    test.reports.append(result.path)
    return f"生成并读回 {result.path.name}（{result.path.stat().st_size // 1024} KB）"


def _summary(test: SelfTest, template: str) -> str:
    """A summary template over every demo unit: one document titled as its kind (……汇报, ……名单, ……决定)."""
    from core.reports.context import Period
    from core.reports.generate import GenerateRequest, generate_reports

    assert test.services is not None
    unit_ids = [summary.unit.id for summary in test.services.units.list()]
    today = dt.date.today()
    request = GenerateRequest(template, unit_ids, Period(2005, today.year), today, test.root / "reports")
    [result] = generate_reports(test.services.db, request)
    text = docx_text(result.path)
    if template[-2:] not in text:
        raise StepFailed(f"生成的 {result.path.name} 中没有标题中的“{template[-2:]}”")
    test.reports.append(result.path)
    return f"汇总 {len(unit_ids)} 个单位，生成并读回 {result.path.name}（{result.path.stat().st_size // 1024} KB）"


def _merged(test: SelfTest) -> str:
    """Two units in one document: docxcompose and its bundled XML parts."""
    from core.reports.context import Period
    from core.reports.generate import GenerateRequest, generate_reports

    assert test.services is not None
    units = [summary.unit for summary in test.services.units.list()][:2]
    target = test.root / "merged.docx"
    today = dt.date.today()
    request = GenerateRequest(
        "情况汇报", [u.id for u in units], Period(today.year - 2, today.year), today, target, merge=True
    )
    generate_reports(test.services.db, request)
    text = docx_text(target)
    missing = [u.name for u in units if u.name not in text]
    if missing:
        raise StepFailed(f"合并文档中没有“{'、'.join(missing)}”")
    return f"{len(units)} 个单位合并为一个文档并读回"


def _excel(test: SelfTest) -> str:
    """Export everything with openpyxl, then read the 荣誉 sheet back as an import would (dry run)."""
    from core.export import export_all
    from core.importing.apply import apply_import
    from core.importing.register import read_register

    assert test.services is not None
    path = test.root / "导出.xlsx"
    units, honours, _materials = export_all(test.services.db, path)
    register = read_register(path, "荣誉")
    result = apply_import(test.services.db, register, dry_run=True)
    counts = result.counts
    if counts["honours_created"] or counts["rejected"] or counts["duplicates"] != honours:
        raise StepFailed(f"读回导出的荣誉表时结果不符：{counts}")
    return f"导出单位 {units} 个、荣誉 {honours} 项，读回后 {counts['duplicates']} 项均已存在"


def _pdf(test: SelfTest) -> str:
    """pypdfium2 and its native library: make a one-page PDF and render it as the preview does."""
    import pypdfium2 as pdfium

    from core.reports.pdf import render_pages

    path = test.root / "blank.pdf"
    document = pdfium.PdfDocument.new()
    try:
        document.new_page(595, 842).close()
        document.save(str(path))
    finally:
        document.close()
    [page] = render_pages(path, dpi=36)
    if page.width <= 0 or len(page.pixels) != page.stride * page.height:
        raise StepFailed("渲染出的页面图像不完整")
    return f"渲染 A4 页面为 {page.width}×{page.height} 像素图像"


def docx_text(path: Path) -> str:
    """All the text of a .docx as python-docx reads it: body (paragraphs and tables), headers and footers."""
    from docx import Document
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml.ns import qn

    document = Document(str(path))
    parts = [document.element.body]
    for relationship in document.part.rels.values():  # the existing headers and footers only
        if relationship.reltype in (RELATIONSHIP_TYPE.HEADER, RELATIONSHIP_TYPE.FOOTER):
            parts.append(relationship.target_part.element)
    return "".join(node.text or "" for part in parts for node in part.iter(qn("w:t")))


def _display_available() -> bool:
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _window(test: SelfTest, window_check: WindowCheck) -> str:
    assert test.services is not None
    test.services.db.dispose()  # the window opens the database itself, as at start-up
    test.services = None
    try:
        return window_check(test.data_dir)
    except Exception as error:
        if type(error).__name__ == "WindowCheckFailed":
            raise StepFailed(str(error)) from error
        raise
