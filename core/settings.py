"""Program settings that core needs (the database URL, backups); a JSON file in the data directory.

Window layout and other purely visual state belong to the GUI (QSettings), not here.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

log = logging.getLogger(__name__)


@dataclass
class Settings:
    database_url: str = ""  # empty: SQLite in the data directory
    backup_on_exit: bool = True
    backups_to_keep: int = 20
    # Reports: undated honours left out ("omit") or listed apart ("list"); the period last used (first and
    # last year, empty before the first report); the author the documents name (the office).
    report_undated: str = "omit"
    report_period: list[int] = field(default_factory=list)
    report_author: str = ""
    report_certificates: bool = True  # 附件: the listed honours' certificates, where a template shows them

    @classmethod
    def load(cls, path: Path) -> Settings:
        if not path.exists():
            return cls()
        try:
            raw = json.loads(_text_of(path.read_bytes()))
        except (OSError, ValueError):
            log.exception("设置文件 %s 无法读取，使用默认设置", path)
            return cls()
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in raw.items() if k in known})

    def save(self, path: Path) -> None:
        """Written beside and renamed over the old file; a failure is a UserError in Chinese."""
        from core import files

        text = json.dumps(asdict(self), ensure_ascii=False, indent=2)
        files.write_atomically(path, lambda temporary: temporary.write_text(text, encoding="utf-8"))


def _text_of(data: bytes) -> str:
    """The file as the program writes it (UTF-8), or as Notepad saves it by hand: UTF-8 with a BOM, or
    "ANSI", the system code page (GBK on a Chinese Windows)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")
