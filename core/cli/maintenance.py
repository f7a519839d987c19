"""Commands that look after the database file: backup, restore, check."""

from __future__ import annotations

import argparse
from pathlib import Path

from core.cli import EXIT_OK, EXIT_WARNINGS, Context


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    backup = commands.add_parser("backup", help="备份数据库（默认存入数据目录的 backups 文件夹）")
    backup.add_argument("file", nargs="?", metavar="文件", help="备份文件路径")
    backup.set_defaults(handler=run_backup)

    restore = commands.add_parser("restore", help="用备份文件替换当前数据库（会先备份当前数据库）")
    restore.add_argument("file", metavar="文件", help="HonourDesk 备份文件")
    restore.set_defaults(handler=run_restore)

    check = commands.add_parser("check", help="检查数据库完整性、外键和结构版本")
    check.set_defaults(handler=run_check)


def run_backup(args: argparse.Namespace, context: Context) -> int:
    from core.backup import backup_database

    path = backup_database(context.database, Path(args.file) if args.file else None)
    context.say(f"已备份到：{path}")
    return EXIT_OK


def run_restore(args: argparse.Namespace, context: Context) -> int:
    from core.backup import restore_database

    result = restore_database(context.database, Path(args.file))
    context.say(f"已从「{args.file}」恢复数据库，现有单位 {result.units} 个。")
    context.say(f"恢复前的数据库已备份到：{result.previous_backup}")
    return EXIT_OK


def run_check(args: argparse.Namespace, context: Context) -> int:
    from core.backup import check_database

    results = check_database(context.database)
    for result in results:
        context.say(f"{'通过' if result.ok else '未通过'}  {result.name}：{result.detail}")
    ok = all(r.ok for r in results)
    context.say("数据库检查全部通过。" if ok else "数据库检查发现问题，请先备份后再联系维护人员。")
    return EXIT_OK if ok else EXIT_WARNINGS
