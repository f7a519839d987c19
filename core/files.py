"""Writing a user's file safely: beside the target first, then renamed over it."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from core.errors import UserError


def write_atomically(target: Path, save: Callable[[Path], object], *, editor: str = "Word") -> Path:
    """Call save(temporary) and rename the result to target, so a failure never leaves half a file under
    the name. A target held open by another program (editor: "Word" or "Excel") is reported in Chinese."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.stem}.part{target.suffix}")
    try:
        save(temporary)
        os.replace(temporary, target)
    except PermissionError as error:
        temporary.unlink(missing_ok=True)
        raise UserError(
            f"无法写入“{target.name}”：文件可能正在 {editor} 或 WPS 中打开，请关闭后重试。"
        ) from error
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise UserError(f"无法写入“{target}”：{error.strerror or error}") from error
    return target
