package search

import (
	"context"
	"fmt"
	"sync"

	"github.com/practicegraph/practicegraph/graph"
)

// GraphSource is what keeping the index in step needs from the graph store.
type GraphSource interface {
	Version(ctx context.Context) (int64, error)
	ChangedSince(ctx context.Context, v int64) (touched, deleted []graph.Ref, current int64, err error)
	AllRefs(ctx context.Context, kinds []graph.Kind) ([]graph.Ref, error)
	Indexables(ctx context.Context, refs []graph.Ref) ([]graph.Indexable, error)
}

// SyncReport says what one catch-up did.
type SyncReport struct {
	From, To int64 // index version before and after
	Indexed  int
	Deleted  int
	Rebuilt  bool
}

// Syncer keeps an index in step with the graph. The graph's version counter and the
// version stored in the index say how far behind the index is, so a crash between a
// graph commit and its index update is repaired by the next catch-up.
type Syncer struct {
	Index *Index
	Graph GraphSource

	mu sync.Mutex // one catch-up at a time
}

// chunk bounds how many nodes one Indexables call loads.
const chunk = 2000

// SearchableKinds are the kinds the index holds.
func SearchableKinds() []graph.Kind {
	var out []graph.Kind
	for _, k := range graph.Kinds() {
		if k.Searchable {
			out = append(out, k.Kind)
		}
	}
	return out
}

func searchable(k graph.Kind) bool {
	spec, ok := graph.KindOf(k)
	return ok && spec.Searchable
}

// CatchUp brings the index to the graph's version: nothing when it is current, the
// changed nodes when it is behind, a rebuild when it is empty or ahead (the graph was
// replaced).
func (s *Syncer) CatchUp(ctx context.Context) (SyncReport, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	from, err := s.Index.Version()
	if err != nil {
		return SyncReport{}, err
	}
	gv, err := s.Graph.Version(ctx)
	if err != nil {
		return SyncReport{}, err
	}
	switch {
	case from == gv:
		return SyncReport{From: from, To: gv}, nil
	case from == 0 || from > gv:
		return s.rebuild(ctx, from)
	}
	touched, deleted, cur, err := s.Graph.ChangedSince(ctx, from)
	if err != nil {
		return SyncReport{}, err
	}
	var refs []graph.Ref
	for _, r := range touched {
		if searchable(r.Kind) {
			refs = append(refs, r)
		}
	}
	n, err := s.index(ctx, refs, deleted, cur)
	if err != nil {
		return SyncReport{}, err
	}
	return SyncReport{From: from, To: cur, Indexed: n, Deleted: len(deleted)}, nil
}

// Rebuild empties the index and indexes every searchable node of the graph.
func (s *Syncer) Rebuild(ctx context.Context) (SyncReport, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	from, err := s.Index.Version()
	if err != nil {
		return SyncReport{}, err
	}
	return s.rebuild(ctx, from)
}

func (s *Syncer) rebuild(ctx context.Context, from int64) (SyncReport, error) {
	// Read the version first: writes committed while the rebuild runs are newer and
	// will be caught up next time.
	gv, err := s.Graph.Version(ctx)
	if err != nil {
		return SyncReport{}, err
	}
	refs, err := s.Graph.AllRefs(ctx, SearchableKinds())
	if err != nil {
		return SyncReport{}, err
	}
	if err := s.Index.Reset(ctx); err != nil {
		return SyncReport{}, err
	}
	n, err := s.index(ctx, refs, nil, gv)
	if err != nil {
		return SyncReport{}, err
	}
	return SyncReport{From: from, To: gv, Indexed: n, Rebuilt: true}, nil
}

// index loads refs from the graph in chunks and writes them; the version is stored
// with the last chunk only, so an interrupted run is redone.
func (s *Syncer) index(ctx context.Context, refs, deleted []graph.Ref, version int64) (int, error) {
	n := 0
	for start := 0; start < len(refs) || start == 0; start += chunk {
		end := min(start+chunk, len(refs))
		docs, err := s.Graph.Indexables(ctx, refs[start:end])
		if err != nil {
			return n, fmt.Errorf("search: load documents: %w", err)
		}
		v := version
		var del []graph.Ref
		if end < len(refs) {
			v, err = s.Index.Version() // keep the old stamp until the last chunk
			if err != nil {
				return n, err
			}
		} else {
			del = deleted
		}
		if err := s.Index.IndexBatch(ctx, docs, del, v); err != nil {
			return n, err
		}
		n += len(docs)
		if end >= len(refs) {
			break
		}
	}
	return n, nil
}
