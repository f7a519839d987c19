"""The cost of the 附件 pages: the 创建文明单位申报材料 with certificates against the same without them.

    python bench/certificate_pages.py [--reports N] [--runs N]

One unit with three dated honours in the period, each with a certificate as offices attach them (drawn by
tests/core/certificates/render.py): a scanned PNG (1600×1100, stored as it is), a PDF scan (its first page
rendered) and a phone photo (4000×3000 JPEG, scaled down to 2000 pixels). N reports generated with the certificates (checked, read, scaled, laid out and
written into each .docx) and N without them (--certificates omit), interleaved, median of the runs; printed:
seconds per report each way, the ratio, and the size of one report.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from core.db import open_database  # noqa: E402
from core.paths import DataDir  # noqa: E402
from core.reports.generate import GenerateRequest, generate_reports  # noqa: E402
from core.reports.records import Period, ReportOptions  # noqa: E402
from core.services import Services  # noqa: E402
from tests.core.certificates.render import award_certificate, plaque, render, unit_certificate  # noqa: E402

TEMPLATE = "创建文明单位申报材料"
PERIOD = Period(2021, 2023)


def unit_with_certificates(services: Services, folder: Path) -> int:
    unit_id = services.units.create({"name": "宁波市荷花庄小学", "category": "学校"}).id
    render(unit_certificate()).save(folder / "扫描.png")
    render(award_certificate(), seal=True).save(folder / "扫描.pdf", resolution=150)
    render(plaque(), photo=True).resize((4000, 3000)).save(folder / "照片.jpg", quality=90)
    files = [folder / name for name in ("扫描.png", "扫描.pdf", "照片.jpg")]
    for year, certificate in zip((2021, 2022, 2023), files, strict=True):
        honour = services.honours.create(unit_id, {"title": f"{year}年度文明单位", "awarded": str(year)})
        services.attachments.add(honour.id, certificate)
    return unit_id


def batch(services: Services, unit_id: int, folder: Path, reports: int, certificates: bool) -> float:
    options = ReportOptions(certificates=certificates)
    started = time.perf_counter()
    for number in range(reports):
        target = folder / f"{number}.docx"
        request = GenerateRequest(TEMPLATE, [unit_id], PERIOD, dt.date(2024, 3, 5), target, options=options)
        generate_reports(services.db, request)
    return (time.perf_counter() - started) / reports


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="honourdesk-bench-") as temporary:
        root = Path(temporary)
        services = Services.over(open_database(DataDir(root / "data").create()))
        (root / "files").mkdir()
        unit_id = unit_with_certificates(services, root / "files")
        with_pages, without = [], []
        for run in range(args.runs):
            for certificates, times in ((True, with_pages), (False, without)):
                folder = root / f"{run}-{certificates}"
                folder.mkdir()
                times.append(batch(services, unit_id, folder, args.reports, certificates))
        size = (root / "0-True" / "0.docx").stat().st_size
        services.db.dispose()
    shown, bare = statistics.median(with_pages), statistics.median(without)
    print(f"{TEMPLATE}, {args.reports} reports, median of {args.runs} runs:")
    print(f"  with 3 certificates (附件 pages): {shown * 1000:.0f} ms a report ({size // 1024} KB)")
    print(f"  without (--certificates omit):    {bare * 1000:.0f} ms a report")
    print(f"  ratio: {shown / bare:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
