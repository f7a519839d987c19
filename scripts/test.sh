#!/usr/bin/env bash
# Install the test needs, then run the linter and the whole test suite. Arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh
# shellcheck disable=SC2086
ensure_debian_packages $QT_BASE_PACKAGES $REPORT_TEST_PACKAGES
ensure_venv "[test]"
.venv/bin/ruff check .
.venv/bin/ruff format --check . >/dev/null || echo "提示：ruff format 会调整部分文件的格式（不影响测试）"
export QT_QPA_PLATFORM=offscreen
exec .venv/bin/python -m pytest "$@"
