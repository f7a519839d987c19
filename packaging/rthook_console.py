"""PyInstaller runtime hook: give the windowed HonourDesk.exe somewhere to print.

A windowed (console=False) Windows executable starts with sys.stdout and sys.stderr set to None, so
`HonourDesk.exe units` would print nothing, and code that writes to them directly would fail.

- Given a command (anything beyond --data-dir/--database-url, which only choose where the window's
  data is), attach to the console of the program that started us (cmd.exe or PowerShell) and print
  there. cmd.exe does not wait for a windowed program, so scripts that need the output in order or
  the exit status use the console twin, HonourDesk-cli.exe (see packaging/README.md).
- Opening the window, or with no console to attach to (started from Explorer or a shortcut), the
  streams write to nowhere: the window stays independent of any console window.

Does nothing on other systems, in HonourDesk-cli.exe, or when output is redirected to a file or pipe.
"""

import os
import sys

_WINDOW_OPTIONS = ("--data-dir", "--database-url")


def _gives_a_command(args: list) -> bool:
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg in _WINDOW_OPTIONS:
            skip = True
        elif not arg.startswith(tuple(f"{option}=" for option in _WINDOW_OPTIONS)):
            return True
    return False


def _give_streams() -> None:
    if sys.platform != "win32" or (sys.stdout is not None and sys.stderr is not None):
        return
    attached = False
    if _gives_a_command(sys.argv[1:]):
        try:
            import ctypes

            attached = bool(ctypes.windll.kernel32.AttachConsole(-1))  # ATTACH_PARENT_PROCESS
        except Exception:
            attached = False
    target = "CONOUT$" if attached else os.devnull
    if sys.stdout is None:
        sys.stdout = open(target, "w", buffering=1, encoding="utf-8", errors="replace")  # noqa: SIM115
        if attached:
            sys.stdout.write("\n")  # the prompt has already been printed: start on a fresh line
    if sys.stderr is None:
        sys.stderr = open(target, "w", buffering=1, encoding="utf-8", errors="replace")  # noqa: SIM115


_give_streams()
