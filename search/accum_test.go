package search_test

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/search"
)

// TestRankedScoresAreBleves checks the clause-by-clause scorer against bleve's own
// queries on the same index: the same hits, totals, order and scores, on the first page
// and on the first two pages' worth, which the next page must continue, for the benchmarks' realistic queries (common and rare words, several
// words, typos, names, filters) and for queries of the seed data, each asked with facets
// and without (bleve's collector, or the scorer's own) and with the largest page. The
// index is written in several batches with deletions between them, so documents are
// numbered across segments with holes.
func TestRankedScoresAreBleves(t *testing.T) {
	ctx := context.Background()
	// Every word's postings are kept decoded after their first walk, so the searches
	// after the first of each word are scored from them too.
	t.Cleanup(search.DecodeEveryWord())
	decodedBefore := search.DecodedRuns()
	d := generateBench(1500, realisticShape)
	x, _ := openSegmented(t, append(d.docs, seedIndexables(t)...), 400)
	// A word read from each segment's postings, in order and jumping ahead, gives bleve's
	// term searcher's documents and scores.
	read := 0
	for _, w := range []string{"intercultural", "women", "Practice", "absent"} {
		field := search.TextField("en")
		if w == "Practice" {
			field = "kind"
		}
		n, err := x.CompareTermPart(w, field, []uint64{1, 3, 17, 61, 997})
		if err != nil {
			t.Fatal(err)
		}
		read += n
	}
	if read < 1000 {
		t.Fatalf("only %d postings read alike: the comparison proves little", read)
	}

	queries := append(realisticQueries(), peerQueries()...)
	queries = append(queries,
		search.Query{Text: "Diversitours", Lang: "fr"},
		search.Query{Text: "reconnaissance des femmes migrantes", Lang: "fr", Size: 5},
		search.Query{Text: "conseil local de l'immigration", Lang: "fr", Filters: search.Filters{"kind": {"Practice"}}},
		search.Query{Text: "intercultural cities network", Lang: "en", Size: 100},
		search.Query{Text: "the of and", Lang: "en"},             // stop words only in some languages
		search.Query{Text: "visite visite quartier", Lang: "fr"}, // a word twice
		search.Query{Text: "formation", Lang: "fr", Filters: search.Filters{"country": {"country-none"}}},
		search.Query{Text: "formation", Lang: "fr", Filters: search.Filters{"year": {"2010"}, "country": {"country-3", "country-4"}}},
	)
	compared := 0
	for _, q := range queries {
		if q.Text == "" {
			continue // browsing is not scored
		}
		other := q
		other.NoFacets = !q.NoFacets
		largest := q
		largest.Size = search.MaxSize
		for _, v := range []search.Query{q, other, largest} {
			t.Run(fmt.Sprintf("%s/%s/nofacets=%v/size=%d", v.Lang, v.Text, v.NoFacets, v.Size), func(t *testing.T) {
				scored, collected := search.RankedRuns()
				got, _ := compareRanked(t, x, v, v)
				nowScored, nowCollected := search.RankedRuns()
				if nowScored == scored {
					t.Fatal("the search was not scored clause by clause")
				}
				if v.NoFacets && nowCollected == collected {
					t.Fatal("a first page without facets was not collected by the scorer")
				}
				size := cmp.Or(v.Size, search.DefaultSize)
				if got.Next != nil && 2*size <= search.MaxSize {
					// The next page continues the first: the two are the first two
					// pages' worth of hits in one, itself checked against bleve.
					// (bleve's own cursors are not compared: the order in which it adds
					// a document's scores follows its segments, so the same document
					// can score an ulp apart from one search to the next and come
					// again after its own cursor.)
					next := v
					next.After = got.Next
					x.ForgetResults()
					second, err := x.Search(ctx, next)
					if err != nil {
						t.Fatal(err)
					}
					both := v
					both.Size = 2 * size
					whole, _ := compareRanked(t, x, both, both)
					var paged, all []graph.Ref
					for _, h := range append(slices.Clone(got.Hits), second.Hits...) {
						paged = append(paged, h.Ref)
					}
					for _, h := range whole.Hits {
						all = append(all, h.Ref)
					}
					if !slices.Equal(paged, all) {
						t.Fatalf("two pages give %v, one page of both %v", paged, all)
					}
				}
				compared++
			})
		}
	}
	if compared < 100 {
		t.Fatalf("compared %d searches, want at least 100", compared)
	}
	if n := search.DecodedRuns() - decodedBefore; n < 100 {
		t.Fatalf("%d words walked from decoded postings, want at least 100", n)
	}

	// A query longer than the scorer counts (more than 255 words) is bleve's.
	var long []string
	for i := range 300 {
		long = append(long, fmt.Sprintf("%c%c", 'a'+i/26, 'a'+i%26))
	}
	scored, _ := search.RankedRuns()
	compareRanked(t, x, search.Query{Text: strings.Join(long, " "), Lang: "en"}, search.Query{Text: strings.Join(long, " "), Lang: "en"})
	if now, _ := search.RankedRuns(); now != scored {
		t.Error("a query of 300 words was scored clause by clause")
	}

	// A search whose context has ended fails, and leaves nothing behind for the next.
	q := search.Query{Text: "intercultural", Lang: "en", NoFacets: true}
	done, cancel := context.WithCancel(ctx)
	cancel()
	x.ForgetResults()
	if _, err := x.Search(done, q); !errors.Is(err, context.Canceled) {
		t.Fatalf("search on an ended context: err = %v, want context.Canceled", err)
	}
	compareRanked(t, x, q, q)
}

// openSegmented opens an index of docs written batch by batch, every seventh document of
// each batch deleted with the next, and checks that it has several segments, with
// deletions: documents are numbered across segments, with holes.
func openSegmented(t *testing.T, docs []graph.Indexable, batch int) (*search.Index, map[graph.Ref]bool) {
	t.Helper()
	deleted := map[graph.Ref]bool{}
	ctx := context.Background()
	// Each batch is written by an index opened for it alone and closed after it, so that
	// it lands in a segment of its own; bleve merges some of them, not all.
	path := filepath.Join(t.TempDir(), "index")
	for i := 0; i < len(docs); i += batch {
		var deletes []graph.Ref
		if i > 0 {
			for j := i - batch; j < i; j += 7 {
				deletes = append(deletes, docs[j].Node.Ref())
				deleted[docs[j].Node.Ref()] = true
			}
		}
		w, err := search.Open(path, search.Options{})
		if err != nil {
			t.Fatal(err)
		}
		err = w.IndexBatch(ctx, docs[i:min(i+batch, len(docs))], deletes, int64(i+1))
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	x, err := search.Open(path, search.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = x.Close() })
	if segs, deleted, err := x.Segments(); err != nil || segs < 2 || deleted == 0 {
		t.Fatalf("%d segments, %d documents deleted in them (%v): want several, with deletions", segs, deleted, err)
	}
	return x, deleted
}

// compareRanked runs q with the clause-by-clause scorer and want with bleve's queries, on
// results computed afresh, and checks they give the same hits, scores and totals (of
// equal scores at the end of the page, either may come).
func compareRanked(t *testing.T, x *search.Index, q, want search.Query) (got, bleves search.Result) {
	t.Helper()
	ctx := context.Background()
	x.ForgetResults()
	got, err := x.Search(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	restore := search.ScoreWithBleve()
	x.ForgetResults()
	bleves, err = x.Search(ctx, want)
	restore()
	if err != nil {
		t.Fatal(err)
	}
	if got.Total != bleves.Total || len(got.Hits) != len(bleves.Hits) {
		t.Fatalf("total %d, %d hits; bleve: total %d, %d hits", got.Total, len(got.Hits), bleves.Total, len(bleves.Hits))
	}
	if len(got.Hits) == 0 {
		return got, bleves
	}
	wantScore := map[graph.Ref]float64{}
	for _, h := range bleves.Hits {
		wantScore[h.Ref] = h.Score
	}
	last := bleves.Hits[len(bleves.Hits)-1].Score
	for i, h := range got.Hits {
		if !sameScore(h.Score, bleves.Hits[i].Score) {
			t.Fatalf("hit %d: %s score %v; bleve: %s %v", i, h.Ref, h.Score, bleves.Hits[i].Ref, bleves.Hits[i].Score)
		}
		if s, ok := wantScore[h.Ref]; ok && !sameScore(s, h.Score) {
			t.Fatalf("%s: score %v; bleve: %v", h.Ref, h.Score, s)
		} else if !ok && !sameScore(h.Score, last) {
			t.Fatalf("%s (score %v) is not among bleve's hits", h.Ref, h.Score)
		}
	}
	return got, bleves
}

// sameScore reports whether two scores are equal but for the order of their sums.
func sameScore(a, b float64) bool {
	return math.Abs(a-b) <= 1e-12*math.Max(math.Abs(a), math.Abs(b))
}

// TestRescoredPagesOrderTiesByKey: a several-word query's first page reads the sort keys
// of the hits that need one only. Hits of equal score still come in their sort key's
// order, on the first page and across pages, through the rescoring window and past it,
// with facets and without.
func TestRescoredPagesOrderTiesByKey(t *testing.T) {
	ctx := context.Background()
	x := MustOpenIndex(t)
	text := func(s string) graph.Text { return graph.Text{Orig: "fr", Values: map[string]string{"fr": s, "en": s}} }
	practice := func(id, name, summary string) graph.Indexable {
		return graph.Indexable{Node: graph.Node{Kind: graph.KindPractice, ID: id, Texts: map[string]graph.Text{
			"name": text(name), "summary": text(summary)}}}
	}
	var docs []graph.Indexable
	var want []graph.Ref
	// Ten practices of equal score, the best: the phrase, in names whose order is not their
	// ids' nor their writing's.
	names := []string{"Kappa", "Alpha", "Iota", "Beta", "Theta", "Gamma", "Eta", "Delta", "Zeta", "Epsilon"}
	for i, n := range names {
		docs = append(docs, practice(fmt.Sprintf("tie-%02d", 9-i), n, "visite quartier"))
	}
	sorted := slices.Clone(names)
	slices.Sort(sorted)
	for _, n := range sorted {
		want = append(want, graph.Ref{Kind: graph.KindPractice, ID: fmt.Sprintf("tie-%02d", 9-slices.Index(names, n))})
	}
	// Then 150 of falling scores: both words, apart, in ever longer texts. The 89th and
	// 90th are as long, so the window of a hundred ends on two hits of equal score, and
	// their names order them against their ids: the hits past the window resume after
	// the one whose key is last, not the one written last.
	for i := 1; i <= 150; i++ {
		id := fmt.Sprintf("long-%03d", i)
		n, name := i, fmt.Sprintf("Omega %03d", i)
		switch i {
		case 89:
			name = "Omega 090"
		case 90:
			n, name = 89, "Omega 089"
		}
		docs = append(docs, practice(id, name, "quartier "+strings.Repeat("lorem ", n)+"visite"))
		want = append(want, graph.Ref{Kind: graph.KindPractice, ID: id})
	}
	want[10+88], want[10+89] = want[10+89], want[10+88]
	if err := x.IndexBatch(ctx, docs, nil, 1); err != nil {
		t.Fatal(err)
	}
	for _, noFacets := range []bool{true, false} {
		q := search.Query{Text: "visite quartier", Lang: "fr", Size: 7, NoFacets: noFacets, NoSnippets: true}
		var got []graph.Ref
		for pages := 0; ; pages++ {
			if pages > 100 {
				t.Fatal("cursor does not advance")
			}
			res, err := x.Search(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if res.Total != uint64(len(want)) {
				t.Fatalf("total %d, want %d", res.Total, len(want))
			}
			for _, h := range res.Hits {
				got = append(got, h.Ref)
			}
			if res.Next == nil {
				break
			}
			q.After = res.Next
		}
		if !slices.Equal(got, want) {
			t.Errorf("no facets %v: pages give\n%v\nwant\n%v", noFacets, got, want)
		}
	}
}

// TestTiedPagesAreBleves: when hits of equal score straddle the end of a page or of the
// rescoring window, the scorer orders them by key reading only the keys of that score,
// and every page, through to the last, is the one bleve's collector gives reading every
// hit's key. One and two words (the second rescored with its phrase), pages of several
// sizes; with facets, bleve's collector orders the scorer's hits (the scorer's own
// collecting is for pages without facets).
func TestTiedPagesAreBleves(t *testing.T) {
	ctx := context.Background()
	text := func(s string) graph.Text { return graph.Text{Orig: "fr", Values: map[string]string{"fr": s, "en": s}} }
	var docs []graph.Indexable
	add := func(id, name, summary string) {
		docs = append(docs, graph.Indexable{Node: graph.Node{Kind: graph.KindPractice, ID: id, Texts: map[string]graph.Text{
			"name": text(name), "summary": text(summary)}}})
	}
	// 240 practices of one score whose names order them against their ids, between a few
	// better and a few worse, and 60 holding one word of two only.
	for i := range 240 {
		add(fmt.Sprintf("tie-%03d", i), fmt.Sprintf("Nom %03d", (i*97)%240), "zorblatt quokkanide")
	}
	for i := range 5 {
		add(fmt.Sprintf("best-%d", i), fmt.Sprintf("Zorblatt %d", i), "zorblatt quokkanide zorblatt")
	}
	for i := range 60 {
		add(fmt.Sprintf("half-%02d", i), fmt.Sprintf("Autre %02d", 59-i), "zorblatt "+strings.Repeat("lorem ", i%3))
	}
	// Interleaved with the benchmarks' generated practices, so that the index keeps
	// several segments, each holding some of each.
	other := generateBench(1500, realisticShape).docs
	for i, d := range docs {
		other = slices.Insert(other, min(len(other), i*5), d)
	}
	x, deleted := openSegmented(t, other, 400)
	// The key tables hold each document's key, in every segment.
	if n, err := x.CompareKeyTables(); err != nil || n < len(other)-len(deleted) {
		t.Fatalf("key tables: %d keys alike of %d documents (%v)", n, len(other)-len(deleted), err)
	}
	walk := func(q search.Query) (refs []graph.Ref, total uint64) {
		for pages := 0; ; pages++ {
			if pages > 400 {
				t.Fatal("cursor does not advance")
			}
			x.ForgetResults()
			res, err := x.Search(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			total = res.Total
			for _, h := range res.Hits {
				refs = append(refs, h.Ref)
			}
			if res.Next == nil {
				return refs, total
			}
			q.After = res.Next
		}
	}
	for _, text := range []string{"zorblatt", "zorblatt quokkanide"} {
		for _, size := range []int{1, 7, 20, 100} {
			for _, noFacets := range []bool{true, false} {
				q := search.Query{Text: text, Lang: "fr", Size: size, NoFacets: noFacets, NoSnippets: true}
				keyed, after := search.KeyedRuns()
				got, total := walk(q)
				if nowKeyed, nowAfter := search.KeyedRuns(); noFacets && (nowKeyed == keyed || nowAfter == after) {
					t.Fatalf("%q size %d: the scorer collected %d pages by key, %d after a cursor: want both",
						text, size, nowKeyed-keyed, nowAfter-after)
				}
				restore := search.ScoreWithBleve()
				want, wantTotal := walk(q)
				restore()
				if total != wantTotal || !slices.Equal(got, want) {
					t.Fatalf("%q size %d no facets %v: total %d, pages give\n%v\nbleve: total %d\n%v", text, size, noFacets, total, got, wantTotal, want)
				}
				if len(got) != int(total) || total < 240 {
					t.Fatalf("%q size %d: %d hits of %d, want every one, and the tied ones at least", text, size, len(got), total)
				}
				for _, r := range got {
					if deleted[r] {
						t.Fatalf("%q size %d: deleted %s found", text, size, r)
					}
				}
			}
		}
	}
	// A cursor whose score is not a number (no score equals it) is read as bleve reads it.
	first, err := x.Search(ctx, search.Query{Text: "zorblatt", Lang: "fr", Size: 20, NoFacets: true, NoSnippets: true})
	if err != nil || first.Next == nil {
		t.Fatalf("first page: %v, next %v", err, first.Next)
	}
	q := search.Query{Text: "zorblatt", Lang: "fr", Size: 20, NoFacets: true, NoSnippets: true, After: []string{"NaN", first.Next[1]}}
	got, total := walk(q)
	restore := search.ScoreWithBleve()
	want, wantTotal := walk(q)
	restore()
	if total != wantTotal || !slices.Equal(got, want) || len(got) == 0 {
		t.Fatalf("after a NaN cursor: total %d, %v; bleve: total %d, %v", total, got, wantTotal, want)
	}
}

// TestDecodedPostingsFollowTheIndex: a word's postings kept decoded belong to the index as
// it was when they were read. After documents are deleted, added and renumbered, searches
// of the same words give bleve's hits and scores again, none of them deleted, and the
// same bits as scores read without kept postings.
func TestDecodedPostingsFollowTheIndex(t *testing.T) {
	ctx := context.Background()
	t.Cleanup(search.DecodeEveryWord())
	x := MustOpenIndex(t)
	text := func(s string) graph.Text { return graph.Text{Orig: "fr", Values: map[string]string{"fr": s, "en": s}} }
	practice := func(id, summary string) graph.Indexable {
		return graph.Indexable{Node: graph.Node{Kind: graph.KindPractice, ID: id, Texts: map[string]graph.Text{
			"name": text("Pratique " + id), "summary": text(summary)}}}
	}
	var docs []graph.Indexable
	for i := range 120 {
		docs = append(docs, practice(fmt.Sprintf("p-%03d", i), "marche quartier "+strings.Repeat("lorem ", i%7)))
	}
	if err := x.IndexBatch(ctx, docs, nil, 1); err != nil {
		t.Fatal(err)
	}
	queries := []search.Query{
		{Text: "marche", Lang: "fr", Size: 100, NoFacets: true, NoSnippets: true},
		{Text: "marche quartier", Lang: "fr", Size: 100, NoFacets: true, NoSnippets: true},
	}
	for _, q := range queries {
		compareRanked(t, x, q, q)
	}
	before := search.DecodedRuns()
	for _, q := range queries {
		compareRanked(t, x, q, q)
	}
	if search.DecodedRuns() == before {
		t.Fatal("the second searches read no decoded postings")
	}
	// Every third practice goes; new ones, with the word more often, come.
	var deletes []graph.Ref
	for i := 0; i < 120; i += 3 {
		deletes = append(deletes, docs[i].Node.Ref())
	}
	var added []graph.Indexable
	for i := range 40 {
		added = append(added, practice(fmt.Sprintf("q-%03d", i), "marche marche quartier"))
	}
	if err := x.IndexBatch(ctx, added, deletes, 2); err != nil {
		t.Fatal(err)
	}
	gone := map[graph.Ref]bool{}
	for _, r := range deletes {
		gone[r] = true
	}
	for _, q := range queries {
		got, _ := compareRanked(t, x, q, q)
		if got.Total != 120-40+40 {
			t.Fatalf("%q: total %d, want %d", q.Text, got.Total, 120)
		}
		for _, h := range got.Hits {
			if gone[h.Ref] {
				t.Fatalf("%q: deleted %s found", q.Text, h.Ref)
			}
		}
		// Scores from kept postings are the very bits of scores read from the index.
		restore := search.DecodeNoWord()
		x.ForgetResults()
		read, err := x.Search(ctx, q)
		restore()
		if err != nil {
			t.Fatal(err)
		}
		before := search.DecodedRuns()
		var kept search.Result
		for range 2 { // the first keeps them, the second reads them
			x.ForgetResults()
			if kept, err = x.Search(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		if search.DecodedRuns() == before {
			t.Fatalf("%q: no word was read from kept postings", q.Text)
		}
		if len(kept.Hits) != len(read.Hits) {
			t.Fatalf("%q: %d hits from kept postings, %d read", q.Text, len(kept.Hits), len(read.Hits))
		}
		for i, h := range kept.Hits {
			if r := read.Hits[i]; h.Ref != r.Ref || math.Float64bits(h.Score) != math.Float64bits(r.Score) {
				t.Fatalf("%q hit %d: %s %v from kept postings, %s %v read", q.Text, i, h.Ref, h.Score, r.Ref, r.Score)
			}
		}
	}
}
