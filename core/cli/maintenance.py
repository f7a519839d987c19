"""Commands that look after the database: backup, restore, check, copy to another database."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from core.cli import EXIT_OK, EXIT_WARNINGS, Context

if TYPE_CHECKING:
    from core.db import Database


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    backup = commands.add_parser("backup", help="备份数据库（默认存入数据目录的 backups 文件夹）")
    backup.add_argument("file", nargs="?", metavar="文件", help="备份文件路径")
    backup.set_defaults(handler=run_backup)

    restore = commands.add_parser("restore", help="用备份文件替换当前数据库（会先备份当前数据库）")
    restore.add_argument("file", metavar="文件", help="HonourDesk 备份文件")
    restore.set_defaults(handler=run_restore)

    check = commands.add_parser("check", help="检查数据库完整性、外键和结构版本")
    check.set_defaults(handler=run_check)

    copy = commands.add_parser(
        "copy",
        help="把当前数据库的全部记录复制到另一个空数据库（如 PostgreSQL 服务器，或反过来复制到本机文件）",
    )
    copy.add_argument(
        "--to",
        required=True,
        metavar="目标",
        help="目标数据库地址（postgresql+psycopg://…）或新数据库文件路径",
    )
    copy.set_defaults(handler=run_copy)


def run_backup(args: argparse.Namespace, context: Context) -> int:
    from core.backup import backup_database

    path = backup_database(context.database, Path(args.file) if args.file else None)
    context.say(f"已备份到：{path}")
    return EXIT_OK


def run_restore(args: argparse.Namespace, context: Context) -> int:
    from core.backup import restore_database
    from core.instance_lock import FolderLock

    data_dir = context.data_dir
    with FolderLock(data_dir.lock_file, data_dir.root, "从命令行恢复数据库"):
        result = restore_database(context.database, Path(args.file))
    context.say(f"已从“{args.file}”恢复数据库，现有单位 {result.units} 个。")
    context.say(f"恢复前的数据库已备份到：{result.previous_backup}")
    return EXIT_OK


def run_check(args: argparse.Namespace, context: Context) -> int:
    from core.health import check_database

    results = check_database(_database_to_check(context))
    for result in results:
        context.say(f"{'通过' if result.ok else '未通过'}  {result.name}：{result.detail}")
    ok = all(r.ok for r in results)
    context.say("数据库检查全部通过。" if ok else "数据库检查发现问题，请先备份后再联系维护人员。")
    return EXIT_OK if ok else EXIT_WARNINGS


def _database_to_check(context: Context) -> Database:
    """The database opened (and migrated) as usual; one that cannot be (damaged, or its migration
    failed) is checked as it is."""
    import logging

    from sqlalchemy.exc import DBAPIError

    from core.db import ServerUnreachable
    from core.errors import UserError

    try:
        return context.database
    except ServerUnreachable:
        raise
    except (UserError, DBAPIError) as error:
        logging.getLogger(__name__).warning("数据库无法按常规打开，直接检查文件：%s", error)
        return context.unopened_database()


def run_copy(args: argparse.Namespace, context: Context) -> int:
    from core import database_url
    from core.copy_database import copy_database
    from core.db import Database, sqlite_url

    target_text = args.to if "://" in args.to else sqlite_url(Path(args.to).resolve())
    target = Database(database_url.connect_url(target_text))
    try:
        _prepare_target(target, target_text)
        result = copy_database(context.database, target)
    finally:
        target.dispose()
    context.say(f"已复制到{database_url.describe(target_text)}：{result.summary()}。两边各表记录数一致。")
    from core.data_location import warning_for_address

    warning = warning_for_address(target_text)
    if warning:
        context.err.write(f"提示：{warning}\n")
    return EXIT_OK


def _prepare_target(target: Database, target_text: str) -> None:
    """The target at the latest schema; a Chinese message when it cannot be reached."""
    from sqlalchemy.exc import OperationalError

    from core.db import ServerUnreachable
    from core.errors import UserError
    from core.migrate import upgrade_to_head

    path = target.sqlite_path
    if path is not None and not path.parent.is_dir():
        raise UserError(f"目标文件夹“{path.parent}”不存在。")
    try:
        upgrade_to_head(target)
    except OperationalError as error:
        if path is not None:
            raise
        raise ServerUnreachable(target_text, error) from error
