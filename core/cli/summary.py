"""generate's options for a summary template (全区文明创建工作情况汇报, 获奖单位名单, 表彰决定): which units it
speaks for (--all, --category, --region), how it names them, who issues it; kept apart from reports.py."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING

from core.cli import Context
from core.errors import UserError
from core.vocab import UNIT_CATEGORIES

if TYPE_CHECKING:
    from core.reports.preflight import Preflight
    from core.reports.records import Period
    from core.reports.summary_generate import SummaryOptions


def add_arguments(generate: argparse.ArgumentParser, who: argparse._MutuallyExclusiveGroup) -> None:
    who.add_argument(
        "--category", choices=UNIT_CATEGORIES, metavar="类别", help="某一类别的全部单位（汇总模板用）"
    )
    who.add_argument("--region", metavar="地区", help="所在地区正是此地区的全部单位（汇总模板用）")
    summary = generate.add_argument_group("汇总模板（全区文明创建工作情况汇报、获奖单位名单、表彰决定等）")
    summary.add_argument(
        "--subject", metavar="称呼", help="汇报中称呼这些单位的主语（默认：全区、全区学校、东湖区）"
    )
    summary.add_argument(
        "--office",
        metavar="发文机关",
        help="落款和版头中的发文机关；联合发文用空格或顿号分隔，主办机关在前（默认：--author 或上次填的）",
    )
    summary.add_argument("--doc-no", metavar="发文字号", help="如 东文明委〔2025〕1号")
    summary.add_argument("--letterhead", action="store_true", help="红色版头：发文机关标志、发文字号和分隔线")


def unit_ids(args: argparse.Namespace, context: Context) -> list[int] | None:
    """The units of --category or --region; None when neither is given."""
    from core.services import UnitFilter

    if not (getattr(args, "category", None) or getattr(args, "region", None)):
        return None
    if args.region:
        return _region_ids(args.region.strip(), context)
    ids = context.services.units.listing(UnitFilter(category=args.category))
    if not ids:
        raise UserError("没有符合条件的单位。")
    return ids


def _region_ids(region: str, context: Context) -> list[int]:
    """The units of exactly this region, as the window's 地区 choice takes them: 东湖区 is neither
    西东湖区 nor the units recorded under 东湖区东街道, which a summary for 东湖区 must not name."""
    from core.reports.summary_generate import ScopeChoice

    ids = ScopeChoice(caption="", subject="", region=region).unit_ids(context.database)
    if ids:
        return ids
    near = [name for name in context.services.units.regions() if region in name]
    if near:
        raise UserError(
            f"没有地区正是“{region}”的单位；地区中含“{region}”的有：{'、'.join(near[:10])}。请写出完整的地区。"
        )
    raise UserError(f"没有地区为“{region}”的单位；可用 units --region 查找。")


def options(args: argparse.Namespace, context: Context, author: str) -> SummaryOptions | None:
    """The summary's options when the template is a summary template, else None."""
    from core.reports.library import TemplateLibrary
    from core.reports.summary_generate import DEFAULT_SUBJECT, SummaryOptions, _region_name
    from core.vocab import is_summary_kind

    if not is_summary_kind(TemplateLibrary(context.database).get(args.template).kind):
        if args.letterhead or args.doc_no or args.subject or args.office:
            raise UserError(
                f"模板“{args.template}”是单位汇报模板，--subject、--office、--doc-no、--letterhead 只用于汇总模板。"
            )
        return None
    if getattr(args, "unit", None):
        raise UserError(f"“{args.template}”是汇总模板，请用 --all、--category 或 --region 选择单位。")
    if args.category:
        subject, description = f"{DEFAULT_SUBJECT}{args.category}", f"类别：{args.category}"
    elif args.region:
        subject, description = _region_name(args.region), f"地区：{args.region}"
    else:
        subject, description = DEFAULT_SUBJECT, "全部单位"
    return SummaryOptions(
        subject=args.subject or subject,
        description=description,
        office=(args.office or author).strip(),
        document_no=(args.doc_no or "").strip(),
        letterhead=args.letterhead,
        region=args.region.strip() if args.region else None,
    )


def plan(
    context: Context,
    template: str,
    ids: list[int],
    period: Period,
    written_on: dt.date,
    summary: SummaryOptions,
) -> Preflight:
    from core.reports.summary_generate import summary_preflight

    return summary_preflight(context.database, template, ids, period, written_on, summary)
