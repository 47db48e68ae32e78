#!/usr/bin/env bash
# Facade streaming overhead benchmark: the OpenAI-compatible facade vs calling the upstream
# directly, in one run, against a fast local fake upstream (bench/FakeUpstream.java).
#
#   bench/run-facade-bench.sh                         # defaults, about 2-3 minutes
#   bench/run-facade-bench.sh --delays 10 --plan 1x40,200x6   # FacadeBench options override
#   BENCH_SKIP_BUILD=1 bench/run-facade-bench.sh      # reuse target/cms-ai.war
#   BENCH_WAR=/tmp/candidate/target/cms-ai.war bench/run-facade-bench.sh   # measure another build
#
# It builds the WAR (offline Maven, log in target/bench-build.log), starts the fake upstream and
# Payara Micro with the WAR on free ports, waits for /health/ready, then runs bench/FacadeBench.java
# (warm-up, then every concurrency of the plan at each pacing, direct and through the facade in
# alternating rounds). The markdown results are printed and kept in target/bench/<run>/results.md.
# Every process it starts is stopped on exit, also on Ctrl-C or failure.
#
# Environment: BENCH_FACADE_JAVA_OPTS (default -Xmx1g and common-pool parallelism 2, as scripts/run
# sets on small machines) for the facade JVM; BENCH_SKIP_BUILD=1;
# BENCH_WAR (a WAR to measure instead of building this tree's; implies no build);
# BENCH_READY_TIMEOUT seconds (default 240); BENCH_JFR=1 records a Java Flight Recorder profile of
# the facade into the run directory (facade.jfr; adds overhead, so figures are not comparable).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=../scripts/lib/common.sh
. scripts/lib/common.sh

FACADE_JAVA_OPTS=${BENCH_FACADE_JAVA_OPTS:--Xmx1g -Djava.util.concurrent.ForkJoinPool.common.parallelism=2}
WAR=${BENCH_WAR:-$ROOT/target/cms-ai.war}
READY_TIMEOUT_S=${BENCH_READY_TIMEOUT:-240}
TOOL_JAVA_OPTS="-XX:+UseSerialGC -Xmx512m"
RUN_DIR=$ROOT/target/bench/$(date -u +%Y%m%dT%H%M%SZ)
JAVA=java
[ -n "${JAVA_HOME:-}" ] && JAVA=$JAVA_HOME/bin/java

UPSTREAM_PID= FACADE_PID= CLIENT_PID=

log() { echo "[run] $*" >&2; }
die() { log "error: $*"; exit 1; }

# Stops what this script started: TERM, then KILL after a grace period.
stop_pid() {
  local pid=$1 name=$2 i
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 40); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.5
  done
  log "$name (pid $pid) did not stop; killing it"
  kill -KILL "$pid" 2>/dev/null || true
}
cleanup() {
  trap - EXIT INT TERM
  stop_pid "$CLIENT_PID" "benchmark client"
  stop_pid "$FACADE_PID" "Payara Micro"
  stop_pid "$UPSTREAM_PID" "fake upstream"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

# A free TCP port below the kernel's ephemeral range (so no outgoing connection holds it),
# avoiding the ports other tools on this machine use.
free_port() {
  local low port i
  low=$(awk '{print $1}' /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
  for i in $(seq 1 100); do
    port=$((20000 + RANDOM % (low - 20000)))
    case " 8080 15432 18081 18082 18095 " in *" $port "*) continue ;; esac
    port_busy "$port" || { echo "$port"; return 0; }
  done
  die "no free port found"
}

build() {
  if [ -n "${BENCH_WAR:-}" ] || [ "${BENCH_SKIP_BUILD:-}" = 1 ]; then
    [ -f "$WAR" ] && [ -f target/payara-micro.jar ] || die "$WAR or target/payara-micro.jar is missing; build first"
    log "not building: measuring $WAR"
    return
  fi
  log "building the WAR (offline; log in target/bench-build.log)"
  mkdir -p target
  ./mvnw -q -o package -DskipTests -Dspotless.check.skip=true >target/bench-build.log 2>&1 || {
    grep -E '^\[ERROR\]' target/bench-build.log | head -n 20 >&2 || tail -n 20 target/bench-build.log >&2
    die "the build failed; see target/bench-build.log"
  }
}

start_upstream() {
  local i
  # shellcheck disable=SC2086 # option list
  "$JAVA" $TOOL_JAVA_OPTS bench/FakeUpstream.java --port 0 --port-file "$RUN_DIR/upstream.port" \
    >"$RUN_DIR/upstream.log" 2>&1 &
  UPSTREAM_PID=$!
  for i in $(seq 1 120); do
    [ -s "$RUN_DIR/upstream.port" ] && { UPSTREAM_PORT=$(cat "$RUN_DIR/upstream.port"); return; }
    kill -0 "$UPSTREAM_PID" 2>/dev/null || { cat "$RUN_DIR/upstream.log" >&2; die "the fake upstream exited"; }
    sleep 0.25
  done
  die "the fake upstream did not start within 30 s (see $RUN_DIR/upstream.log)"
}

start_facade() {
  FACADE_PORT=$(free_port)
  if [ "${BENCH_JFR:-}" = 1 ]; then
    FACADE_JAVA_OPTS="$FACADE_JAVA_OPTS -XX:StartFlightRecording=settings=profile,dumponexit=true,filename=$RUN_DIR/facade.jfr"
  fi
  # shellcheck disable=SC2086 # option list
  "$JAVA" $FACADE_JAVA_OPTS -Dcms.ai.data-dir="$RUN_DIR/data" \
    -Dcms.ai.provider.base-url="http://127.0.0.1:$UPSTREAM_PORT/v1" \
    -Dcms.ai.provider.chat-model=fake -Dcms.ai.api.allow-anonymous=true \
    -jar target/payara-micro.jar --deploy "$WAR" --contextroot / \
    --port "$FACADE_PORT" --nohazelcast >"$RUN_DIR/payara.log" 2>&1 &
  FACADE_PID=$!
}

await_ready() {
  local deadline=$((SECONDS + READY_TIMEOUT_S)) code
  while [ "$SECONDS" -lt "$deadline" ]; do
    kill -0 "$FACADE_PID" 2>/dev/null || { tail -n 30 "$RUN_DIR/payara.log" >&2; die "Payara Micro exited"; }
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$FACADE_PORT/health/ready" || true)
    [ "$code" = 200 ] && return
    sleep 1
  done
  tail -n 30 "$RUN_DIR/payara.log" >&2
  die "/health/ready did not answer 200 within ${READY_TIMEOUT_S}s (log: $RUN_DIR/payara.log)"
}

# One stream through the facade, so a broken deployment fails here with its answer shown.
smoke_test() {
  local answer
  answer=$(curl -s -N --max-time 30 "http://127.0.0.1:$FACADE_PORT/api/ai/v1/chat/completions" \
    -H 'Content-Type: application/json' \
    -d '{"model":"fake","messages":[{"role":"user","content":"hi"}],"stream":true}' || true)
  case "$answer" in
    *'data: [DONE]'*) log "smoke test: the facade streams" ;;
    *) echo "$answer" | head -n 20 >&2; die "the facade did not stream a completion" ;;
  esac
}

main() {
  require_jdk
  command -v curl >/dev/null || die "curl is needed"
  command -v jstat >/dev/null && command -v jcmd >/dev/null || die "jstat and jcmd (JDK tools) are needed"
  build
  mkdir -p "$RUN_DIR"
  start_upstream
  start_facade
  log "fake upstream on 127.0.0.1:$UPSTREAM_PORT (pid $UPSTREAM_PID); Payara Micro on 127.0.0.1:$FACADE_PORT (pid $FACADE_PID); waiting for readiness"
  await_ready
  smoke_test
  local about
  about="bench/run-facade-bench.sh${*:+ $*}; Java $("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.runtime.version/ {print $2}'); $(nproc) cores; facade JVM options: $FACADE_JAVA_OPTS; WAR: ${WAR#"$ROOT"/}"
  log "$about"
  # shellcheck disable=SC2086 # option list
  "$JAVA" $TOOL_JAVA_OPTS -Dclk.tck="$(getconf CLK_TCK)" bench/FacadeBench.java \
    --upstream "http://127.0.0.1:$UPSTREAM_PORT" --facade "http://127.0.0.1:$FACADE_PORT" \
    --upstream-pid "$UPSTREAM_PID" --facade-pid "$FACADE_PID" --about "$about" --out "$RUN_DIR/results.md" "$@" &
  CLIENT_PID=$!
  local rc=0
  wait "$CLIENT_PID" || rc=$?
  CLIENT_PID=
  [ -f "$RUN_DIR/results.md" ] && log "results: $RUN_DIR/results.md (logs beside it)"
  [ "$rc" = 2 ] && log "some streams failed verification (see the failures column)"
  return "$rc"
}

main "$@"
