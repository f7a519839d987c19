"""Commands that move records in and out of Excel: import, export."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from core.cli import EXIT_OK, EXIT_WARNINGS, Context

if TYPE_CHECKING:
    from core.importing.apply import ImportResult


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    importing = commands.add_parser("import", help="从 Excel 登记表（.xlsx/.xls/.csv 等）导入单位和荣誉")
    importing.add_argument("file", metavar="文件", help="登记表文件")
    importing.add_argument(
        "--sheet", metavar="工作表", help="要导入的工作表（默认：第一个有可识别表头的工作表）"
    )
    importing.add_argument("--dry-run", action="store_true", help="只检查并报告，不写入数据库")
    importing.add_argument("--strict", action="store_true", help="有任何一行被拒绝时，什么也不导入")
    importing.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    importing.set_defaults(handler=run_import)

    exporting = commands.add_parser(
        "export", help="把全部单位、荣誉和工作材料导出为一个 .xlsx 文件（单位、荣誉、工作材料三个工作表）"
    )
    exporting.add_argument("file", metavar="文件.xlsx", help="导出文件")
    exporting.set_defaults(handler=run_export)


def run_import(args: argparse.Namespace, context: Context) -> int:
    from core.importing.apply import apply_import
    from core.importing.columns import known_names
    from core.importing.register import read_register

    path = Path(args.file)
    register = read_register(path, args.sheet, known=known_names(context.database))
    result = apply_import(context.database, register, strict=args.strict, dry_run=args.dry_run)
    if args.json:
        context.say(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
    else:
        _say_import(context, path, register.sheet, result, dry_run=args.dry_run)
    return EXIT_WARNINGS if result.errors or register.warnings else EXIT_OK


def _say_import(context: Context, path: Path, sheet: str, result: ImportResult, *, dry_run: bool) -> None:
    counts = result.counts
    if result.applied:
        head = f"已导入“{path.name}”的工作表“{sheet}”"
    elif dry_run:
        head = f"试导入“{path.name}”的工作表“{sheet}”（未写入数据库）"
    else:
        head = f"严格模式：“{path.name}”有 {counts['rejected']} 行被拒绝，未导入任何数据"
    context.say(
        f"{head}：新建单位 {counts['units_created']} 个，更新单位 {counts['units_updated']} 个，"
        f"新增荣誉 {counts['honours_created']} 项，新增工作材料 {counts.get('materials_created', 0)} 篇，"
        f"重复 {counts['duplicates']} 行，拒绝 {counts['rejected']} 行。"
    )
    for error in result.errors:
        context.say(f"  第 {error.row} 行“{error.column}”：{error.message}")
    if result.plan is not None:
        register = result.plan.register
        for column, note in sorted(register.notes.items()):
            context.say(f"  列“{register.column_label(column)}”：{note}")
        for warning in register.warnings:
            context.say(f"  注意：“{warning.column}”列{warning.message}")


def run_export(args: argparse.Namespace, context: Context) -> int:
    from core.export import export_all

    path = Path(args.file)
    counts = export_all(context.database, path)
    context.say(
        f"已导出单位 {counts.units} 个、荣誉 {counts.honours} 项、工作材料 {counts.materials} 篇到“{path}”。"
    )
    return EXIT_OK
