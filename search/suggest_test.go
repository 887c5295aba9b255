package search_test

import (
	"context"
	"testing"

	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/search"
)

// TestSuggestNamesAsTheReaderTypes: the beginning of a name finds the entity; earlier
// words must be whole words of the name; kinds narrow the suggestions.
func TestSuggestNamesAsTheReaderTypes(t *testing.T) {
	x, _ := MustOpenSeededIndex(t)
	ctx := context.Background()
	has := func(refs []graph.Ref, want graph.Ref) bool {
		for _, r := range refs {
			if r == want {
				return true
			}
		}
		return false
	}
	for _, tt := range []struct {
		text  string
		kinds []graph.Kind
		want  graph.Ref
	}{
		{"divers", nil, graph.Ref{Kind: graph.KindPractice, ID: "diversitours"}},
		{"Bilb", []graph.Kind{graph.KindCity}, graph.Ref{Kind: graph.KindCity, ID: "bilbao"}},
		{"neuch", nil, graph.Ref{Kind: graph.KindCity, ID: "neuchatel"}}, // accents folded
		{"council of eur", []graph.Kind{graph.KindOrganisation}, graph.Ref{Kind: graph.KindOrganisation, ID: "council-of-europe"}},
	} {
		refs, err := x.Suggest(ctx, tt.text, tt.kinds, 8)
		if err != nil {
			t.Fatalf("Suggest(%q): %v", tt.text, err)
		}
		if !has(refs, tt.want) {
			t.Errorf("Suggest(%q, %v) = %v, want %s among them", tt.text, tt.kinds, refs, tt.want)
		}
		for _, r := range refs {
			if len(tt.kinds) > 0 && r.Kind != tt.kinds[0] {
				t.Errorf("Suggest(%q, %v) gave %s, of another kind", tt.text, tt.kinds, r)
			}
		}
	}
	if refs, err := x.Suggest(ctx, "b", nil, 8); err != nil || len(refs) != 0 {
		t.Errorf("Suggest(one letter) = %v, %v; want nothing", refs, err)
	}
	if refs, err := x.Suggest(ctx, "zzqx", nil, 8); err != nil || len(refs) != 0 {
		t.Errorf("Suggest(no such name) = %v, %v; want nothing", refs, err)
	}
}

// TestDidYouMean: a misspelt word is replaced by the nearest word of the graph's names
// and texts; words the graph holds, short words and numbers stay as typed.
func TestDidYouMean(t *testing.T) {
	x, _ := MustOpenSeededIndex(t)
	ctx := context.Background()
	for _, tt := range []struct {
		text, want string
		changed    bool
	}{
		{"Diversitous", "diversitours", true},
		{"visites Diversitous 2021", "visites diversitours 2021", true},
		{"immigartion council", "immigration council", true},
		{"visites guidées", "", false},
		{"Bilbao", "", false},
		{"qwxzvbnm", "", false}, // nothing near enough
	} {
		got, changed, err := x.DidYouMean(ctx, tt.text)
		if err != nil {
			t.Fatalf("DidYouMean(%q): %v", tt.text, err)
		}
		if got != tt.want || changed != tt.changed {
			t.Errorf("DidYouMean(%q) = %q, %v; want %q, %v", tt.text, got, changed, tt.want, tt.changed)
		}
	}
}

// TestCountryNameFindsWhatIsThere: a country's name finds the practices of its cities,
// whose texts need not name the country.
func TestCountryNameFindsWhatIsThere(t *testing.T) {
	x, _ := MustOpenSeededIndex(t)
	res, err := x.Search(context.Background(), search.Query{Text: "Espagne", Lang: "fr", Size: 50,
		Filters: search.Filters{"kind": {string(graph.KindPractice)}}})
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for _, h := range res.Hits {
		found[h.Ref.ID] = true
	}
	if !found["diversitours"] || !found["annual-recognition-of-migrant-women"] {
		t.Errorf("search Espagne among practices found %v, want Bilbao's practices (Diversitours, the recognition of migrant women)", found)
	}
}
