#!/usr/bin/env bash
# Make sure the JavaScript the tests need is there: Node.js (the widget's unit tests run its
# pure helpers under node) and the test-only npm packages pinned in tests/web/browser/package-lock.json
# (axe-core for the accessibility audit, rasa-webchat for the socket.io test). Both are served
# to the browser by the tests themselves, on loopback; nothing is loaded from a CDN.
set -euo pipefail
cd "$(dirname "$0")/.."
PACKAGES=tests/web/browser
STAMP="$PACKAGES/node_modules/.installed-lock"

apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && apt-get install -y -qq "$@" >/dev/null
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  else
    echo "Missing $*: install it (Debian/Ubuntu: sudo apt-get install $*)." >&2
    exit 1
  fi
}

missing=()
command -v node >/dev/null || command -v nodejs >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing Debian's ${missing[*]} for the widget and browser tests..."
  apt_install "${missing[@]}"
fi

# npm ci installs exactly the lock file; skip it when node_modules is from this very lock file.
if [ -f "$STAMP" ] && cmp -s "$STAMP" "$PACKAGES/package-lock.json"; then
  exit 0
fi
echo "Installing the test-only npm packages in $PACKAGES (npm ci)..."
(cd "$PACKAGES" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
cp "$PACKAGES/package-lock.json" "$STAMP"
