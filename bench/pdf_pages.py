"""Rendering the pages of a scanned PDF of certificates: a bounded child per page (the old way) against
one bounded child for the whole file (core/pdf_bounded.py's BoundedPdf, what certificate reading uses).

    python bench/pdf_pages.py [--pages N] [--runs N]

The PDF is made here: N certificates drawn by tests/core/certificates/render.py, saved by Pillow as one
scan of N pages at 150 dpi. Each way renders every page at the reading's 200 dpi (longest side 2400 px),
interleaved, median of the runs; printed: seconds a file each way, per page, and the ratio old / new.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from core.certificates.images import PDF_DPI, PDF_MAX_SIDE  # noqa: E402
from core.pdf_bounded import BoundedPdf  # noqa: E402
from tests.core.certificates.render import award_certificate, render, unit_certificate  # noqa: E402


def scan(path: Path, pages: int) -> Path:
    images = [
        render(award_certificate() if n % 2 else unit_certificate(), seal=bool(n % 2)) for n in range(pages)
    ]
    images[0].save(path, save_all=True, append_images=images[1:], resolution=150)
    return path


def child_per_page(path: Path, pages: int) -> float:
    started = time.perf_counter()
    for index in range(pages):
        with BoundedPdf(str(path)) as pdf:
            pdf.render(index, PDF_DPI, PDF_MAX_SIDE)
    return time.perf_counter() - started


def one_child(path: Path, pages: int) -> float:
    started = time.perf_counter()
    with BoundedPdf(str(path)) as pdf:
        for index in range(pages):
            pdf.render(index, PDF_DPI, PDF_MAX_SIDE)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="honourdesk-bench-") as temporary:
        path = scan(Path(temporary) / "证书扫描.pdf", args.pages)
        size = path.stat().st_size
        old, new = [], []
        for _ in range(args.runs):
            old.append(child_per_page(path, args.pages))
            new.append(one_child(path, args.pages))
    before, after = statistics.median(old), statistics.median(new)
    print(
        f"{args.pages}-page scanned PDF ({size // 1024} KB), rendered at {PDF_DPI} dpi, median of {args.runs} runs:"
    )
    print(f"  a child per page (old): {before:.2f} s ({before / args.pages * 1000:.0f} ms a page)")
    print(f"  one child per file (new): {after:.2f} s ({after / args.pages * 1000:.0f} ms a page)")
    print(f"  ratio old / new: {before / after:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
