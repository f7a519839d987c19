"""Commands over the records: demo, units."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from core.cli import EXIT_OK, Context, year_argument
from core.vocab import LEVELS, UNIT_CATEGORIES, UNLEVELLED

if TYPE_CHECKING:
    from core.services import UnitSummary


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    demo = commands.add_parser("demo", help="载入示例单位、荣誉和工作材料（取自范文；重复载入不会重复添加）")
    demo.set_defaults(handler=run_demo)

    units = commands.add_parser("units", help="列出单位（可按名称、拼音或拼音首字母搜索）")
    units.add_argument("--search", metavar="文字", help="名称、简称、全拼或拼音首字母，如 hhz")
    units.add_argument(
        "--category", choices=UNIT_CATEGORIES, metavar="类别", help="单位类别：" + "/".join(UNIT_CATEGORIES)
    )
    units.add_argument("--region", metavar="地区", help="所在地区包含此文字")
    units.add_argument(
        "--level",
        choices=(*LEVELS, UNLEVELLED),
        metavar="级别",
        help="获得过此级别荣誉的单位：" + "/".join((*LEVELS, UNLEVELLED)),
    )
    units.add_argument("--from", dest="year_from", type=year_argument, metavar="年份", help="荣誉年份不早于")
    units.add_argument("--to", dest="year_to", type=year_argument, metavar="年份", help="荣誉年份不晚于")
    units.add_argument("--json", action="store_true", help="以 JSON 输出")
    units.set_defaults(handler=run_units)


def run_demo(args: argparse.Namespace, context: Context) -> int:
    from core.demo import load_demo

    result = load_demo(context.services)
    if result.changed:
        context.say(
            f"已载入示例数据：新增单位 {result.units_created} 个、荣誉 {result.honours_created} 项、"
            f"工作材料 {result.materials_created} 篇。"
        )
    else:
        context.say("示例数据已全部在库中，没有新增任何记录。")
    return EXIT_OK


def run_units(args: argparse.Namespace, context: Context) -> int:
    from core.services import UnitFilter

    criteria = UnitFilter(
        search=args.search,
        category=args.category,
        region=args.region,
        level=args.level,
        year_from=args.year_from,
        year_to=args.year_to,
    )
    summaries = context.services.units.list(criteria)
    if args.json:
        context.say_json([unit_json(s) for s in summaries])
        return EXIT_OK
    if not summaries:
        context.say("没有符合条件的单位。")
        return EXIT_OK
    for summary in summaries:
        unit = summary.unit
        context.say(
            f"{unit.id:>5}  {unit.name}  {unit.category or '—'}  {unit.region or '—'}  荣誉 {summary.honour_count} 项"
        )
    context.say(f"共 {len(summaries)} 个单位。")
    return EXIT_OK


def unit_json(summary: UnitSummary) -> dict[str, Any]:
    unit = summary.unit
    return {
        "id": unit.id,
        "name": unit.name,
        "short_name": unit.short_name,
        "category": unit.category,
        "region": unit.region,
        "supervisor": unit.supervisor,
        "credit_code": unit.credit_code,
        "founded": unit.founded.iso() if unit.founded else None,
        "leader": unit.leader,
        "honours": summary.honour_count,
        "latest_honour_year": summary.latest_honour_year,
        "version": unit.version,
    }
