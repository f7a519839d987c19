"""Write the six built-in report templates into resources/templates/<name>.docx.

Run after changing core/reports/builtin.py or layout.py:  .venv/bin/python scripts/build_templates.py
tests/core/reports/test_layout_and_builtin.py fails while the committed files are out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TEMPLATES_DIR = REPO / "resources" / "templates"


def main() -> int:
    sys.path.insert(0, str(REPO))
    from core.reports.builtin import write_builtin_templates

    for path in write_builtin_templates(TEMPLATES_DIR):
        print(path.relative_to(REPO))
    return 0


if __name__ == "__main__":
    sys.exit(main())
