package search_test

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"testing"

	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/search"
)

// TestRankedScoresAreBleves checks the clause-by-clause scorer against bleve's own
// disjunction on the same index: the same hits, totals, order and scores, for the
// benchmarks' realistic queries (common and rare words, several words, typos, names,
// filters, pages) and for queries of the seed data. The index is written in several
// batches with deletions between them, so documents are numbered across segments with
// holes.
func TestRankedScoresAreBleves(t *testing.T) {
	ctx := context.Background()
	d := generateBench(1500, realisticShape)
	x, err := search.Open(filepath.Join(t.TempDir(), "index"), search.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = x.Close() })
	docs := append(d.docs, seedIndexables(t)...)
	const batch = 400
	for i := 0; i < len(docs); i += batch {
		var deletes []graph.Ref
		if i > 0 {
			// Every seventh document of the batch before goes.
			for j := i - batch; j < i; j += 7 {
				deletes = append(deletes, docs[j].Node.Ref())
			}
		}
		if err := x.IndexBatch(ctx, docs[i:min(i+batch, len(docs))], deletes, int64(i+1)); err != nil {
			t.Fatal(err)
		}
	}

	queries := append(realisticQueries(), peerQueries()...)
	queries = append(queries,
		search.Query{Text: "Diversitours", Lang: "fr"},
		search.Query{Text: "reconnaissance des femmes migrantes", Lang: "fr", Size: 5},
		search.Query{Text: "conseil local de l'immigration", Lang: "fr", Filters: search.Filters{"kind": {"Practice"}}},
		search.Query{Text: "intercultural cities network", Lang: "en", Size: 100},
		search.Query{Text: "the of and", Lang: "en"}, // stop words only in some languages
	)
	compared := 0
	for _, q := range queries {
		if q.Text == "" {
			continue // browsing is not scored
		}
		t.Run(fmt.Sprintf("%s/%s", q.Lang, q.Text), func(t *testing.T) {
			x.ForgetResults()
			got, err := x.Search(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			restore := search.ScoreWithBleve()
			x.ForgetResults()
			want, err := x.Search(ctx, q)
			restore()
			if err != nil {
				t.Fatal(err)
			}
			if got.Total != want.Total || len(got.Hits) != len(want.Hits) {
				t.Fatalf("total %d, %d hits; bleve: total %d, %d hits", got.Total, len(got.Hits), want.Total, len(want.Hits))
			}
			wantScore := map[graph.Ref]float64{}
			for _, h := range want.Hits {
				wantScore[h.Ref] = h.Score
			}
			last := want.Hits[len(want.Hits)-1].Score
			for i, h := range got.Hits {
				if !sameScore(h.Score, want.Hits[i].Score) {
					t.Fatalf("hit %d: %s score %v; bleve: %s %v", i, h.Ref, h.Score, want.Hits[i].Ref, want.Hits[i].Score)
				}
				if s, ok := wantScore[h.Ref]; ok && !sameScore(s, h.Score) {
					t.Fatalf("%s: score %v; bleve: %v", h.Ref, h.Score, s)
				} else if !ok && !sameScore(h.Score, last) {
					// Only a tie at the end of the page may bring another document.
					t.Fatalf("%s (score %v) is not among bleve's hits", h.Ref, h.Score)
				}
			}
			compared++
		})
	}
	if compared < 30 {
		t.Fatalf("compared %d queries, want at least 30", compared)
	}
}

// sameScore reports whether two scores are equal but for the order of their sums.
func sameScore(a, b float64) bool {
	return math.Abs(a-b) <= 1e-12*math.Max(math.Abs(a), math.Abs(b))
}
