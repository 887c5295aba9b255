package search

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2/index/scorch"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/practicegraph/practicegraph/graph"
)

// TestFuzzyTermsAreBleves: the words a typo widens to, read segment by segment with a
// kept automaton, are those bleve's fuzzy dictionary gives, with the same edit
// distances and in the same order, across segments holding the same words, for words
// asked again (the automaton kept) and at one and two edits.
func TestFuzzyTermsAreBleves(t *testing.T) {
	x, err := Open(filepath.Join(t.TempDir(), "index"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = x.Close() })
	words := []string{"migrant", "migrants", "migration", "mitigant", "women", "woman", "wombat",
		"housing", "hosting", "house", "refugees", "refuge", "neighbourhood", "neighborhood"}
	ctx := context.Background()
	for batch := range 3 { // one segment per batch, the words spread over them
		var docs []graph.Indexable
		for i := range 20 {
			n := batch*20 + i
			text := fmt.Sprintf("%s %s", words[n%len(words)], words[(n*5+batch)%len(words)])
			docs = append(docs, graph.Indexable{Node: graph.Node{Kind: graph.KindPractice, ID: fmt.Sprint(n),
				Texts: map[string]graph.Text{"description": {Orig: "en", Values: map[string]string{"en": text, "fr": text}}}}})
		}
		if err := x.IndexBatch(ctx, docs, nil, int64(batch+1)); err != nil {
			t.Fatal(err)
		}
	}
	ai, err := x.idx.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := ai.Reader()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = r.Close() })
	if _, ok := r.(*scorch.IndexSnapshot); !ok {
		t.Fatalf("the reader is a %T: fuzzyTerms would only ask bleve", r)
	}
	fr := r.(index.IndexReaderFuzzy)
	found := 0
	for range 2 {
		for _, w := range []string{"migrant", "migrnt", "womn", "housing", "hous", "refugee", "neighbourhod", "zzzz"} {
			for _, fuzziness := range []int{1, 2} {
				got, err := fuzzyTerms(r, fr, textField("en"), w, fuzziness)
				if err != nil {
					t.Fatal(err)
				}
				want, err := fuzzyTermsOf(fr, textField("en"), w, fuzziness)
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(got, want) {
					t.Errorf("%q at %d edits: %v, bleve: %v", w, fuzziness, got, want)
				}
				found += len(got)
			}
		}
	}
	if found < 20 {
		t.Fatalf("only %d words found near the query's: the test proves little", found)
	}
	if _, err := typoAutomaton("word", 3); err == nil {
		t.Error("an automaton of three edits was built")
	}
}
