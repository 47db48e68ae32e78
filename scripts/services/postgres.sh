#!/usr/bin/env bash
# Provision, start and stop a throwaway PostgreSQL 15 + pgvector 0.8.0 server for integration tests.
#
# Debian 12 has PostgreSQL 15 but no pgvector package, so pgvector is built from Debian trixie's
# source package against it (STACK.md section 7). Each start creates a fresh cluster in a throwaway
# data directory under $AI_TEST_HOME, listening on 127.0.0.1 only; stop deletes it.
#
#   postgres.sh provision                 # idempotent; ~25 s the first time
#   postgres.sh start [--port P]          # default port 15432; database aitest, user aitest
#   postgres.sh env                       # prints export lines for the tests
#   postgres.sh stop                      # stops the server and deletes its data directory
#
# Exit codes: 0 ok, 1 failure, 2 usage error, 3 this host cannot run it (not root / not Debian-like).
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lib/common.sh
. "$SCRIPT_DIR/../lib/common.sh"
AI_TEST_HOME=${AI_TEST_HOME:-/var/tmp/cms-ai-test}
PG_MAJOR=15
PG_BIN=/usr/lib/postgresql/$PG_MAJOR/bin
PG_CONFIG=$PG_BIN/pg_config
PGVECTOR_VERSION=0.8.0
LOG_DIR=$AI_TEST_HOME/logs
RUN_DIR=$AI_TEST_HOME/run
BUILD_DIR=$AI_TEST_HOME/pgvector-build
PROVISION_LOG=$LOG_DIR/postgres-provision.log
DEFAULT_PORT=15432
DB=aitest
DB_USER=aitest
DB_PASSWORD=aitest

log() { echo "postgres.sh: $*" >&2; }
die() { echo "postgres.sh: error: $*" >&2; exit 1; }
usage_error() { echo "postgres.sh: $*" >&2; echo "usage: postgres.sh provision|start [--port P]|env|stop" >&2; exit 2; }

unsupported() {
  echo "postgres.sh: cannot provision PostgreSQL + pgvector on this host: $1. To run the integration tests against an existing PostgreSQL with the vector extension instead, export AI_TEST_PG_URL (e.g. jdbc:postgresql://127.0.0.1:5432/aitest), AI_TEST_PG_USER and AI_TEST_PG_PASSWORD." >&2
  exit 3
}


as_postgres() { runuser -u postgres -- "$@"; }

have_pgvector() { [ -f "/usr/share/postgresql/$PG_MAJOR/extension/vector.control" ]; }
have_server() { [ -x "$PG_BIN/postgres" ] && [ -x "$PG_BIN/initdb" ]; }

check_host() {
  have_server && have_pgvector && return 0
  [ "$(id -u)" = 0 ] || unsupported "installing packages needs root (running as $(id -un))"
  command -v apt-get >/dev/null || unsupported "there is no apt-get (not a Debian-like host)"
}

apt_install() {
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" >>"$PROVISION_LOG" 2>&1 </dev/null; then
    run_logged "apt-get update" apt-get update
    DEBIAN_FRONTEND=noninteractive run_logged "apt-get install $*" \
      apt-get install -y --no-install-recommends "$@"
  fi
}

build_pgvector() {
  echo "deb-src http://deb.debian.org/debian trixie main" >/etc/apt/sources.list.d/cms-ai-trixie-src.list
  run_logged "apt-get update (with trixie sources)" apt-get update
  apt_install "postgresql-server-dev-$PG_MAJOR" dpkg-dev make gcc
  rm -rf "$BUILD_DIR"
  mkdir -p "$BUILD_DIR"
  log "building pgvector $PGVECTOR_VERSION from Debian trixie's source package (about 15 s)"
  (cd "$BUILD_DIR" && run_logged "apt-get source pgvector=$PGVECTOR_VERSION" apt-get source --download-only "pgvector")
  (cd "$BUILD_DIR" && run_logged "unpack pgvector" dpkg-source -x ./pgvector_*.dsc src)
  grep -q "\"$PGVECTOR_VERSION\"\|$PGVECTOR_VERSION" "$BUILD_DIR/src/vector.control" ||
    log "note: trixie's pgvector is $(grep default_version "$BUILD_DIR/src/vector.control"), not $PGVECTOR_VERSION"
  run_logged "make pgvector" make -C "$BUILD_DIR/src" PG_CONFIG="$PG_CONFIG"
  run_logged "make install pgvector" make -C "$BUILD_DIR/src" PG_CONFIG="$PG_CONFIG" install
  rm -rf "$BUILD_DIR"
}

cmd_provision() {
  mkdir -p "$LOG_DIR" "$RUN_DIR"
  check_host
  if ! have_server; then
    log "installing postgresql-$PG_MAJOR"
    apt_install "postgresql-$PG_MAJOR"
  fi
  have_pgvector || build_pgvector
  have_pgvector || die "pgvector did not install into /usr/share/postgresql/$PG_MAJOR/extension"
}


data_dir() { echo "$AI_TEST_HOME/pg-data-$1"; }

running_port() { cat "$RUN_DIR/postgres.port" 2>/dev/null || true; }

cmd_start() {
  local port=$DEFAULT_PORT dir
  while [ $# -gt 0 ]; do
    case "$1" in
      --port) port=${2:?}; shift 2 ;;
      *) usage_error "start: unknown argument '$1'" ;;
    esac
  done
  [[ "$port" =~ ^[0-9]+$ ]] || usage_error "start: bad port '$port'"
  cmd_provision
  if [ -n "$(running_port)" ] && as_postgres "$PG_BIN/pg_ctl" status -D "$(data_dir "$(running_port)")" >/dev/null 2>&1; then
    [ "$(running_port)" = "$port" ] && { log "already running on port $port"; return 0; }
    die "already running on port $(running_port); stop it first"
  fi
  port_in_use "$port" && die "port $port on 127.0.0.1 is already in use by another process (see: ss -ltnp 'sport = :$port'); pick another with --port"
  [ "$(id -u)" = 0 ] || [ "$(id -un)" = postgres ] || unsupported "starting a throwaway cluster needs root or the postgres user"

  dir=$(data_dir "$port")
  rm -rf "$dir"
  mkdir -p "$dir"
  chown postgres:postgres "$dir"
  chmod 700 "$dir"
  run_logged "initdb" as_postgres "$PG_BIN/initdb" -D "$dir" -U postgres --auth=trust \
    --encoding=UTF8 --locale=C.UTF-8
  cat >>"$dir/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 100
shared_buffers = 256MB
maintenance_work_mem = 256MB
EOF
  cat >"$dir/pg_hba.conf" <<EOF
local all all trust
host  all all 127.0.0.1/32 scram-sha-256
EOF
  echo "$port" >"$RUN_DIR/postgres.port"
  local server_log=$LOG_DIR/postgres-$port.log
  : >"$server_log"
  chown postgres:postgres "$server_log"
  if ! as_postgres "$PG_BIN/pg_ctl" start -D "$dir" -l "$server_log" -w -t 30 >/dev/null 2>&1; then
    tail -n 15 "$server_log" 2>/dev/null | sed 's/^/    /' >&2 || true
    die "PostgreSQL did not start on port $port; log: $server_log"
  fi
  as_postgres "$PG_BIN/psql" -h "$dir" -p "$port" -U postgres -v ON_ERROR_STOP=1 -q \
    -c "CREATE ROLE $DB_USER LOGIN PASSWORD '$DB_PASSWORD'" \
    -c "CREATE DATABASE $DB OWNER $DB_USER" >/dev/null
  # pgvector is not a trusted extension: create it as superuser, as an operator would.
  as_postgres "$PG_BIN/psql" -h "$dir" -p "$port" -U postgres -d "$DB" -v ON_ERROR_STOP=1 -q \
    -c "CREATE EXTENSION vector" >/dev/null
  log "PostgreSQL $PG_MAJOR + pgvector $(as_postgres "$PG_BIN/psql" -h "$dir" -p "$port" -U postgres -d "$DB" -Atc "SELECT extversion FROM pg_extension WHERE extname='vector'") ready on 127.0.0.1:$port (database $DB, user $DB_USER)"
}

cmd_env() {
  local port
  port=$(running_port)
  [ -n "$port" ] || die "not running (start it with: $0 start)"
  echo "export AI_TEST_PG_URL=jdbc:postgresql://127.0.0.1:$port/$DB"
  echo "export AI_TEST_PG_USER=$DB_USER"
  echo "export AI_TEST_PG_PASSWORD=$DB_PASSWORD"
}

cmd_stop() {
  local port dir
  port=$(running_port)
  [ -n "$port" ] || { log "not running"; return 0; }
  dir=$(data_dir "$port")
  if [ -d "$dir" ]; then
    as_postgres "$PG_BIN/pg_ctl" stop -D "$dir" -m fast -w -t 30 >/dev/null 2>&1 || log "pg_ctl stop reported an error (already stopped?)"
    rm -rf "$dir"
  fi
  rm -f "$RUN_DIR/postgres.port"
  log "stopped PostgreSQL on port $port and deleted its data directory"
}

main() {
  [ $# -ge 1 ] || usage_error "missing command"
  local cmd=$1
  shift
  case "$AI_TEST_HOME" in /*) ;; *) die "AI_TEST_HOME must be an absolute path" ;; esac
  case "$cmd" in
    provision) cmd_provision ;;
    start) cmd_start "$@" ;;
    env) cmd_env ;;
    stop) cmd_stop ;;
    -h|--help|help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' ;;
    *) usage_error "unknown command '$cmd'" ;;
  esac
}

main "$@"
