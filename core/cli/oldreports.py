"""import-report: the office's old reports (工作总结、情况汇报、自查报告…) → materials, facts and honours."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.cli import EXIT_OK, EXIT_USAGE, EXIT_WARNINGS, Context

if TYPE_CHECKING:
    from core.oldreports.proposal import ReportProposal


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    command = commands.add_parser(
        "import-report",
        help="读入往年的工作总结、情况汇报等（.docx/.doc/.wps/.txt/.pdf），导入工作材料、单位信息和荣誉",
    )
    command.add_argument("files", nargs="+", metavar="文件", help="一个或多个文件")
    command.add_argument(
        "--unit", metavar="单位", help="材料所属单位（默认：从标题和落款识别；库中没有时新建）"
    )
    command.add_argument("--year", type=int, metavar="年度", help="材料的年度（默认：从标题或落款日期识别）")
    command.add_argument(
        "--fill-months",
        action="store_true",
        help="单位已有的荣誉只记到年（或到月）而文中写明了月份（或日）时，为它补上（默认只提示，不改动）",
    )
    command.add_argument("--dry-run", action="store_true", help="只读取并报告，不写入数据库")
    command.add_argument("--json", action="store_true", help="以 JSON 输出（每篇文档一个对象）")
    command.set_defaults(handler=run_import_report)


def run_import_report(args: argparse.Namespace, context: Context) -> int:
    from core.errors import UserError
    from core.oldreports.apply import apply_reports, check_ready
    from core.oldreports.proposal import propose, read_report

    if args.year is not None and not 1900 <= args.year <= 2100:
        print(f"年度“{args.year}”不在 1900 到 2100 之间。", file=context.err)
        return EXIT_USAGE
    proposals: list[ReportProposal] = []
    unreadable: list[str] = []
    for name in args.files:
        try:
            proposals.extend(read_report(Path(name)))
        except UserError as error:
            unreadable.append(error.message)
            print(error.message, file=context.err)
    if not proposals:
        return EXIT_USAGE
    propose(context.database, proposals, unit_name=args.unit, year=args.year)
    for honour in (h for p in proposals for h in p.honours):
        honour.refine = args.fill_months and honour.can_refine()
    ready = [p for p in proposals if not check_ready(p)]
    skipped = [check_ready(p) for p in proposals if check_ready(p)]
    outcomes: dict[int, Any] = {}
    if not args.dry_run and ready:
        result = apply_reports(context.database, ready)
        outcomes = {id(p): d for p, d in zip(ready, result.documents, strict=True)}
    if args.json:
        items = []
        for proposal in proposals:
            item = proposal.as_json()
            outcome = outcomes.get(id(proposal))
            item["applied"] = outcome is not None
            if outcome is not None:
                item["unit_id"] = outcome.unit_id
                item["batch_id"] = outcome.batch_id
                item["materials_created"] = outcome.materials_created
                item["materials_extended"] = outcome.materials_extended
                item["facts_set"] = outcome.facts_set
                item["honours_created"] = outcome.honours_created
                item["dates_filled"] = outcome.dates_filled
                item["duplicates"] = outcome.duplicates
            problem = check_ready(proposal)
            item["problem"] = problem or None
            items.append(item)
        context.say_json(items)
    else:
        for proposal in proposals:
            _say(context, proposal, outcomes.get(id(proposal)), dry_run=args.dry_run)
    for problem in skipped:
        print(f"{problem}（用 --unit 或 --year 指定后再导入），这篇未导入。", file=context.err)
    return EXIT_WARNINGS if skipped or unreadable else EXIT_OK


def _say(context: Context, proposal: ReportProposal, outcome: Any, *, dry_run: bool) -> None:
    unit = proposal.unit_name or "（未识别）"
    if proposal.unit_id is None and proposal.unit_name:
        unit += "（新单位）"
    year = f"{proposal.year}年" if proposal.year else "（年度未识别）"
    if proposal.year and proposal.year_source:
        year += f"（读自{proposal.year_source}）" if proposal.year_source != "指定" else "（指定）"
    accepted = [h for h in proposal.honours if h.accepted]
    context.say(
        f"“{proposal.label}”：{unit}，{year}；材料 {len(proposal.materials)} 段，"
        f"单位信息 {sum(f.accepted for f in proposal.facts)} 项，荣誉 {len(accepted)} 项"
        f"（另有 {len(proposal.honours) - len(accepted)} 项已在库中或重复）。"
    )
    for note in proposal.notes:
        context.say(f"  注意：{note}")
    for material in proposal.materials:
        context.say(f"  [{material.topic}] {material.heading or '（开头）'}")
    for fact in proposal.facts:
        mark = "" if fact.accepted else f"（库中已有“{fact.current}”，未改动）"
        context.say(f"  {fact.label}：{fact.display}{mark}")
    for honour in proposal.honours:
        parts = [
            honour.title,
            honour.awarded_by or "",
            honour.date_text(),
            (honour.level or "") + ("（推断）" if honour.level and honour.level_rule else ""),
        ]
        holder = f"（{honour.recipient}）" if honour.recipient else ""
        notes = honour.notes_text()
        if honour.can_refine() and not honour.refine:
            notes += "（加 --fill-months 可为已有荣誉补上）"
        if honour.refine:
            notes = f"将为已有荣誉补充获得时间（库中记为{honour.held_date.chinese()}）"  # type: ignore[union-attr]
        note = f"  — {notes}" if notes else ""
        context.say("  荣誉：" + " | ".join(p for p in parts if p) + holder + note)
    if outcome is not None:
        context.say(
            f"  已导入：新增工作材料 {outcome.materials_created} 篇、补充 {outcome.materials_extended} 篇，"
            f"填写单位信息 {outcome.facts_set} 项，新增荣誉 {outcome.honours_created} 项，"
            f"为已有荣誉补充获得时间 {outcome.dates_filled} 项，已有而跳过 {outcome.duplicates} 项。"
        )
    elif dry_run:
        context.say("  （试读取，未写入数据库）")
