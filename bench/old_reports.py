"""Reading old reports: 100 reports of about five pages each (.docx written here in the seeds' style), read,
outlined and searched for facts and honours, as import-report --dry-run does before the database. Prints
the time and the ratio against python-docx merely opening the same files (the baseline, same run).

    python bench/old_reports.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import docx

from core.oldreports.proposal import read_report
from tests.core.oldreports.written import SCHOOL, write_docx

REPORTS = 100
FILLER = (
    "学校坚持立德树人，扎实推进素质教育，组织开展读书节、科技节、艺术节等系列活动，全体师生积极参与，"
    "校园文化氛围日益浓厚，教育教学质量稳步提升，家长和社会满意度不断提高。"
)


def five_pages() -> list[object]:
    """The written school summary, padded to about five printed pages (22 lines of 28 characters)."""
    paragraphs = list(SCHOOL[1])
    body = paragraphs[:-2]
    for index in range(40):
        body.insert(8 + index % 6, FILLER)
    return body + paragraphs[-2:]


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        paths = [write_docx(Path(folder) / f"报告{i:03d}.docx", five_pages()) for i in range(REPORTS)]
        chars = sum(len(p) for p in five_pages() if isinstance(p, str))
        start = time.perf_counter()
        for path in paths:
            docx.Document(str(path))
        baseline = time.perf_counter() - start
        start = time.perf_counter()
        honours = 0
        for path in paths:
            honours += sum(len(p.honours) for p in read_report(path))
        elapsed = time.perf_counter() - start
    print(f"{REPORTS} 份报告（每份约 {chars} 字，约 {chars / 616:.1f} 页），读出荣誉 {honours} 项")
    print(
        f"读取并分析：{elapsed:.2f} 秒（上限 10 秒）；python-docx 仅打开：{baseline:.2f} 秒；比值 {elapsed / baseline:.1f}"
    )


if __name__ == "__main__":
    main()
