"""Shared fixtures: every test gets its own temporary data directory and database."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from core.credit_code import ALPHABET, check_character
from core.db import Database, open_database
from core.paths import DataDir
from core.services import Services

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def data_dir(tmp_path: Path) -> DataDir:
    return DataDir(tmp_path / "data").create()


@pytest.fixture
def database(data_dir: DataDir) -> Database:
    db = open_database(data_dir)
    yield db
    db.dispose()


@pytest.fixture
def services(database: Database) -> Services:
    return Services.over(database)


def make_credit_code(body: str = "91330203MA2AH1234") -> str:
    """A valid 统一社会信用代码 whose first 17 characters are body."""
    assert len(body) == 17 and all(ch in ALPHABET for ch in body)
    return body + check_character(body)
