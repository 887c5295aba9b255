package search

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/blevesearch/bleve/v2"
	blevesearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/practicegraph/practicegraph/graph"
)

// TestPhraseScoresAsWholeIndex: phrases checked on some documents only (phraseScores)
// find exactly those of them the query finds in the whole index, with the same scores,
// across several segments; a document no longer in the index is skipped.
func TestPhraseScoresAsWholeIndex(t *testing.T) {
	x, err := Open(filepath.Join(t.TempDir(), "index"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = x.Close() })
	words := []string{"migrant", "women", "housing", "refugees", "tour", "neighbourhood"}
	ctx := context.Background()
	for batch := range 3 { // one segment per batch
		var docs []graph.Indexable
		for i := range 40 {
			n := batch*40 + i
			text := fmt.Sprintf("%s %s %s %s", words[n%6], words[(n/6)%6], words[(n/36)%6], words[(n+1)%6])
			docs = append(docs, graph.Indexable{Node: graph.Node{Kind: graph.KindPractice, ID: fmt.Sprint(n),
				Texts: map[string]graph.Text{"description": {Orig: "en", Values: map[string]string{"en": text, "fr": text}}}}})
		}
		if err := x.IndexBatch(ctx, docs, nil, int64(batch+1)); err != nil {
			t.Fatal(err)
		}
	}
	phrase := func() query.Query {
		p := bleve.NewMatchPhraseQuery("migrant women")
		p.SetField(textField("en"))
		return p
	}
	run := func(q query.Query) map[string]float64 {
		req := bleve.NewSearchRequestOptions(q, 1000, 0, false)
		res, err := x.idx.SearchInContext(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]float64{}
		for _, h := range res.Hits {
			out[h.ID] = h.Score
		}
		return out
	}
	whole := run(bleve.NewDisjunctionQuery(phrase()))
	if len(whole) < 3 {
		t.Fatalf("the phrase matches %d documents, want several", len(whole))
	}
	var ids []string
	for n := 0; n < 120; n += 5 { // every fifth document, matching or not, out of order
		ids = append(ids, docID(graph.Ref{Kind: graph.KindPractice, ID: fmt.Sprint(119 - n)}))
	}
	var hits blevesearch.DocumentMatchCollection
	for _, id := range append(ids, "Practice:no-such-document") {
		hits = append(hits, &blevesearch.DocumentMatch{ID: id})
	}
	got, err := phraseScores(ctx, x.idx, []query.Query{phrase()}, hits)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		if want, ok := whole[id]; got[id] != want || ok != (got[id] != 0) {
			t.Errorf("%s: score %v in the window, %v (found %v) in the whole index", id, got[id], want, ok)
		}
	}
	inWindow := map[string]bool{}
	for _, id := range ids {
		inWindow[id] = true
	}
	for id := range got {
		if !inWindow[id] {
			t.Errorf("%s found outside the window", id)
		}
	}
	if len(got) == 0 {
		t.Errorf("no document of the window matches; the test proves nothing")
	}
}
