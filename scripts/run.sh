#!/usr/bin/env bash
# Brings up everything for `make run`: a local Neo4j unless NEO4J_URI points at one,
# then the server, which seeds an empty graph and builds its search index.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${1:-$REPO/bin/practicegraph}"
cd "$REPO"

if [[ -z "${NEO4J_URI:-}" ]]; then
  export NEO4J_PASSWORD="${NEO4J_PASSWORD:-practicegraph-local}"
  export NEO4J_LOCAL_PORT="${NEO4J_LOCAL_PORT:-7687}"
  scripts/neo4j-local.sh start
  export NEO4J_URI="bolt://127.0.0.1:${NEO4J_LOCAL_PORT}"
  export NEO4J_USER=neo4j
  echo "Using the local Neo4j at $NEO4J_URI (stop it with: make neo4j-down)"
else
  echo "Using NEO4J_URI from the environment; no local Neo4j is started"
fi
exec "$BIN" serve "${@:2}"
