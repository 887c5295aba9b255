package app

import (
	"strings"
	"testing"

	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/seed"
)

func TestVocabularyPrefersNamesToAliases(t *testing.T) {
	v := newVocabulary(graph.KindOrganisation, map[string]graph.Kind{})
	org := func(id, name, acronym string, aliases ...string) *vocabEntry {
		n := graph.Node{Kind: graph.KindOrganisation, ID: id, Texts: map[string]graph.Text{"name": {Orig: "fr", Values: map[string]string{"fr": name}}},
			Props: map[string]any{"acronym": acronym, "aliases": aliases}}
		e := &vocabEntry{node: n}
		v.add(e)
		return e
	}
	org("icc-programme", "Programme des Cités interculturelles", "ICC")
	org("icc-unit", "Unité des Cités interculturelles", "ICC")
	org("intercultural-cities-club", "ICC", "", "Intercultural Cities Club")
	org("reci", "Red de Ciudades Interculturales", "RECI", "Spanish network")
	for _, tt := range []struct {
		name string
		want []string
	}{
		{"ICC", []string{"intercultural-cities-club"}}, // a name beats two acronyms
		{"icc", []string{"intercultural-cities-club"}},
		{"Programme des cites interculturelles", []string{"icc-programme"}},
		{"reci", []string{"reci"}},
		{"Spanish Network", []string{"reci"}},
		{"RED DE CIUDADES INTERCULTURALES", []string{"reci"}},
		{"Unknown body", nil},
	} {
		var got []string
		for _, e := range v.find(tt.name) {
			got = append(got, e.node.ID)
		}
		if len(got) != len(tt.want) || (len(got) > 0 && got[0] != tt.want[0]) {
			t.Errorf("find(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
	if v.find("Cites interculturelles") != nil {
		t.Error("a part of a name must not match")
	}
}

func TestChangedFields(t *testing.T) {
	en := func(s string) graph.Text { return graph.Text{Orig: "en", Values: map[string]string{"en": s}} }
	stored := graph.Node{Texts: map[string]graph.Text{"name": {Orig: "en", Values: map[string]string{"en": "Walks", "fr": "Promenades"}}},
		Props: map[string]any{"startYear": int64(2019), "status": "active"}}
	for _, tt := range []struct {
		name string
		row  graph.Node
		want string
	}{
		{"the same, a translation added since aside", graph.Node{Texts: map[string]graph.Text{"name": en("Walks")}, Props: map[string]any{"startYear": int64(2019)}}, ""},
		{"a new name", graph.Node{Texts: map[string]graph.Text{"name": en("Harbour walks")}}, "name"},
		{"a new field and year", graph.Node{Texts: map[string]graph.Text{"purpose": en("Why")}, Props: map[string]any{"startYear": int64(2020)}}, "purpose,startYear"},
	} {
		got := changedFields(stored, tt.row)
		if s := strings.Join(got, ","); s != tt.want {
			t.Errorf("%s: changed %q, want %q", tt.name, s, tt.want)
		}
	}
}

// A row's city is the graph's city in its country, named as it is or with what
// catalogues put around it; a city of that name elsewhere is another city.
func TestCatalogueCityMatching(t *testing.T) {
	held := map[string]graph.Kind{}
	v := newVocabulary(graph.KindCity, held)
	city := func(id, name, country string) {
		n := graph.Node{Kind: graph.KindCity, ID: id, Texts: map[string]graph.Text{"name": {Orig: "fr", Values: map[string]string{"fr": name}}}, Props: map[string]any{}}
		v.add(&vocabEntry{node: n, country: country})
	}
	city("bradford", "Bradford", "united-kingdom")
	city("neuchatel", "Neuchâtel", "switzerland")
	city("valencia", "Valence", "spain")
	for _, tt := range []struct{ row, country, want string }{
		{"Bradford", "united-kingdom", "bradford"},
		{"City of Bradford", "united-kingdom", "bradford"},
		{"Bradford City Council", "united-kingdom", "bradford"},
		{"neuchatel (NE)", "switzerland", "neuchatel"},
		{"Ville de Neuchâtel", "switzerland", "neuchatel"},
		{"Valence", "france", ""}, // Valence in France is not the graph's Valencia
		{"Bradfordshire", "united-kingdom", ""},
	} {
		plan := &cataloguePlan{}
		var problems []string
		bad := func(line int, column, msg string) { problems = append(problems, msg) }
		got, ok := plan.city(v, seed.CatalogueRow{Line: 2, City: tt.row, Language: "en"}, CatalogueEntity{Kind: graph.KindCountry, ID: tt.country}, graph.Provenance{Source: "s"}, bad)
		if !ok {
			t.Errorf("%q: refused: %v", tt.row, problems)
			continue
		}
		if tt.want == "" {
			if got.Action != CatalogueCreate {
				t.Errorf("%q in %s matched %s, want a new city", tt.row, tt.country, got.ID)
			}
		} else if got.Action != CatalogueMatch || got.ID != tt.want {
			t.Errorf("%q in %s = %s (%s), want a match of %s", tt.row, tt.country, got.ID, got.Action, tt.want)
		}
	}
}
