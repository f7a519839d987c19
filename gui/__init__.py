"""The PySide6 interface over core services."""
