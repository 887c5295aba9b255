package search_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/search"
)

// FuzzSearchQuery feeds arbitrary query texts, in plain and advanced syntax, to a
// small real index: a search never panics, and a query it cannot run is the client's
// mistake (BAD_USER_INPUT) or a time-out (UNAVAILABLE), never an internal error.
func FuzzSearchQuery(f *testing.F) {
	for _, s := range []string{
		"", " ", "visites guidées", "guided walks", "malimo", `"visite guidée"`, "+walks -bilbao",
		"name_fr:visite", "year:>=2020", "year:>abc", "a* ", "a* a* a* a* a* a*", "/re.*gex/", "~", "walks~2",
		`"unclosed`, "(((", "text_en:", ":", "^2", "walks^", "*", "?", `\`, "+-", "field:[1 TO 3]",
		"\x00", "ééé", "ł ż ś", "🙂", "a AND OR NOT b", "year:2021 OR year:2023",
	} {
		f.Add(s, false, "fr")
		f.Add(s, true, "en")
	}
	x, err := search.Open(filepath.Join(f.TempDir(), "index"), search.Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { _ = x.Close() })
	if err := x.IndexBatch(context.Background(), fuzzDocs(), nil, 1); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string, advanced bool, lang string) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_, err := x.Search(ctx, search.Query{Text: text, Advanced: advanced, Lang: lang, Size: 5})
		if code := graph.ErrorCode(err); err != nil && code != graph.EINVALID && code != graph.EUNAVAILABLE {
			t.Errorf("Search(%q, advanced %v, lang %q): %s error %v, want none, BAD_USER_INPUT or UNAVAILABLE", text, advanced, lang, code, err)
		}
	})
}

// fuzzDocs are a few practices and cities in two languages.
func fuzzDocs() []graph.Indexable {
	text := func(orig, fr, en string) graph.Text {
		return graph.Text{Orig: orig, Values: map[string]string{"fr": fr, "en": en}}
	}
	city := graph.Node{Kind: graph.KindCity, ID: "bilbao", Texts: map[string]graph.Text{"name": text("en", "Bilbao", "Bilbao")}}
	country := graph.Node{Kind: graph.KindCountry, ID: "spain", Texts: map[string]graph.Text{"name": text("en", "Espagne", "Spain")}}
	return []graph.Indexable{
		{Node: graph.Node{Kind: graph.KindPractice, ID: "diversitours", Texts: map[string]graph.Text{
			"name":    text("fr", "Diversitours", "Diversitours"),
			"summary": text("fr", "Des visites guidées des quartiers par leurs habitants.", "Guided walks of neighbourhoods by their residents."),
		}}, Cities: []graph.Node{city}, Countries: []graph.Node{country}, Years: []int{2019}},
		{Node: graph.Node{Kind: graph.KindPractice, ID: "welcome-walks", Texts: map[string]graph.Text{
			"name":    text("en", "Promenades de bienvenue", "Welcome walks"),
			"summary": text("en", "Les nouveaux arrivants parcourent la vieille ville.", "Newcomers walk the old town with residents."),
		}}, Years: []int{2024}},
		{Node: city, Countries: []graph.Node{country}},
	}
}
