# practicegraph — see README.md.
#   make run    local Neo4j (unless NEO4J_URI is set) + seeded server on http://localhost:8080
#   make test   the whole suite against a real, throwaway local Neo4j
#   make test-neo4j-latest   the same against the current Neo4j release (Java 21+)
SHELL := /usr/bin/env bash
GO ?= go
BIN := bin/practicegraph
# The release and commit stamped into the binary (`practicegraph version`, about, /metrics).
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT ?= $(shell git rev-parse HEAD 2>/dev/null || echo unknown)
LDFLAGS := -s -w -X github.com/practicegraph/practicegraph/buildinfo.version=$(VERSION) -X github.com/practicegraph/practicegraph/buildinfo.commit=$(COMMIT)

.PHONY: run test test-neo4j-latest reliability build image generate check-generate neo4j-up neo4j-down neo4j-status bench lint clean

build:
	$(GO) build -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/practicegraph

# The container image (Dockerfile); `docker compose up` runs it with Neo4j (README).
image:
	docker build --build-arg VERSION=$(VERSION) --build-arg COMMIT=$(COMMIT) -t practicegraph:$(VERSION) .

run: build
	scripts/run.sh $(BIN)

test:
	scripts/test.sh

# The current Neo4j release on Maven Central, last run green with test-neo4j-latest (README,
# "Neo4j"); Cypher 25 is the default language of its database, as in the neo4j.conf that
# releases since 2026.02 ship (NEO4J_CYPHER=5 for Cypher 5).
NEO4J_LATEST ?= 2026.08.1
NEO4J_CYPHER ?= 25

test-neo4j-latest:
	NEO4J_LOCAL_VERSION=$(NEO4J_LATEST) NEO4J_LOCAL_CYPHER=$(NEO4J_CYPHER) scripts/test.sh

# Fuzz targets for a bounded time each, then the outage and kill scenarios (README).
reliability:
	scripts/reliability.sh

generate:
	$(GO) generate ./...

# go generate twice on a clean tree must change nothing.
check-generate:
	scripts/check-generate.sh

neo4j-up:
	scripts/neo4j-local.sh start

neo4j-down:
	scripts/neo4j-local.sh stop

neo4j-status:
	scripts/neo4j-local.sh status

bench:
	scripts/bench.sh

lint:
	$(GO) vet ./...
	test -z "$$(gofmt -l $$(git ls-files '*.go'))"

clean:
	rm -rf bin

# The side-by-side benchmark against @neo4j/graphql and the Cypher floor (bench/peer/README.md).
#   make bench-peer BENCH_PRACTICES=100000 BENCH_CLIENTS=1,8,32 BENCH_ROUNDS=3 BENCH_DURATION=8s
BENCH_PRACTICES ?= 10000
BENCH_CLIENTS ?= 1,8,32
BENCH_ROUNDS ?= 3
BENCH_DURATION ?= 8s
BENCH_WARMUP ?= 2s

.PHONY: bench-peer
bench-peer:
	BENCH_PRACTICES=$(BENCH_PRACTICES) BENCH_CLIENTS=$(BENCH_CLIENTS) BENCH_ROUNDS=$(BENCH_ROUNDS) \
	BENCH_DURATION=$(BENCH_DURATION) BENCH_WARMUP=$(BENCH_WARMUP) scripts/bench-peer.sh

# The graphql-http audit of the GraphQL-over-HTTP spec against a running server (make run
# first, or GRAPHQL_URL=… for another): every MUST and SHOULD must pass.
GRAPHQL_URL ?= http://localhost:8080/graphql

.PHONY: audit-graphql-http
audit-graphql-http:
	cd conformance/graphql-http && npm ci --no-audit --no-fund --loglevel=error && node audit.mjs $(GRAPHQL_URL)
