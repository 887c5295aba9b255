package server

import (
	"context"

	"github.com/prometheus/client_golang/prometheus"
	"go.opentelemetry.io/otel/trace"

	"github.com/practicegraph/practicegraph/app"
	"github.com/practicegraph/practicegraph/graph"
)

// Graph is the graph store as the server uses it: entities, lists, collaborations,
// history and related practices.
type Graph interface {
	graph.Store
	graph.ListStore
	graph.CollaborationStore
	graph.HistoryStore
	graph.RelatedStore
	graph.StateReader
}

// Services are what the server serves, built by its caller.
type Services struct {
	Graph Graph    // the source of truth, read by the resolvers
	App   *app.App // the use cases, writes included
	// Bootstrap makes the data ready (schema, seed, search index in step); the server
	// retries it with backoff until it succeeds, and is ready only then.
	Bootstrap func(ctx context.Context) error
	// Maintain runs after a successful bootstrap until ctx ends, e.g. the search index
	// catch-up; nil for none.
	Maintain func(ctx context.Context)
	// Checks are readiness checks beyond the graph, by name: nil error means ok, a
	// ReadyNote ok with something to say (e.g. the search index is being rebuilt).
	Checks map[string]func(ctx context.Context) error
	// Metrics are the services' own Prometheus collectors (Neo4j, search index), served
	// at /metrics with the server's.
	Metrics []prometheus.Collector
	// Tracing makes the spans of requests, operations and resolvers; nil traces
	// nothing.
	Tracing trace.TracerProvider
	// Close releases the services once the server has stopped.
	Close func(ctx context.Context) error
}

// ReadyNote is what a readiness check returns when the server is ready but should say
// something, such as the progress of a search index rebuild; /readyz shows it after "ok: ".
type ReadyNote string

// Error returns the note.
func (n ReadyNote) Error() string { return string(n) }
