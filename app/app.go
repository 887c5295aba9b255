// Package app holds practicegraph's use cases — editing, importing, ranking practices
// for transfer and searching — over the graph store and the search index. The GraphQL
// resolvers, the commands and the seed loader all go through it, so each rule (how a
// write is validated, committed and indexed; how a ranking is assembled) lives once.
//
// One package with one file per use case: the use cases share the same few services
// and helpers, and none is big enough to be a package of its own.
package app

import (
	"context"
	"time"

	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/search"
)

// WSearchLagging is the warning code of a committed write the search index does not
// reflect yet.
const WSearchLagging = "SEARCH_LAGGING"

// WSearchRebuilding is the warning code of search results answered while the search
// index is rebuilt from the graph: they may be incomplete.
const WSearchRebuilding = "SEARCH_REBUILDING"

// indexTimeout bounds how long a committed write waits for the search index.
const indexTimeout = 30 * time.Second

// App is the set of use cases over the services they need.
type App struct {
	Store graph.Store      // the source of truth
	Index search.TextIndex // full-text search, kept in step with Store
	// AfterCommit brings the search index in step with the graph after a committed
	// write; nil when nothing indexes (commands). Its error does not undo the write.
	AfterCommit func(ctx context.Context) error
	// Changes tells subscribers when the graph changed, once the index has caught up.
	Changes ChangeFeed
	// Drafts keeps editors' drafts of practices; nil keeps none.
	Drafts graph.DraftStore
}

// Warning is something the caller should know about a write that succeeded.
type Warning struct {
	Code    string // e.g. WSearchLagging
	Message string
}

// Outcome is what a committed write did.
type Outcome struct {
	Node     graph.Node // the entity as stored after a create or update
	Result   graph.ChangeResult
	Warnings []Warning
}

// commit applies a changeset, then brings the search index in step before returning,
// so a search right after the write finds it. An indexing failure leaves the write
// committed and becomes a warning; the next catch-up repairs the index.
func (a *App) commit(ctx context.Context, cs graph.Changeset) (Outcome, error) {
	// The editor the request signed in as is recorded in the entities' history.
	cs.Editor = graph.EditorName(ctx)
	res, err := a.Store.Apply(ctx, cs)
	if err != nil {
		return Outcome{}, err
	}
	out := Outcome{Result: res}
	if a.AfterCommit != nil {
		// The write is committed: finish indexing it even if the client goes away.
		ictx, cancel := context.WithTimeout(context.WithoutCancel(ctx), indexTimeout)
		defer cancel()
		if err := a.AfterCommit(ictx); err != nil {
			out.Warnings = append(out.Warnings, Warning{Code: WSearchLagging,
				Message: "saved, but the search index could not be updated yet (" + graph.ErrorMessage(err) + "); search results will catch up"})
		}
	}
	return out, nil
}
