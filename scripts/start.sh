#!/usr/bin/env bash
# Install what HonourDesk needs, then open it. Arguments go to main.py.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh
# shellcheck disable=SC2086
ensure_debian_packages $QT_BASE_PACKAGES $QT_WINDOW_PACKAGES
ensure_venv ""
exec .venv/bin/python main.py "$@"
