"""The headless command line (DESIGN.md section 7).

Each command module registers its sub-parser and a handler `handler(args, context) -> exit code`;
later commands (import, export, templates, generate) slot in by adding a module to build_parser().
Parsing imports nothing heavy: with no command, main.py opens the window before the database
layer is loaded. Handlers import what they need.

Every failure ends in Chinese: bad usage, unusable input and the failures of the database and of files
(a held lock, a read-only folder or file, a full disk, a damaged database) with exit 2 and the data as it
was; anything else with exit 3 and the details in the log (logs/honourdesk-cli.log), never the SQL, its
parameters or a library's English text.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PureWindowsPath
from typing import TYPE_CHECKING, NoReturn, TextIO

from core import APP_NAME, APP_TITLE_ZH, __version__
from core.errors import UserError
from core.logs import CLI_LOG_FILE, setup_logging
from core.paths import DataDir
from core.settings import Settings

if TYPE_CHECKING:
    from core.db import Database
    from core.services import Services

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_WARNINGS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3


@dataclass
class Context:
    """What a command needs: the data directory, and the database opened on first use."""

    data_dir: DataDir
    database_url: str | None
    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)
    log_path: Path | None = None
    fills_pending_keys: bool = True  # the pinyin keys an import left, before the command uses the units
    _services: Services | None = None
    _unmigrated: Database | None = None

    @property
    def services(self) -> Services:
        if self._services is None:
            from core import database_url
            from core.db import open_database
            from core.services import Services

            url = database_url.connect_url(self.database_url) if self.database_url else None
            services = self._services = Services.over(open_database(self.data_dir, url))
            _warn_about_location(services.db, self.err)
            _warn_about_clock(services.db, self.data_dir, self.err)
            _warn_about_program_place(self.err)
            if self.fills_pending_keys:
                _fill_pending_keys(services)
        return self._services

    @property
    def database(self) -> Database:
        return self.services.db

    def unopened_database(self) -> Database:
        """The database without opening or migrating it: for looking at a file that may be damaged."""
        from core import database_url
        from core.db import Database, sqlite_url

        if self._unmigrated is None:
            url = database_url.connect_url(self.database_url) if self.database_url else None
            self._unmigrated = Database(url or sqlite_url(self.data_dir.database), self.data_dir)
        return self._unmigrated

    def database_path(self) -> Path | None:
        """The SQLite file the command works on, if it is one (for messages)."""
        if not self.database_url:
            return self.data_dir.database
        from core.db import sqlite_file

        return sqlite_file(self.database_url)

    def say(self, text: str) -> None:
        print(text, file=self.out)

    def say_json(self, value: object) -> None:
        """value as indented JSON, written piece by piece: the errors of a register's 100,000 rejected
        rows are never held as one string (with its hundreds of megabytes of pieces) before printing."""
        json.dump(value, self.out, ensure_ascii=False, indent=2)
        self.out.write("\n")

    def close(self) -> None:
        if self._services is not None:
            self._services.db.dispose()
        if self._unmigrated is not None:
            self._unmigrated.dispose()


def _warn_about_location(database: Database, err: TextIO) -> None:
    """A SQLite file in OneDrive, another sync folder or on a network share: said, never refused."""
    from core.data_location import warning_for

    warning = warning_for(database.sqlite_path) if database.is_sqlite else None
    if warning:
        print(f"提示：{warning}", file=err)


def _warn_about_clock(database: Database, data_dir: DataDir, err: TextIO) -> None:
    """A PC whose date is clearly wrong (a flat CMOS battery): said on stderr, the command goes on."""
    from core.system_date import startup_warning

    warning = startup_warning(database, data_dir.backups)
    if warning is not None:
        print(f"提示：{warning.text}", file=err)


def _warn_about_program_place(err: TextIO) -> None:
    """The program runs from an archive's temporary folder, deleted with the archive's window."""
    from core.paths import program_warning

    warning = program_warning()
    if warning is not None:
        print(f"提示：{warning}", file=err)


def _fill_pending_keys(services: Services) -> None:
    """The pinyin keys imports left, when the database can be written now: a listing never waits for
    another program's write (the keys are then filled by a later command or the window)."""
    database = services.db
    try:
        if database.read_only or not services.units.has_pending_keys() or database.write_lock_taken():
            return
        services.units.fill_pending_keys()
    except Exception:  # derived data: a damaged database is still to be checked, backed up or restored
        log.warning("未能生成导入单位的拼音检索码", exc_info=True)


class UsageError(Exception):
    pass


_ARGPARSE_MESSAGES = (
    ("the following arguments are required: ", "缺少必需的参数："),
    ("unrecognized arguments: ", "无法识别的参数："),
    ("expected one argument", "需要一个值"),
    ("invalid choice: ", "无效的选项："),
    ("choose from ", "可选："),
    ("invalid int value: ", "不是整数："),
    ("not allowed with argument ", "不能与此参数同用："),
    ("one of the arguments ", "以下参数必须给出一个："),
    (" is required", ""),
    ("argument ", "参数 "),
)


class ChineseArgumentParser(argparse.ArgumentParser):
    """argparse that reports bad usage in Chinese, as a UsageError rather than by exiting."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "命令与参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    def error(self, message: str) -> NoReturn:
        for english, chinese in _ARGPARSE_MESSAGES:
            message = message.replace(english, chinese)
        raise UsageError(f"{message}\n{self.format_usage().strip()}\n运行 “{self.prog} --help” 查看帮助。")

    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "用法：", 1)

    def format_help(self) -> str:
        return super().format_help().replace("usage:", "用法：", 1)


def year_argument(text: str) -> int:
    """A year given on the command line: four digits from 1900 to 9999, refused in Chinese otherwise
    (a 20-digit number would reach the database and fail there in English)."""
    try:
        year = int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是年份（应写作 2019 这样的四位数）") from None
    if not 1900 <= year <= 9999:
        raise argparse.ArgumentTypeError(f"年份“{text}”超出范围（应在 1900 到 9999 之间）")
    return year


def program_name() -> str:
    """The name a user types: the packaged executable's (HonourDesk-cli, or HonourDesk for the windowed
    one); from source, the command-line program's name too."""
    if getattr(sys, "frozen", False):
        return _executable_stem()
    return f"{APP_NAME}-cli"


def _executable_stem() -> str:
    return (PureWindowsPath if sys.platform == "win32" else Path)(sys.executable).stem


def windowed() -> bool:
    """The packaged windowed program (HonourDesk.exe): it has no console to print a usage error to."""
    return (
        sys.platform == "win32"
        and bool(getattr(sys, "frozen", False))
        and _executable_stem().casefold() == APP_NAME.casefold()
    )


SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".csv")
_WINDOW_OPTIONS = ("--data-dir", "--database-url")


def split_dropped_files(argv: Sequence[str]) -> tuple[list[Path], list[str]]:
    """Files given as the only arguments besides the window's options — dropped onto the program's icon,
    or opened with it — are taken out of argv: the window opens and imports them (spreadsheets through the
    import wizard, old reports through 导入往年材料). Anything else is left for the command line."""
    rest, found, skip = [], [], False
    for arg in argv:
        if skip:
            rest.append(arg)
            skip = False
        elif arg in _WINDOW_OPTIONS:
            rest.append(arg)
            skip = True
        elif arg.startswith("-"):
            rest.append(arg)
        else:
            found.append(arg)
    if found and all(_droppable(name) for name in found):
        return [Path(name) for name in found], rest
    return [], list(argv)


def _droppable(name: str) -> bool:
    suffix = Path(name).suffix.lower()
    if not suffix:  # a command: the reader's module is not loaded for it
        return False
    from core.oldreports.reader import SUFFIXES as REPORT_SUFFIXES

    return suffix in SPREADSHEET_SUFFIXES or suffix in REPORT_SUFFIXES


def build_parser() -> ChineseArgumentParser:
    from core.cli import certificates, data, honours, maintenance, oldreports, reports, transfer

    parser = ChineseArgumentParser(
        prog=program_name(),
        description=f"{APP_NAME} {APP_TITLE_ZH}。不带命令时打开程序窗口；带命令时在命令行下运行。",
    )
    parser.add_argument(
        "--version", action="version", version=f"{APP_NAME} {__version__}", help="显示版本号并退出"
    )
    parser.add_argument(
        "--data-dir", metavar="目录", help="数据目录（默认：用户数据目录；便携模式为程序旁的 data）"
    )
    parser.add_argument("--database-url", metavar="URL", help="数据库地址（默认：数据目录中的 SQLite 文件）")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="自检：在临时数据目录中升级数据库、载入示例数据、用每个内置模板生成汇报并打开主窗口；全部通过时退出码为 0",
    )
    commands = parser.add_subparsers(
        dest="command", title="命令", metavar="命令", parser_class=ChineseArgumentParser
    )
    for module in (data, transfer, honours, oldreports, certificates, reports, maintenance):
        module.register(commands)
    return parser


def parse(argv: Sequence[str]) -> argparse.Namespace:
    return build_parser().parse_args(list(argv))


def make_context(args: argparse.Namespace) -> Context:
    data_dir = DataDir.resolve(args.data_dir)
    too_long = data_dir.too_long()
    if too_long:
        raise UserError(too_long)
    try:
        data_dir.create()
    except OSError as error:
        from core.files import why_not_written

        raise UserError(
            f"无法创建数据目录“{data_dir.root}”：{why_not_written(data_dir.root, error)}"
            "可以用 --data-dir 指定一个可写的目录。"
        ) from error
    log_path = setup_logging(data_dir.logs, file_name=CLI_LOG_FILE)
    data_dir.log_moved()
    url = args.database_url or Settings.load(data_dir.settings_file).database_url or None
    # import leaves new units' pinyin keys to the next command or start: pypinyin is slow to load
    fills = not getattr(args, "leaves_keys_pending", False)
    return Context(data_dir, url, log_path=log_path, fills_pending_keys=fills)


def run(argv: Sequence[str], out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run one command; returns the exit status. Bad usage: Chinese message, 2, no traceback."""
    out, err = out or sys.stdout, err or sys.stderr
    try:
        args = parse(argv)
    except UsageError as error:
        print(f"命令行参数有误：{error}", file=err)
        return EXIT_USAGE
    if args.command is None:
        print(f"请给出一个命令；运行 “{program_name()} --help” 查看可用命令。", file=err)
        return EXIT_USAGE
    return run_command(args, out, err)


def run_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    context: Context | None = None
    try:
        context = make_context(args)
        context.out, context.err = out, err
        return int(args.handler(args, context))
    except BrokenPipeError as error:  # before the OSErrors explain() takes for the database's files
        return _output_closed(args, error, out, err)
    except Exception as error:
        return _report_failure(args, context, error, err)
    finally:
        if context is not None:
            context.close()


def _output_closed(args: argparse.Namespace, error: BrokenPipeError, out: TextIO, err: TextIO) -> int:
    """The reader of the output went away (`| head`): what was done stays done, the rest was not."""
    log.warning("命令 %s 的输出被提前关闭", args.command, exc_info=error)
    with contextlib.suppress(OSError, ValueError):  # no second BrokenPipeError when Python flushes at exit
        os.dup2(os.open(os.devnull, os.O_WRONLY), out.fileno())
    with contextlib.suppress(OSError):
        print(
            "命令没有全部完成：它的输出被提前关闭（例如管道后面的 head 已经退出）。"
            "已经保存的内容不会撤回，请查看结果后再决定是否重新运行。",
            file=err,
        )
    return EXIT_INTERNAL


def _report_failure(args: argparse.Namespace, context: Context | None, error: Exception, err: TextIO) -> int:
    """The Chinese answer to a failed command, and its exit status (2 for what the user can act on)."""
    from core.db_errors import explain

    answer = explain(error, None if context is None else context.database_path())
    if answer is not None:
        if answer is error:
            log.warning("命令 %s 未完成：%s", args.command, answer.message)
        else:
            log.warning("命令 %s 未完成：%s", args.command, answer.message, exc_info=error)
        print(answer.message, file=err)
        return EXIT_USAGE
    log.exception("命令 %s 出现意外错误", args.command)
    where = ""
    if context is not None:
        where = f"，详情见日志：{context.log_path}" if context.log_path else "（未能写入日志）"
    print(f"出现意外错误{where}。", file=err)
    return EXIT_INTERNAL
