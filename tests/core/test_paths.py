from pathlib import Path

import pytest

from core import paths
from core.paths import DataDir


def test_data_dir_override_wins(tmp_path: Path) -> None:
    assert DataDir.resolve(tmp_path / "x").root == (tmp_path / "x").resolve()


def test_default_is_the_user_data_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paths, "program_dir", lambda: tmp_path)
    monkeypatch.setattr(paths, "user_data_dir", lambda *a, **k: str(tmp_path / "user-data"))
    assert DataDir.resolve().root == (tmp_path / "user-data").resolve()


def test_portable_marker_keeps_data_beside_the_program(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(paths, "program_dir", lambda: tmp_path)
    (tmp_path / "portable").write_text("", encoding="utf-8")
    assert DataDir.resolve().root == (tmp_path / "data").resolve()


def test_resources_are_found_from_source() -> None:
    assert paths.resource_path("demo", "demo_units.json").is_file()
