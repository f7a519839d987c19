"""The pinyin search keys imports leave pending, computed in the background once the data is shown."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from core.changes import Changes
from core.progress import ProgressTracker
from gui.ops import ChangeOp

if TYPE_CHECKING:
    from gui.context import AppContext

log = logging.getLogger(__name__)


def fill_pending_keys(context: AppContext) -> None:
    """Units an import created (here or by the command line) get their pinyin keys; the unit list then
    finds them by pinyin and sorts them in place. Nothing waits for it: closing a dialog does not."""
    if context.services.db.read_only:  # searched by name until the data folder can be written
        return
    units = context.services.units

    def fill(progress: ProgressTracker) -> Changes:
        return Changes(units=True) if units.fill_pending_keys(progress) else Changes()

    op: ChangeOp[Changes] = ChangeOp(
        None, context, fill, "正在生成拼音检索码…", cancellable=False, show_dialog=False
    )
    op.failure(lambda error: log.error("未能生成拼音检索码", exc_info=error)).run_in_background()
