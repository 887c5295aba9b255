package search

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/practicegraph/practicegraph/graph"
)

// GraphSource is what keeping the index in step needs from the graph store.
type GraphSource interface {
	Version(ctx context.Context) (int64, error)
	ChangedSince(ctx context.Context, v int64) (touched, deleted []graph.Ref, current int64, err error)
	AllRefs(ctx context.Context, kinds []graph.Kind) ([]graph.Ref, error)
	Indexables(ctx context.Context, refs []graph.Ref) ([]graph.Indexable, error)
	// IndexablesAfter returns up to limit nodes of kind k with their search context, the
	// first whose id sorts after after ("" for the first), in id order.
	IndexablesAfter(ctx context.Context, k graph.Kind, after string, limit int) ([]graph.Indexable, error)
	// CountOf returns how many nodes of the given kinds the graph holds.
	CountOf(ctx context.Context, kinds []graph.Kind) (int, error)
	// MarkIndexed records that the index indexID reflects version and prunes the
	// tombstones of deletions every index has passed; it returns how many it pruned.
	MarkIndexed(ctx context.Context, indexID string, version int64) (int, error)
	// PrunedThrough returns the version up to which tombstones have been pruned.
	PrunedThrough(ctx context.Context) (int64, error)
	// DependentsOf returns the searchable nodes whose documents hold the names of the
	// given cities and countries, to index again when those change.
	DependentsOf(ctx context.Context, refs []graph.Ref) ([]graph.Ref, error)
}

// SyncReport says what one catch-up did.
type SyncReport struct {
	From, To int64 // index version before and after
	Indexed  int
	Deleted  int
	Rebuilt  bool
	Repaired bool // the index was reopened after a fault
	Pruned   int  // tombstones pruned from the graph
}

// Syncer keeps an index in step with the graph. The graph's version counter and the
// version stored in the index say how far behind the index is, so a crash between a
// graph commit and its index update is repaired by the next catch-up.
type Syncer struct {
	Index *Index
	Graph GraphSource
	// RetryDelay is how long to wait before the attempt after the given number of
	// consecutive failed repairs; DefaultRetryDelay when nil.
	RetryDelay func(failures int) time.Duration
	// Rebuilding, when set, is called as a full rebuild starts; the function it returns
	// is called when the rebuild ends. A rebuild holds far more memory than searches do
	// (see rebuildChunk), which a server's memory settings may need to allow for.
	Rebuilding func() (end func())

	mu        sync.Mutex // one catch-up at a time; guards marked and markedYet
	marked    int64      // the version last recorded with MarkIndexed
	markedYet bool

	// Apart from mu, so that Health answers while a long rebuild runs.
	stateMu  sync.Mutex
	failures int       // consecutive failed catch-ups of a faulty index
	failedAt time.Time // when the index first failed
	lastTry  time.Time // when the last failed attempt ended
}

// DefaultRetryDelay doubles from one second up to a minute.
func DefaultRetryDelay(failures int) time.Duration {
	d := time.Second << min(max(failures-1, 0), 6)
	return min(d, time.Minute)
}

// Health returns nil when the index is in step or catching up normally, and otherwise
// why it is not: the fault that broke it, since when, and that repairs are under way.
func (s *Syncer) Health() error {
	fault := s.Index.Fault()
	if fault == nil {
		return nil
	}
	s.stateMu.Lock()
	since, failures := s.failedAt, s.failures
	s.stateMu.Unlock()
	if since.IsZero() {
		return graph.Wrap(graph.EUNAVAILABLE, fault, "search index failing (%s); repair pending", graph.ErrorMessage(fault))
	}
	return graph.Wrap(graph.EUNAVAILABLE, fault, "search index failing since %s (%s); %d repair attempts, retrying",
		since.UTC().Format(time.RFC3339), graph.ErrorMessage(fault), failures)
}

// chunk bounds how many nodes one Indexables call loads.
const chunk = 2000

// rebuildChunk is how many nodes one query of a full rebuild reads: as many as the
// batches writeBatch keeps in flight at once hold, so that a second batch is analysed
// while the first's segment is built. A rebuild holds three chunks at once (one being
// indexed, one read ahead, one being read), and a node read with its texts in every
// language is about 10 KB: chunks of 5,000 held 120 MB of the rebuild's 360 MB live at
// 100,000 practices.
const rebuildChunk = batchWriters * maxBatchDocs

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
//
// A faulty index (a write failed: disk full, folder unwritable or deleted) is reopened
// first, and rebuilt from the graph when its folder had to be created again; while that
// fails, attempts are spaced by RetryDelay and CatchUp returns EUNAVAILABLE at once.
// After each step forward the graph learns the index's version, so tombstones every
// index has passed are pruned.
func (s *Syncer) CatchUp(ctx context.Context) (SyncReport, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	repaired := false
	if fault := s.Index.Fault(); fault != nil {
		s.stateMu.Lock()
		failures, next := s.failures, s.lastTry.Add(s.retryDelay(s.failures))
		s.stateMu.Unlock()
		if failures > 0 && time.Now().Before(next) {
			return SyncReport{}, fmt.Errorf("search: index faulty, next repair at %s: %w", next.Format(time.TimeOnly), fault)
		}
		if err := s.Index.Repair(ctx); err != nil {
			return SyncReport{}, s.failed(ctx, err)
		}
		repaired = true
	}
	rep, err := s.catchUp(ctx)
	rep.Repaired = repaired
	if err != nil {
		return rep, s.failed(ctx, err)
	}
	if repaired {
		s.Index.Repaired()
	}
	s.stateMu.Lock()
	s.failures, s.failedAt, s.lastTry = 0, time.Time{}, time.Time{}
	s.stateMu.Unlock()
	if !s.markedYet || s.marked != rep.To {
		n, err := s.Graph.MarkIndexed(ctx, s.Index.ID(), rep.To)
		if err != nil {
			// The index is in step; tombstones wait for the next catch-up.
			return rep, fmt.Errorf("search: record index version: %w", err)
		}
		s.marked, s.markedYet, rep.Pruned = rep.To, true, n
	}
	return rep, nil
}

// failed counts a failed catch-up of a faulty index; the next attempt waits RetryDelay.
// Failures of the graph (Neo4j down) are not the index's: its own check reports them.
func (s *Syncer) failed(ctx context.Context, err error) error {
	if s.Index.Fault() == nil || ctx.Err() != nil {
		return err
	}
	s.stateMu.Lock()
	defer s.stateMu.Unlock()
	if s.failures == 0 {
		s.failedAt = time.Now()
	}
	s.failures++
	s.lastTry = time.Now()
	return err
}

func (s *Syncer) retryDelay(failures int) time.Duration {
	if s.RetryDelay != nil {
		return s.RetryDelay(failures)
	}
	return DefaultRetryDelay(failures)
}

func (s *Syncer) catchUp(ctx context.Context) (SyncReport, error) {
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
	// Read after the changes: tombstones pruned past the index's version meanwhile
	// would be missing from them.
	floor, err := s.Graph.PrunedThrough(ctx)
	if err != nil {
		return SyncReport{}, err
	}
	if from < floor {
		return s.rebuild(ctx, from)
	}
	var refs []graph.Ref
	var places []graph.Ref
	for _, r := range touched {
		if searchable(r.Kind) {
			refs = append(refs, r)
		}
		if r.Kind == graph.KindCity || r.Kind == graph.KindCountry {
			places = append(places, r)
		}
	}
	if len(places) > 0 {
		// Documents carry the names of their cities and countries: a renamed place
		// makes those of the nodes it is the place of stale.
		deps, err := s.Graph.DependentsOf(ctx, places)
		if err != nil {
			return SyncReport{}, err
		}
		refs = append(refs, deps...)
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
	// An unreadable version is no reason not to rebuild: the rebuild replaces it.
	from, _ := s.Index.Version()
	rep, err := s.rebuild(ctx, from)
	if err != nil {
		return rep, err
	}
	s.Index.Repaired()
	if rep.Pruned, err = s.Graph.MarkIndexed(ctx, s.Index.ID(), rep.To); err != nil {
		return rep, fmt.Errorf("search: record index version: %w", err)
	}
	s.marked, s.markedYet = rep.To, true
	return rep, nil
}

// visibleVersioner is a GraphSource whose nodes may carry a version before they become
// visible (a staged import's): VisibleVersion is the version through which every write
// is, which an index may record having read everything.
type visibleVersioner interface {
	VisibleVersion(ctx context.Context) (int64, error)
}

func (s *Syncer) rebuild(ctx context.Context, from int64) (_ SyncReport, err error) {
	// Read the version first: writes committed while the rebuild runs are newer and
	// will be caught up next time. Only the visible one: a running import's nodes
	// become visible later, stamped with the version it reserved.
	gv, err := s.Graph.Version(ctx)
	if vv, ok := s.Graph.(visibleVersioner); ok && err == nil {
		gv, err = vv.VisibleVersion(ctx)
	}
	if err != nil {
		return SyncReport{}, err
	}
	// The new index is written next to the current one, which keeps answering (flagged
	// as rebuilding) until the new one takes its place.
	if s.Rebuilding != nil {
		defer s.Rebuilding()()
	}
	b, err := s.Index.beginBuild(ctx)
	if err != nil {
		return SyncReport{}, err
	}
	defer func() {
		if err != nil {
			b.Abort()
		}
	}()
	total, err := s.Graph.CountOf(ctx, SearchableKinds())
	if err != nil {
		return SyncReport{}, err
	}
	s.Index.setRebuild(total, 0)
	// The graph is read one chunk ahead of the index: Neo4j finds and sends the next
	// chunk while this process analyses the current one.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type loaded struct {
		docs []graph.Indexable
		err  error
	}
	chunks := make(chan loaded, 1)
	go func() {
		defer close(chunks)
		for _, k := range SearchableKinds() {
			after := ""
			for {
				docs, err := s.Graph.IndexablesAfter(ctx, k, after, rebuildChunk)
				if err != nil {
					err = fmt.Errorf("search: load documents: %w", err)
				}
				if len(docs) == 0 && err == nil {
					break
				}
				select {
				case chunks <- loaded{docs, err}:
				case <-ctx.Done():
					return
				}
				if err != nil {
					return
				}
				if len(docs) < rebuildChunk {
					break
				}
				after = docs[len(docs)-1].Node.ID
			}
		}
	}()
	n := 0
	for c := range chunks {
		if c.err != nil {
			return SyncReport{}, c.err
		}
		if err := b.IndexBatch(ctx, c.docs); err != nil {
			return SyncReport{}, err
		}
		n += len(c.docs)
	}
	if err := ctx.Err(); err != nil {
		return SyncReport{}, err
	}
	if err := b.Commit(ctx, gv); err != nil {
		return SyncReport{}, err
	}
	return SyncReport{From: from, To: gv, Indexed: n, Rebuilt: true}, nil
}

// NeedsRebuild reports whether the next catch-up rebuilds the whole index (it is empty,
// ahead of the graph, or behind tombstones already pruned), and if so flags the index as
// rebuilding at once, so that searches say so from now on. A faulty index reports false:
// CatchUp repairs it first.
func (s *Syncer) NeedsRebuild(ctx context.Context) (bool, error) {
	from, err := s.Index.Version()
	if err != nil {
		return false, nil
	}
	gv, err := s.Graph.Version(ctx)
	if err != nil {
		return false, err
	}
	need := from == 0 && gv != 0 || from > gv
	if !need && from != gv {
		floor, err := s.Graph.PrunedThrough(ctx)
		if err != nil {
			return false, err
		}
		need = from < floor
	}
	if need {
		s.Index.setRebuild(-1, 0)
	}
	return need, nil
}

// RebuildingError is the error of a catch-up that did not wait for the full rebuild
// under way, or nil when none is: a write then reports that search lags.
func (s *Syncer) RebuildingError() error {
	p, ok := s.Index.Rebuilding()
	if !ok {
		return nil
	}
	return graph.Errorf(graph.EUNAVAILABLE, "%s", p.String())
}

// String says how far the rebuild has come, for readiness and warnings.
func (p RebuildProgress) String() string {
	if p.Total == 0 {
		return fmt.Sprintf("search index being rebuilt from the graph since %s", p.Since.UTC().Format(time.RFC3339))
	}
	return fmt.Sprintf("search index being rebuilt from the graph since %s: %d of %d documents", p.Since.UTC().Format(time.RFC3339), p.Indexed, p.Total)
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
