"""Batch generation speed: 200 reports against bare docxtpl (sandboxed) loading, rendering and saving the
same document 200 times, in the same run.

    python bench/report_speed.py [--reports N] [--runs N]

Both sides render the built-in 情况汇报 template with the same context into files; HonourDesk also
reads each unit from the database, builds its context, writes atomically and records every Report.
Prints the medians and the ratio (target: about 1.5 or less).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment

from core.db import open_database
from core.demo import load_demo
from core.paths import DataDir
from core.reports.context import Period, report_context
from core.reports.generate import GenerateRequest, generate_reports
from core.reports.library import TemplateLibrary
from core.reports.sandbox import report_filters
from core.services import Services

TEMPLATE = "情况汇报"
PERIOD = Period(2000, 2026)
WRITTEN_ON = dt.date(2026, 3, 5)


def bare(template: Path, context: dict, count: int, folder: Path) -> float:
    environment = SandboxedEnvironment()
    environment.filters.update(report_filters())
    blob = template.read_bytes()
    started = time.perf_counter()
    for index in range(count):
        document = DocxTemplate(io.BytesIO(blob))
        document.render(context, environment, autoescape=True)
        document.save(folder / f"bare-{index}.docx")
    return time.perf_counter() - started


def ours(services: Services, unit_ids: list[int], folder: Path) -> float:
    started = time.perf_counter()
    generate_reports(services.db, GenerateRequest(TEMPLATE, unit_ids, PERIOD, WRITTEN_ON, folder))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        services = Services.over(open_database(DataDir(folder / "data").create()))
        load_demo(services)
        school = services.units.find_by_name("宁波市荷花庄小学")
        assert school is not None
        # 200 units like the demo school, each with its honours and materials
        unit_ids = [school.id]
        for copy in range(1, args.reports):
            unit_ids.append(_copy_unit(services, school.id, copy))
        template = TemplateLibrary(services.db).path(TemplateLibrary(services.db).get(TEMPLATE))
        with services.db.session() as session:
            context = report_context(session, school.id, PERIOD, WRITTEN_ON)
        bare_times, our_times = [], []
        for run in range(args.runs):  # interleaved, so machine noise hits both alike
            out = folder / f"run{run}"
            (out / "bare").mkdir(parents=True)
            bare_times.append(bare(template, context, args.reports, out / "bare"))
            our_times.append(ours(services, unit_ids, out / "ours"))
        services.db.dispose()
    b, o = statistics.median(bare_times), statistics.median(our_times)
    print(f"bare docxtpl (sandboxed), {args.reports} documents: {b:.2f} s (median of {args.runs})")
    print(f"HonourDesk, {args.reports} reports:               {o:.2f} s")
    print(f"ratio: {o / b:.2f} (target ≤ 1.5)")


def _copy_unit(services: Services, unit_id: int, copy: int) -> int:
    unit = services.units.get(unit_id)
    new = services.units.create(
        {
            "name": f"{unit.name}（分校{copy}）",
            "category": unit.category,
            "founded": unit.founded,
            "staff_count": unit.staff_count,
        }
    )
    for honour in services.honours.list():
        if honour.unit_id == unit_id:
            services.honours.create(
                new.id,
                {
                    "title": honour.title,
                    "level": honour.level,
                    "awarded_by": honour.awarded_by,
                    "awarded": honour.awarded,
                },
            )
    for material in services.materials.list(unit_id):
        services.materials.create(
            new.id, {"year": material.year, "topic": material.topic, "text": material.text}
        )
    return new.id


if __name__ == "__main__":
    main()
