#!/usr/bin/env bash
# Runs the whole suite against a real Neo4j (see test-neo4j.sh for which one).
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
GO="${GO:-go}"

command -v "$GO" >/dev/null || { echo "test: Go is required (see README.md)" >&2; exit 1; }

. "$REPO/scripts/test-neo4j.sh"
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
# The packages that use Neo4j take turns on it (neo4jtest.Lock), and a test binary's
# clock runs while it waits for its turn: on a loaded machine the server package has
# waited out a 30-minute limit behind the others. The limit is for a hung test.
"$GO" test -race -count=1 -timeout 120m "$@" ./...
