#!/usr/bin/env bash
# Playwright cannot download its browsers here; the e2e tests use Debian's Chromium.
set -euo pipefail
if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "[test] installing Debian's chromium for the browser tests" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  echo "[test] Chromium not found at ${CHROMIUM_PATH:-/usr/bin/chromium}: install it (apt-get install chromium) or set CHROMIUM_PATH" >&2
  exit 1
fi
