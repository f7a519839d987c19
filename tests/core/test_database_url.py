"""Server addresses: checked with Chinese messages, passwords kept out of the settings."""

import keyring
import pytest
from sqlalchemy.engine import make_url

from core import database_url
from core.db import ServerUnreachable, open_database
from core.errors import UserError
from core.paths import DataDir
from tests.conftest import MemoryKeyring


def test_plain_postgresql_urls_get_the_psycopg_driver() -> None:
    url = database_url.parse("postgresql://clerk@192.168.1.20:5432/honours")
    assert url.drivername == "postgresql+psycopg"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("mysql://a@b/c", "不支持数据库“mysql”"),
        ("not a url", "格式不对"),
        ("postgresql+psycopg://clerk@/honours", "缺少服务器"),
    ],
)
def test_unusable_urls_are_refused_in_chinese(text: str, words: str) -> None:
    with pytest.raises(UserError, match=words):
        database_url.parse(text)


def test_the_password_is_split_off_before_the_url_is_stored() -> None:
    stored, password = database_url.without_password(
        "postgresql+psycopg://clerk:s3cr%40t@db.local:5433/honours"
    )
    assert stored == "postgresql+psycopg://clerk@db.local:5433/honours"
    assert password == "s3cr@t"
    assert (
        database_url.with_password(stored, password)
        == "postgresql+psycopg://clerk:s3cr%40t@db.local:5433/honours"
    )
    assert "s3cr" not in database_url.describe(database_url.with_password(stored, password))


@pytest.mark.parametrize("password", ["档案室2026", "p@ss:w/d#1%", "中文@:/?#密码 "])
def test_chinese_names_and_passwords_go_through_the_url_unchanged_and_are_shown_as_typed(
    password: str,
) -> None:
    stored, typed = database_url.without_password("postgresql://张三@服务器:5432/荣誉档案")
    assert (
        stored == "postgresql+psycopg://张三@服务器:5432/荣誉档案" and typed is None
    )  # shown again as typed
    url = make_url(database_url.with_password(stored, password))
    assert (url.username, url.password, url.host, url.database) == ("张三", password, "服务器", "荣誉档案")
    again, split_off = database_url.without_password(database_url.with_password(stored, password))
    assert (again, split_off) == (stored, password)
    odd = database_url.without_password("postgresql://a%40b%E5%BC%A0@h/d%2F%25")[0]
    assert odd.startswith("postgresql+psycopg://a%40b张@h/")  # an @ in the name stays escaped
    assert (make_url(odd).username, make_url(odd).database) == ("a@b张", "d/%")


def test_describe_names_the_server_or_the_local_file() -> None:
    assert database_url.describe("") == "本机数据库"
    assert database_url.describe("sqlite:///x.db") == "数据库文件“x.db”"
    assert (
        database_url.describe("postgresql://clerk@db.local/honours")
        == "PostgreSQL 服务器 db.local:5432/honours，用户 clerk"
    )


def test_passwords_are_remembered_per_server(memory_keyring: MemoryKeyring) -> None:
    url = "postgresql+psycopg://clerk@db.local/honours"
    assert database_url.saved_password(url) is None
    assert database_url.save_password(url, "pw")
    assert database_url.saved_password(url) == "pw"
    assert database_url.saved_password("postgresql+psycopg://clerk@other/honours") is None
    database_url.forget_password(url)
    assert database_url.saved_password(url) is None


def test_without_a_credential_store_the_password_is_simply_not_remembered() -> None:
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        assert database_url.save_password("postgresql://clerk@db.local/honours", "pw") is False
        assert database_url.saved_password("postgresql://clerk@db.local/honours") is None
    finally:
        keyring.set_keyring(previous)


def test_an_unreachable_server_is_reported_in_chinese(data_dir: DataDir) -> None:
    with pytest.raises(ServerUnreachable) as raised:
        open_database(data_dir, "postgresql+psycopg://clerk@127.0.0.1:1/honours")
    assert raised.value.message.startswith("无法连接 PostgreSQL 服务器 127.0.0.1:1/honours")
    assert not raised.value.needs_password


class FakeConnection:
    """What psycopg keeps of a failed connection attempt (psycopg.errors.FinishedPGconn)."""

    def __init__(
        self, error_message: bytes, needs_password: bool = False, used_password: bool = True
    ) -> None:
        self.error_message = error_message
        self.needs_password = needs_password
        self.used_password = used_password


def refusal(text: str, *, sqlstate: str | None = None, connection: FakeConnection | None = None) -> Exception:
    import psycopg

    error = psycopg.OperationalError(text, pgconn=connection)  # type: ignore[arg-type]
    error.sqlstate = sqlstate  # type: ignore[misc]
    return error


CHINESE_REFUSAL = '致命错误:  用户 "clerk" Password 认证失败\n'.encode("gb18030")


@pytest.mark.parametrize(
    "error",
    [
        refusal("connection failed: whatever the server's language", sqlstate="28P01"),
        refusal("connection failed: whatever the server's language", sqlstate="28000"),
        # psycopg decoded the Chinese server's GBK bytes as UTF-8: only the raw bytes still say it
        refusal(
            "connection failed: " + CHINESE_REFUSAL.decode("utf-8", "replace"),
            connection=FakeConnection(CHINESE_REFUSAL),
        ),
        refusal("connection failed: fe_sendauth: no password supplied", connection=FakeConnection(b"", True)),
        refusal('FATAL:  password authentication failed for user "clerk"'),
        refusal('致命错误:  用户 "clerk" Password 认证失败'),
    ],
    ids=["28P01", "28000", "gbk-bytes", "libpq-flag", "english", "chinese"],
)
def test_a_refused_password_is_recognised_in_any_server_language(error: Exception) -> None:
    unreachable = ServerUnreachable("postgresql+psycopg://clerk@db.local/honours", error)
    assert unreachable.needs_password
    assert "用户名或密码不对" in unreachable.message


def test_other_refusals_do_not_ask_for_a_password() -> None:
    error = refusal(
        'connection failed: FATAL:  database "honours" does not exist',
        sqlstate=None,
        connection=FakeConnection('致命错误:  数据库 "honours" 不存在'.encode("gb18030")),
    )
    assert not ServerUnreachable("postgresql+psycopg://clerk@db.local/honours", error).needs_password
