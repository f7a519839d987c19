"""Commands for templates and reports: templates, templates add, templates check, generate."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from core.cli import EXIT_OK, EXIT_USAGE, EXIT_WARNINGS, Context, year_argument
from core.cli import summary as summary_cli
from core.errors import UserError
from core.settings import Settings

if TYPE_CHECKING:
    from core.reports.generate import GenerateRequest
    from core.reports.preflight import Preflight
    from core.reports.records import Period, ReportOptions

# core.reports.records.UNDATED_CHOICES, named here so that building the parser loads no database code
UNDATED_CHOICES = ("omit", "list")
CERTIFICATE_CHOICES = ("include", "omit")


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    templates = commands.add_parser("templates", help="列出内置和已添加的汇报模板；add 添加，check 检查")
    templates.add_argument("--json", action="store_true", help="以 JSON 输出")
    actions = templates.add_subparsers(dest="action", title="操作", metavar="操作")
    add = actions.add_parser("add", help="检查并添加一个 .docx 模板")
    add.add_argument("file", metavar="文件.docx")
    add.add_argument("--name", metavar="名称", help="模板名称（默认：文件名）")
    add.add_argument("--replace", action="store_true", help="替换同名的已添加模板")
    check = actions.add_parser("check", help="检查模板：用到的字段、语法错误及位置、不安全的表达式")
    check.add_argument("file", metavar="文件.docx")
    check.add_argument("--json", action="store_true", help="以 JSON 输出")
    manual = actions.add_parser("manual", help="导出模板字段说明（Word 文档）")
    manual.add_argument(
        "-o", "--output", default="字段说明.docx", metavar="文件.docx", help="默认：字段说明.docx"
    )
    templates.set_defaults(handler=run_templates)

    generate = commands.add_parser("generate", help="按模板生成情况汇报")
    generate.add_argument("--template", required=True, metavar="模板", help="模板名称，如 情况汇报")
    who = generate.add_mutually_exclusive_group(required=True)
    who.add_argument("--unit", metavar="单位", help="单位名称（或简称）")
    who.add_argument("--all", action="store_true", help="全部单位")
    summary_cli.add_arguments(generate, who)
    generate.add_argument(
        "--from",
        dest="year_from",
        type=year_argument,
        metavar="年份",
        help="期间起始年份（默认：上次用的期间；所选单位在其中没有记录时，为有材料或荣誉的最近三年）",
    )
    generate.add_argument(
        "--to", dest="year_to", type=year_argument, metavar="年份", help="期间截止年份（默认：同上）"
    )
    generate.add_argument(
        "--undated",
        choices=UNDATED_CHOICES,
        help="未注明获得时间的荣誉：omit 不写入，list 单列并写明时间未记录（默认：上次的选择，最初为 omit）",
    )
    generate.add_argument(
        "--certificates",
        choices=CERTIFICATE_CHOICES,
        help="荣誉证书复印件（附件页，创建文明单位申报材料和用到“证书附件”的模板）：include 附上，omit 不附"
        "（默认：上次的选择，最初为 include；所列荣誉都没有证书时没有附件页）",
    )
    generate.add_argument(
        "--author", metavar="文字", help="文档属性中的作者，如本办公室名称（默认：上次填的）"
    )
    generate.add_argument(
        "--dry-run", action="store_true", help="只显示生成前检查（各部分的来源、不写入的荣誉），不写文件"
    )
    generate.add_argument("--date", metavar="YYYY-MM-DD", help="成文日期（默认：今天）")
    generate.add_argument(
        "--replace", action="store_true", help="替换输出位置已有的同名文件（默认不替换：有同名文件时不生成）"
    )
    generate.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="路径",
        help="输出文件夹（每个单位一个文件）；只有一个单位或与 --merge 同用时，以 .docx 结尾的路径为输出文件",
    )
    generate.add_argument(
        "--merge", action="store_true", help="合并为一个文档：每个单位单独一节，从奇数页开始，页码各自从 1 起"
    )
    generate.add_argument(
        "--continuous", action="store_true", help="与 --merge 同用：页码全文连续编排，并在开头加目录页"
    )
    generate.add_argument(
        "--keep-active",
        action="store_true",
        help="保留模板中的外部链接、嵌入对象和域代码（默认去掉；仅用于确知其来源的模板）",
    )
    generate.set_defaults(handler=run_generate)


def run_templates(args: argparse.Namespace, context: Context) -> int:
    from core.reports.library import TemplateLibrary
    from core.reports.worker import inspect_in_worker

    if args.action == "manual":
        from core.reports.manual import write_field_manual

        path = write_field_manual(Path(args.output))
        context.say(f"已导出字段说明：{path}")
        return EXIT_OK
    if args.action == "check":
        path = Path(args.file)
        if not path.is_file():
            raise UserError(f"找不到文件“{path}”。")
        report = inspect_in_worker(str(path), path.stem, trial=_trial_units(context))  # bounded: from outside
        if args.json:
            context.say_json(report.as_json())
        else:
            _say_check(context, report)
        if not report.usable:
            return EXIT_USAGE
        return EXIT_WARNINGS if report.warnings else EXIT_OK
    library = TemplateLibrary(context.database)
    if args.action == "add":
        template, report = library.add(Path(args.file), args.name, replace=args.replace)
        context.say(f"已添加模板“{template.name}”，用到字段 {len(report.fields_used)} 个。")
        for problem in report.warnings:
            context.say(f"  提示：{problem}")
        return EXIT_WARNINGS if report.warnings else EXIT_OK
    templates = library.list()
    if args.json:
        rows = [
            {
                "name": t.name,
                "kind": t.kind,
                "builtin": t.builtin,
                "description": t.description,
                "path": str(library.path(t)),
            }
            for t in templates
        ]
        context.say_json(rows)
    else:
        for t in templates:
            context.say(f"{t.name}  （{'内置' if t.builtin else '添加'}，{t.kind}）  {t.description or ''}")
    return EXIT_OK


def _trial_units(context: Context) -> list:  # type: ignore[type-arg]
    """The demo unit, and the database's first unit when a database is there (none is created)."""
    from core.reports.trial import trial_units

    has_database = bool(context.database_url) or context.data_dir.database.exists()
    return trial_units(context.database if has_database else None)


def _say_check(context: Context, report) -> None:  # type: ignore[no-untyped-def]
    context.say(f"模板“{report.name}”：{'可以使用' if report.usable else '不能使用'}")
    context.say("用到的字段：" + ("、".join(report.fields_used) or "（无）"))
    if report.problems:
        context.say(f"问题（{len(report.problems)} 处）：")
        for problem in report.problems:
            context.say(f"  {problem}")
    if report.warnings:
        context.say(f"提示（{len(report.warnings)} 处）：")
        for problem in report.warnings:
            context.say(f"  {problem}")


def run_generate(args: argparse.Namespace, context: Context) -> int:
    from core.reports.generate import GenerateRequest, generate_reports
    from core.reports.summary_generate import prepared_summary
    from core.services.reports import plan_reports, remember

    try:
        written_on = dt.date.fromisoformat(args.date) if args.date else dt.date.today()
    except ValueError:
        context.err.write(f"成文日期“{args.date}”应写作 YYYY-MM-DD，如 2026-03-05。\n")
        return EXIT_USAGE
    if args.continuous and not args.merge:
        raise UserError("--continuous 只能与 --merge 同用。")
    settings = Settings.load(context.data_dir.settings_file)
    unit_ids = _unit_ids(args, context)
    period = _period(args, context, unit_ids, settings)
    options = _options(args, settings)
    summary = summary_cli.options(args, context, options.author)
    if summary is not None:
        plan = summary_cli.plan(context, args.template, unit_ids, period, written_on, summary)
    else:
        plan = plan_reports(context.database, args.template, unit_ids, period, written_on, options)
    _say_plan(context, plan, detailed=args.dry_run or len(unit_ids) == 1)
    if args.dry_run:
        return EXIT_OK
    output = Path(args.output)
    request = GenerateRequest(
        args.template,
        unit_ids,
        period,
        written_on,
        output,
        args.merge,
        options,
        continuous=args.continuous,
        keep_active=args.keep_active,
        summary=summary,
        prepared=prepared_summary(plan),
    )
    _refuse_to_replace(context, request, args.replace)
    results = generate_reports(context.database, request)
    remember(settings, period, options)
    settings.save(context.data_dir.settings_file)
    if summary is not None:
        context.say(f"已生成：{results[0].path}（汇总 {results[0].summed} 个单位）")
    elif args.merge and results:
        context.say(f"已生成合并文档“{results[0].path}”，共 {len(results)} 个单位。")
    else:
        for result in results:
            context.say(f"已生成：{result.path}")
        context.say(f"共 {len(results)} 份。")
    for failure in results.failures:
        context.err.write(f"未能生成“{failure.unit_name}”：{failure.message}\n")
    for warning in results.warnings:
        context.err.write(f"提示：{warning}\n")
    if results.failures or results.warnings:
        context.err.write(results.summary() + "\n")
        return EXIT_WARNINGS
    return EXIT_OK


def _refuse_to_replace(context: Context, request: GenerateRequest, replace: bool) -> None:
    """Files already where the reports go stay as they are unless --replace says otherwise."""
    from core.reports.generate import planned_outputs

    existing = [path for path in planned_outputs(context.database, request) if path.exists()]
    if not existing or replace:
        return
    shown = "、".join(f"“{path.name}”" for path in existing[:5])
    more = f"等 {len(existing)} 个" if len(existing) > 5 else ""
    raise UserError(
        f"“{existing[0].parent}”中已有 {len(existing)} 个同名文件（{shown}{more}），未生成任何文件。"
        "要替换它们，加 --replace；或用 -o 换一个位置。"
    )


def _unit_ids(args: argparse.Namespace, context: Context) -> list[int]:
    chosen = summary_cli.unit_ids(args, context)
    if chosen is not None:
        return chosen
    units = context.services.units
    if args.all:
        return [summary.unit.id for summary in units.list()]
    unit = units.find_by_name(args.unit)
    if unit is None and _in_recycle_bin(context, args.unit):
        raise UserError(
            f"单位“{args.unit.strip()}”已删除（在回收站中），恢复后才能生成汇报；未生成任何文件。"
        )
    if unit is None:
        raise UserError(f"没有名为“{args.unit}”的单位；可用 units --search 查找。")
    sharing = _sharing_short_name(context, args.unit) if unit.short_name == args.unit.strip() else []
    if len(sharing) > 1:
        named = "、".join(f"“{name}”" for name in sharing)
        raise UserError(f"简称“{args.unit.strip()}”有 {len(sharing)} 个单位：{named}。请用单位全称。")
    return [unit.id]


def _in_recycle_bin(context: Context, name: str) -> bool:
    """Whether a deleted unit bears the name: the records hold it, in the 回收站."""
    from sqlalchemy import select

    from core.models import Unit
    from core.text import name_key

    with context.services.db.session() as session:
        deleted = select(Unit.id).where(Unit.name_key == name_key(name), Unit.deleted_at.is_not(None))
        return session.scalar(deleted.limit(1)) is not None


def _sharing_short_name(context: Context, short_name: str) -> list[str]:
    """The full names of the live units whose short name this is (第一小学 of two districts)."""
    from sqlalchemy import select

    from core.models import Unit

    with context.database.session() as session:
        query = select(Unit.name).where(Unit.deleted_at.is_(None), Unit.short_name == short_name.strip())
        return sorted(session.scalars(query))


def _period(args: argparse.Namespace, context: Context, unit_ids: list[int], settings: Settings) -> Period:
    """--from/--to as given; a missing end from the default period (DESIGN: the last used, else the records)."""
    from core.reports.records import Period
    from core.services.reports import default_period

    if args.year_from is not None and args.year_to is not None:
        first, last = args.year_from, args.year_to
    else:
        default = default_period(context.database, unit_ids, settings)
        last = args.year_to if args.year_to is not None else max(default.last_year, args.year_from or 0)
        first = args.year_from if args.year_from is not None else min(default.first_year, last)
    if first > last:
        raise UserError(f"期间起始年份 {first} 晚于截止年份 {last}。")
    return Period(first, last)


def _options(args: argparse.Namespace, settings: Settings) -> ReportOptions:
    from core.reports.records import ReportOptions
    from core.services.reports import remembered_options

    remembered = remembered_options(settings, args.author)
    certificates = remembered.certificates if args.certificates is None else args.certificates == "include"
    return ReportOptions(args.undated or remembered.undated, remembered.author, certificates)


def _say_plan(context: Context, plan: Preflight, *, detailed: bool) -> None:
    """生成前检查: the period, warnings, and per unit what is written and left out."""
    lines = plan.lines()
    if not detailed:
        lines = [line for line in lines if not line.startswith("  ")]
    context.say("生成前检查：")
    for line in lines:
        context.say(f"  {line}")
    from core.reports.summary_generate import SummaryPlan

    if plan.undated and any(isinstance(unit, SummaryPlan) for unit in plan.units):  # --undated is no help
        context.say(f"  未注明获得时间的荣誉共 {plan.undated} 项不计入汇总；补填获得时间后才计入。")
    elif plan.undated and not plan.options.list_undated:
        context.say(f"  未注明获得时间的荣誉共 {plan.undated} 项未写入；需要单列时加 --undated list。")
