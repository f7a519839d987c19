"""settings.json as an administrator edits it: in Notepad, which on Windows 7 and early Windows 10 saves
"UTF-8" with a byte order mark, and by default "ANSI" (GBK on a Chinese Windows)."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from core.settings import Settings

TEXT = (
    '{\r\n  "database_url": "postgresql+psycopg://wmb@192.168.1.20/honourdesk",\r\n'
    '  "report_author": "城关镇文明办",\r\n  "backups_to_keep": 30\r\n}'
)


@pytest.mark.parametrize(
    "saved", [codecs.BOM_UTF8 + TEXT.encode("utf-8"), TEXT.encode("gbk")], ids=["utf-8 with bom", "ansi"]
)
def test_a_settings_file_saved_by_notepad_keeps_the_server_address(tmp_path: Path, saved: bytes) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(saved)
    settings = Settings.load(path)
    assert settings.database_url == "postgresql+psycopg://wmb@192.168.1.20/honourdesk"
    assert settings.report_author == "城关镇文明办"
    assert settings.backups_to_keep == 30
