package search_test

import (
	"context"
	"testing"

	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/search"
)

// TestSearchFindsAnEnglishOnlyPracticeFromFrench: a practice whose texts exist only in
// English (a catalogue card) is found by an English query on its texts, and by a French
// query through its name and the stems the two languages share; its snippets are English.
func TestSearchFindsAnEnglishOnlyPracticeFromFrench(t *testing.T) {
	x, _ := MustOpenSeededIndex(t)
	en := func(s string) graph.Text { return graph.Text{Orig: "en", Values: map[string]string{"en": s}} }
	ref := graph.Ref{Kind: graph.KindPractice, ID: "rijeka-diversity-festival-rijeka"}
	doc := graph.Indexable{Node: graph.Node{Kind: graph.KindPractice, ID: ref.ID,
		Texts: map[string]graph.Text{
			graph.FieldPracticeName:     en("Rijeka Diversity Festival"),
			graph.FieldPracticePurpose:  en("To celebrate the city's many communities in its public spaces."),
			graph.FieldPracticeOutcomes: en("Grown from 5 to 40 participating associations."),
		},
		Props: map[string]any{graph.FieldPracticeStartYear: int64(2013)}}}
	if err := x.IndexBatch(context.Background(), []graph.Indexable{doc}, nil, 2); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ q, lang string }{
		{"Rijeka Diversity Festival", "en"},
		{"celebrating communities", "en"},
		{"festival de Rijeka", "fr"},
		{"diversity festival", "fr"},
		{"associations participantes", "fr"}, // French and English stem "associations" alike
	} {
		res, err := x.Search(context.Background(), search.Query{Text: tt.q, Lang: tt.lang, Size: 10})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, h := range res.Hits {
			if h.Ref == ref {
				found = true
				for _, s := range h.Snippets {
					if s.Field == "text" && s.Lang != "en" {
						t.Errorf("%q (%s): snippet in %s, want English, the only language the practice has", tt.q, tt.lang, s.Lang)
					}
				}
			}
		}
		if !found {
			t.Errorf("%q (%s) does not find the English-only practice: %+v", tt.q, tt.lang, res.Hits)
		}
	}
}
