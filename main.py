"""HonourDesk 单位荣誉档案与情况汇报 — entry point.

No command opens the window; a command runs headless (python main.py --help).
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    from core import cli
    from core.cli import console

    dropped, argv = cli.split_dropped_files(sys.argv[1:] if argv is None else argv)
    # Before anything is printed: --help, a usage error and --self-test go to a pipe or a file as well.
    console.configure(sys.stdout, json="--json" in argv)
    console.configure(sys.stderr)
    try:
        args = cli.parse(argv)
    except cli.UsageError as error:
        return usage_error(f"命令行参数有误：{error}")
    if args.self_test:
        from core.selftest import run_self_test
        from gui.selftest_window import check_window

        return run_self_test(sys.stdout, sys.stderr, window_check=check_window)
    if args.command is not None:
        return cli.run_command(args, sys.stdout, sys.stderr)
    from gui.app import run_gui

    code = run_gui(args.data_dir, args.database_url, open_files=dropped)
    # The interpreter's last garbage collections walked every object the day's work left (0.8 s here
    # after one report, seconds on an office PC) with no window on screen; the process's memory goes back
    # to the system anyway. Objects frozen now are left out of them; exit handlers still run. Here, not in
    # run_gui, which tests call in their own process.
    gc.freeze()
    return code


def usage_error(text: str) -> int:
    """Printed; in the windowed program (no console) also shown in a message box."""
    from core import cli

    print(text, file=sys.stderr)
    if cli.windowed():
        from gui.app import show_usage_error

        show_usage_error(text)
    return cli.EXIT_USAGE


if __name__ == "__main__":
    # First of all: in the frozen program a worker process (core/reports/worker.py, spawn) starts this
    # executable again; freeze_support() runs the worker there instead of main().
    import multiprocessing

    multiprocessing.freeze_support()
    sys.exit(main())
