#!/usr/bin/env bash
# Make sure Debian's nginx is there for the scale-out tests and the load benchmark. They start it
# themselves, unprivileged, on loopback, with a copy of deploy/nginx.conf (tests/nginx.py); the
# package's own service (port 80) is not needed, so it is stopped again if the install started it.
set -euo pipefail
NGINX="${NGINX:-/usr/sbin/nginx}"
[ -x "$NGINX" ] && exit 0
# -o DPkg::Lock::Timeout: wait for another apt run (e.g. testkit/ensure_chromium.sh) instead of failing.
WAIT=(-o DPkg::Lock::Timeout=900)
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  SUDO=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  SUDO=(sudo)
else
  echo "nginx is missing: install it (Debian/Ubuntu: sudo apt-get install nginx) or set NGINX=/path/to/nginx." >&2
  exit 1
fi
echo "Installing Debian's nginx package for the scale-out tests..."
"${SUDO[@]}" apt-get "${WAIT[@]}" update -qq
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${WAIT[@]}" install -y -qq nginx >/dev/null
if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
  "${SUDO[@]}" systemctl disable --now nginx >/dev/null 2>&1 || true
elif [ -x /etc/init.d/nginx ]; then
  "${SUDO[@]}" /etc/init.d/nginx stop >/dev/null 2>&1 || true
fi
