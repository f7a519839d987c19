"""Database addresses: the local SQLite file, or a PostgreSQL server shared by several PCs.

A server's password never goes into the settings file: it is kept in the system's credential store
(keyring: Windows Credential Manager, macOS Keychain, Secret Service) when there is one, and
otherwise asked for when the program starts.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from core.errors import UserError

log = logging.getLogger(__name__)

KEYRING_SERVICE = "HonourDesk"
POSTGRESQL_DRIVER = "postgresql+psycopg"
EXAMPLE = "postgresql+psycopg://用户名@服务器:5432/数据库名"


def parse(text: str) -> URL:
    """A database URL the program can use, or a UserError in Chinese saying why not."""
    try:
        url = make_url(text.strip())
    except ArgumentError:
        raise UserError(f"数据库地址“{text}”格式不对，应形如 {EXAMPLE}。") from None
    backend = url.get_backend_name()
    if backend == "sqlite":
        return url
    if backend != "postgresql":
        raise UserError(f"不支持数据库“{backend}”：只能使用本机数据库或 PostgreSQL 服务器（{EXAMPLE}）。")
    if url.drivername != POSTGRESQL_DRIVER:
        url = url.set(drivername=POSTGRESQL_DRIVER)
    if not url.host or not url.database:
        raise UserError(f"数据库地址“{text}”缺少服务器或数据库名，应形如 {EXAMPLE}。")
    return url


def is_server(text: str) -> bool:
    return bool(text) and parse(text).get_backend_name() == "postgresql"


def without_password(text: str) -> tuple[str, str | None]:
    """The URL to store in the settings, and the password that was written into it (if any)."""
    url = parse(text)
    password = url.password
    return readable(url._replace(password=None)), (str(password) if password else None)


_ESCAPES = re.compile(r"(?:%[0-9A-Fa-f]{2})+")


def readable(url: URL) -> str:
    """The URL as text with a Chinese user or database name as typed (张三, 荣誉档案), not as
    %E5%BC%A0%E4%B8%89: only the characters that would change its meaning (@ : / % …) stay escaped."""

    def unescape(found: re.Match[str]) -> str:
        try:
            text = bytes.fromhex(found.group(0).replace("%", "")).decode("utf-8")
        except UnicodeDecodeError:
            return found.group(0)
        return "".join(char if ord(char) > 127 else f"%{ord(char):02X}" for char in text)

    return _ESCAPES.sub(unescape, url.render_as_string(hide_password=False))


def with_password(text: str, password: str | None) -> str:
    """The URL to connect with: the stored one plus the password (kept out of the settings)."""
    url = parse(text)
    if password:
        url = url.set(password=password)
    return url.render_as_string(hide_password=False)


def connect_url(text: str) -> str:
    """The URL to connect with: a server's remembered password added when the URL has none
    (otherwise libpq's own PGPASSWORD or pgpass file may still supply one)."""
    url = parse(text)
    if url.get_backend_name() == "sqlite" or url.password:
        return url.render_as_string(hide_password=False)
    return with_password(text, saved_password(text))


def describe(text: str, home: Path | None = None) -> str:
    """Where the data lives, for the status bar and messages: never with the password.

    home: the data directory's own database file, which is simply 本机数据库.
    """
    if not text:
        return "本机数据库"
    url = parse(text)
    if url.get_backend_name() == "sqlite":
        if url.database in (None, "", ":memory:") or (home is not None and Path(url.database) == home):
            return "本机数据库"
        return f"数据库文件“{url.database}”"
    user = f"，用户 {url.username}" if url.username else ""
    return f"PostgreSQL 服务器 {url.host}:{url.port or 5432}/{url.database}{user}"


def _credential(text: str) -> tuple[str, str]:
    url = parse(text)
    return KEYRING_SERVICE, f"{url.username or ''}@{url.host}:{url.port or 5432}/{url.database}"


def saved_password(text: str) -> str | None:
    """The password remembered for this server, or None (none saved, or no credential store)."""
    try:
        import keyring

        return keyring.get_password(*_credential(text))
    except Exception:  # no usable backend on this system: the password is asked for instead
        log.warning("无法读取系统密码库", exc_info=True)
        return None


def save_password(text: str, password: str) -> bool:
    """Remember the password in the system's credential store; False when there is none."""
    try:
        import keyring

        keyring.set_password(*_credential(text), password)
        return True
    except Exception:
        log.warning("无法写入系统密码库，密码将在每次启动时询问", exc_info=True)
        return False


def forget_password(text: str) -> None:
    try:
        import keyring

        keyring.delete_password(*_credential(text))
    except Exception:
        log.info("系统密码库中没有可删除的密码", exc_info=True)


PASSWORD_STATES = {"28P01", "28000"}  # invalid_password, invalid_authorization_specification
# A server whose messages are in Chinese: its text may arrive as GBK before the client encoding is agreed.
_REFUSED_WORDS = ("password authentication failed", "no password", "认证失败", "密码")


def needs_password(error: BaseException) -> bool:
    """Whether a failed connection was refused for want of (the right) password.

    Asked of psycopg's own answer first, in any server language: the SQLSTATE (28P01, 28000) and libpq's
    flags (the server asked for a password; none was given). The message text only as a last resort, in
    English or Chinese, and also as the GBK bytes a Chinese server may send before the client encoding
    is set (psycopg then shows them garbled).
    """
    original = getattr(error, "orig", None) or error
    state = getattr(original, "sqlstate", None) or getattr(getattr(original, "diag", None), "sqlstate", None)
    if state in PASSWORD_STATES:
        return True
    connection = getattr(original, "pgconn", None)
    if connection is not None and getattr(connection, "needs_password", False):
        return True
    return any(word in text for text in _message_texts(original, connection) for word in _REFUSED_WORDS)


def _message_texts(error: BaseException, connection: object) -> list[str]:
    texts = [str(error).lower()]
    raw = getattr(connection, "error_message", b"") if connection is not None else b""
    if isinstance(raw, bytes) and raw:
        texts += [raw.decode("gb18030", "replace").lower(), raw.decode("utf-8", "replace").lower()]
    garbled = str(error)
    for wrong in ("latin-1", "cp1252"):
        try:
            texts.append(garbled.encode(wrong).decode("gb18030").lower())
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    return texts
