#!/usr/bin/env bash
# Provision headless Chromium and its ChromeDriver for the admin console's browser tests: Debian's
# packages chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver). Selenium is
# given both paths explicitly, so no test tool downloads a browser or a driver.
#
#   chromium.sh provision     # idempotent; installs the packages when missing (needs root)
#   chromium.sh env           # prints export lines for the tests
#
# Exit codes: 0 ok, 1 failure, 2 usage error, 3 this host cannot install it (not root / no apt-get).
set -euo pipefail

AI_TEST_HOME=${AI_TEST_HOME:-/var/tmp/cms-ai-test}
LOG_DIR=$AI_TEST_HOME/logs
PROVISION_LOG=$LOG_DIR/chromium-provision.log
BROWSER=${AI_TEST_CHROMIUM:-/usr/bin/chromium}
DRIVER=${AI_TEST_CHROMEDRIVER:-/usr/bin/chromedriver}

log() { echo "chromium.sh: $*" >&2; }
unsupported() {
  echo "chromium.sh: cannot install Chromium here: $1. Install chromium and chromium-driver (or another Chromium with its matching ChromeDriver) and export AI_TEST_CHROMIUM and AI_TEST_CHROMEDRIVER." >&2
  exit 3
}

present() { [ -x "$BROWSER" ] && [ -x "$DRIVER" ]; }

provision() {
  present && return 0
  [ "$(id -u)" = 0 ] || unsupported "installing packages needs root (running as $(id -un))"
  command -v apt-get >/dev/null || unsupported "there is no apt-get (not a Debian-like host)"
  mkdir -p "$LOG_DIR"
  log "installing chromium and chromium-driver (log: $PROVISION_LOG)"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium chromium-driver \
      >>"$PROVISION_LOG" 2>&1 </dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get update >>"$PROVISION_LOG" 2>&1 </dev/null || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium chromium-driver \
      >>"$PROVISION_LOG" 2>&1 </dev/null || { tail -20 "$PROVISION_LOG" >&2; log "error: apt-get install failed"; exit 1; }
  fi
  present || { log "error: installed, but $BROWSER or $DRIVER is missing"; exit 1; }
  log "ready: $("$DRIVER" --version 2>/dev/null | head -1)"
}

case "${1:-}" in
  provision) provision ;;
  env)
    echo "export AI_TEST_CHROMIUM=$BROWSER"
    echo "export AI_TEST_CHROMEDRIVER=$DRIVER" ;;
  *) echo "usage: chromium.sh provision|env" >&2; exit 2 ;;
esac
