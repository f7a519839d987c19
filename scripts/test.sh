#!/usr/bin/env bash
# Install the test needs, then run the linter and the whole test suite. Arguments go to pytest.
# Afterwards the core suite runs again over a throw-away PostgreSQL server (Debian's postgresql is
# installed when missing); HONOURDESK_PG_TESTS=0 skips that second run.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh
# shellcheck disable=SC2086
ensure_debian_packages $QT_BASE_PACKAGES $REPORT_TEST_PACKAGES $CERTIFICATE_TEST_PACKAGES
ensure_venv "[test]"
.venv/bin/ruff check .
.venv/bin/ruff format --check . >/dev/null || echo "提示：ruff format 会调整部分文件的格式（不影响测试）"
export QT_QPA_PLATFORM=offscreen
.venv/bin/python -m pytest "$@"

if [ "${HONOURDESK_PG_TESTS:-1}" = "1" ]; then
  # The same core tests with their database on PostgreSQL (tests/conftest.py reads the URL);
  # the server is stopped and its directory removed however the run ends.
  eval "$(bash scripts/pg_cluster.sh start)"
  trap 'bash scripts/pg_cluster.sh stop "$HONOURDESK_PG_DIR"' EXIT
  echo "PostgreSQL 上再运行核心测试：$HONOURDESK_TEST_DATABASE_URL"
  .venv/bin/python -m pytest -q -p no:cacheprovider tests/core
fi
