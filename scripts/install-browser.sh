#!/usr/bin/env bash
# Install what the site's browser tests (tests/browser/) need, on a fresh machine or again (idempotent):
#   * Debian's Chromium and ChromeDriver (/usr/bin/chromium), only when Chromium is missing. Playwright's
#     Python library drives this browser; `playwright install` (a download of its own browsers) is never run.
#   * axe-core from the npm registry into tests/browser/node_modules (npm ci, from package-lock.json),
#     only when it is missing or older than the lock file.
# Call it from .ci/run before `make test`. Needs root (or sudo) for apt-get, and Node.js with npm.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
        echo "install-browser.sh: need root (or sudo) to run: $*" >&2
        exit 1
    fi
}

if [ ! -x /usr/bin/chromium ]; then
    echo "install-browser.sh: installing Debian's chromium and chromium-driver"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver
fi

if ! command -v npm >/dev/null; then
    echo "install-browser.sh: installing Debian's npm (Node.js package manager)"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm
fi

axe=tests/browser/node_modules/axe-core/axe.min.js
if [ ! -f "$axe" ] || [ tests/browser/package-lock.json -nt "$axe" ]; then
    echo "install-browser.sh: installing axe-core (npm ci in tests/browser)"
    npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
    touch "$axe"
fi

/usr/bin/chromium --version
echo "axe-core $(node -p "require('./tests/browser/node_modules/axe-core/package.json').version")"
