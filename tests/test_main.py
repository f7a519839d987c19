"""main.py as a user runs it: a separate process."""

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO


def main_py(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(REPO / "main.py"), *argv],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        cwd=REPO,
    )


def test_demo_and_units_json_from_the_command_line(tmp_path: Path) -> None:
    data = str(tmp_path / "D")
    assert main_py("--data-dir", data, "demo").returncode == 0
    result = main_py("--data-dir", data, "units", "--search", "hhz", "--json")
    assert result.returncode == 0
    assert [u["name"] for u in json.loads(result.stdout)] == ["宁波市荷花庄小学"]


def test_unknown_command_exits_2_with_chinese_usage_and_no_traceback(tmp_path: Path) -> None:
    result = main_py("--data-dir", str(tmp_path), "frobnicate")
    assert result.returncode == 2
    assert "用法" in result.stderr and "Traceback" not in result.stderr


def test_headless_commands_do_not_load_qt(tmp_path: Path) -> None:
    code = (
        "import sys, main; rc = main.main(['--data-dir', sys.argv[1], 'check']);"
        "print('QT' if any(m.startswith('PySide6') for m in sys.modules) else 'NOQT'); sys.exit(rc)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=REPO,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("NOQT")


def test_opening_the_window_parses_arguments_without_loading_the_database_layer() -> None:
    code = (
        "import sys, main; from core import cli; from gui import app;"
        "cli.parse(['--data-dir', 'x']);"
        "print([m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'alembic', 'pypinyin')])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8", cwd=REPO, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_window_opens_on_demo_data_and_closing_it_exits_0(tmp_path: Path) -> None:
    data = str(tmp_path / "D")
    assert main_py("--data-dir", data, "demo").returncode == 0
    code = (
        "import sys\n"
        "from gui.app import run_gui\n"
        "from gui.main_window import MainWindow\n"
        "def ready(app):\n"
        "    [window] = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow)]\n"
        "    print(window.windowTitle(), window.unit_list.model.rowCount(), flush=True)\n"
        "    window.close()\n"
        f"sys.exit(run_gui({data!r}, None, when_ready=ready))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=REPO,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    title, rows = result.stdout.strip().rsplit(" ", 1)
    assert title == "HonourDesk 单位荣誉档案与情况汇报"
    assert int(rows) >= 8
    assert list((tmp_path / "D" / "backups").glob("*-exit.db"))  # backup on exit ran
