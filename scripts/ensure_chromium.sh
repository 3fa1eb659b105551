#!/usr/bin/env bash
# Browser tests need Debian's Chromium. Install it when we can (root); otherwise say loudly
# that the browser tests will be skipped (REQUIRE_BROWSER=1 turns that skip into a failure).
set -u
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Chromium from Debian's packages for the browser tests..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
    && exit 0
fi
echo "!!! Chromium is not installed and could not be installed: BROWSER TESTS WILL BE SKIPPED."
echo "!!! Install it with: sudo apt-get install chromium"
exit 0
