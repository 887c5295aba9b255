package search_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/graph/neo4jstore"
	"github.com/practicegraph/practicegraph/graph/neo4jstore/neo4jtest"
	"github.com/practicegraph/practicegraph/search"
)

// noDelay retries a faulty index at once, so a test drives every attempt itself.
func noDelay(int) time.Duration { return 0 }

// practice is a minimal practice a test writes to the graph.
func practice(id, en, fr string) graph.Node {
	name := graph.Text{Orig: "en", Values: map[string]string{"en": en, "fr": fr}}
	return graph.Node{Kind: graph.KindPractice, ID: id, Texts: map[string]graph.Text{"name": name, "summary": name},
		Provenance: graph.Provenance{Source: "sync-test", Section: "test"}}
}

// syncSource is the Source the test practices cite: every write names where its facts
// come from, so each changeset writes it too (an unchanged upsert).
var syncSource = graph.Node{Kind: graph.KindSource, ID: "sync-test",
	Texts:      map[string]graph.Text{"title": {Orig: "en", Values: map[string]string{"en": "Sync test", "fr": "Test de synchronisation"}}},
	Provenance: graph.Provenance{Source: "sync-test", Section: "test"}}

func mustApply(t *testing.T, st *neo4jstore.Store, cs graph.Changeset) {
	t.Helper()
	cs.Upserts = append([]graph.Node{syncSource}, cs.Upserts...)
	if _, err := st.Apply(context.Background(), cs); err != nil {
		t.Fatal(err)
	}
}

// hits returns the ids of the practices a search finds.
func hits(t *testing.T, x *search.Index, text string) []string {
	t.Helper()
	res, err := x.Search(context.Background(), search.Query{Text: text, Lang: "en"})
	if err != nil {
		t.Fatalf("search %q: %v", text, err)
	}
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.Ref.ID)
	}
	return out
}

// TestSyncerRecoversFromUnwritableFolder: when the index folder cannot be written, a
// catch-up fails with an error instead of a panic, the syncer says why, retries are
// spaced, and once the fault is gone the index is rebuilt from the graph.
func TestSyncerRecoversFromUnwritableFolder(t *testing.T) {
	ctx := context.Background()
	st := neo4jtest.Open(t)
	x := MustOpenIndex(t)
	s := &search.Syncer{Index: x, Graph: st}
	mustApply(t, st, graph.Changeset{Upserts: []graph.Node{practice("harbour-walks", "Harbour walks", "Promenades du port")}})
	if _, err := s.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}

	// A file where the folder was: nothing can be written there, even by root, until it
	// is removed.
	if err := os.RemoveAll(x.Path()); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(x.Path(), []byte("not an index"), 0o600); err != nil {
		t.Fatal(err)
	}
	mustApply(t, st, graph.Changeset{Upserts: []graph.Node{practice("river-festival", "River festival", "Fête de la rivière")}})

	// Two attempts: the first write may still land in memory before the segment files
	// are written; by the second at the latest the fault is seen.
	var err error
	for range 2 {
		if _, err = s.CatchUp(ctx); err != nil {
			break
		}
		mustApply(t, st, graph.Changeset{Upserts: []graph.Node{practice("river-festival", "River festival", "Fête de la rivière")}})
	}
	if got := graph.ErrorCode(err); got != graph.EUNAVAILABLE {
		t.Fatalf("catch-up on an unwritable folder: code %q (%v), want UNAVAILABLE", got, err)
	}
	health := s.Health()
	if health == nil || !strings.Contains(graph.ErrorMessage(health), "search index failing") {
		t.Fatalf("Health() = %v, want the failure reported", health)
	}

	// With the default delay, an attempt right after a failure is not made.
	s.RetryDelay = nil
	if _, err := s.CatchUp(ctx); err == nil || !strings.Contains(err.Error(), "next repair at") {
		t.Errorf("catch-up right after a failure = %v, want it deferred", err)
	}
	s.RetryDelay = noDelay

	// The folder is still a file: the repair fails and says so.
	if _, err := s.CatchUp(ctx); graph.ErrorCode(err) != graph.EUNAVAILABLE || strings.Contains(err.Error(), "next repair at") {
		t.Errorf("repair while the fault lasts = %v, want UNAVAILABLE from a repair attempt", err)
	}
	if s.Health() == nil {
		t.Error("Health() = nil while the folder is unwritable")
	}

	if err := os.Remove(x.Path()); err != nil {
		t.Fatal(err)
	}
	rep, err := s.CatchUp(ctx)
	if err != nil {
		t.Fatalf("catch-up after the fault is removed: %v", err)
	}
	if !rep.Repaired || !rep.Rebuilt {
		t.Errorf("report = %+v, want the index repaired and rebuilt", rep)
	}
	if err := s.Health(); err != nil {
		t.Errorf("Health() after recovery = %v", err)
	}
	for _, q := range []string{"harbour walks", "river festival"} {
		if got := hits(t, x, q); len(got) == 0 {
			t.Errorf("search %q after recovery found nothing", q)
		}
	}
}

// TestSyncerRecoversFromDeletedFolder: the index folder deleted while the server runs
// is recreated and rebuilt from the graph; nothing panics on the way.
func TestSyncerRecoversFromDeletedFolder(t *testing.T) {
	ctx := context.Background()
	st := neo4jtest.Open(t)
	x := MustOpenIndex(t)
	s := &search.Syncer{Index: x, Graph: st, RetryDelay: noDelay}
	mustApply(t, st, graph.Changeset{Upserts: []graph.Node{practice("harbour-walks", "Harbour walks", "Promenades du port")}})
	if _, err := s.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(x.Path()); err != nil {
		t.Fatal(err)
	}
	mustApply(t, st, graph.Changeset{Upserts: []graph.Node{practice("river-festival", "River festival", "Fête de la rivière")}})

	// Whether the first write fails or lands in memory depends on when bleve writes its
	// files; a search on the broken index must not panic either way, and within three
	// catch-ups the folder is back with every document.
	_, _ = x.Search(ctx, search.Query{Text: "harbour"})
	recovered := false
	for range 3 {
		_, err := s.CatchUp(ctx)
		if err == nil && s.Health() == nil {
			if _, statErr := os.Stat(filepath.Join(x.Path(), "index_meta.json")); statErr == nil &&
				len(hits(t, x, "river festival")) > 0 && len(hits(t, x, "harbour walks")) > 0 {
				recovered = true
				break
			}
		}
		// A successful write to vanished files is only noticed by the next read or write.
		_, _ = x.DocCount()
		mustApply(t, st, graph.Changeset{Upserts: []graph.Node{practice("river-festival", "River festival", "Fête de la rivière")}})
	}
	if !recovered {
		t.Fatalf("index not recovered after three catch-ups: health %v", s.Health())
	}
}

// deletedRefs returns the tombstones the graph still holds.
func deletedRefs(t *testing.T, st *neo4jstore.Store) []graph.Ref {
	t.Helper()
	_, deleted, _, err := st.ChangedSince(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	return deleted
}

// TestTombstonesPruned: the tombstone of a deletion stays until every index kept in
// step with the graph has passed it; an index that was not counted and is older than
// the pruning is rebuilt, so it still drops the deleted document.
func TestTombstonesPruned(t *testing.T) {
	ctx := context.Background()
	st := neo4jtest.Open(t)
	a := &search.Syncer{Index: MustOpenIndex(t), Graph: st}
	b := &search.Syncer{Index: MustOpenIndex(t), Graph: st}
	late := MustOpenIndex(t)
	mustApply(t, st, graph.Changeset{Upserts: []graph.Node{
		practice("harbour-walks", "Harbour walks", "Promenades du port"),
		practice("river-festival", "River festival", "Fête de la rivière"),
	}})
	for _, s := range []*search.Syncer{a, b} {
		if _, err := s.CatchUp(ctx); err != nil {
			t.Fatal(err)
		}
	}
	// late copies the graph at this version without reporting it, as an index whose
	// server was stopped before it recorded its version would.
	v, err := a.Index.Version()
	if err != nil {
		t.Fatal(err)
	}
	docs, err := st.Indexables(ctx, []graph.Ref{{Kind: graph.KindPractice, ID: "harbour-walks"}, {Kind: graph.KindPractice, ID: "river-festival"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := late.IndexBatch(ctx, docs, nil, v); err != nil {
		t.Fatal(err)
	}

	gone := graph.Ref{Kind: graph.KindPractice, ID: "river-festival"}
	mustApply(t, st, graph.Changeset{Deletes: []graph.Ref{gone}})
	if rep, err := a.CatchUp(ctx); err != nil || rep.Pruned != 0 {
		t.Fatalf("first index caught up: %+v, %v; want nothing pruned while the second lags", rep, err)
	}
	if got := deletedRefs(t, st); len(got) != 1 || got[0] != gone {
		t.Fatalf("tombstones = %v, want %v kept for the lagging index", got, gone)
	}
	rep, err := b.CatchUp(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Pruned != 1 || rep.Deleted != 1 {
		t.Errorf("second index caught up: %+v, want its deletion applied and 1 tombstone pruned", rep)
	}
	if got := deletedRefs(t, st); len(got) != 0 {
		t.Errorf("tombstones = %v, want none once every index passed them", got)
	}
	if floor, err := st.PrunedThrough(ctx); err != nil || floor <= v {
		t.Errorf("PrunedThrough = %d, %v; want above %d", floor, err, v)
	}

	// The late index cannot learn the deletion from tombstones any more: it is rebuilt.
	rep, err = (&search.Syncer{Index: late, Graph: st}).CatchUp(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Rebuilt {
		t.Errorf("late index caught up: %+v, want a rebuild", rep)
	}
	if got := hits(t, late, "river festival"); contains(got, gone.ID) {
		t.Errorf("late index still finds the deleted practice: %v", got)
	}
	if got := hits(t, late, "harbour walks"); !contains(got, "harbour-walks") {
		t.Errorf("late index lost a practice: %v", got)
	}
}

// TestRebuildRecordsItsVersion: a rebuild (`practicegraph reindex`) counts as the index
// passing every deletion, so the tombstones only it was waiting for are pruned.
func TestRebuildRecordsItsVersion(t *testing.T) {
	ctx := context.Background()
	st := neo4jtest.Open(t)
	x := MustOpenIndex(t)
	mustApply(t, st, graph.Changeset{Upserts: []graph.Node{
		practice("harbour-walks", "Harbour walks", "Promenades du port"),
		practice("river-festival", "River festival", "Fête de la rivière"),
	}})
	mustApply(t, st, graph.Changeset{Deletes: []graph.Ref{{Kind: graph.KindPractice, ID: "river-festival"}}})
	rep, err := (&search.Syncer{Index: x, Graph: st}).Rebuild(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Rebuilt || rep.Indexed != 1 || rep.Pruned != 1 {
		t.Errorf("rebuild = %+v, want 1 document indexed and 1 tombstone pruned", rep)
	}
	if got := deletedRefs(t, st); len(got) != 0 {
		t.Errorf("tombstones after the rebuild = %v, want none", got)
	}
	if got := hits(t, x, "river festival"); contains(got, "river-festival") {
		t.Errorf("the rebuilt index finds the deleted practice: %v", got)
	}
}

// TestRebuildingBracketsTheRebuild: the Rebuilding hook is called as a full rebuild
// starts, and its end once the rebuilt index is in place, or once a rebuild fails.
func TestRebuildingBracketsTheRebuild(t *testing.T) {
	ctx := context.Background()
	st := neo4jtest.Open(t)
	x := MustOpenIndex(t)
	mustApply(t, st, graph.Changeset{Upserts: []graph.Node{practice("harbour-walks", "Harbour walks", "Promenades du port")}})
	var started, ended int
	var docsAtEnd uint64
	var onStart func() // what the next rebuild's start does besides counting
	s := &search.Syncer{Index: x, Graph: st, Rebuilding: func() func() {
		started++
		if onStart != nil {
			onStart()
		}
		return func() {
			ended++
			docsAtEnd, _ = x.DocCount()
		}
	}}
	if _, err := s.CatchUp(ctx); err != nil { // an empty index: the catch-up rebuilds it
		t.Fatal(err)
	}
	if started != 1 || ended != 1 || docsAtEnd == 0 {
		t.Errorf("after a rebuild: started %d, ended %d, documents at the end %d; want 1, 1, at least 1", started, ended, docsAtEnd)
	}
	if _, err := s.CatchUp(ctx); err != nil { // in step: nothing rebuilt
		t.Fatal(err)
	}
	if started != 1 || ended != 1 {
		t.Errorf("after a catch-up in step: started %d, ended %d; want 1, 1", started, ended)
	}
	// A rebuild whose request ends once it has started fails, and still ends.
	cancelled, cancel := context.WithCancel(ctx)
	onStart = cancel
	if _, err := s.Rebuild(cancelled); err == nil {
		t.Fatal("a rebuild cancelled as it started succeeded")
	}
	if started != 2 || ended != 2 {
		t.Errorf("after a failed rebuild: started %d, ended %d; want 2, 2", started, ended)
	}
}
