"""The copy command: every record into another database, refused when the target is not empty."""

from pathlib import Path

from core.db import Database
from tests.core.cli.test_commands import run


def test_copy_to_a_new_file_then_refuse_a_second_time(tmp_path: Path) -> None:
    source = str(tmp_path / "d")
    assert run("--data-dir", source, "demo")[0] == 0
    target = tmp_path / "copy.db"
    code, out, _ = run("--data-dir", source, "copy", "--to", str(target))
    assert code == 0
    assert "单位 14，荣誉 66，工作材料 35" in out and "两边各表记录数一致" in out
    code, out, _ = run(
        "--database-url", f"sqlite:///{target}", "--data-dir", str(tmp_path / "other"), "units"
    )
    assert code == 0 and "宁波市荷花庄小学" in out
    code, _, err = run("--data-dir", source, "copy", "--to", str(target))
    assert code == 2 and "已有数据（单位 14" in err and "只能复制到空数据库" in err


def test_copy_to_an_unreachable_server_says_so_in_chinese(tmp_path: Path) -> None:
    source = str(tmp_path / "d")
    code, _, err = run("--data-dir", source, "copy", "--to", "postgresql://clerk@127.0.0.1:1/honours")
    assert code == 2
    assert err.startswith("无法连接 PostgreSQL 服务器 127.0.0.1:1/honours，用户 clerk")


def test_copy_into_the_suites_database_and_back_out(database: Database, tmp_path: Path) -> None:
    """Local file → the suite's (empty) database, a PostgreSQL server when the suite runs there → a new file."""
    source = str(tmp_path / "d")
    assert run("--data-dir", source, "demo")[0] == 0
    code, out, err = run("--data-dir", source, "copy", "--to", database.url)
    assert code == 0, err
    assert "单位 14，荣誉 66，工作材料 35" in out
    back = tmp_path / "back.db"
    code, out, err = run(
        "--data-dir", str(tmp_path / "e"), "--database-url", database.url, "copy", "--to", str(back)
    )
    assert code == 0, err
    assert "单位 14，荣誉 66，工作材料 35" in out and "两边各表记录数一致" in out
    code, out, _ = run(
        "--data-dir", str(tmp_path / "f"), "--database-url", f"sqlite:///{back}", "units", "--search", "hhz"
    )
    assert code == 0 and "宁波市荷花庄小学" in out
