"""PySide6 6.12.0 on Python 3.11 drops references it does not own: one to None on every call of a Qt method
that returns nothing (QLabel.setText, QWidget.update, …), and now and then one to True. Showing a unit in
the form costs a couple of hundred. Python 3.12 and later never free these objects, but on 3.11 None's
count reaches zero after a few hundred units clicked through, and the program stops at once with "Fatal
Python error: none_dealloc: deallocating None" (bool_dealloc for True): unsaved edits lost, no message.
PySide6 6.11 does not drop them.

keep_singletons_alive() gives None, True and False, on the Pythons that still count their references, more
than any session can drop: they are static objects that are never freed, so the count only guards that
fatal check.
"""

from __future__ import annotations

import ctypes
import sys

SPARE_REFERENCES = 1 << 40  # a thousand a second for thirty years


def keep_singletons_alive() -> None:
    if sys.version_info >= (3, 12) or hasattr(sys, "getobjects"):  # immortal; a debug build's layout
        return
    for singleton in (None, True, False):
        count = ctypes.c_ssize_t.from_address(id(singleton))  # ob_refcnt, PyObject's first field
        if count.value < SPARE_REFERENCES:
            count.value += SPARE_REFERENCES
