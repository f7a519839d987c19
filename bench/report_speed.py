"""Report generation speed and memory, against baselines measured in the same run.

    python bench/report_speed.py [--reports N] [--runs N]
    python bench/report_speed.py --merge --units 100 1000 2000 [--runs N]

Per report (issue 12 item 11): N reports of the built-in 情况汇报, each unit read from the database, its
context built, rendered from the template compiled once, written atomically and recorded as a Report; against
bare docxtpl (sandboxed) loading, rendering and saving the same template with the same context N times.
Goals: ≤ 10 ms a report, and at or below bare docxtpl (ratio ≤ 1).

Merged batches (issue 18): for each number of units, the merged document and the separate files of the same
units, each batch in a fresh process, printing its time and its peak resident memory (VmHWM). Goals: merged
peak under 400 MB at 1,000 units and flat from 100 to 2,000; merged time within 1.2× the separate files'.

The units are copies of the demo school (its twelve honours and its materials).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from docxtpl import DocxTemplate  # noqa: E402
from jinja2.sandbox import SandboxedEnvironment  # noqa: E402

from core.db import open_database  # noqa: E402
from core.demo import load_demo  # noqa: E402
from core.paths import DataDir  # noqa: E402
from core.reports.context import Period, report_context  # noqa: E402
from core.reports.generate import GenerateRequest, generate_reports  # noqa: E402
from core.reports.library import TemplateLibrary  # noqa: E402
from core.reports.sandbox import report_filters  # noqa: E402
from core.services import Services  # noqa: E402

TEMPLATE = "情况汇报"
PERIOD = Period(2000, 2026)
WRITTEN_ON = dt.date(2026, 3, 5)
SCHOOL = "宁波市荷花庄小学"


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


def ours(services: Services, unit_ids: list[int], folder: Path, merge: bool = False) -> float:
    target = folder / "合并.docx" if merge else folder
    started = time.perf_counter()
    generate_reports(services.db, GenerateRequest(TEMPLATE, unit_ids, PERIOD, WRITTEN_ON, target, merge))
    return time.perf_counter() - started


def make_units(data: Path, count: int) -> tuple[Services, list[int]]:
    """The demo data and count copies of the demo school (one transaction)."""
    services = Services.over(open_database(DataDir(data).create()))
    load_demo(services)
    school = services.units.find_by_name(SCHOOL)
    assert school is not None
    honours = [h for h in services.honours.list() if h.unit_id == school.id]
    materials = services.materials.list(school.id)
    unit_ids = [school.id]
    with services.db.session(write=True) as session:
        for copy in range(1, count):
            unit = services.units.create(
                {
                    "name": f"{school.name}（分校{copy}）",
                    "category": school.category,
                    "founded": school.founded,
                },
                session=session,
            )
            for honour in honours:
                fields = {"title": honour.title, "level": honour.level, "awarded_by": honour.awarded_by}
                services.honours.create(unit.id, {**fields, "awarded": honour.awarded}, session=session)
            for material in materials:
                services.materials.create(
                    unit.id,
                    {"year": material.year, "topic": material.topic, "text": material.text},
                    session=session,
                )
            unit_ids.append(unit.id)
    return services, unit_ids


# ---------------------------------------------------------------- per report


def per_report(count: int, runs: int) -> None:
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        services, unit_ids = make_units(folder / "data", count)
        library = TemplateLibrary(services.db)
        template = library.path(library.get(TEMPLATE))
        with services.db.session() as session:
            context = report_context(session, unit_ids[0], PERIOD, WRITTEN_ON)
        bare_times, our_times = [], []
        for run in range(runs):  # interleaved, so machine noise hits both alike
            out = folder / f"run{run}"
            (out / "bare").mkdir(parents=True)
            bare_times.append(bare(template, context, count, out / "bare"))
            our_times.append(ours(services, unit_ids, out / "ours"))
        services.db.dispose()
    b, o = statistics.median(bare_times), statistics.median(our_times)
    print(
        f"bare docxtpl (sandboxed), {count} documents: {b:.2f} s, {b / count * 1000:.1f} ms each (median of {runs})"
    )
    print(f"HonourDesk, {count} reports:               {o:.2f} s, {o / count * 1000:.1f} ms each")
    print(f"ratio: {o / b:.2f} (goals: ≤ 10 ms a report, ratio ≤ 1)")


# ---------------------------------------------------------------- merged and separate batches

CHILD = """
import json, sys, time
sys.path.insert(0, {repo!r})
sys.argv = ["report_speed"]
import report_speed
from core.db import open_database
from core.paths import DataDir
from core.services import Services
from pathlib import Path
services = Services.over(open_database(DataDir(Path({data!r}))))
unit_ids = json.loads({ids!r})
seconds = report_speed.ours(services, unit_ids, Path({out!r}), merge={merge!r})
peak = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
print(json.dumps({{"seconds": seconds, "peak_mb": peak / 1024}}))
"""


def batch_in_child(data: Path, unit_ids: list[int], out: Path, merge: bool) -> dict[str, float]:
    out.mkdir(parents=True, exist_ok=True)
    code = CHILD.format(
        repo=str(REPO / "bench"), data=str(data), ids=json.dumps(unit_ids), out=str(out), merge=merge
    )
    result = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=REPO
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def merged_and_separate(sizes: list[int], runs: int) -> None:
    print(f"{'units':>6} | {'merged: time, peak':>22} | {'separate: time, peak':>22} | time ratio")
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        services, all_ids = make_units(folder / "data", max(sizes))
        services.db.dispose()
        for size in sizes:
            unit_ids = all_ids[:size]
            merged, separate = [], []
            for run in range(runs):  # interleaved
                merged.append(batch_in_child(folder / "data", unit_ids, folder / f"m{size}-{run}", True))
                separate.append(batch_in_child(folder / "data", unit_ids, folder / f"s{size}-{run}", False))
            m_time = statistics.median(r["seconds"] for r in merged)
            s_time = statistics.median(r["seconds"] for r in separate)
            m_peak = max(r["peak_mb"] for r in merged)
            s_peak = max(r["peak_mb"] for r in separate)
            print(
                f"{size:>6} | {m_time:8.1f} s, {m_peak:6.0f} MB | {s_time:8.1f} s, {s_peak:6.0f} MB | {m_time / s_time:.2f}"
            )
    print("goals: merged peak < 400 MB at 1,000 units and flat from 100 to 2,000; time ratio ≤ 1.2")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--reports", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--merge", action="store_true", help="merged against separate batches")
    parser.add_argument("--units", type=int, nargs="+", default=[1000])
    args = parser.parse_args()
    if args.merge:
        merged_and_separate(sorted(args.units), args.runs)
    else:
        per_report(args.reports, args.runs)


if __name__ == "__main__":
    main()
