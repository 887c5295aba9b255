#!/usr/bin/env bash
# The side-by-side benchmark (make bench-peer): practicegraph against its peer,
# @neo4j/graphql on Apollo Server, and against the floor, the Neo4j Go driver running the
# one best Cypher, all on the SAME fresh local Neo4j holding the SAME generated data.
# bench/peer/README.md says what each step measures.
#
#   scripts/bench-peer.sh
#
# Environment (defaults):
#   BENCH_PRACTICES      practices in the generated data set (10000; 100000 for the full run)
#   BENCH_CLIENTS        numbers of concurrent clients (1,8,32)
#   BENCH_ROUNDS         interleaved rounds per number of clients (3)
#   BENCH_DURATION       measured time of each run (8s)
#   BENCH_WARMUP         unrecorded warm-up before each run (2s)
#   BENCH_CASES          only these cases, comma-separated (all)
#   BENCH_NEO4J_PORT, BENCH_PROJECT_PORT, BENCH_PEER_PORT   7701, 8101, 4101
#   BENCH_NEO4J_HEAP, BENCH_NEO4J_PAGECACHE                2g, 1g
#   BENCH_NEO4J_START_TIMEOUT  seconds Neo4j may take to start (600)
#   BENCH_IMPORT_TIMEOUT seconds the import may take before the run fails (1800)
#   BENCH_REUSE_IMPORT   1 keeps the data set and Neo4j's home of the size between runs and
#                        skips generating and importing when a previous run imported them (0):
#                        for measuring serving changes; the import line then says it was reused
#   BENCH_NODE_LIMIT, BENCH_COMPLEXITY_LIMIT   practicegraph's PRACTICEGRAPH_NODE_LIMIT and
#                        PRACTICEGRAPH_COMPLEXITY_LIMIT during the run (5000000, 10000000): the
#                        nested case asks for every practice of 50 cities with their grants and
#                        the grants' cities, priced at 3,255,050 nodes and a complexity of
#                        6,640,152 by the default page sizes, while the peer has no limit at
#                        all; these operator settings let it answer as asked
#
# Everything lives in .data/bench-peer/ (git-ignored): the binaries built from this
# checkout, the peer's node_modules, the data set, Neo4j's home (wiped at every run unless
# BENCH_REUSE_IMPORT=1), the
# search index, logs, cases and results. Whatever the script started is stopped when it
# ends, also on failure or Ctrl-C.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"

PRACTICES="${BENCH_PRACTICES:-10000}"
CLIENTS="${BENCH_CLIENTS:-1,8,32}"
ROUNDS="${BENCH_ROUNDS:-3}"
DURATION="${BENCH_DURATION:-8s}"
WARMUP="${BENCH_WARMUP:-2s}"
CASES="${BENCH_CASES:-}"
NEO4J_PORT="${BENCH_NEO4J_PORT:-7701}"
PROJECT_PORT="${BENCH_PROJECT_PORT:-8101}"
PEER_PORT="${BENCH_PEER_PORT:-4101}"
IMPORT_TIMEOUT="${BENCH_IMPORT_TIMEOUT:-1800}"
REUSE_IMPORT="${BENCH_REUSE_IMPORT:-0}"
NODE_LIMIT="${BENCH_NODE_LIMIT:-5000000}"
COMPLEXITY_LIMIT="${BENCH_COMPLEXITY_LIMIT:-10000000}"

WORK="$REPO/.data/bench-peer"
BIN="$WORK/bin"
DATA="$WORK/data-$PRACTICES"
CASEDIR="$WORK/cases-$PRACTICES"
LOGS="$WORK/logs"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
RESULTS="$WORK/results-$PRACTICES-$STAMP.jsonl"
REPORT="$WORK/report-$PRACTICES-$STAMP.md"

# The benchmark's own Neo4j: its own home and port, never the one of make run or make test.
NEO4J_HOME_DIR="$WORK/neo4j"
# A kept import lives in a home of its own size, so a run of another size never wipes it.
[[ "$REUSE_IMPORT" == 1 ]] && NEO4J_HOME_DIR="$WORK/neo4j-kept-$PRACTICES"
export NEO4J_LOCAL_HOME="$NEO4J_HOME_DIR" NEO4J_LOCAL_PORT="$NEO4J_PORT"
export NEO4J_LOCAL_HEAP="${BENCH_NEO4J_HEAP:-2g}" NEO4J_LOCAL_PAGECACHE="${BENCH_NEO4J_PAGECACHE:-1g}"
# A fresh store on a busy machine can take minutes to come up.
export NEO4J_LOCAL_START_TIMEOUT="${BENCH_NEO4J_START_TIMEOUT:-600}"
export NEO4J_URI="bolt://127.0.0.1:$NEO4J_PORT" NEO4J_USER=neo4j NEO4J_PASSWORD=practicegraph-bench
unset NEO4J_DATABASE NEO4J_PASSWORD_FILE

say() { echo "bench-peer: $*" >&2; }
die() { say "FAILED: $*"; exit 1; }

for tool in go node npm java curl; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is required"
done
[[ -x /usr/bin/time ]] || die "/usr/bin/time is required for the importer's peak RSS (apt-get install time)"
for port in "$NEO4J_PORT" "$PROJECT_PORT" "$PEER_PORT"; do
  if timeout 1 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$port" 2>/dev/null; then
    die "port $port is already in use; stop what listens there or choose other BENCH_*_PORT values"
  fi
done

mkdir -p "$BIN" "$LOGS"
PROJECT_PID="" PEER_PID="" NEO4J_STARTED=""

# Stops, by pid, only what this run started.
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  for pid in $PROJECT_PID $PEER_PID; do
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  [[ -n "$NEO4J_STARTED" ]] && scripts/neo4j-local.sh stop >&2 || true
  if ((rc != 0)); then say "stopped everything it started (exit $rc); logs in $LOGS"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

MACHINE="$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2 " GiB"}') memory"
say "machine: $MACHINE; load average $(cut -d' ' -f1-3 /proc/loadavg)"
say "scale: $PRACTICES practices; clients $CLIENTS, $ROUNDS round(s) of $DURATION after $WARMUP warm-up"

# 1. Binaries from this checkout, and the peer's exact dependencies.
say "building practicegraph and benchpeer from $REPO"
# The commit the binaries are built from: the checkout may move while the run goes on.
BUILT_FROM="$(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD 2>/dev/null || echo ' (with uncommitted changes)')"
go build -o "$BIN/practicegraph" ./cmd/practicegraph
go build -o "$BIN/benchpeer" ./bench/peer
PEERDIR="$WORK/peer"
mkdir -p "$PEERDIR"
cp bench/peer/node/package.json bench/peer/node/package-lock.json bench/peer/node/server.mjs bench/peer/node/kinds.gen.mjs "$PEERDIR/"
if ! cmp -s "$PEERDIR/package-lock.json" "$PEERDIR/node_modules/.bench-peer-lock" 2>/dev/null; then
  say "installing the peer's dependencies (npm ci)"
  (cd "$PEERDIR" && npm ci --no-audit --no-fund --loglevel=error) >"$LOGS/npm.log" 2>&1 ||
    { tail -20 "$LOGS/npm.log" >&2; die "npm ci failed (full output in $LOGS/npm.log)"; }
  cp "$PEERDIR/package-lock.json" "$PEERDIR/node_modules/.bench-peer-lock"
fi

# 2. The data set (deterministic: the same size always gives the same files), and
# 3. a fresh Neo4j with practicegraph's own import, timed, with the importer's peak RSS;
# both skipped when BENCH_REUSE_IMPORT=1 finds the import a previous run completed.
IMPORTED_MARK="$NEO4J_LOCAL_HOME/.bench-peer-imported"
if [[ "$REUSE_IMPORT" == 1 && -f "$IMPORTED_MARK" && -f "$DATA/meta.json" ]]; then
  NEO4J_STARTED=1
  scripts/neo4j-local.sh start >&2
  NEO4J_PID="$(cat "$NEO4J_LOCAL_HOME/launcher.pid")"
  IMPORT_LINE="practicegraph import of $PRACTICES practices: reused from an earlier run ($(cat "$IMPORTED_MARK"))"
  say "$IMPORT_LINE"
else
  # 2. The data set (deterministic: the same size always gives the same files).
  rm -rf "$DATA"
  "$BIN/benchpeer" generate -practices "$PRACTICES" -out "$DATA" >&2

  # 3. A fresh Neo4j, and practicegraph's own import, timed, with the importer's peak RSS.
  scripts/neo4j-local.sh stop >/dev/null 2>&1 || true
  rm -rf "$NEO4J_LOCAL_HOME"
  NEO4J_STARTED=1
  scripts/neo4j-local.sh start >&2
  NEO4J_PID="$(cat "$NEO4J_LOCAL_HOME/launcher.pid")"
  say "importing $DATA with practicegraph import (timeout ${IMPORT_TIMEOUT}s)"
  set +e
  /usr/bin/time -v -o "$LOGS/import.time" timeout "$IMPORT_TIMEOUT" "$BIN/practicegraph" import "$DATA"/0*.yaml >"$LOGS/import.log" 2>&1
  import_rc=$?
  set -e
  import_wall="$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$LOGS/import.time")"
  import_rss_mb="$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$LOGS/import.time")"
  neo4j_rss_mb="$(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$NEO4J_PID/status" 2>/dev/null || echo "?")"
  IMPORT_LINE="practicegraph import of $PRACTICES practices: wall $import_wall (h:mm:ss), importer peak RSS $import_rss_mb MB, Neo4j RSS after $neo4j_rss_mb MB (heap $NEO4J_LOCAL_HEAP, page cache $NEO4J_LOCAL_PAGECACHE), exit $import_rc"
  say "$IMPORT_LINE"
  if ((import_rc != 0)); then
    tail -20 "$LOGS/import.log" >&2
    die "practicegraph import failed (exit $import_rc; full output in $LOGS/import.log)"
  fi
  date -u +%Y-%m-%dT%H:%M:%SZ >"$IMPORTED_MARK"
fi

# 4. practicegraph serve: ready, and its search index holds every practice. Its request
# timeout is the load tool's (30 s), as the peer has none: a slow answer is measured, not cut.
PGDATA="$WORK/practicegraph-data"
rm -rf "$PGDATA"
mkdir -p "$PGDATA"
PROJECT_URL="http://127.0.0.1:$PROJECT_PORT"
start_ns=$(date +%s%N)
PRACTICEGRAPH_ADDR="127.0.0.1:$PROJECT_PORT" PRACTICEGRAPH_DATA_DIR="$PGDATA" PRACTICEGRAPH_AUTO_SEED=false \
  PRACTICEGRAPH_CORS_ORIGINS="$PROJECT_URL" PRACTICEGRAPH_LOG_LEVEL=warn PRACTICEGRAPH_REQUEST_TIMEOUT=30s \
  PRACTICEGRAPH_NODE_LIMIT="$NODE_LIMIT" PRACTICEGRAPH_COMPLEXITY_LIMIT="$COMPLEXITY_LIMIT" \
  "$BIN/practicegraph" serve >"$LOGS/practicegraph.log" 2>&1 &
PROJECT_PID=$!
ready=""
for _ in $(seq 1 7200); do
  kill -0 "$PROJECT_PID" 2>/dev/null || { tail -20 "$LOGS/practicegraph.log" >&2; die "practicegraph serve exited"; }
  if curl -fsS "$PROJECT_URL/readyz" >/dev/null 2>&1; then
    [[ -n "$ready" ]] || ready=$(( ($(date +%s%N) - start_ns) / 1000000 ))
    # Ready may come before a rebuild ends: searching for everything must count every practice.
    n="$(curl -fsS -H 'Content-Type: application/json' "$PROJECT_URL/graphql" \
      -d '{"query":"{ search(query: \"\", filter: {kinds: [PRACTICE]}, first: 1) { totalCount } }"}' 2>/dev/null |
      sed -n 's/.*"totalCount":\([0-9]*\).*/\1/p')"
    [[ "$n" == "$PRACTICES" ]] && break
  fi
  sleep 0.5
done
[[ "${n:-}" == "$PRACTICES" ]] || die "practicegraph's search index did not reach $PRACTICES practices (last count: ${n:-none})"
indexed=$(( ($(date +%s%N) - start_ns) / 1000000 ))
INDEX_LINE="practicegraph serve: /readyz after $(awk "BEGIN {printf \"%.1f\", $ready/1000}") s, search index holding all $PRACTICES practices after $(awk "BEGIN {printf \"%.1f\", $indexed/1000}") s"
say "$INDEX_LINE (pid $PROJECT_PID)"

# 5. The peer, and the fulltext index its @fulltext directive (and the floor) query.
(cd "$PEERDIR" && exec env PORT="$PEER_PORT" node server.mjs) >"$LOGS/peer.log" 2>&1 &
PEER_PID=$!
for _ in $(seq 1 240); do
  grep -q "peer ready" "$LOGS/peer.log" 2>/dev/null && break
  kill -0 "$PEER_PID" 2>/dev/null || { tail -20 "$LOGS/peer.log" >&2; die "the peer exited"; }
  sleep 0.5
done
grep -q "peer ready" "$LOGS/peer.log" || die "the peer did not start within 120 s"
say "$(head -1 "$LOGS/peer.log")"
FULLTEXT_LINE="$("$BIN/benchpeer" fulltext)"
say "$FULLTEXT_LINE"

# 6. The cases, the equivalence check (nothing is timed unless it passes), the load.
rm -rf "$CASEDIR"
"$BIN/benchpeer" cases -data "$DATA" -out "$CASEDIR" -project "$PROJECT_URL/graphql" \
  -peer "http://127.0.0.1:$PEER_PORT/graphql" -project-pid "$PROJECT_PID" -peer-pid "$PEER_PID" >&2
say "checking that every target returns the same ids and counts"
"$BIN/benchpeer" check -cases "$CASEDIR" -data "$DATA" | tee "$LOGS/check.log" >&2 ||
  die "the equivalence check failed (see above and $LOGS/check.log); nothing was timed"
say "load: results in $RESULTS"
"$BIN/benchpeer" load -cases "$CASEDIR" -only "$CASES" -clients "$CLIENTS" -rounds "$ROUNDS" -dur "$DURATION" \
  -warm "$WARMUP" -neo4j-pid "$NEO4J_PID" -out "$RESULTS" >&2

# 7. The table, with what it ran on.
{
  echo "$PRACTICES practices ($(sed -n 's/.*"cities": \([0-9]*\).*/\1/p' "$DATA/meta.json" | head -1) cities, 60 countries), $STAMP, commit $BUILT_FROM"
  echo "machine: $MACHINE; Go $(go env GOVERSION), Node $(node --version), Neo4j 5.26 (local launcher, heap $NEO4J_LOCAL_HEAP, page cache $NEO4J_LOCAL_PAGECACHE)"
  echo "clients $CLIENTS; $ROUNDS round(s) of $DURATION after $WARMUP warm-up"
  echo
  echo "- $IMPORT_LINE"
  echo "- $INDEX_LINE"
  echo "- $FULLTEXT_LINE"
  echo
  "$BIN/benchpeer" summary -results "$RESULTS" -cases "$CASEDIR" -label "practicegraph vs @neo4j/graphql vs the Cypher floor, $PRACTICES practices"
} >"$REPORT"
cat "$REPORT"
say "report saved in $REPORT"
