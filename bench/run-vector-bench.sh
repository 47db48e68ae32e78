#!/usr/bin/env bash
# Vector store benchmark: ingest rate and search latency/recall of the pgvector adapter against raw
# JDBC binary COPY, LangChain4j's PgVectorEmbeddingStore and the same query in plain SQL, and of the
# embedded Lucene store against a plain IndexWriter / KnnFloatVectorQuery, in one run. The program
# lives in src/bench/java/io/cmsai/bench/vector/ (VectorBench describes what is measured and how),
# compiled with the test classes under the bench profile (./mvnw -Pbench test-compile).
#
#   eval "$(scripts/services/postgres.sh env)"        # or export AI_TEST_PG_URL/USER/PASSWORD
#   bench/run-vector-bench.sh                          # 100,000 uniform random rows, 384 and 1536 dimensions
#   bench/run-vector-bench.sh --data uniform,minilm    # the full run: also real MiniLM embeddings (384)
#   bench/run-vector-bench.sh --rows 5000 --dims 384 --queries 50    # smoke run, ~1 minute
#   bench/run-vector-bench.sh --stores embedded ...    # the embedded store only (no PostgreSQL needed)
#   BENCH_SKIP_BUILD=1 bench/run-vector-bench.sh ...  # reuse the compiled benchmark and class path
#
# It compiles the module and the benchmark classes (offline Maven with -Pbench test-compile, log in
# target/bench-build.log; the profile adds LangChain4j's pgvector store in test scope), writes the
# test classpath once to target/bench/vector-classpath.txt (again when pom.xml is newer), then runs
# io.cmsai.bench.vector.VectorBench from target/test-classes (and the module's target/classes) with
# the options given (they override the defaults below). The markdown results are printed and kept
# in target/bench/<run>/results.md, the progress log beside them. It uses the PostgreSQL server
# named by AI_TEST_PG_URL, AI_TEST_PG_USER and AI_TEST_PG_PASSWORD (it neither starts nor stops it)
# and creates only tables named bench_*, dropped at the end (and at the start of the next run, if a
# run was interrupted). The embedded indexes go to target/bench/lucene (deleted at the end), the
# MiniLM embeddings of --data minilm to target/bench-cache (kept, so a re-run does not embed again).
#
# Environment: BENCH_JAVA_OPTS (default -Xmx4g; 100,000 x 1536 floats take ~0.6 GB);
# BENCH_SKIP_BUILD=1 (no Maven build; target/test-classes and the class path file must exist).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=../scripts/lib/common.sh
. scripts/lib/common.sh

JAVA_OPTS=${BENCH_JAVA_OPTS:--Xmx4g}
RUN_DIR=$ROOT/target/bench/$(date -u +%Y%m%dT%H%M%SZ)-vector
BENCH_CLASSES=$ROOT/target/test-classes
MODULE_CLASSES=$ROOT/target/classes
CLASSPATH_FILE=$ROOT/target/bench/vector-classpath.txt
BENCH_CP=
# shellcheck disable=SC2054 # the commas belong to one option value
DEFAULTS=(--rows 100000 --dims 384,1536 --queries 500 --batch 1000)
JAVA=java
[ -n "${JAVA_HOME:-}" ] && JAVA=$JAVA_HOME/bin/java

CLIENT_PID=

log() { echo "[run] $*" >&2; }
die() { log "error: $*"; exit 1; }

cleanup() {
  trap - EXIT INT TERM
  if [ -n "$CLIENT_PID" ] && kill -0 "$CLIENT_PID" 2>/dev/null; then
    kill -TERM "$CLIENT_PID" 2>/dev/null || true
    wait "$CLIENT_PID" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

check_database() {
  local missing=
  for v in AI_TEST_PG_URL AI_TEST_PG_USER AI_TEST_PG_PASSWORD; do
    [ -n "${!v:-}" ] || missing="$missing $v"
  done
  [ -z "$missing" ] || die "not set:$missing. Point them at a PostgreSQL with pgvector, e.g. eval \"\$(scripts/services/postgres.sh env)\" when the project's test server runs"
  case "$AI_TEST_PG_URL" in
    jdbc:postgresql://*) ;;
    *) die "AI_TEST_PG_URL must be a jdbc:postgresql:// URL, got $AI_TEST_PG_URL" ;;
  esac
}

# maven ARGS...: offline, quiet, with the bench profile; output appended to target/bench-build.log.
maven() {
  ./mvnw -q -o -B -Pbench -Dspotless.check.skip=true "$@" >>target/bench-build.log 2>&1 || {
    grep -E '^\[ERROR\]' target/bench-build.log | head -n 20 >&2 || tail -n 20 target/bench-build.log >&2
    die "the build failed; see target/bench-build.log"
  }
}

build() {
  mkdir -p target/bench
  if [ "${BENCH_SKIP_BUILD:-}" = 1 ]; then
    [ -f "$BENCH_CLASSES/io/cmsai/bench/vector/VectorBench.class" ] ||
      die "the benchmark classes are missing in $BENCH_CLASSES; build first (./mvnw -o -Pbench test-compile)"
    [ -d "$MODULE_CLASSES/io" ] ||
      die "the module's classes are missing in $MODULE_CLASSES; build first (./mvnw -o -Pbench test-compile)"
    [ -s "$CLASSPATH_FILE" ] ||
      die "$CLASSPATH_FILE is missing; run once without BENCH_SKIP_BUILD"
    log "not building: using $BENCH_CLASSES and $CLASSPATH_FILE"
  else
    : >target/bench-build.log
    log "compiling the module and the benchmark classes (offline; log in target/bench-build.log)"
    maven test-compile
  fi
  bench_classpath
}

# The benchmark classes, the module's classes and the test classpath (the last written once, again
# when pom.xml changes; never with BENCH_SKIP_BUILD=1).
bench_classpath() {
  if [ "${BENCH_SKIP_BUILD:-}" != 1 ]; then
    if [ ! -s "$CLASSPATH_FILE" ] || [ pom.xml -nt "$CLASSPATH_FILE" ]; then
      maven dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CLASSPATH_FILE"
    fi
  fi
  BENCH_CP=$BENCH_CLASSES:$MODULE_CLASSES:$(cat "$CLASSPATH_FILE")
}

# The stores the options ask for (the last --stores wins; both by default).
stores() {
  local stores=pgvector,embedded
  while [ $# -gt 0 ]; do
    if [ "$1" = --stores ] && [ $# -gt 1 ]; then stores=$2; shift; fi
    shift
  done
  echo "$stores"
}

main() {
  require_jdk
  case ",$(stores "$@")," in
    *,pgvector,*) check_database ;;
  esac
  build
  mkdir -p "$RUN_DIR"
  local about
  about="bench/run-vector-bench.sh${*:+ $*}; Java $("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.runtime.version/ {print $2}'); $(nproc) cores; load average at start $(cut -d' ' -f1-3 /proc/loadavg)"
  log "$about"
  # shellcheck disable=SC2086 # option list
  "$JAVA" $JAVA_OPTS -Dclk.tck="$(getconf CLK_TCK)" -cp "$BENCH_CP" io.cmsai.bench.vector.VectorBench \
    "${DEFAULTS[@]}" --about "$about" --out "$RUN_DIR/results.md" "$@" \
    2> >(tee "$RUN_DIR/progress.log" >&2) &
  CLIENT_PID=$!
  local rc=0
  wait "$CLIENT_PID" || rc=$?
  CLIENT_PID=
  [ -f "$RUN_DIR/results.md" ] && log "results: $RUN_DIR/results.md (progress log beside it)"
  return "$rc"
}

main "$@"
