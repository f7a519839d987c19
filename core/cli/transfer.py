"""Commands that move records in and out of Excel: import, export."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from core.cli import EXIT_OK, EXIT_WARNINGS, Context

if TYPE_CHECKING:
    from core.importing.apply import ImportResult
    from core.importing.register import Register
    from core.importing.workbook import RegisterFile

_LISTED_AT_MOST = 10  # skipped rows named one by one in the text output


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    importing = commands.add_parser("import", help="从 Excel 登记表（.xlsx/.xls/.csv 等）导入单位和荣誉")
    importing.add_argument("file", metavar="文件", help="登记表文件")
    importing.add_argument(
        "--sheet", metavar="工作表", help="只导入这一个工作表（默认：导入每个有可识别表头的工作表）"
    )
    importing.add_argument("--dry-run", action="store_true", help="只检查并报告，不写入数据库")
    importing.add_argument("--strict", action="store_true", help="有任何一行被拒绝时，什么也不导入")
    importing.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    importing.set_defaults(handler=run_import, leaves_keys_pending=True)

    exporting = commands.add_parser(
        "export", help="把全部单位、荣誉和工作材料导出为一个 .xlsx 文件（单位、荣誉、工作材料三个工作表）"
    )
    exporting.add_argument("file", metavar="文件.xlsx", help="导出文件")
    exporting.set_defaults(handler=run_export)


def run_import(args: argparse.Namespace, context: Context) -> int:
    from core.importing.readers.ahead import ReadAhead

    path = Path(args.file)
    ahead = ReadAhead(path)  # the file is read while the database layer loads and the database opens
    try:
        from core.importing.apply import apply_import
        from core.importing.columns import known_names
        from core.importing.workbook import read_registers

        sheets = [args.sheet] if args.sheet else None
        source = read_registers(path, sheets, known=known_names(context.database), ahead=ahead)
    finally:
        ahead.close()
    result = apply_import(context.database, source, strict=args.strict, dry_run=args.dry_run)
    if args.json:
        context.say_json(result.as_json())
    else:
        _say_import(context, source, result, dry_run=args.dry_run)
    warned = bool(result.plan.warnings) if result.plan else any(r.warnings for r in source.registers)
    return EXIT_WARNINGS if result.errors or warned else EXIT_OK


def _say_import(context: Context, source: RegisterFile, result: ImportResult, *, dry_run: bool) -> None:
    counts = result.counts
    name, sheets = source.path.name, "、".join(f"“{sheet}”" for sheet in source.sheets)
    what = f"“{name}”的工作表{sheets}"
    if result.applied:
        head = f"已导入{what}"
    elif dry_run:
        head = f"试导入{what}（未写入数据库）"
    else:
        head = f"严格模式：“{name}”有 {counts['rejected']} 行被拒绝，未导入任何数据"
    context.say(f"{head}：{_counts_text(counts)}。")
    several = len(source.registers) > 1
    plan = result.plan
    for register in source.registers:
        where = f"工作表“{register.sheet}”" if several else ""
        if several and plan is not None:
            context.say(f"  {where}：{_counts_text(plan.sheet_counts[register.sheet])}。")
        if register.skipped_rows:
            context.say(f"  {_skipped_text(register, where)}")
        for column, note in sorted(register.notes.items()):
            context.say(f"  {where}列“{register.column_label(column)}”：{note}")
        for warning in register.warnings:
            column = f"“{warning.column}”列" if warning.column else ""  # a sheet's warning names none
            context.say(f"  注意：{where}{column}{warning.message}")
    for replaced in plan.replaced if plan is not None else []:
        where = f"工作表“{replaced.sheet}”" if several else ""
        context.say(f"  {where}第 {replaced.row} 行：{replaced.message}")
    for conflict in [*plan.conflicts, *plan.similar] if plan is not None else []:
        where = f"工作表“{conflict.sheet}”" if several else ""
        context.say(f"  注意：{where}第 {conflict.row} 行“{conflict.column}”列：{conflict.message}")
    for skipped in source.skipped_sheets:
        context.say(f"  未导入工作表“{skipped.sheet}”：{skipped.reason}。")
    for error in result.errors:
        where = f"工作表“{error.sheet}”" if several else ""
        context.say(f"  {where}第 {error.row} 行“{error.column}”：{error.message}")


def _counts_text(counts: dict[str, int]) -> str:
    return (
        f"新建单位 {counts['units_created']} 个，更新单位 {counts['units_updated']} 个，"
        f"新增荣誉 {counts['honours_created']} 项，新增工作材料 {counts.get('materials_created', 0)} 篇，"
        f"重复 {counts['duplicates']} 行，拒绝 {counts['rejected']} 行"
    )


def _skipped_text(register: Register, where: str) -> str:
    rows = register.skipped_rows
    named = "、".join(f"第 {row.number} 行（{row.reason}）" for row in rows[:_LISTED_AT_MOST])
    more = f"等 {len(rows)} 行" if len(rows) > _LISTED_AT_MOST else ""
    return f"{where}已跳过{named}{more}。"


def run_export(args: argparse.Namespace, context: Context) -> int:
    from core.export import export_all

    path = Path(args.file)
    counts = export_all(context.database, path)
    context.say(
        f"已导出单位 {counts.units} 个、荣誉 {counts.honours} 项、工作材料 {counts.materials} 篇到“{path}”。"
    )
    return EXIT_OK
