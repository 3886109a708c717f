#!/usr/bin/env bash
# System pieces the test suite needs beyond the Python packages, installed idempotently on a fresh machine:
#  - Debian's Chromium for the browser tests (Playwright's own browser download cannot be used here),
#  - libharfbuzz-subset0 so that WeasyPrint subsets fonts natively (else fontTools costs ~140 ms per font),
#  - redis-server for the task-queue tests on Redis (they start their own throwaway server),
#  - the Playwright Python package in the project's venv.
# WeasyPrint's Pango/Cairo libraries and the PostgreSQL 15 binaries come with the machine image.
# Each step runs only when its piece is missing; without root, missing pieces are reported and skipped
# (the browser tests then skip with a visible reason).
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium fonts-dejavu-core)
ldconfig -p 2>/dev/null | grep -q 'libharfbuzz-subset.so.0' || missing+=(libharfbuzz-subset0)
command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ] || missing+=(redis-server)

if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ]; then
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
        echo "install-system-deps: not root, skipping apt packages: ${missing[*]}" >&2
    fi
fi

if ! "$VENV/bin/python" -c "import playwright" 2>/dev/null; then
    "$VENV/bin/python" -m pip install --quiet "playwright>=1.45"
fi

echo "install-system-deps: $(/usr/bin/chromium --version 2>/dev/null || echo 'no chromium'); playwright $("$VENV/bin/python" -c 'from importlib.metadata import version; print(version("playwright"))')"
