#!/usr/bin/env bash
# Checks that `go generate ./...` (kindsgen, then gqlgen) leaves a clean tree unchanged:
# the committed generated code is current and the generators are deterministic.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
GO="${GO:-go}"
if [[ -n "$(git status --porcelain)" ]]; then
  echo "check-generate: the tree has uncommitted changes; commit or stash them first" >&2
  exit 1
fi
for run in 1 2; do
  "$GO" generate ./...
  if [[ -n "$(git status --porcelain)" ]]; then
    echo "check-generate: FAILED: run $run of go generate changed the tree:" >&2
    git status --short >&2
    exit 1
  fi
done
echo "check-generate: go generate ./... twice leaves the tree unchanged"
