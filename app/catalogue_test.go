package app

import (
	"strings"
	"testing"

	"github.com/practicegraph/practicegraph/graph"
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
