// Package resolvers implements the GraphQL API: it reads the graph through the store
// and dataloaders, and runs writes, search and rankings through package app.
package resolvers

//go:generate sh -c "cd .. && go run github.com/99designs/gqlgen generate"

import (
	"github.com/practicegraph/practicegraph/app"
	"github.com/practicegraph/practicegraph/graph"
)

// Resolver is the root resolver; it holds the services resolvers call.
type Resolver struct {
	Store  graph.Store              // entities and their relationships
	Lists  graph.ListStore          // paged lists
	Collab graph.CollaborationStore // collaborations and statistics
	App    *app.App                 // the use cases: editing, ranking, search
	// History reads the revisions writes record.
	Revisions graph.HistoryStore
	// Related finds practices of other cities that share themes.
	ThemeNeighbours graph.RelatedStore
	// Answers, when not nil, keeps the compiled reader's answers for the graph state.
	Answers *Answers
}
