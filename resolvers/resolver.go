// Package resolvers implements the GraphQL API over the graph store and the search index.
package resolvers

//go:generate sh -c "cd .. && go run github.com/99designs/gqlgen generate"

import (
	"context"

	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/search"
)

// Resolver is the root resolver; it holds the services resolvers call.
type Resolver struct {
	Store  graph.Store              // entities and their relationships
	Lists  graph.ListStore          // paged lists
	Collab graph.CollaborationStore // collaborations and statistics
	Index  search.TextIndex         // full-text search
	// Committed is called after each committed mutation, to bring the search index in
	// step before the mutation returns. An error means search lags behind the write,
	// which stands.
	Committed func(ctx context.Context) error
}
