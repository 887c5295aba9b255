#!/usr/bin/env bash
# Benchmarks, printed with the machine they ran on:
#  - the search index: build throughput and query latency (p50, p99) on deterministic
#    generated data (100,000 practices unless PRACTICEGRAPH_BENCH_DOCS says otherwise);
#  - the GraphQL API: p50 and p99 of whole page queries over HTTP against the seeded
#    real Neo4j (see test-neo4j.sh for which one).
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2 " GiB"}')"
. "$REPO/scripts/test-neo4j.sh"
go test -run '^$' -bench GraphQL -benchtime 200x ./server
echo "search documents: ${PRACTICEGRAPH_BENCH_DOCS:-100000} practices"
go test -run '^$' -bench . -benchtime 1x -timeout 60m ./search
