"""Engine factory, sessions, and the start-up migration.

A SQLite file is opened in one of three ways: normally (WAL, shared by the window and commands on this
PC); read-only, when its folder cannot be written (portable mode on a read-only medium), so that
reading still works and every write is refused in Chinese; or, on a network share, claimed by this
program alone (exclusive locking, rollback journal, one connection), since WAL's shared memory does
not work across PCs and two PCs writing one file over the network can corrupt it: the second PC is
told that another PC is using it, and shared use is pointed to the PostgreSQL mode.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path, PureWindowsPath
from urllib.parse import quote

from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from core import db_errors
from core.errors import UserError
from core.paths import DataDir

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 30_000
NETWORK_BUSY_TIMEOUT_MS = 3_000  # a file claimed by another PC stays claimed: no use waiting long
NETWORK_POOL_TIMEOUT_S = 300  # this program's one connection to a network file, while another task has it
CONNECT_TIMEOUT_S = 10
WRITERS_LOCK = 0x484F4E52  # "HONR": PostgreSQL advisory lock that writers take
WRITE_OPTION = "sqlite_begin"

NORMAL, READ_ONLY, EXCLUSIVE = "normal", "read_only", "exclusive"


class DatabaseInUse(db_errors.StorageError):
    """A database file on a network share is claimed by another PC (or another program)."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"数据库文件“{path}”在网络文件夹中，正在被另一台电脑使用（或本机另一个 HonourDesk 正在使用它）。"
            "放在网络文件夹中的数据库同一时间只能由一处打开；多台电脑共用同一套档案，请改用 PostgreSQL "
            "服务器（“文件 → 设置”中的数据库地址）。",
            "busy",
        )


def sqlite_url(path: Path) -> str:
    """The SQLAlchemy URL of a SQLite file. SQLAlchemy unquotes the path (a folder named 完成率%20 would be
    read as 完成率 followed by a space) and ends it at a "?": both are quoted."""
    return "sqlite:///" + Path(path).as_posix().replace("%", "%25").replace("?", "%3F")


def sqlite_uri(path: Path | str, **parameters: str) -> str:
    """A SQLite URI for a file path, for the driver's uri=True. A UNC path becomes file:////server/share/…
    (an empty authority): SQLite refuses file://server/… with "invalid uri authority"."""
    text = str(path)
    if text[:2] == "\\\\" or text[1:2] == ":":  # a Windows path (UNC or drive), on any system
        text = PureWindowsPath(text).as_posix()
    prefix = "file:///" if text[1:2] == ":" else "file://"
    query = "&".join(f"{key}={value}" for key, value in parameters.items())
    return prefix + quote(text, safe="/:") + (f"?{query}" if query else "")


def sqlite_mode(path: Path | None) -> str:
    """How to open the SQLite file at path: exclusive on a network share, else normal."""
    from core.drives import is_network_path

    return EXCLUSIVE if path is not None and is_network_path(path.parent) else NORMAL


def make_engine(url: str, mode: str | None = None) -> Engine:
    """An engine for the URL; SQLite gets foreign keys, a busy timeout and (unless read-only or on a
    network share) WAL on every connection."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return _server_engine(url)
    in_memory = parsed.database in (None, "", ":memory:")
    path = None if in_memory else Path(str(parsed.database))
    mode = mode or sqlite_mode(path)
    if mode == READ_ONLY and path is not None:
        engine = _read_only_engine(path)
    elif mode == EXCLUSIVE:
        engine = create_engine(
            url,
            poolclass=QueuePool,
            pool_size=1,
            max_overflow=0,
            pool_timeout=NETWORK_POOL_TIMEOUT_S,
            connect_args={"timeout": NETWORK_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
        )
    else:
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        # The driver's own implicit BEGIN is turned off; _on_begin below says how each transaction begins.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if mode == EXCLUSIVE and path is not None:
            _claim(cursor, path)
        elif not in_memory and mode == NORMAL:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        busy = NETWORK_BUSY_TIMEOUT_MS if mode == EXCLUSIVE else BUSY_TIMEOUT_MS
        cursor.execute(f"PRAGMA busy_timeout={busy}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:  # type: ignore[no-untyped-def]
        # A writing transaction takes the write lock at once (IMMEDIATE), so that two writers wait for each
        # other through the busy timeout; a deferred one that read first and then wrote would instead fail
        # at once with "database is locked" when the other had written meanwhile.
        mode = connection.get_execution_options().get(WRITE_OPTION, "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


def _claim(cursor: sqlite3.Cursor, path: Path) -> None:
    """Hold the network file for this connection's life: exclusive locking, a rollback journal (WAL
    needs memory shared by every user of the file, impossible across PCs), the write lock taken now."""
    try:
        cursor.execute("PRAGMA locking_mode=EXCLUSIVE")
        cursor.execute("PRAGMA journal_mode=DELETE")
        cursor.execute("BEGIN EXCLUSIVE")
        cursor.execute("COMMIT")
    except sqlite3.OperationalError as error:
        if db_errors.sqlite_kind(error) == "busy":
            raise DatabaseInUse(path) from error
        raise


def _read_only_engine(path: Path) -> Engine:
    """Reading a file whose folder cannot be written: without the WAL index SQLite would create beside
    it, so the file is taken as unchanging (nobody can write there either)."""
    from core.files import folder_writable

    parameters = {"mode": "ro"} if folder_writable(path.parent) else {"mode": "ro", "immutable": "1"}
    uri = sqlite_uri(path, **parameters)
    return create_engine(
        "sqlite://",
        creator=lambda: sqlite3.connect(
            uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
        ),
        poolclass=QueuePool,
    )


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

    def __init__(self, url: str, data_dir: DataDir | None = None, *, mode: str | None = None) -> None:
        self.url = url
        self.data_dir = data_dir
        self.mode = mode or (sqlite_mode(sqlite_file(url)) if sqlite_file(url) is not None else NORMAL)
        self.engine = make_engine(url, self.mode)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False, autoflush=False)
        self._writer = self.engine.execution_options(**{WRITE_OPTION: "IMMEDIATE"})
        self._write_sessions = sessionmaker(self._writer, expire_on_commit=False, autoflush=False)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def sqlite_path(self) -> Path | None:
        return sqlite_file(self.url)

    @property
    def read_only(self) -> bool:
        return self.mode == READ_ONLY

    @property
    def exclusive(self) -> bool:
        """A network file this program holds alone: one connection, used by one task at a time."""
        return self.mode == EXCLUSIVE

    def write_lock_taken(self) -> bool:
        """Whether another program holds the SQLite file's write lock right now: a look that does not wait
        (a write session would wait up to the busy timeout). False for a server or a file held alone."""
        path = self.sqlite_path
        if path is None or self.exclusive or self.read_only:
            return False
        try:
            uri = f"{path.resolve().as_uri()}?mode=rw"
            with closing(sqlite3.connect(uri, uri=True, timeout=0, isolation_level=None)) as probe:
                probe.execute("BEGIN IMMEDIATE")
                probe.execute("ROLLBACK")
        except (sqlite3.Error, ValueError) as error:  # taken, or not to be tried: the same answer
            log.info("The write lock of %s is taken or cannot be tried: %s", path, error)
            return True
        return False

    @contextmanager
    def session(self, *, write: bool = False) -> Iterator[Session]:
        """A transaction: committed when the block ends, rolled back if it raises.

        write=True for one that changes data: it waits for (and then holds) the database's write lock
        from the start, so concurrent writers queue instead of failing.
        """
        with (self._write_sessions if write else self._sessions).begin() as session:
            yield session

    @contextmanager
    def write_connection(self) -> Iterator[Connection]:
        """A connection in a transaction that holds the write lock from its start (SQLite's IMMEDIATE,
        PostgreSQL's writers' lock): committed when the block ends, rolled back if it raises."""
        with self._writer.begin() as connection:
            yield connection

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


def sqlite_file(url: str) -> Path | None:
    """The file a SQLite URL names; None for a server or an in-memory database."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(str(parsed.database))


def open_database(data_dir: DataDir, url: str | None = None, *, migrate: bool = True) -> Database:
    """Open the configured database (SQLite in the data directory by default) at the latest schema.

    A server that cannot be reached raises ServerUnreachable, with the engine already disposed. A SQLite
    file in a folder that cannot be written is opened read-only when it needs no migration.
    """
    from core.migrate import upgrade_to_head

    data_dir.create()
    database = Database(url or sqlite_url(data_dir.database), data_dir)
    if database.is_sqlite:
        try:
            if migrate:
                upgrade_to_head(database)
            else:
                _touch(database)
        except DBAPIError as error:
            database.dispose()
            return _open_read_only(data_dir, database, error)
        if database.mode == NORMAL and file_read_only(database.sqlite_path):
            # Opened, but every write would fail: Windows' 只读 attribute (a backup copied from a CD), a
            # file the user may read but not change. Read-only from the start, as for a read-only folder.
            database.dispose()
            log.warning("数据库文件 %s 是只读的，以只读方式打开", database.sqlite_path)
            return Database(database.url, data_dir, mode=READ_ONLY)
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


def file_read_only(path: Path | None) -> bool:
    """Whether SQLite can read the file but not write it: the read-only attribute (or no write permission),
    or, where those do not tell (an ACL, a read-only mount), its own refusal to take the write lock."""
    from core.files import is_read_only

    if path is None or not path.is_file():
        return False
    if is_read_only(path):
        return True
    try:
        with closing(sqlite3.connect(sqlite_uri(path, mode="rw"), uri=True, timeout=0)) as probe:
            probe.isolation_level = None
            version = probe.execute("PRAGMA user_version").fetchone()[0]
            probe.execute("BEGIN IMMEDIATE")  # in WAL mode taken even on a read-only file: a page is
            try:  # written too (the same value, rolled back), which a read-only file refuses
                probe.execute(f"PRAGMA user_version = {int(version)}")
            finally:
                probe.execute("ROLLBACK")
    except sqlite3.Error as error:
        return db_errors.sqlite_kind(error) == "read_only"
    return False


def _touch(database: Database) -> None:
    with database.engine.connect():
        pass


def _open_read_only(data_dir: DataDir, failed: Database, error: DBAPIError) -> Database:
    """The file could not be opened for writing: read-only when its folder cannot be written and its
    schema is current; otherwise the failure, in Chinese."""
    from core.files import folder_writable
    from core.migrate import SCHEMA_HEAD, current_revision

    path = failed.sqlite_path
    kind = db_errors.sqlite_kind(error.orig)
    if (
        path is None
        or not path.is_file()
        or kind not in ("read_only", "cannot_open")
        or (folder_writable(path.parent) and not file_read_only(path))
    ):
        raise db_errors.explain(error, path) or error
    database = Database(failed.url, data_dir, mode=READ_ONLY)
    try:
        revision = current_revision(database)
    except DBAPIError as second:
        database.dispose()
        raise db_errors.explain(second, path) or second from error
    if revision != SCHEMA_HEAD:
        database.dispose()
        raise UserError(
            f"数据目录“{path.parent}”不可写，而数据库需要升级到本版程序的结构后才能使用。"
            "请把数据目录复制到可写的位置，再用 --data-dir 指定它。"
        )
    log.warning("数据目录 %s 不可写，数据库以只读方式打开", path.parent)
    return database


def _first_line(error: BaseException) -> str:
    original = getattr(error, "orig", None) or error
    return str(original).strip().splitlines()[0] if str(original).strip() else type(original).__name__
