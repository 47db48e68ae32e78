# Shared helpers for scripts/run and scripts/test (sourced, not executed).

# require_jdk: JDK 17 or newer, or one clear message and exit 1.
require_jdk() {
  local java=java version major
  if [ -n "${JAVA_HOME:-}" ]; then java=$JAVA_HOME/bin/java; fi
  if ! command -v "$java" >/dev/null 2>&1; then
    echo "error: no Java found ($([ -n "${JAVA_HOME:-}" ] && echo "no $java" || echo "no java on PATH")). Install a JDK 17 or newer (Debian/Ubuntu: apt-get install openjdk-17-jdk-headless) or set JAVA_HOME." >&2
    exit 1
  fi
  version=$("$java" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2}')
  major=${version%%.*}
  if ! [[ "$major" =~ ^[0-9]+$ ]] || [ "$major" -lt 17 ]; then
    echo "error: $java is Java ${version:-of unknown version}; this module needs a JDK 17 or newer. Install one (Debian/Ubuntu: apt-get install openjdk-17-jdk-headless) or point JAVA_HOME at it." >&2
    exit 1
  fi
  if ! command -v "${java%java}javac" >/dev/null 2>&1 && [ ! -x "${java}c" ]; then
    echo "error: $java is a JRE without javac; the build needs a full JDK 17+ (Debian/Ubuntu: apt-get install openjdk-17-jdk-headless) or JAVA_HOME pointing at one." >&2
    exit 1
  fi
}

# port_busy PORT: true when something listens on PORT on this machine.
port_in_use() { port_busy "$1"; }
port_busy() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

# port_owner PORT: "pid N (command)" of the listener when ss can tell, else empty.
port_owner() {
  command -v ss >/dev/null 2>&1 || return 0
  ss -Hltnp "sport = :$1" 2>/dev/null | sed -n 's/.*users:(("\([^"]*\)",pid=\([0-9]*\).*/pid \2 (\1)/p' | head -n 1
}

# run_logged DESCRIPTION COMMAND...: runs COMMAND with its output appended to $PROVISION_LOG; on
# failure calls die (defined by the caller) with one line: what failed, its last output line, the log.
run_logged() {
  local what=$1 rc=0 last
  shift
  echo "=== $(date -u +%FT%TZ) $what: $*" >>"$PROVISION_LOG"
  "$@" >>"$PROVISION_LOG" 2>&1 </dev/null || rc=$?
  if [ "$rc" != 0 ]; then
    last=$(grep -v '^[[:space:]]*$' "$PROVISION_LOG" | tail -n 1 | cut -c1-200)
    die "$what failed (exit $rc): $last -- full log: $PROVISION_LOG"
  fi
}

# free_port: prints a TCP port on 127.0.0.1 that nothing listens on now (random, 20000-49999).
free_port() {
  local port tries=0
  while [ "$tries" -lt 200 ]; do
    port=$((20000 + (RANDOM * 32768 + RANDOM) % 30000))
    if ! port_busy "$port"; then
      echo "$port"
      return 0
    fi
    tries=$((tries + 1))
  done
  echo "error: found no free TCP port on 127.0.0.1 after 200 tries" >&2
  return 1
}
