// Package resolvers implements the GraphQL API over the graph store and the search index.
package resolvers

//go:generate sh -c "cd .. && go run github.com/99designs/gqlgen generate"

import (
	"github.com/practicegraph/practicegraph/app"
	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/search"
)

// Resolver is the root resolver; it holds the services resolvers call.
type Resolver struct {
	Store  graph.Store              // entities and their relationships
	Lists  graph.ListStore          // paged lists
	Collab graph.CollaborationStore // collaborations and statistics
	Index  search.TextIndex         // full-text search
	App    *app.App                 // the use cases: editing, ranking, search
}
