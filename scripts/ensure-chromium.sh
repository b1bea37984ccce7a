#!/bin/sh
# The browser tests drive Debian's Chromium. Install it when we can (root with apt);
# otherwise say in one line what to install.
set -e
if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests..."
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "The browser tests need Chromium: run 'sudo apt-get install chromium' (or set CHROMIUM_PATH), then 'npm test' again." >&2
exit 1
