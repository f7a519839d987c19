"""Engine factory, sessions, and the start-up migration."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from core.errors import UserError
from core.paths import DataDir

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 30_000
CONNECT_TIMEOUT_S = 10
WRITERS_LOCK = 0x484F4E52  # "HONR": PostgreSQL advisory lock that writers take
WRITE_OPTION = "sqlite_begin"


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path.as_posix()}"


def make_engine(url: str) -> Engine:
    """An engine for the URL; SQLite gets WAL, foreign keys and a busy timeout on every connection."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return _server_engine(url)
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    in_memory = parsed.database in (None, "", ":memory:")

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        # The driver's own implicit BEGIN is turned off; _on_begin below says how each transaction begins.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if not in_memory:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:  # type: ignore[no-untyped-def]
        # A writing transaction takes the write lock at once (IMMEDIATE), so that two writers wait for each
        # other through the busy timeout; a deferred one that read first and then wrote would instead fail
        # at once with "database is locked" when the other had written meanwhile.
        mode = connection.get_execution_options().get(WRITE_OPTION, "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


def _server_engine(url: str) -> Engine:
    engine = create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": CONNECT_TIMEOUT_S})

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:  # type: ignore[no-untyped-def]
        # Writers from every PC queue on one transaction-scoped lock, as SQLite's writers do on its
        # write lock: two imports naming the same new unit then cannot both create it. Readers and
        # the optimistic version check of edits are unaffected.
        if connection.get_execution_options().get(WRITE_OPTION) == "IMMEDIATE":
            connection.exec_driver_sql(f"SET LOCAL lock_timeout = '{BUSY_TIMEOUT_MS}ms'")
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITERS_LOCK})")

    return engine


class Database:
    """One database: its engine and a session factory. Each unit of work gets its own session."""

    def __init__(self, url: str, data_dir: DataDir | None = None) -> None:
        self.url = url
        self.data_dir = data_dir
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False, autoflush=False)
        writer = self.engine.execution_options(**{WRITE_OPTION: "IMMEDIATE"})
        self._write_sessions = sessionmaker(writer, expire_on_commit=False, autoflush=False)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def sqlite_path(self) -> Path | None:
        database = make_url(self.url).database
        return Path(database) if self.is_sqlite and database not in (None, "", ":memory:") else None

    @contextmanager
    def session(self, *, write: bool = False) -> Iterator[Session]:
        """A transaction: committed when the block ends, rolled back if it raises.

        write=True for one that changes data: it waits for (and then holds) the database's write lock
        from the start, so concurrent writers queue instead of failing.
        """
        with (self._write_sessions if write else self._sessions).begin() as session:
            yield session

    def table_names(self) -> list[str]:
        return inspect(self.engine).get_table_names()

    def dispose(self) -> None:
        self.engine.dispose()


class ServerUnreachable(UserError):
    """The database server could not be reached or refused the login; nothing was changed."""

    def __init__(self, url: str, error: BaseException) -> None:
        from core import database_url

        self.needs_password = database_url.needs_password(error)
        reason = "用户名或密码不对，或没有提供密码" if self.needs_password else _first_line(error)
        super().__init__(f"无法连接 {database_url.describe(url)}：{reason}。")


def open_database(data_dir: DataDir, url: str | None = None, *, migrate: bool = True) -> Database:
    """Open the configured database (SQLite in the data directory by default) at the latest schema.

    A server that cannot be reached raises ServerUnreachable, with the engine already disposed.
    """
    from core.migrate import upgrade_to_head

    data_dir.create()
    database = Database(url or sqlite_url(data_dir.database), data_dir)
    if database.is_sqlite:
        if migrate:
            upgrade_to_head(database)
        return database
    try:
        with database.engine.connect():
            pass
    except OperationalError as error:
        database.dispose()
        raise ServerUnreachable(database.url, error) from error
    if migrate:
        upgrade_to_head(database)
    return database


def _first_line(error: BaseException) -> str:
    original = getattr(error, "orig", None) or error
    return str(original).strip().splitlines()[0] if str(original).strip() else type(original).__name__
