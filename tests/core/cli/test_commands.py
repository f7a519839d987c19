"""The headless commands, run in-process through core.cli.run."""

import io
import json
from pathlib import Path

import pytest

from core import __version__, cli


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def demo_dir(tmp_path: Path) -> str:
    path = str(tmp_path / "d")
    assert run("--data-dir", path, "demo")[0] == 0
    return path


def test_demo_then_units_json_lists_seed_units_with_honour_counts(demo_dir: str) -> None:
    code, out, _ = run("--data-dir", demo_dir, "units", "--json")
    assert code == 0
    units = {u["name"]: u for u in json.loads(out)}
    assert units["宁波市荷花庄小学"]["category"] == "学校"
    assert units["宁波市荷花庄小学"]["honours"] == 12
    assert units["金水区市政管理局"]["honours"] > 0
    assert all({"name", "category", "honours"} <= set(u) for u in units.values())


def test_demo_twice_reports_nothing_new(demo_dir: str) -> None:
    code, out, _ = run("--data-dir", demo_dir, "demo")
    assert code == 0 and "没有新增" in out


@pytest.mark.parametrize("query", ["hhz", "hehuazhuang", "荷花庄"])
def test_units_search(demo_dir: str, query: str) -> None:
    code, out, _ = run("--data-dir", demo_dir, "units", "--search", query, "--json")
    assert code == 0
    assert [u["name"] for u in json.loads(out)] == ["宁波市荷花庄小学"]


def test_units_filters_and_text_output(demo_dir: str) -> None:
    code, out, _ = run("--data-dir", demo_dir, "units", "--category", "幼儿园")
    assert code == 0
    assert "口东中心幼儿园" in out and "宁波市荷花庄小学" not in out
    assert "共 2 个单位" in out


def test_backup_then_restore_into_another_data_directory(demo_dir: str, tmp_path: Path) -> None:
    backup = tmp_path / "备份.db"
    code, out, _ = run("--data-dir", demo_dir, "backup", str(backup))
    assert code == 0 and backup.exists() and str(backup) in out

    other = str(tmp_path / "other")
    code, out, _ = run("--data-dir", other, "restore", str(backup))
    assert code == 0 and "已从" in out
    original = json.loads(run("--data-dir", demo_dir, "units", "--json")[1])
    restored = json.loads(run("--data-dir", other, "units", "--json")[1])
    assert [(u["name"], u["honours"]) for u in restored] == [(u["name"], u["honours"]) for u in original]


def test_backup_without_a_file_goes_to_the_backups_folder(demo_dir: str) -> None:
    code, _, _ = run("--data-dir", demo_dir, "backup")
    assert code == 0
    assert list((Path(demo_dir) / "backups").glob("honourdesk-*.db"))


def test_restore_of_a_bad_file_says_why_and_changes_nothing(demo_dir: str, tmp_path: Path) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("hello", encoding="utf-8")
    code, _, err = run("--data-dir", demo_dir, "restore", str(bad))
    assert code == 2
    assert "notes.txt" in err and "不是数据库文件" in err and "Traceback" not in err
    assert len(json.loads(run("--data-dir", demo_dir, "units", "--json")[1])) >= 8


def test_check_exits_zero_on_a_sound_database(demo_dir: str) -> None:
    code, out, _ = run("--data-dir", demo_dir, "check")
    assert code == 0 and "全部通过" in out


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["frobnicate"], "无效的选项"),
        (["units", "--bogus"], "无法识别的参数"),
        (["units", "--level", "国"], "无效的选项"),
        (["units", "--from", "二〇一九"], "不是年份"),
        (["units", "--from", "99999999999999999999"], "超出范围"),
        (["restore"], "缺少必需的参数"),
        ([], "请给出一个命令"),
    ],
)
def test_bad_usage_gives_a_chinese_message_and_exit_2(tmp_path: Path, argv: list[str], words: str) -> None:
    code, _, err = run("--data-dir", str(tmp_path), *argv)
    assert code == 2
    assert words in err
    assert "Traceback" not in err


def test_unexpected_error_is_logged_with_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from core import demo

    def explode(*_args: object) -> int:
        raise RuntimeError("boom")

    monkeypatch.setattr(demo, "load_demo", explode)
    code, _, err = run("--data-dir", str(tmp_path), "demo")
    assert code == cli.EXIT_INTERNAL
    assert "意外错误" in err and "honourdesk-cli.log" in err
    assert "boom" not in err  # the library's own words go to the log only
    log_text = (tmp_path / "logs" / "honourdesk-cli.log").read_text(encoding="utf-8")
    assert "Traceback" in log_text and "RuntimeError: boom" in log_text


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        cli.parse(["--version"])
    assert caught.value.code == 0
    assert __version__ in capsys.readouterr().out
