#!/usr/bin/env bash
# The reliability suite (make reliability): replays each fuzz target for a bounded time,
# then runs the outage and kill scenarios of reliability/ against the server binary and
# a throwaway local Neo4j it stops and restarts. Prints the figures the README quotes.
#
#   FUZZ_TIME=60s          how long each fuzz target runs (go test -fuzztime)
#   RELIABILITY_ROUNDS=3   how many times each scenario runs
#   PRACTICEGRAPH_TEST_NEO4J_PORT=7688   the local Neo4j's port, as for make test
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
GO="${GO:-go}"
FUZZ_TIME="${FUZZ_TIME:-60s}"
export RELIABILITY_ROUNDS="${RELIABILITY_ROUNDS:-3}"

# The scenarios stop and start Neo4j, so they need a local one of their own.
if [[ -n "${PRACTICEGRAPH_TEST_NEO4J_URI:-}" ]]; then
  echo "reliability: ignoring PRACTICEGRAPH_TEST_NEO4J_URI: the outage scenario stops Neo4j, so the suite starts its own local one" >&2
  unset PRACTICEGRAPH_TEST_NEO4J_URI
fi
. "$REPO/scripts/test-neo4j.sh"

summary=()
failed=0

# package  target  parallel workers (the handler's workers share one test database)
targets=(
  "./search FuzzSearchQuery 2"
  "./seed FuzzParse 2"
  "./seed FuzzParseCatalogue 2"
  "./server FuzzGraphQLHandler 1"
)
for t in "${targets[@]}"; do
  read -r pkg name workers <<<"$t"
  echo "reliability: fuzzing $name ($pkg) for $FUZZ_TIME"
  log="$(mktemp)"
  if "$GO" test -run '^$' -fuzz "^${name}\$" -fuzztime "$FUZZ_TIME" -parallel "$workers" "$pkg" >"$log" 2>&1; then
    execs="$(grep -o 'execs: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || echo 0)"
    summary+=("fuzz $name: ${execs:-0} executions in $FUZZ_TIME, no failure")
  else
    failed=1
    grep -v 'level=INFO' "$log" | tail -40 >&2
    summary+=("fuzz $name: FAILED (the failing input is saved under $pkg/testdata/fuzz/$name)")
  fi
  rm -f "$log"
done

echo "reliability: outage and kill scenarios, $RELIABILITY_ROUNDS rounds each"
log="$(mktemp)"
if "$GO" test -tags reliability -count=1 -v -timeout 30m ./reliability >"$log" 2>&1; then
  :
else
  failed=1
  grep -v 'level=INFO' "$log" | tail -60 >&2
fi
while IFS= read -r line; do summary+=("$line"); done < <(grep -E '^\s+reliability_test.go:[0-9]+: round|^--- (PASS|FAIL)' "$log" | sed -E 's/^\s+reliability_test.go:[0-9]+: //')
rm -f "$log"

echo
echo "reliability: summary ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
printf '  %s\n' "${summary[@]}"
if (( failed )); then
  echo "reliability: FAILED" >&2
  exit 1
fi
echo "reliability: ok"
