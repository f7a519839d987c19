"""The import wizard: choose a register, confirm its sheet, header and columns, preview every row, import.

    ImportWizard(context, path).exec()

Reading, checking and importing run on BackgroundOp; nothing is written before the 导入 page, and the
import itself is one transaction in core (a cancel or a failure leaves the database as it was).
One module per page; the table models in models.py; what they share in common.py.
"""

from gui.import_wizard.common import (
    HEADER_BACKGROUND,
    PAGE_FILE,
    PAGE_MAPPING,
    PAGE_PREVIEW,
    PAGE_RESULT,
    PAGE_SHEET,
    PREVIEW_ROWS,
    STRICT_TEXT,
    WINDOW_TITLE,
)
from gui.import_wizard.wizard import ImportWizard

__all__ = [
    "HEADER_BACKGROUND",
    "PAGE_FILE",
    "PAGE_MAPPING",
    "PAGE_PREVIEW",
    "PAGE_RESULT",
    "PAGE_SHEET",
    "PREVIEW_ROWS",
    "STRICT_TEXT",
    "WINDOW_TITLE",
    "ImportWizard",
]
