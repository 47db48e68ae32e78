#!/usr/bin/env bash
# Removes what a test run left behind in the build directory it is given, and nothing else:
#
#   scripts/lib/test-cleanup.sh TARGET_DIR      # e.g. target/ of this checkout
#
# Every Payara Micro the tests start keeps its runtime files in that build directory: the
# Arquillian-managed servers through java.io.tmpdir (failsafe sets it to TARGET_DIR/it-tmp, surefire
# to TARGET_DIR/test-tmp), the tests' own servers in a --rootdir under TARGET_DIR/it-work. Nothing under the system temporary
# directory is touched: another Payara Micro (scripts/run, another checkout's tests) may be running
# from there, and deleting its runtime directory makes it answer 500 NoClassDefFoundError.
set -euo pipefail
target=${1:?usage: test-cleanup.sh TARGET_DIR}
[ -d "$target" ] || exit 0
rm -rf "$target"/it-tmp "$target"/test-tmp "$target"/it-work \
  "$target"/arquillian-payara-micro* "$target"/payaramicro-rt*tmp 2>/dev/null || true
