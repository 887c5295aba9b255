package search_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/search"
)

// walk is a practice whose summary names a walk, numbered n.
func walk(n int) graph.Indexable {
	t := func(fr, en string) graph.Text {
		return graph.Text{Orig: "en", Values: map[string]string{"fr": fr, "en": en}}
	}
	return graph.Indexable{Node: graph.Node{Kind: graph.KindPractice, ID: fmt.Sprintf("walk-%d", n), Texts: map[string]graph.Text{
		"name":    t(fmt.Sprintf("Promenade %d", n), fmt.Sprintf("Walk %d", n)),
		"summary": t("Une promenade des voisins.", "A neighbourhood walk."),
	}}}
}

func ids(res search.Result) map[string]bool {
	out := map[string]bool{}
	for _, h := range res.Hits {
		out[h.Ref.ID] = true
	}
	return out
}

// TestSearchResultsKeptUntilTheIndexChanges: a search repeated is answered from the
// results kept, equal to the first answer; a write, a deletion or a reset of the index
// is seen by the next search at once; a caller changing its copy changes no other.
func TestSearchResultsKeptUntilTheIndexChanges(t *testing.T) {
	x := MustOpenIndex(t)
	ctx := context.Background()
	if err := x.IndexBatch(ctx, []graph.Indexable{walk(1), walk(2)}, nil, 1); err != nil {
		t.Fatal(err)
	}
	q := search.Query{Text: "neighbourhood walk", Lang: "en", Size: 10}
	counts := x.ResultCacheStats
	run := func(q search.Query) search.Result {
		t.Helper()
		res, err := x.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}

	first := run(q)
	if got := ids(first); len(got) != 2 {
		t.Fatalf("first search = %v, want walk-1 and walk-2", got)
	}
	want := fmt.Sprint(first)
	h0, m0 := counts()
	again := run(q)
	if h, m := counts(); h != h0+1 || m != m0 {
		t.Errorf("repeated search: cache hits %d→%d, misses %d→%d; want one more hit", h0, h, m0, m)
	}
	if fmt.Sprint(again) != want {
		t.Errorf("repeated search = %+v, want %+v", again, first)
	}
	// Neither the caller of the computed result nor that of a kept one reaches another's.
	for _, r := range []search.Result{first, again} {
		r.Hits[0].Ref.ID = "changed by the caller"
		r.Hits[0].Cursor[0] = "0"
		r.Hits = r.Hits[:1]
	}
	if got := fmt.Sprint(run(q)); got != want {
		t.Errorf("after callers changed their results, search = %s, want %s", got, want)
	}

	// Another page size, language or filter is another search.
	_, m1 := counts()
	run(search.Query{Text: q.Text, Lang: "fr", Size: 10})
	run(search.Query{Text: q.Text, Lang: "en", Size: 1})
	run(search.Query{Text: q.Text, Lang: "en", Size: 10, Filters: search.Filters{"kind": {"Event"}}})
	if _, m := counts(); m != m1+3 {
		t.Errorf("three different searches cost %d computations, want 3", m-m1)
	}

	// A write is seen by the next search.
	if err := x.IndexBatch(ctx, []graph.Indexable{walk(3)}, nil, 2); err != nil {
		t.Fatal(err)
	}
	if got := ids(run(q)); len(got) != 3 || !got["walk-3"] {
		t.Errorf("after writing walk-3, search = %v, want the three walks", got)
	}
	if err := x.IndexBatch(ctx, nil, []graph.Ref{{Kind: graph.KindPractice, ID: "walk-1"}}, 3); err != nil {
		t.Fatal(err)
	}
	if got := ids(run(q)); len(got) != 2 || got["walk-1"] {
		t.Errorf("after deleting walk-1, search = %v, want walk-2 and walk-3", got)
	}
	if err := x.Reset(ctx); err != nil {
		t.Fatal(err)
	}
	if res := run(q); res.Total != 0 || len(res.Hits) != 0 {
		t.Errorf("after a reset, search = %d hits, want none", res.Total)
	}
}

// TestSearchResultsFollowConcurrentWrites: searches running while walks are written
// never keep a result past the write that changes it. Once every write has returned,
// a search finds every walk, its words' postings kept decoded across the writes or not.
// Run with -race.
func TestSearchResultsFollowConcurrentWrites(t *testing.T) {
	x := MustOpenIndex(t)
	t.Cleanup(search.DecodeEveryWord()) // after the searchers stop (cleanups run last first)
	ctx := context.Background()
	q := search.Query{Text: "neighbourhood walk", Lang: "en", Size: search.MaxSize, NoSnippets: true}
	const writes = 20
	var wg sync.WaitGroup
	stop := make(chan struct{})
	// Before the index closes (MustOpenIndex's cleanup, registered first, runs last),
	// however the test ends.
	t.Cleanup(func() { close(stop); wg.Wait() })
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := x.Search(ctx, q); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	for i := range writes {
		if err := x.IndexBatch(ctx, []graph.Indexable{walk(i)}, nil, int64(i+1)); err != nil {
			t.Fatal(err)
		}
		// Each write is seen at once by the next search, whatever the others keep.
		res, err := x.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if int(res.Total) != i+1 {
			t.Errorf("after write %d, search = %d hits, want %d", i+1, res.Total, i+1)
		}
	}
}

// TestSortKeysFollowTheIndex: the sort keys kept between searches (the tie-break of equal
// scores and half of each cursor) are those of the index's current content: a practice
// renamed moves among the practices of equal score at once, on first pages of words
// alone and of phrases, with facets and without. Two practices tie for the first page;
// a third, with a longer summary, scores less, so the page's end is no tie.
func TestSortKeysFollowTheIndex(t *testing.T) {
	x := MustOpenIndex(t)
	ctx := context.Background()
	named := func(id, name string) graph.Indexable {
		w := walk(0)
		w.Node.ID = id
		w.Node.Texts["name"] = graph.Text{Orig: "en", Values: map[string]string{"fr": name, "en": name}}
		return w
	}
	order := func(q search.Query) []string {
		t.Helper()
		res, err := x.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, h := range res.Hits {
			out = append(out, h.Ref.ID)
		}
		return out
	}
	longer := named("c", "Gamma")
	longer.Node.Texts["summary"] = graph.Text{Orig: "en", Values: map[string]string{
		"fr": "Une promenade des voisins, et bien plus.", "en": "A neighbourhood walk, and much more besides."}}
	if err := x.IndexBatch(ctx, []graph.Indexable{named("a", "Alpha"), named("b", "Beta"), longer}, nil, 1); err != nil {
		t.Fatal(err)
	}
	queries := []search.Query{
		{Text: "walk", Lang: "en", Size: 2},
		{Text: "walk", Lang: "en", Size: 2, NoFacets: true},
		{Text: "neighbourhood walk", Lang: "en", Size: 2},
		{Text: "neighbourhood walk", Lang: "en", Size: 2, NoFacets: true},
	}
	for _, q := range queries {
		if got := order(q); fmt.Sprint(got) != "[a b]" {
			t.Fatalf("%+v: %v, want [a b] (Alpha, Beta)", q, got)
		}
	}
	// Alpha becomes Zeta: Beta comes first.
	if err := x.IndexBatch(ctx, []graph.Indexable{named("a", "Zeta")}, nil, 2); err != nil {
		t.Fatal(err)
	}
	for _, q := range queries {
		if got := order(q); fmt.Sprint(got) != "[b a]" {
			t.Errorf("%+v after the rename: %v, want [b a] (Beta, Zeta)", q, got)
		}
	}
}
