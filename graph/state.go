package graph

import "context"

// State identifies what the graph holds as readers see it. Every write through
// practicegraph moves Version; an import's beginning moves Version and holds Visible
// back, its publish or discard ends the hold (Imports, and Visible when it held the
// lowest); a database emptied and written again starts a new Epoch. So two reads at the
// same State read the same graph, and anything read from the graph at one State can be
// served again to a request that reads the same State.
type State struct {
	Epoch   string
	Version int64
	Visible int64 // the version through which every write is visible
	Imports int64 // imports begun and not yet published or discarded
}

// Covers reports whether what was read at state s is at least as recent as state o:
// the same epoch, and a later version, or the same with no more held back. Within one
// version, reservations only end (an import begins at a new version).
func (s State) Covers(o State) bool {
	if s.Epoch != o.Epoch {
		return false
	}
	return s.Version > o.Version || (s.Version == o.Version && s.Visible >= o.Visible && s.Imports <= o.Imports)
}

// StateReader reads the graph's State in one small round trip, under the request's
// bookmarks: a client that wrote reads a State that includes its write.
type StateReader interface {
	State(ctx context.Context) (State, error)
}
