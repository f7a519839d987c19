"""Peak memory of batches over a city's records, against the smallest batch of the same run.

    python bench/batch_memory.py [--city FOLDER] [--units 50 200 800]

On a city-sized database (bench/bigdb.py: 10,000 units, 100,000 honours; built in a temporary folder unless
--city names one already built), for each number of units, in a fresh process each:

- the built-in 情况汇报 merged into one document (rendered in the program's process);
- the same template added as a template from outside, merged (rendered in the bounded worker process,
  whose peak is measured apart: the parent's VmHWM does not include it);
- 获奖单位名单, a summary rendered once over all the units, and 全区文明创建工作情况汇报; 获奖单位名单 also
  added as a template from outside (rendered in the worker).

It prints each peak resident memory with the size of what was written (document.xml unpacked), and, for the
largest batch against the smallest, the peak's ratio and the memory added per unit beside the output added per
unit. Goal for merged batches: flat (ratio ≤ 1.2; the memory a unit adds no more than a few times its output).
A summary is one document; its body is streamed (core/reports/body_stream.py), so its memory follows its
fields, not its output; --summaries measures the summaries alone, beside one whose body is rendered at once
(the old path, with the fields as they are now: only those the template names, not copied again).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

OUTSIDE = "外来情况汇报"
OUTSIDE_SUMMARY = "外来获奖单位名单"  # the built-in 获奖单位名单 added as a template from outside

CHILD = """
import datetime as dt, json, resource, sys
sys.path.insert(0, {repo!r})
from pathlib import Path
from sqlalchemy import select
from core.db import open_database
from core.models import Unit
from core.paths import DataDir
from core.reports.context import Period
from core.reports.generate import GenerateRequest, generate_reports
from core.reports.summary_generate import SummaryOptions

def main():
    if {whole!r}:  # as before streaming: the summary's body rendered and parsed at once
        from core.reports.batch import BatchSession
        BatchSession.render_streamed = BatchSession.render_file
    database = open_database(DataDir(Path({city!r})))
    with database.session() as session:
        ids = list(session.scalars(select(Unit.id).order_by(Unit.id).limit({units})))
    summary = SummaryOptions() if {summary!r} else None
    request = GenerateRequest({template!r}, ids, Period(2021, 2025), dt.date(2026, 1, 8), Path({out!r}),
                              merge=not summary, summary=summary)
    [result, *_] = generate_reports(database, request)
    peak = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
    worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({{"path": str(result.path), "peak": peak, "worker": worker}}))

if __name__ == "__main__":
    main()
"""


def city(folder: Path | None, work: Path) -> Path:
    from bigdb import build

    from core.db import open_database
    from core.paths import DataDir
    from core.reports.library import TemplateLibrary

    if folder is None:
        folder = work / "city"
        build(folder)
    library = TemplateLibrary(open_database(DataDir(folder)))
    present = {t.name for t in library.list()}
    for name, source in ((OUTSIDE, "情况汇报"), (OUTSIDE_SUMMARY, "获奖单位名单")):
        if name not in present:
            copy = work / f"{name}.docx"
            shutil.copy(library.path(library.get(source)), copy)
            library.add(copy)
    return folder


def batch(
    data: Path, template: str, units: int, out: Path, summary: bool, whole: bool = False
) -> tuple[float, float, float]:
    """(peak MB of the generating process, of its worker, document.xml MB) of one batch in a fresh process."""
    script = out.with_suffix(".py")
    target = out / "合并.docx" if not summary else out
    script.write_text(
        CHILD.format(
            repo=str(REPO),
            city=str(data),
            units=units,
            template=template,
            out=str(target),
            summary=summary,
            whole=whole,
        ),
        encoding="utf-8",
    )
    run = subprocess.run([sys.executable, str(script)], check=True, capture_output=True, text=True, cwd=REPO)
    result = json.loads(run.stdout.strip().splitlines()[-1])
    with zipfile.ZipFile(result["path"]) as archive:
        body = archive.getinfo("word/document.xml").file_size
    return result["peak"] / 1024, result["worker"] / 1024, body / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--city", type=Path, help="a data folder built by bench/bigdb.py")
    parser.add_argument("--units", type=int, nargs="+", default=[50, 200, 800])
    parser.add_argument("--summaries", action="store_true", help="only the summaries, streamed and at once")
    parser.add_argument("--only", help="only the kinds whose caption holds this text")
    args = parser.parse_args()
    sizes = sorted(args.units)
    kinds = [
        ("merged, built-in 情况汇报", "情况汇报", False, False, False),
        (f"merged, {OUTSIDE} (worker)", OUTSIDE, False, True, False),
        ("summary, 获奖单位名单 (body streamed)", "获奖单位名单", True, False, False),
        ("summary, 全区文明创建工作情况汇报 (body streamed)", "全区文明创建工作情况汇报", True, False, False),
        (f"summary, {OUTSIDE_SUMMARY} (worker, body streamed)", OUTSIDE_SUMMARY, True, True, False),
        ("summary, 获奖单位名单 (body rendered at once, fields as now)", "获奖单位名单", True, False, True),
    ]
    if args.summaries:
        kinds = [kind for kind in kinds if kind[2]]
    if args.only:
        kinds = [kind for kind in kinds if args.only in kind[0]]
    with tempfile.TemporaryDirectory(prefix="batch-memory-") as work_name:
        work = Path(work_name)
        data = city(args.city, work)
        for caption, template, summary, in_worker, whole in kinds:
            print(caption)
            rows = {}
            for units in sizes:
                out = work / f"{template}-{units}-{whole}"
                out.mkdir()
                parent, worker, body = batch(data, template, units, out, summary, whole)
                peak = worker if in_worker else parent
                rows[units] = (peak, body)
                extra = f" (the program's process {parent:.0f} MB)" if in_worker else ""
                print(f"  {units:>6} units: peak {peak:6.0f} MB{extra}, document.xml {body:6.1f} MB")
            (small, small_body), (large, large_body) = rows[sizes[0]], rows[sizes[-1]]
            added = sizes[-1] - sizes[0]
            per_unit = (large - small) * 1024 / added
            output_per_unit = (large_body - small_body) * 1024 / added
            print(
                f"  {sizes[-1]} vs {sizes[0]} units: peak ratio {large / small:.2f}; per unit added "
                f"{per_unit:.1f} KB of memory for {output_per_unit:.1f} KB of document.xml"
            )


if __name__ == "__main__":
    main()
