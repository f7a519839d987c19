"""A register opened and its first sheet loaded on a thread, while the caller does other work.

calamine builds a sheet without holding the GIL, so `main.py import` has the file measured and loaded
while it imports the database layer and opens the database, instead of one after the other. The same
checks run in the same order (the sheet's size before calamine builds it); whatever goes wrong is left
for the reading proper to report, in its words.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from core.importing.readers import TableFile, open_table_file

log = logging.getLogger(__name__)


class ReadAhead:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._table: TableFile | None = None
        self._thread = threading.Thread(target=self._read, name="read-ahead", daemon=True)
        self._thread.start()

    def _read(self) -> None:
        try:
            table = open_table_file(self.path)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:  # opened again, and refused in Chinese, by the reading proper
            log.debug("Reading %s ahead stopped: %r", self.path, exc)
            return
        table.load_ahead(table.sheet_names[0])  # keeps what goes wrong for the reading proper
        self._table = table

    def take(self) -> TableFile | None:
        """The opened file (the caller closes it; its sha256 is of the bytes read), None where reading
        ahead failed."""
        self._thread.join()
        table, self._table = self._table, None
        return table

    def close(self) -> None:
        """Waits for the thread and closes a file no one took."""
        table = self.take()
        if table is not None:
            table.close()
