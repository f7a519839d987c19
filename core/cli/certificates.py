"""read-certificate: photos and scans of certificates → proposed honours (nothing is written)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from core.cli import EXIT_OK, EXIT_WARNINGS, Context
from core.partial_date import PartialDate

if TYPE_CHECKING:
    from core.certificates.reading import CertificateResult


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    read = commands.add_parser(
        "read-certificate",
        help="识别荣誉证书、奖状、奖牌的照片或扫描件（PNG、JPEG、PDF 每页、文件夹），给出荣誉的各项内容；不改动档案",
    )
    read.add_argument("images", nargs="+", metavar="图片", help="图片、PDF 文件或文件夹")
    read.add_argument("--json", action="store_true", help="以 JSON 输出：每张图片一个对象，按给出的顺序")
    read.set_defaults(handler=run_read_certificate)


def run_read_certificate(args: argparse.Namespace, context: Context) -> int:
    from core.certificates.bodies import KnownNames
    from core.certificates.engine import require
    from core.certificates.images import all_sources
    from core.certificates.reading import read_certificates

    require()
    paths = [Path(p) for p in args.images]
    all_sources(paths)  # every file checked before the database is opened or a model loaded
    known = KnownNames.load(context.database)
    results = read_certificates(paths, known)
    if args.json:
        context.say_json([result.as_json() for result in results])
    else:
        for result in results:
            _say(context, result)
    unsure = [r for r in results if r.reading is None or r.reading.title is None or r.reading.date is None]
    if unsure and not args.json:
        context.say(f"有 {len(unsure)} 张没有读出称号或日期，请核对原件。")
    return EXIT_WARNINGS if unsure else EXIT_OK


_LABELS = (
    ("title", "称号"),
    ("awarded_by", "授予单位"),
    ("date", "授予时间"),
    ("unit", "单位"),
    ("recipient", "获得者"),
    ("level", "级别"),
    ("document_no", "文号"),
    ("certificate_no", "证书编号"),
)


def _say(context: Context, result: CertificateResult) -> None:
    context.say(result.source.label)
    reading = result.reading
    if reading is None:
        context.say(f"  未能识别：{result.error}")
        return
    confidence = reading.confidences()
    for key, label in _LABELS:
        found = getattr(reading, key)
        if found is None:
            if key in ("title", "date", "awarded_by"):
                context.say(f"  {label}：（未读出）")
            continue
        text = found.value.chinese() if isinstance(found.value, PartialDate) else found.value
        sure = confidence[key]
        inferred = "（按授予单位和称号推断）" if key == "level" else ""  # a certificate never prints one
        context.say(f"  {label}：{text}{inferred}" + ("" if sure >= 0.8 else f"（把握不大：{sure:.0%}）"))
    for note in reading.notes:
        context.say(f"  注意：{note}")
