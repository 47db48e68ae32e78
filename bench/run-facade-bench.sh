#!/usr/bin/env bash
# Facade streaming overhead benchmark: the OpenAI-compatible facade vs calling the upstream
# directly vs the same upstream behind nginx (a plain streaming reverse proxy, the practical floor
# for an HTTP relay), in one run, against a fast local fake upstream (FakeUpstream). The programs
# live in src/bench/java/io/cmsai/bench/facade/ (FacadeBench, data/FakeUpstream), compiled with the
# test classes under the bench profile (./mvnw -Pbench test-compile).
#
#   bench/run-facade-bench.sh                         # defaults (50 tokens; 1x100,50x6,200x4 at 10 ms, then unpaced), ~5 min
#   bench/run-facade-bench.sh --delays 10 --plan 1x40,200x6   # FacadeBench options override
#   BENCH_SKIP_BUILD=1 bench/run-facade-bench.sh      # reuse target/cms-ai.war and the compiled benchmark
#   BENCH_WAR=/tmp/candidate/target/cms-ai.war bench/run-facade-bench.sh   # measure another build
#   BENCH_NGINX=0 bench/run-facade-bench.sh           # direct and facade only, no nginx
#
# It builds the WAR and the benchmark classes (offline Maven with -Pbench, log in
# target/bench-build.log; the test classpath is written once to target/bench/facade-classpath.txt
# and again when pom.xml is newer), starts the fake upstream, nginx in front of it and Payara
# Micro with the WAR on free ports, waits for /health/ready, then runs
# io.cmsai.bench.facade.FacadeBench (warm-up, then every concurrency of the plan at each pacing, direct,
# through nginx and through the facade in alternating rounds). The markdown results are printed
# and kept in target/bench/<run>/results.md. Every process it starts is stopped on exit, also on
# Ctrl-C or failure.
#
# nginx is Debian's package, never installed: when ${BENCH_HOME:-/var/tmp/cms-ai-bench}/nginx has
# no usr/sbin/nginx, the script fetches the package with apt-get download (apt-get update first
# only if that fails) and unpacks it there with dpkg -x; a shared library the binary lacks is
# fetched and unpacked the same way and found through LD_LIBRARY_PATH. Each run writes its own
# nginx.conf (worker_processes auto, buffering off, keep-alive pool to the upstream), logs, pid
# and temp files into target/bench/<run>/nginx/ and runs nginx in the foreground (daemon off).
#
# Environment: BENCH_FACADE_JAVA_OPTS (default -Xmx1g and common-pool parallelism 2, as scripts/run
# sets on small machines) for the facade JVM; BENCH_SKIP_BUILD=1 (no Maven build at all; the WAR
# and target/test-classes must exist); BENCH_WAR (a WAR to measure instead of building this
# tree's; then only the benchmark classes are built, with -Pbench test-compile);
# BENCH_READY_TIMEOUT seconds (default 240); BENCH_JFR=1 records a Java Flight Recorder profile of
# the facade into the run directory (facade.jfr; adds overhead, so figures are not comparable);
# BENCH_HOME (cache directory, default /var/tmp/cms-ai-bench); BENCH_NGINX=0 leaves nginx out;
# BENCH_NGINX_WORKERS (nginx worker_processes, default auto: one per core).
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
BENCH_CLASSES=$ROOT/target/test-classes
CLASSPATH_FILE=$ROOT/target/bench/facade-classpath.txt
BENCH_CP=
JAVA=java
[ -n "${JAVA_HOME:-}" ] && JAVA=$JAVA_HOME/bin/java
BENCH_HOME=${BENCH_HOME:-/var/tmp/cms-ai-bench}
NGINX_HOME=$BENCH_HOME/nginx
NGINX=$NGINX_HOME/usr/sbin/nginx
NGINX_LD_PATH=
USE_NGINX=${BENCH_NGINX:-1}
NGINX_WORKERS=${BENCH_NGINX_WORKERS:-auto}

UPSTREAM_PID='' FACADE_PID='' CLIENT_PID='' NGINX_PID='' NGINX_WORKER_PIDS=''

log() { echo "[run] $*" >&2; }
die() { log "error: $*"; exit 1; }

# Stops what this script started: TERM, then KILL after a grace period.
stop_pid() {
  local pid=$1 name=$2 _
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 40); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.5
  done
  log "$name (pid $pid) did not stop; killing it"
  kill -KILL "$pid" 2>/dev/null || true
}
# nginx: TERM to the master (fast shutdown: it stops its workers, then exits), then KILL; a worker
# noted at start that outlived its master (only after a KILL) is killed by its PID.
stop_nginx() {
  local pid
  [ -n "$NGINX_PID" ] || return 0
  stop_pid "$NGINX_PID" "nginx master"
  for pid in $NGINX_WORKER_PIDS; do
    [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = nginx ] || continue
    log "nginx worker (pid $pid) outlived its master; killing it"
    kill -KILL "$pid" 2>/dev/null || true
  done
}
cleanup() {
  trap - EXIT INT TERM
  stop_pid "$CLIENT_PID" "benchmark client"
  stop_pid "$FACADE_PID" "Payara Micro"
  stop_nginx
  stop_pid "$UPSTREAM_PID" "fake upstream"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

# A free TCP port below the kernel's ephemeral range (so no outgoing connection holds it),
# avoiding the ports other tools on this machine use.
free_port() {
  local low port _
  low=$(awk '{print $1}' /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
  for _ in $(seq 1 100); do
    port=$((20000 + RANDOM % (low - 20000)))
    case $port in 8080 | 15432 | 18081 | 18082 | 18095) continue ;; esac
    port_busy "$port" || { echo "$port"; return 0; }
  done
  die "no free port found"
}

# maven ARGS...: offline, quiet, with the bench profile; output appended to target/bench-build.log.
maven() {
  ./mvnw -q -o -B -Pbench -Dspotless.check.skip=true "$@" >>target/bench-build.log 2>&1 || {
    grep -E '^\[ERROR\]' target/bench-build.log | head -n 20 >&2 || tail -n 20 target/bench-build.log >&2
    die "the build failed; see target/bench-build.log"
  }
}

build() {
  mkdir -p target
  : >target/bench-build.log
  if [ -n "${BENCH_WAR:-}" ] || [ "${BENCH_SKIP_BUILD:-}" = 1 ]; then
    if [ ! -f "$WAR" ] || [ ! -f target/payara-micro.jar ]; then
      die "$WAR or target/payara-micro.jar is missing; build first"
    fi
  fi
  if [ "${BENCH_SKIP_BUILD:-}" = 1 ]; then
    [ -f "$BENCH_CLASSES/io/cmsai/bench/facade/FacadeBench.class" ] ||
      die "the benchmark classes are missing in $BENCH_CLASSES; build first (./mvnw -o -Pbench test-compile)"
    log "not building: measuring $WAR"
  elif [ -n "${BENCH_WAR:-}" ]; then
    log "building the benchmark classes (offline; log in target/bench-build.log); measuring $WAR"
    maven test-compile
  else
    log "building the WAR and the benchmark classes (offline; log in target/bench-build.log)"
    maven package -DskipTests
  fi
  bench_classpath
}

# The benchmark classes and the test classpath (written once; again when pom.xml changes).
bench_classpath() {
  if [ ! -s "$CLASSPATH_FILE" ] || [ pom.xml -nt "$CLASSPATH_FILE" ]; then
    mkdir -p "$(dirname "$CLASSPATH_FILE")"
    maven dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CLASSPATH_FILE"
  fi
  BENCH_CP=$BENCH_CLASSES:$(cat "$CLASSPATH_FILE")
}

start_upstream() {
  local _
  # shellcheck disable=SC2086 # option list
  "$JAVA" $TOOL_JAVA_OPTS -cp "$BENCH_CP" io.cmsai.bench.facade.data.FakeUpstream \
    --port 0 --port-file "$RUN_DIR/upstream.port" \
    >"$RUN_DIR/upstream.log" 2>&1 &
  UPSTREAM_PID=$!
  for _ in $(seq 1 120); do
    [ -s "$RUN_DIR/upstream.port" ] && { UPSTREAM_PORT=$(cat "$RUN_DIR/upstream.port"); return; }
    kill -0 "$UPSTREAM_PID" 2>/dev/null || { cat "$RUN_DIR/upstream.log" >&2; die "the fake upstream exited"; }
    sleep 0.25
  done
  die "the fake upstream did not start within 30 s (see $RUN_DIR/upstream.log)"
}

# The directories of libraries unpacked into the nginx cache (for LD_LIBRARY_PATH), if any.
nginx_lib_dirs() {
  local d dirs=
  for d in "$NGINX_HOME"/lib/*-linux-gnu* "$NGINX_HOME"/usr/lib/*-linux-gnu*; do
    [ -d "$d" ] && dirs=${dirs:+$dirs:}$d
  done
  echo "$dirs"
}

# Shared libraries the nginx binary does not find (one soname a line).
nginx_missing_libs() {
  local lib_path
  lib_path=$(nginx_lib_dirs)
  LD_LIBRARY_PATH=$lib_path${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} ldd "$NGINX" 2>/dev/null |
    awk '$2 == "=>" && $3 == "not" {print $1}'
}

# The Debian bookworm package that ships a library nginx links against.
lib_package() {
  case $1 in
    libcrypt.so.*) echo libcrypt1 ;;
    libpcre2-8.so.*) echo libpcre2-8-0 ;;
    libssl.so.* | libcrypto.so.*) echo libssl3 ;;
    libz.so.*) echo zlib1g ;;
    *) return 1 ;;
  esac
}

# apt-get download PACKAGE... into the current directory; with a fresh package index if needed.
apt_download() {
  apt-get download "$@" || { apt-get update && apt-get download "$@"; }
}

# Debian's nginx unpacked (not installed) into $NGINX_HOME, plus any shared library the machine
# lacks; downloads go to a temporary directory inside $BENCH_HOME, the log into the run dir.
provision_nginx() {
  local plog=$RUN_DIR/nginx-provision.log tmp stage libs lib pkg pkgs=
  if [ ! -x "$NGINX" ]; then
    if ! command -v apt-get >/dev/null || ! command -v dpkg >/dev/null; then
      die "no nginx in $NGINX_HOME and no apt-get/dpkg to fetch Debian's package (BENCH_NGINX=0 runs without nginx)"
    fi
    mkdir -p "$BENCH_HOME"
    tmp=$(mktemp -d "$BENCH_HOME/download.XXXXXX")
    stage=$tmp/root
    log "fetching Debian's nginx package into $NGINX_HOME (log: $plog)"
    if ! (cd "$tmp" && apt_download nginx) >>"$plog" 2>&1; then
      rm -rf "$tmp"
      die "apt-get download nginx failed; see $plog"
    fi
    mkdir -p "$stage"
    dpkg -x "$tmp"/nginx_*.deb "$stage" >>"$plog" 2>&1 || { rm -rf "$tmp"; die "dpkg -x failed; see $plog"; }
    dpkg-deb -f "$tmp"/nginx_*.deb Version >"$stage/DEBIAN-VERSION" 2>>"$plog" || true
    rm -rf "$NGINX_HOME"
    mv "$stage" "$NGINX_HOME"
    rm -rf "$tmp"
  fi
  libs=$(nginx_missing_libs)
  if [ -n "$libs" ]; then
    for lib in $libs; do
      pkg=$(lib_package "$lib") || die "nginx needs $lib, which this script cannot map to a Debian package"
      case " $pkgs " in *" $pkg "*) ;; *) pkgs="$pkgs $pkg" ;; esac
    done
    log "nginx lacks ${libs//$'\n'/ }; unpacking$pkgs into $NGINX_HOME (log: $plog)"
    tmp=$(mktemp -d "$BENCH_HOME/download.XXXXXX")
    # shellcheck disable=SC2086 # package list
    if ! (cd "$tmp" && apt_download $pkgs) >>"$plog" 2>&1; then
      rm -rf "$tmp"
      die "apt-get download$pkgs failed; see $plog"
    fi
    for pkg in "$tmp"/*.deb; do
      dpkg -x "$pkg" "$NGINX_HOME" >>"$plog" 2>&1 || { rm -rf "$tmp"; die "dpkg -x $pkg failed; see $plog"; }
    done
    rm -rf "$tmp"
    libs=$(nginx_missing_libs)
    [ -z "$libs" ] || die "nginx still lacks ${libs//$'\n'/ } after unpacking$pkgs"
  fi
  NGINX_LD_PATH=$(nginx_lib_dirs)
  (nginx_exec -V) >"$RUN_DIR/nginx-V.txt" 2>&1 || { cat "$RUN_DIR/nginx-V.txt" >&2; die "$NGINX -V failed"; }
  NGINX_VERSION=$(sed -n 's|^nginx version: nginx/||p' "$RUN_DIR/nginx-V.txt")
  if [ -s "$NGINX_HOME/DEBIAN-VERSION" ]; then
    NGINX_VERSION="$NGINX_VERSION (Debian $(cat "$NGINX_HOME/DEBIAN-VERSION"))"
  fi
  log "nginx $NGINX_VERSION: $NGINX${NGINX_LD_PATH:+ (LD_LIBRARY_PATH=$NGINX_LD_PATH)}"
}

# Replaces the calling (sub)shell with the cached nginx, with its unpacked libraries if any: run
# as ( nginx_exec ... ) or nginx_exec ... &, so that $! is nginx's own PID.
nginx_exec() {
  if [ -n "$NGINX_LD_PATH" ]; then
    exec env "LD_LIBRARY_PATH=$NGINX_LD_PATH${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" "$NGINX" "$@"
  fi
  exec "$NGINX" "$@"
}

# nginx as a plain streaming reverse proxy to the fake upstream; all its files in $RUN_DIR/nginx.
start_nginx() {
  local dir=$RUN_DIR/nginx code _
  NGINX_PORT=$(free_port)
  mkdir -p "$dir/temp"
  cat >"$dir/nginx.conf" <<NGINX_CONF
# Written by bench/run-facade-bench.sh: nginx as a plain streaming reverse proxy (no buffering)
# in front of the fake upstream. Started with -p $dir -g 'daemon off; pid $dir/nginx.pid;'.
worker_processes $NGINX_WORKERS;
error_log $dir/error.log warn;
lock_file $dir/nginx.lock;

events {
  worker_connections 4096;
}

http {
  access_log off;
  client_body_temp_path $dir/temp/client_body;
  proxy_temp_path $dir/temp/proxy;
  fastcgi_temp_path $dir/temp/fastcgi;
  uwsgi_temp_path $dir/temp/uwsgi;
  scgi_temp_path $dir/temp/scgi;
  # A benchmark client keeps one connection for a whole phase (the default closes after 1,000).
  keepalive_requests 1000000;

  upstream up {
    server 127.0.0.1:$UPSTREAM_PORT;
    keepalive 512;
    keepalive_requests 1000000;
    # Below the fake upstream's (the JDK server's) 30 s idle time-out, so nginx does not reuse a
    # connection the upstream is closing.
    keepalive_timeout 20s;
  }

  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / {
      proxy_pass http://up;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
      proxy_request_buffering off;
    }
  }
}
NGINX_CONF
  (nginx_exec -t -p "$dir" -c "$dir/nginx.conf" -g "pid $dir/nginx.pid;") >"$dir/config-test.log" 2>&1 ||
    { cat "$dir/config-test.log" >&2; die "nginx rejected $dir/nginx.conf"; }
  nginx_exec -p "$dir" -c "$dir/nginx.conf" -g "daemon off; pid $dir/nginx.pid;" >"$dir/stderr.log" 2>&1 &
  NGINX_PID=$!
  for _ in $(seq 1 120); do
    kill -0 "$NGINX_PID" 2>/dev/null || { cat "$dir/stderr.log" "$dir/error.log" >&2 2>/dev/null; die "nginx exited"; }
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$NGINX_PORT/health" || true)
    if [ "$code" = 200 ]; then
      [ "$(cat "$dir/nginx.pid" 2>/dev/null)" = "$NGINX_PID" ] ||
        die "nginx's pid file names $(cat "$dir/nginx.pid" 2>/dev/null || echo nothing), not the started process $NGINX_PID"
      NGINX_WORKER_PIDS=$(pgrep -P "$NGINX_PID" | tr '\n' ' ' || true)
      NGINX_WORKER_COUNT=$(echo "$NGINX_WORKER_PIDS" | wc -w)
      return
    fi
    sleep 0.25
  done
  die "nginx did not answer within 30 s (see $dir/error.log)"
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
    -Dcms.ai.demo.enabled=false -Dcms.ai.index.auto-rebuild=false \
    -Djava.io.tmpdir="$RUN_DIR/tmp" \
    -jar target/payara-micro.jar --deploy "$WAR" --contextroot / \
    --port "$FACADE_PORT" --nohazelcast --rootdir "$RUN_DIR/payara" \
    --postbootcommandfile "$ROOT/config/payara-post-boot.asadmin" >"$RUN_DIR/payara.log" 2>&1 &
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

# One stream through a relay, so a broken deployment fails here with its answer shown.
smoke_test() {
  local name=$1 url=$2 answer
  answer=$(curl -s -N --max-time 30 "$url" \
    -H 'Content-Type: application/json' \
    -d '{"model":"fake","messages":[{"role":"user","content":"hi"}],"stream":true}' || true)
  case "$answer" in
    *'data: [DONE]'*) log "smoke test: $name streams" ;;
    *) echo "$answer" | head -n 20 >&2; die "$name did not stream a completion" ;;
  esac
}

main() {
  require_jdk
  command -v curl >/dev/null || die "curl is needed"
  if ! command -v jstat >/dev/null || ! command -v jcmd >/dev/null; then
    die "jstat and jcmd (JDK tools) are needed"
  fi
  build
  mkdir -p "$RUN_DIR" "$RUN_DIR/tmp"
  [ "$USE_NGINX" = 0 ] || provision_nginx
  start_upstream
  local nginx_args=() nginx_about=
  if [ "$USE_NGINX" != 0 ]; then
    start_nginx
    log "nginx on 127.0.0.1:$NGINX_PORT (master pid $NGINX_PID, $NGINX_WORKER_COUNT worker processes)"
    smoke_test nginx "http://127.0.0.1:$NGINX_PORT/v1/chat/completions"
    nginx_args=(--nginx "http://127.0.0.1:$NGINX_PORT" --nginx-pid "$NGINX_PID")
    nginx_about="; nginx $NGINX_VERSION, worker_processes $NGINX_WORKERS ($NGINX_WORKER_COUNT workers)"
  fi
  start_facade
  log "fake upstream on 127.0.0.1:$UPSTREAM_PORT (pid $UPSTREAM_PID); Payara Micro on 127.0.0.1:$FACADE_PORT (pid $FACADE_PID); waiting for readiness"
  await_ready
  smoke_test "the facade" "http://127.0.0.1:$FACADE_PORT/api/ai/v1/chat/completions"
  local about
  about="bench/run-facade-bench.sh${*:+ $*}; Java $("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.runtime.version/ {print $2}'); $(nproc) cores; facade JVM options: $FACADE_JAVA_OPTS; WAR: ${WAR#"$ROOT"/}$nginx_about"
  log "$about"
  # shellcheck disable=SC2086 # option list
  "$JAVA" $TOOL_JAVA_OPTS -Dclk.tck="$(getconf CLK_TCK)" -cp "$BENCH_CP" io.cmsai.bench.facade.FacadeBench \
    --upstream "http://127.0.0.1:$UPSTREAM_PORT" --facade "http://127.0.0.1:$FACADE_PORT" \
    --upstream-pid "$UPSTREAM_PID" --facade-pid "$FACADE_PID" "${nginx_args[@]}" \
    --about "$about" --out "$RUN_DIR/results.md" "$@" &
  CLIENT_PID=$!
  local rc=0
  wait "$CLIENT_PID" || rc=$?
  CLIENT_PID=
  [ -f "$RUN_DIR/results.md" ] && log "results: $RUN_DIR/results.md (logs beside it)"
  [ "$rc" = 2 ] && log "some streams failed verification (see the failures column)"
  return "$rc"
}

main "$@"
