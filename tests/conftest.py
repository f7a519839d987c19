"""Shared fixtures: every test gets its own temporary data directory and database.

The database is SQLite in the data directory, or, when HONOURDESK_TEST_DATABASE_URL names an empty
PostgreSQL database (scripts/pg_cluster.sh start makes one), that server's database: migrated to the
latest revision once per session and emptied (TRUNCATE ... RESTART IDENTITY) before each test.
Tests marked sqlite_only are about the SQLite file itself and are skipped there.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from core.credit_code import ALPHABET, check_character
from core.db import Database, open_database
from core.paths import DataDir
from core.services import Services

REPO = Path(__file__).resolve().parent.parent

# The server database the tests use instead of SQLite, or None.
TEST_DATABASE_URL = os.environ.get("HONOURDESK_TEST_DATABASE_URL", "").strip() or None


def pytest_report_header(config: pytest.Config) -> str:
    if TEST_DATABASE_URL is None:
        return "database: SQLite in each test's data directory"
    return f"database: {TEST_DATABASE_URL} (HONOURDESK_TEST_DATABASE_URL)"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if TEST_DATABASE_URL is None:
        return
    skip = pytest.mark.skip(reason="sqlite_only: about the SQLite file, not run on a database server")
    for item in items:
        if item.get_closest_marker("sqlite_only"):
            item.add_marker(skip)


# What the schema looks like; a test that changed it (a migration of its own, another version number)
# makes the next test rebuild it instead of only emptying the tables.
FINGERPRINT_SQL = """
SELECT 'column', table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable
  FROM information_schema.columns WHERE table_schema = 'public'
UNION ALL
SELECT 'index', indexdef FROM pg_indexes WHERE schemaname = 'public'
UNION ALL
SELECT 'constraint', conrelid::regclass::text || ' ' || pg_get_constraintdef(oid)
  FROM pg_constraint WHERE connamespace = 'public'::regnamespace
ORDER BY 1, 2
"""


@dataclass
class ServerSchema:
    """The test server's database at the latest revision, as the session's first migration left it."""

    engine: Engine
    migrate_dir: Path
    fingerprint: tuple[tuple[str, str], ...] = ()
    revision: str | None = None
    tables: tuple[str, ...] = ()

    def rebuild(self) -> None:
        """An empty public schema, migrated to the latest revision by the program's own start-up."""
        with self.engine.begin() as connection:
            self._end_other_sessions(connection)
            connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        assert TEST_DATABASE_URL is not None
        open_database(DataDir(self.migrate_dir).create(), TEST_DATABASE_URL).dispose()
        with self.engine.connect() as connection:
            self.fingerprint = self._fingerprint(connection)
            self.revision = self._revision(connection)
            self.tables = tuple(
                connection.execute(
                    text(
                        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                        "AND tablename <> 'alembic_version' ORDER BY tablename"
                    )
                ).scalars()
            )

    def clean(self) -> None:
        """Empty every table (ids start again at 1), or rebuild the schema when a test changed it."""
        with self.engine.connect() as connection:
            changed = (
                self._revision(connection) != self.revision
                or self._fingerprint(connection) != self.fingerprint
            )
        if changed:
            self.rebuild()
            return
        if not self.tables:
            return
        names = ", ".join(f'"{table}"' for table in self.tables)
        truncate = text(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
        try:
            with self.engine.begin() as connection:
                connection.execute(text("SET LOCAL lock_timeout = '5s'"))
                connection.execute(truncate)
        except OperationalError:  # a connection an earlier test left open in a transaction holds a lock
            with self.engine.begin() as connection:
                self._end_other_sessions(connection)
                connection.execute(truncate)

    @staticmethod
    def _fingerprint(connection: Connection) -> tuple[tuple[str, str], ...]:
        return tuple((kind, text_) for kind, text_ in connection.execute(text(FINGERPRINT_SQL)))

    @staticmethod
    def _revision(connection: Connection) -> str | None:
        if connection.execute(text("SELECT to_regclass('public.alembic_version')")).scalar() is None:
            return None
        return connection.execute(text("SELECT string_agg(version_num, ',') FROM alembic_version")).scalar()

    @staticmethod
    def _end_other_sessions(connection: Connection) -> None:
        connection.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )


@pytest.fixture(scope="session")
def server_schema(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerSchema | None]:
    if TEST_DATABASE_URL is None:
        yield None
        return
    # No pool: the reset may end every other session of the database, and none of its own may linger.
    engine = create_engine(TEST_DATABASE_URL, poolclass=NullPool)
    schema = ServerSchema(engine, tmp_path_factory.mktemp("server-migration") / "data")
    schema.rebuild()
    yield schema
    engine.dispose()


@pytest.fixture
def data_dir(tmp_path: Path) -> DataDir:
    return DataDir(tmp_path / "data").create()


@pytest.fixture
def database(data_dir: DataDir, server_schema: ServerSchema | None) -> Iterator[Database]:
    if server_schema is None:
        db = open_database(data_dir)
    else:
        server_schema.clean()
        db = open_database(data_dir, TEST_DATABASE_URL)
    yield db
    db.dispose()


@pytest.fixture
def services(database: Database) -> Services:
    return Services.over(database)


def make_credit_code(body: str = "91330203MA2AH1234") -> str:
    """A valid 统一社会信用代码 whose first 17 characters are body."""
    assert len(body) == 17 and all(ch in ALPHABET for ch in body)
    return body + check_character(body)


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.saved: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.saved.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.saved[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.saved.pop((service, username), None)


@pytest.fixture
def memory_keyring() -> MemoryKeyring:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)
