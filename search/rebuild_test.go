package search_test

import (
	"context"
	"testing"

	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/graph/neo4jstore/neo4jtest"
	"github.com/practicegraph/practicegraph/search"
)

// gatedSource holds every IndexablesAfter call until gate is closed, so a test can look at
// the index while a rebuild is half-way, and says on loading when the first call began.
type gatedSource struct {
	search.GraphSource
	gate    chan struct{}
	loading chan struct{} // closed by the first IndexablesAfter call
}

func (g *gatedSource) IndexablesAfter(ctx context.Context, k graph.Kind, after string, limit int) ([]graph.Indexable, error) {
	select {
	case <-g.loading:
	default:
		close(g.loading)
	}
	select {
	case <-g.gate:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return g.GraphSource.IndexablesAfter(ctx, k, after, limit)
}

// TestRebuildKeepsAnswering: while a full rebuild runs, the index answers from what it
// held before, each result says a rebuild is under way and how far it has come, and a
// catch-up for a write does not wait for it; then the rebuilt index takes its place.
func TestRebuildKeepsAnswering(t *testing.T) {
	ctx := context.Background()
	st := neo4jtest.Open(t)
	x := MustOpenIndex(t)
	mustApply(t, st, graph.Changeset{Upserts: []graph.Node{practice("harbour-walks", "Harbour walks", "Promenades du port")}})
	if _, err := (&search.Syncer{Index: x, Graph: st}).CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	mustApply(t, st, graph.Changeset{Upserts: []graph.Node{practice("river-festival", "River festival", "Fête de la rivière")}})

	src := &gatedSource{GraphSource: st, gate: make(chan struct{}), loading: make(chan struct{})}
	s := &search.Syncer{Index: x, Graph: src}
	done := make(chan error, 1)
	go func() {
		_, err := s.Rebuild(ctx)
		done <- err
	}()
	<-src.loading

	res, err := x.Search(ctx, search.Query{Text: "harbour walks", Lang: "en"})
	if err != nil {
		t.Fatalf("search during the rebuild: %v", err)
	}
	if len(res.Hits) == 0 || res.Hits[0].Ref.ID != "harbour-walks" {
		t.Errorf("search during the rebuild = %v, want the practice the index held before", res.Hits)
	}
	if res.Rebuilding == nil {
		t.Fatal("result during the rebuild has no Rebuilding progress")
	}
	if res.Rebuilding.Total < 2 || res.Rebuilding.Indexed != 0 {
		t.Errorf("progress = %+v, want every practice to do and none done yet", *res.Rebuilding)
	}
	if got := hits(t, x, "river festival"); len(got) != 0 {
		t.Errorf("search for the practice written since = %v, want nothing until the rebuild ends", got)
	}
	if err := s.RebuildingError(); graph.ErrorCode(err) != graph.EUNAVAILABLE {
		t.Errorf("RebuildingError() during the rebuild = %v, want UNAVAILABLE saying so", err)
	}
	if err := s.Health(); err != nil {
		t.Errorf("Health() during the rebuild = %v, want healthy", err)
	}

	close(src.gate)
	if err := <-done; err != nil {
		t.Fatalf("rebuild: %v", err)
	}
	if _, ok := x.Rebuilding(); ok {
		t.Error("Rebuilding() still true after the rebuild")
	}
	res, err = x.Search(ctx, search.Query{Text: "river festival", Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) == 0 || res.Hits[0].Ref.ID != "river-festival" || res.Rebuilding != nil {
		t.Errorf("search after the rebuild = %v (rebuilding %v), want the new practice, not flagged", res.Hits, res.Rebuilding)
	}
	if err := s.RebuildingError(); err != nil {
		t.Errorf("RebuildingError() after the rebuild = %v", err)
	}
	if v, err := x.Version(); err != nil || v == 0 {
		t.Errorf("Version() after the rebuild = %d, %v, want the graph's", v, err)
	}
}
