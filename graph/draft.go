package graph

import (
	"context"
	"time"
)

// Draft is a practice an editor is writing. No read of the graph sees it — lists,
// lookups, counts, relationships of other entities, search, rankings, exports — until it
// is published: it is stored apart from the practices, and its links are kept as lists
// of ids, written as relationships when it is published.
type Draft struct {
	// Node holds the practice's fields; Node.Version is the draft's own version, which
	// every save increments.
	Node   Node
	Lists  []LinkSet // the link lists the practice will have, each link with the node's provenance
	Editor string    // who saved it last
	At     time.Time // when, on the database's clock
}

// DraftStore keeps drafts of practices.
type DraftStore interface {
	// SaveDraft validates the draft (Validate, complete) and writes it whole, creating
	// it when no draft has its id. Returns ECONFLICT when a published practice has the
	// id, or when expected is not 0 and the draft's version is no longer expected.
	SaveDraft(ctx context.Context, d Draft, expected int64) (Draft, error)
	// Drafts returns every draft, by id.
	Drafts(ctx context.Context) ([]Draft, error)
	// Draft returns one draft. Returns ENOTFOUND when there is none.
	Draft(ctx context.Context, id string) (Draft, error)
	// DeleteDraft removes a draft, which no reader saw. Returns ENOTFOUND when there is
	// none, ECONFLICT when expected is not 0 and the draft's version is no longer expected.
	DeleteDraft(ctx context.Context, id string, expected int64) error
}
