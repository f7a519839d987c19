"""Commands for the office's own decisions: honours add (表彰), honours review (复查), honours due, honours term."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.cli import EXIT_OK, EXIT_USAGE, EXIT_WARNINGS, Context
from core.errors import UserError
from core.vocab import LEVELS

if TYPE_CHECKING:
    from core.decisions.names import NameMatch


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    honours = commands.add_parser(
        "honours", help="按表彰文件批量录入荣誉（add）、记录复查结果（review）、待复查（due）"
    )
    actions = honours.add_subparsers(dest="action", title="操作", metavar="操作", required=True)

    add = actions.add_parser("add", help="一份表彰决定，为名单中的每个单位录入同一荣誉")
    add.add_argument("--title", required=True, metavar="称号", help="荣誉称号，如 区级文明单位")
    add.add_argument("--level", required=True, choices=LEVELS, metavar="级别", help="/".join(LEVELS))
    add.add_argument("--by", required=True, metavar="授予单位", help="如 中共东湖区委、东湖区人民政府")
    add.add_argument("--date", required=True, metavar="日期", help="表彰日期：2023、2023-12 或 2023-12-05")
    add.add_argument("--doc-no", metavar="文号", help="表彰文件的文号，如 东文明委〔2023〕5号")
    add.add_argument("--category", metavar="荣誉类别", help="如 文明创建")
    _units_arguments(add)
    add.set_defaults(handler=run_add)

    review = actions.add_parser("review", help="为名单中的单位记录同一复查结果（合格或撤销）")
    review.add_argument("--title", required=True, metavar="称号", help="复查的称号，如 市级文明单位")
    review.add_argument(
        "--result", required=True, choices=("合格", "撤销"), metavar="结果", help="合格 或 撤销"
    )
    review.add_argument("--date", required=True, metavar="YYYY-MM-DD", help="复查结果的日期")
    review.add_argument("--doc-no", metavar="文号", help="复查结果通报的文号")
    _units_arguments(review)
    review.set_defaults(handler=run_review)

    due = actions.add_parser("due", help="列出到期待复查的称号")
    due.add_argument(
        "--within", type=int, default=90, metavar="天数", help="多少天内到期（默认 90；含已过期）"
    )
    due.add_argument("--title", metavar="称号", help="只列这一称号")
    due.add_argument("--json", action="store_true", help="以 JSON 输出")
    due.set_defaults(handler=run_due)

    term = actions.add_parser("term", help="查看或设定称号的复查周期（年）")
    term.add_argument("title", nargs="?", metavar="称号", help="称号或称号中的一段，如 文明单位")
    term.add_argument("years", nargs="?", type=int, metavar="年数", help="复查周期年数；0 表示不复查")
    term.set_defaults(handler=run_term)


def _units_arguments(parser: argparse.ArgumentParser) -> None:
    who = parser.add_mutually_exclusive_group(required=True)
    who.add_argument("--unit", nargs="+", action="extend", metavar="单位", help="单位名称或简称（可列多个）")
    who.add_argument(
        "--units-file", metavar="文件", help="名单文件（.txt 或表彰文件的 .docx），每行一个或以、，；分隔"
    )
    parser.add_argument("--dry-run", action="store_true", help="只显示将要录入的结果，不改动数据")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出")


def _matches(args: argparse.Namespace, context: Context) -> list[NameMatch]:
    from core.decisions.names import UnitMatcher, split_names
    from core.decisions.sources import read_name_file

    text = "\n".join(args.unit) if args.unit else read_name_file(Path(args.units_file))
    names = split_names(text).names
    if not names:
        raise UserError("名单中没有找到任何单位名称。")
    with context.database.session() as session:
        return UnitMatcher.of_live_units(session).match_all(names)


def _problems(matches: list[NameMatch]) -> dict[str, Any]:
    left = [m for m in matches if not m.matched]
    return {
        "unmatched": [m.text for m in left],
        "ambiguous": {m.text: [u.name for u in m.candidates] for m in left if m.candidates},
        "problems": [m.describe() for m in left],
    }


def run_add(args: argparse.Namespace, context: Context) -> int:
    from core.decisions.award import Decision, apply_decision

    decision = Decision.checked(
        {
            "title": args.title,
            "level": args.level,
            "awarded_by": args.by,
            "awarded": args.date,
            "document_no": args.doc_no,
            "category": args.category,
        }
    )
    matches = _matches(args, context)
    problems = _problems(matches)
    unit_ids = [m.unit.id for m in matches if m.unit is not None]
    if not unit_ids:
        return _nothing_matched(context, args.json, problems)
    result = apply_decision(
        context.database, decision, unit_ids, unmatched=problems["unmatched"], dry_run=args.dry_run
    )
    if args.json:
        context.say_json({**result.as_json(), **problems})
    else:
        verb = "将新增" if args.dry_run else "已新增"
        context.say(f"{decision.describe()}：{verb}荣誉 {result.honours_created} 项。")
        if result.duplicates:
            context.say("已有此荣誉，未重复录入：" + "、".join(result.duplicates))
        _say_problems(context, problems)
    return EXIT_WARNINGS if problems["unmatched"] else EXIT_OK


def run_review(args: argparse.Namespace, context: Context) -> int:
    from core.decisions.review import Review, apply_review

    try:
        on = dt.date.fromisoformat(args.date)
    except ValueError:
        context.err.write(f"复查日期“{args.date}”应写作 YYYY-MM-DD，如 2024-12-05。\n")
        return EXIT_USAGE
    review = Review(args.title, args.result, on, args.doc_no)
    matches = _matches(args, context)
    problems = _problems(matches)
    unit_ids = [m.unit.id for m in matches if m.unit is not None]
    if not unit_ids:
        return _nothing_matched(context, args.json, problems)
    result = apply_review(
        context.database, review, unit_ids, unmatched=problems["unmatched"], dry_run=args.dry_run
    )
    if args.json:
        context.say_json({**result.as_json(), **problems})
    else:
        verb = "将更新" if args.dry_run else "已更新"
        until = f"，有效期至 {result.valid_until.isoformat()}" if result.valid_until else ""
        context.say(f"{review.describe()}：{verb}荣誉 {result.honours_updated} 项{until}。")
        if result.unchanged:
            context.say("已记录过这次复查，未改动：" + "、".join(result.unchanged))
        if result.missing:
            context.say("没有此称号（或已撤销）：" + "、".join(result.missing))
        _say_problems(context, problems)
    return EXIT_WARNINGS if problems["unmatched"] or result.missing else EXIT_OK


def _nothing_matched(context: Context, as_json: bool, problems: dict[str, Any]) -> int:
    if as_json:
        context.say(
            json.dumps({"honours_created": 0, "duplicates": [], **problems}, ensure_ascii=False, indent=2)
        )
    context.err.write("名单中没有一个名称能对应到档案中的单位，未作任何改动。\n")
    for problem in problems["problems"]:
        context.err.write(f"  {problem}\n")
    return EXIT_USAGE


def _say_problems(context: Context, problems: dict[str, Any]) -> None:
    if problems["problems"]:
        context.say(f"以下 {len(problems['problems'])} 个名称未录入：")
        for problem in problems["problems"]:
            context.say(f"  {problem}")


def run_due(args: argparse.Namespace, context: Context) -> int:
    from core.decisions.terms import reviews_due

    with context.database.session() as session:
        due = reviews_due(session, today=dt.date.today(), within_days=args.within, title=args.title)
    if args.json:
        rows = [
            {
                "unit": d.unit_name,
                "title": d.title,
                "level": d.level,
                "due": d.due.isoformat(),
                "due_text": d.due_text,
                "days_left": d.days_left,
            }
            for d in due
        ]
        context.say_json(rows)
        return EXIT_OK
    for d in due:
        when = f"已过期 {-d.days_left} 天" if d.overdue else f"还有 {d.days_left} 天"
        context.say(f"{d.unit_name}  {d.title}  到期：{d.due_text}（{when}）")
    context.say(f"共 {len(due)} 项待复查。" if due else "没有待复查的称号。")
    return EXIT_OK


def run_term(args: argparse.Namespace, context: Context) -> int:
    from core.decisions.terms import list_terms, set_term

    if args.title and args.years is not None:
        rule = set_term(context.database, args.title, args.years)
        context.say(
            f"已设定：“{rule.title}”{'不复查' if rule.years == 0 else f'每 {rule.years} 年复查一次'}。"
        )
        return EXIT_OK
    if args.title:
        raise UserError("请同时给出称号和年数，如：honours term 文明单位 3")
    for rule in list_terms(context.database):
        source = "（默认）" if rule.builtin else ""
        context.say(f"{rule.title}  {'不复查' if rule.years == 0 else f'{rule.years} 年'}{source}")
    return EXIT_OK
