package server_test

import (
	"strings"
	"testing"

	"github.com/practicegraph/practicegraph/cli"
)

// TestSearchHelpsTheReaderThroughGraphQL: names suggested while typing, a spelling
// proposed for a misspelt query, and a country's name finding what is in it.
func TestSearchHelpsTheReaderThroughGraphQL(t *testing.T) {
	ts := startServer(t, nil)

	const suggest = `query($text: String!, $kinds: [EntityKind!], $first: Int) {
  searchSuggestions(text: $text, kinds: $kinds, first: $first) { kind id label(lang: EN) }
}`
	var got struct {
		SearchSuggestions []struct{ Kind, ID, Label string }
	}
	ts.query(t, suggest, map[string]any{"text": "divers"}).decode(t, &got)
	if len(got.SearchSuggestions) == 0 || got.SearchSuggestions[0].ID != "diversitours" || got.SearchSuggestions[0].Label != "Diversitours" {
		t.Errorf("suggestions for divers = %+v, want Diversitours first", got.SearchSuggestions)
	}
	ts.query(t, suggest, map[string]any{"text": "bil", "kinds": []string{"CITY"}, "first": 3}).decode(t, &got)
	if len(got.SearchSuggestions) != 1 || got.SearchSuggestions[0].Kind != "CITY" || got.SearchSuggestions[0].ID != "bilbao" {
		t.Errorf("city suggestions for bil = %+v, want Bilbao alone", got.SearchSuggestions)
	}
	res := ts.query(t, suggest, map[string]any{"text": "bil", "first": 0})
	if len(res.Errors) != 1 || res.Errors[0].Extensions["code"] != "BAD_USER_INPUT" || !strings.Contains(res.Errors[0].Message, "first") {
		t.Errorf("first: 0 answered %+v, want BAD_USER_INPUT naming first", res.Errors)
	}

	const spell = `query($q: String!) { search(query: $q, lang: EN, first: 5) { totalCount didYouMean edges { node { id } } } }`
	var found struct {
		Search struct {
			TotalCount int
			DidYouMean *string
			Edges      []struct{ Node struct{ ID string } }
		}
	}
	ts.query(t, spell, map[string]any{"q": "Diversitous neighbourhoods"}).decode(t, &found)
	if found.Search.DidYouMean == nil || *found.Search.DidYouMean != "diversitours neighbourhoods" {
		t.Errorf("didYouMean for %q = %s, want %q", "Diversitous neighbourhoods", orNull(found.Search.DidYouMean), "diversitours neighbourhoods")
	}
	ts.query(t, spell, map[string]any{"q": "Diversitours"}).decode(t, &found)
	if found.Search.DidYouMean != nil {
		t.Errorf("didYouMean for a known word = %q, want null", *found.Search.DidYouMean)
	}

	var practices struct {
		Search struct {
			Edges []struct{ Node struct{ ID string } }
		}
	}
	ts.query(t, `{ search(query: "Spain", lang: EN, filter: { kinds: [PRACTICE] }, first: 50) { edges { node { id } } } }`, nil).decode(t, &practices)
	ids := map[string]bool{}
	for _, e := range practices.Search.Edges {
		ids[e.Node.ID] = true
	}
	if !ids["diversitours"] {
		t.Errorf("practices found by Spain = %v, want Bilbao's Diversitours among them", ids)
	}
}

func orNull(s *string) string {
	if s == nil {
		return "null"
	}
	return *s
}

// TestNameSnippetsSayTheirLanguage: names are indexed in every language at once; a name
// snippet carries the language of the name it shows, not the page's.
func TestNameSnippetsSayTheirLanguage(t *testing.T) {
	ts := startServer(t, nil)
	got := ts.search(t, map[string]any{"q": "Reconnaissance annuelle des femmes migrantes", "lang": "EN"})
	for _, e := range got.Search.Edges {
		if e.Node.ID != "annual-recognition-of-migrant-women" {
			continue
		}
		for _, s := range e.Node.Snippets {
			if s.Field == "name" {
				if s.Lang != "FR" || !strings.Contains(s.HTML, "<mark>") {
					t.Errorf("name snippet %q is marked %s, want FR (the French name)", s.HTML, s.Lang)
				}
				return
			}
		}
		t.Fatalf("no name snippet for the practice: %+v", e.Node.Snippets)
	}
	t.Fatalf("the practice was not found by its French name: %+v", got.Search.Edges)
}

// TestRenamedPlaceFindsWhatIsThere: documents carry the names of their cities, so a
// name given to a city afterwards finds the practices it runs once the write returns.
func TestRenamedPlaceFindsWhatIsThere(t *testing.T) {
	ts := startServer(t, func(c *cli.Config) { c.EditorToken = editorToken })
	ts.query(t, `mutation { updateCity(id: "bilbao", input: {aliases: ["Bilbo"], provenance: {source: "icc-coordinators-meeting-2023", section: "test"}}) { id } }`, nil, asEditor...).decode(t, &struct{}{})
	var got struct {
		Search struct {
			Edges []struct{ Node struct{ ID string } }
		}
	}
	ts.query(t, `{ search(query: "Bilbo", lang: EN, filter: { kinds: [PRACTICE] }, first: 50) { edges { node { id } } } }`, nil).decode(t, &got)
	found := false
	for _, e := range got.Search.Edges {
		found = found || e.Node.ID == "diversitours"
	}
	if !found {
		t.Errorf("practices found by the city's new alias = %+v, want Bilbao's Diversitours", got.Search.Edges)
	}
}
