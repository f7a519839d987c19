"""Certificate reading speed: seconds per image once the models are loaded, against the bare engine.

    python bench/certificate_speed.py [--runs N]

Six certificates in the layouts offices receive (a unit's, a person's, an 奖状 with a seal, a 奖牌, a
seal over the signature, a phone photo; drawn by tests/core/certificates/render.py at 1600 × 1100) are
read runs times each, interleaved, two ways in the same run:

    bare   rapidocr-onnxruntime on the image as it is (what any program using the engine pays)
    ours   the whole reading: decode the file, shrink to 1280 px, lift red seals, recognise, understand

Prints the model load time, the median seconds per image of each (with the range: the machine may be
busy), the processor time per image (all threads; less moved by other programs than the wall clock)
and the ratio ours / bare. The goal is ≤ 2 s per image on the development machine (2 cores).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.certificates import engine
from core.certificates.bodies import KnownNames
from core.certificates.images import Source, load
from core.certificates.understand import understand
from tests.core.certificates.samples import KNOWN, SAMPLES, sample_file

GOAL_SECONDS = 2.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="times each image is read each way (default 3)")
    args = parser.parse_args()
    if not engine.available():
        print(engine.HOW_TO_GET, file=sys.stderr)
        return 2
    files = [sample_file(name) for name in SAMPLES]
    started = time.perf_counter()
    ocr = engine.engine()
    loaded = time.perf_counter() - started
    import numpy as np
    from PIL import Image

    bare_engine = ocr._ocr  # the same loaded models, called directly
    bare: list[float] = []
    ours: list[float] = []
    known: KnownNames = KNOWN
    ocr.recognise(load(Source(files[0])))  # first call warms onnxruntime's kernels
    cpu = {"bare": 0.0, "ours": 0.0}
    for _run in range(args.runs):
        for path in files:
            started, processor = time.perf_counter(), time.process_time()
            with Image.open(path) as image:
                bare_engine(np.ascontiguousarray(np.asarray(image.convert("RGB"))[:, :, ::-1]))
            bare.append(time.perf_counter() - started)
            cpu["bare"] += time.process_time() - processor
            started, processor = time.perf_counter(), time.process_time()
            understand(ocr.recognise(load(Source(path))), known)
            ours.append(time.perf_counter() - started)
            cpu["ours"] += time.process_time() - processor
    bare_median, ours_median = statistics.median(bare), statistics.median(ours)
    print(f"模型载入：{loaded:.2f} 秒（每个进程一次）")
    print(f"裸引擎：每张 {bare_median:.2f} 秒（{min(bare):.2f}–{max(bare):.2f}）")
    print(
        f"完整识别：每张 {ours_median:.2f} 秒（{min(ours):.2f}–{max(ours):.2f}），{len(files)} 张 × {args.runs} 次"
    )
    count = len(files) * args.runs
    print(
        f"处理器时间（各线程合计）：裸引擎每张 {cpu['bare'] / count:.2f} 秒，完整识别每张 {cpu['ours'] / count:.2f} 秒"
    )
    print(f"比值（完整识别 / 裸引擎）：{ours_median / bare_median:.2f}")
    verdict = "达到" if ours_median <= GOAL_SECONDS else "未达到"
    print(f"目标每张 ≤ {GOAL_SECONDS:.0f} 秒：{verdict}")
    return 0


if __name__ == "__main__":
    with tempfile.TemporaryDirectory():
        sys.exit(main())
