"""The PySide6 interface over core services."""

from gui.none_guard import keep_singletons_alive

keep_singletons_alive()  # before any Qt call (see gui.none_guard)
