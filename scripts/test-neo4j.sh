# Sourced by test.sh and bench.sh: provides the Neo4j that tests and benchmarks use.
# Unless PRACTICEGRAPH_TEST_NEO4J_URI names a server whose data may be wiped, a
# throwaway local Neo4j is started on its own port and home (never the one `make run`
# uses) and stopped when the calling script exits. Sets PRACTICEGRAPH_TEST_NEO4J_*.
# NEO4J_LOCAL_VERSION (and NEO4J_LOCAL_CYPHER) choose another Neo4j release than the LTS,
# in a home of its own: a store that a newer release opened cannot go back.
started=""
if [[ -z "${PRACTICEGRAPH_TEST_NEO4J_URI:-}" ]]; then
  export NEO4J_LOCAL_HOME="${PRACTICEGRAPH_TEST_NEO4J_HOME:-$REPO/.data/neo4j-test${NEO4J_LOCAL_VERSION:+-$NEO4J_LOCAL_VERSION}}"
  export NEO4J_LOCAL_PORT="${PRACTICEGRAPH_TEST_NEO4J_PORT:-7688}"
  export NEO4J_PASSWORD="${PRACTICEGRAPH_TEST_NEO4J_PASSWORD:-practicegraph-test}"
  if ! "$REPO/scripts/neo4j-local.sh" start; then
    echo "$(basename "$0"): FAILED: the local test Neo4j could not start (see the messages above); the tests need a real Neo4j and do not run without one" >&2
    exit 1
  fi
  started=1
  trap '"$REPO/scripts/neo4j-local.sh" stop >/dev/null || true' EXIT
  export PRACTICEGRAPH_TEST_NEO4J_URI="bolt://127.0.0.1:${NEO4J_LOCAL_PORT}"
  export PRACTICEGRAPH_TEST_NEO4J_PASSWORD="$NEO4J_PASSWORD"
fi
# Tests never read these: a developer's own server must not be wiped by a test.
unset NEO4J_URI NEO4J_USER NEO4J_DATABASE
echo "$(basename "$0"): Neo4j for tests at $PRACTICEGRAPH_TEST_NEO4J_URI${started:+ (local, started for this run)}"
