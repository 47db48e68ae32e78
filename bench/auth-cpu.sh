#!/usr/bin/env bash
# Authentication CPU benchmark (issue 13, F2): server CPU spent on wrong and right HTTP Basic
# credentials, for an old WAR and a new WAR in the same run, each on its own Payara Micro.
#
#   BENCH_OLD_WAR=/path/to/old/cms-ai.war bench/auth-cpu.sh      # new WAR: target/cms-ai.war
#   BENCH_NEW_WAR=/other/cms-ai.war BENCH_OLD_WAR=... bench/auth-cpu.sh
#
# Both servers are started like scripts/run (java -jar target/payara-micro.jar --deploy WAR
# --contextroot / --port FREE --nohazelcast --rootdir OWN), with their own data directory, an
# initial admin password and the demo off; one after the other, never at the same time. For each,
# the server's CPU time (utime+stime of /proc/PID/stat) is read before and after each burst of
# sequential curl requests (keep-alive, one curl process per burst):
#   public        200 x GET /api/ai/status, no credentials                    (baseline)
#   public-wrong  200 x GET /api/ai/status, Basic with a new wrong user each time (the review's probe)
#   admin-wrong   200 x GET /api/ai/admin/index, Basic with a new wrong user each time, from 127.0.0.2
#   session       N x GET /api/ai/admin/account with a signed-in session cookie (baseline)
#   basic         N x GET /api/ai/admin/account with the right Basic credentials
# After signing in, 300 public and 300 session requests warm the server up (not counted).
# N is 1000 for the new WAR and BENCH_OLD_AUTH_REQUESTS (default 20) for the old one, where every
# request costs a full PBKDF2 check. Prints a markdown table; keeps logs in target/bench/auth-RUN/.
# Stops every process it started (by PID), also on failure or Ctrl-C.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

OLD_WAR=${BENCH_OLD_WAR:?set BENCH_OLD_WAR to the WAR to compare against}
NEW_WAR=${BENCH_NEW_WAR:-$ROOT/target/cms-ai.war}
MICRO=$ROOT/target/payara-micro.jar
OLD_AUTH=${BENCH_OLD_AUTH_REQUESTS:-20}
PASSWORD=bench-admin-password-$RANDOM$RANDOM
RUN_DIR=$ROOT/target/bench/auth-$(date -u +%Y%m%dT%H%M%SZ)
TICK=$(getconf CLK_TCK)
SERVER_PID=
mkdir -p "$RUN_DIR"

log() { echo "[auth-cpu] $*" >&2; }
stop_server() {
  local i
  [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null || { SERVER_PID=; return 0; }
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  for i in $(seq 1 60); do
    kill -0 "$SERVER_PID" 2>/dev/null || { SERVER_PID=; return 0; }
    sleep 0.5
  done
  kill -KILL "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
}
trap 'stop_server' EXIT
trap 'log interrupted; exit 130' INT TERM

for f in "$OLD_WAR" "$NEW_WAR" "$MICRO"; do [ -f "$f" ] || { log "missing $f"; exit 1; }; done

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }

# start NAME WAR: starts Payara Micro and waits until it is ready.
start() {
  local name=$1 war=$2 dir=$RUN_DIR/$1 i
  mkdir -p "$dir/data" "$dir/root"
  PORT=$(free_port)
  java -Dcms.ai.data-dir="$dir/data" -Dcms.ai.admin.initial-password="$PASSWORD" \
    -Dcms.ai.demo.enabled=false -Dcms.ai.index.auto-rebuild=false \
    -jar "$MICRO" --deploy "$war" --contextroot / --port "$PORT" --nohazelcast \
    --rootdir "$dir/root" >"$dir/server.log" 2>&1 &
  SERVER_PID=$!
  for i in $(seq 1 240); do
    if curl -s --max-time 2 "http://127.0.0.1:$PORT/health/ready" | grep -q '"status":"UP"'; then
      sleep 5 # let start-up work settle
      return 0
    fi
    kill -0 "$SERVER_PID" 2>/dev/null || { log "$name server exited; see $dir/server.log"; exit 1; }
    sleep 1
  done
  log "$name server not ready; see $dir/server.log"
  exit 1
}

# burst NAME COUNT CURL-CONFIG-LINES-FUNCTION [curl options]: runs COUNT requests, prints CPU ms.
burst() {
  local label=$1 count=$2 make=$3 config before after started ended codes
  shift 3
  config=$RUN_DIR/$label.curl
  : >"$config"
  for i in $(seq 1 "$count"); do "$make" "$i" >>"$config"; done
  sed -i '$d' "$config" # no "next" after the last request
  before=$(cpu_ticks)
  started=$(date +%s%N)
  codes=$(curl -s --max-time 900 "$@" -K "$config" | sort | uniq -c | tr -s ' ' | tr '\n' ',')
  ended=$(date +%s%N)
  after=$(cpu_ticks)
  echo "$(( (after - before) * 1000 / TICK )) $(( (ended - started) / 1000000 )) $codes"
}

basic_header() { printf 'Authorization: Basic %s' "$(printf '%s' "$1" | base64 -w0)"; }
req_public() { printf 'url = "http://127.0.0.1:%s/api/ai/status"\noutput = "/dev/null"\nwrite-out = "%%{http_code}\\n"\nnext\n' "$PORT"; }
req_public_wrong() {
  printf 'url = "http://127.0.0.1:%s/api/ai/status"\nheader = "%s"\noutput = "/dev/null"\nwrite-out = "%%{http_code}\\n"\nnext\n' \
    "$PORT" "$(basic_header "u$1-$RANDOM:wrong")"
}
req_admin_wrong() {
  printf 'url = "http://127.0.0.1:%s/api/ai/admin/index"\nheader = "%s"\noutput = "/dev/null"\nwrite-out = "%%{http_code}\\n"\nnext\n' \
    "$PORT" "$(basic_header "u$1-$RANDOM:wrong")"
}
req_session() {
  printf 'url = "http://127.0.0.1:%s/api/ai/admin/account"\ncookie = "%s"\noutput = "/dev/null"\nwrite-out = "%%{http_code}\\n"\nnext\n' \
    "$PORT" "$RUN_DIR/cookies.txt"
}
req_basic() {
  printf 'url = "http://127.0.0.1:%s/api/ai/admin/account"\nheader = "%s"\noutput = "/dev/null"\nwrite-out = "%%{http_code}\\n"\nnext\n' \
    "$PORT" "$(basic_header "admin:$PASSWORD")"
}

sign_in() {
  local jar=$RUN_DIR/cookies.txt token
  rm -f "$jar"
  token=$(curl -s -c "$jar" -b "$jar" "http://127.0.0.1:$PORT/admin/login" |
    sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p')
  curl -s -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" \
    --data-urlencode "_csrf=$token" --data-urlencode "username=admin" \
    --data-urlencode "password=$PASSWORD" "http://127.0.0.1:$PORT/admin/login"
}

declare -A CPU WALL CODES
measure() {
  local name=$1 war=$2 auth=$3 out
  log "$name: starting $war"
  start "$name" "$war"
  log "$name: signed in: $(sign_in)"
  log "$name: warm-up: $(burst "$name-warm-up" 300 req_public) / $(burst "$name-warm-up-session" 300 req_session)"
  for spec in "public 200 req_public" "public-wrong 200 req_public_wrong" \
    "session $auth req_session" "basic $auth req_basic" \
    "admin-wrong 200 req_admin_wrong --interface 127.0.0.2"; do
    read -r label count make extra <<<"$spec"
    log "$name: $label ($count requests)"
    # shellcheck disable=SC2086 # extra curl options
    out=$(burst "$name-$label" "$count" "$make" $extra)
    read -r cpu wall codes <<<"$out"
    CPU[$name,$label]=$cpu WALL[$name,$label]=$wall CODES[$name,$label]=$codes
    log "$name: $label: cpu ${cpu} ms, wall ${wall} ms, statuses ${codes}"
  done
  stop_server
  CPU[$name,auth]=$auth
}

measure old "$OLD_WAR" "$OLD_AUTH"
measure new "$NEW_WAR" 1000

per() { awk -v a="$1" -v n="$2" 'BEGIN { printf "%.3f", a / n }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.1f %%", 100 * a / b }'; }
{
  echo "| burst | requests (old/new) | old: server CPU ms (wall ms) | new: server CPU ms (wall ms) | old statuses | new statuses |"
  echo "|---|---|---|---|---|---|"
  for label in public public-wrong admin-wrong session basic; do
    case $label in session | basic) n="${CPU[old,auth]}/${CPU[new,auth]}" ;; *) n="200/200" ;; esac
    echo "| $label | $n | ${CPU[old,$label]} (${WALL[old,$label]}) | ${CPU[new,$label]} (${WALL[new,$label]}) | ${CODES[old,$label]} | ${CODES[new,$label]} |"
  done
  echo
  echo "- (a) 200 wrong Basic headers on the public path (the review's probe): new/old server CPU = $(ratio "${CPU[new,public-wrong]}" "${CPU[old,public-wrong]}")"
  echo "- (a') 200 wrong Basic headers on a protected path (a new user name each time, one address): new/old = $(ratio "${CPU[new,admin-wrong]}" "${CPU[old,admin-wrong]}")"
  old_added=$(awk -v b="${CPU[old,basic]}" -v s="${CPU[old,session]}" -v n="${CPU[old,auth]}" 'BEGIN { printf "%.2f", (b - s) / n }')
  new_added=$(awk -v b="${CPU[new,basic]}" -v s="${CPU[new,session]}" -v n="${CPU[new,auth]}" 'BEGIN { printf "%.3f", (b - s) / n }')
  echo "- (b) right Basic, CPU per request above the same request on a session: old ${old_added} ms, new ${new_added} ms (per request: old $(per "${CPU[old,basic]}" "${CPU[old,auth]}") ms, new $(per "${CPU[new,basic]}" "${CPU[new,auth]}") ms; wall per request new $(per "${WALL[new,basic]}" "${CPU[new,auth]}") ms)"
} | tee "$RUN_DIR/results.md"
