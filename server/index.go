package server

import (
	"context"
	"errors"

	"github.com/practicegraph/practicegraph/graph"
)

// openIndex opens the search index and brings it in step with the graph.
func (s *Server) openIndex(ctx context.Context) error { return nil }

// extraChecks reports readiness of services beyond Neo4j, by name.
func (s *Server) extraChecks(ctx context.Context) map[string]string { return nil }

// closeServices closes the search index.
func (s *Server) closeServices() {}

// Reindex rebuilds the search index from the graph.
func Reindex(ctx context.Context, cfg Config, st graph.Store) (int, error) {
	return 0, errors.New("reindex: not available yet")
}
