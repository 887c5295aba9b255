#!/usr/bin/env bash
# Benchmarks of the search index: build throughput and query latency (p50, p99) on a
# deterministic generated data set (100,000 practices unless PRACTICEGRAPH_BENCH_DOCS
# says otherwise). Prints the machine first, so figures can be compared.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2 " GiB"}')"
echo "documents: ${PRACTICEGRAPH_BENCH_DOCS:-100000} practices"
go test -run '^$' -bench . -benchtime 1x -timeout 60m ./search
