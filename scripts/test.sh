#!/usr/bin/env bash
# Runs the whole suite against a real Neo4j. Unless PRACTICEGRAPH_TEST_NEO4J_URI names
# a server whose data may be wiped, a throwaway local Neo4j is started for the run on
# its own port and home (never the one `make run` uses) and stopped afterwards.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
GO="${GO:-go}"

command -v "$GO" >/dev/null || { echo "test: Go is required (see README.md)" >&2; exit 1; }

started=""
if [[ -z "${PRACTICEGRAPH_TEST_NEO4J_URI:-}" ]]; then
  export NEO4J_LOCAL_HOME="${PRACTICEGRAPH_TEST_NEO4J_HOME:-$REPO/.data/neo4j-test}"
  export NEO4J_LOCAL_PORT="${PRACTICEGRAPH_TEST_NEO4J_PORT:-7688}"
  export NEO4J_PASSWORD="${PRACTICEGRAPH_TEST_NEO4J_PASSWORD:-practicegraph-test}"
  if ! scripts/neo4j-local.sh start; then
    echo "test: FAILED: the local test Neo4j could not start (see the messages above); the tests need a real Neo4j and do not run without one" >&2
    exit 1
  fi
  started=1
  trap 'NEO4J_LOCAL_HOME="$NEO4J_LOCAL_HOME" NEO4J_LOCAL_PORT="$NEO4J_LOCAL_PORT" scripts/neo4j-local.sh stop >/dev/null || true' EXIT
  export PRACTICEGRAPH_TEST_NEO4J_URI="bolt://127.0.0.1:${NEO4J_LOCAL_PORT}"
  export PRACTICEGRAPH_TEST_NEO4J_PASSWORD="$NEO4J_PASSWORD"
fi
# Tests never read these: a developer's own server must not be wiped by a test.
unset NEO4J_URI NEO4J_USER NEO4J_DATABASE

echo "test: Neo4j for tests at $PRACTICEGRAPH_TEST_NEO4J_URI${started:+ (local, started for this run)}"
"$GO" vet ./...
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './.data/*'))
if [[ -n "$unformatted" ]]; then
  echo "test: FAILED: not gofmt-formatted (run gofmt -w):" >&2
  echo "$unformatted" >&2
  exit 1
fi
# The web end-to-end test (server/web_e2e_test.go) drives Debian's Chromium and fails
# without it. CI runs as root on Debian, so it can install it here.
if ! command -v chromium >/dev/null; then
  echo "test: installing Debian's chromium for the browser test"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } ||
    { echo "test: FAILED: could not install chromium (run as root, or: apt-get install chromium)" >&2; exit 1; }
fi
"$GO" test -race -count=1 -timeout 30m "$@" ./...
