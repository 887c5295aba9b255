package resolvers

import (
	"strings"
	"testing"
	"unicode"

	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/resolvers/model"
)

// TestFrenchExplanationsHaveNoEnglishWords: a collaboration step explained in French
// names its kind with the labels' French words, for every kind of collaboration.
func TestFrenchExplanationsHaveNoEnglishWords(t *testing.T) {
	name := func(en, fr string) map[string]graph.Text {
		return map[string]graph.Text{"name": {Orig: "en", Values: map[string]string{"en": en, "fr": fr}}}
	}
	from := model.NewCity(graph.Node{Kind: graph.KindCity, ID: "bilbao", Texts: name("Bilbao", "Bilbao")})
	to := model.NewCity(graph.Node{Kind: graph.KindCity, ID: "valencia", Texts: name("Valencia", "Valence")})
	english := map[string]bool{"and": true, "since": true, "shared": true, "took": true, "part": true, "in": true, "are": true, "members": true, "of": true}
	for _, k := range graph.CollaborationKinds() {
		l, _ := graph.EnumLabel(graph.EnumCollaborationKind, string(k))
		english[strings.ToLower(l.EN)] = true
	}
	year := 2021
	for _, k := range graph.CollaborationKinds() {
		node := graph.Node{Kind: k.Via(), ID: "x", Texts: name("X", "X")}
		step := &model.CollaborationStep{From: from, To: to, Kind: model.CollaborationKind(k), Via: collaborative(node), Year: &year}
		fr := explanation(step, ptr(model.LangFr))
		verb, _ := graph.EnumLabel(graph.EnumCollaborationVerb, string(k))
		if !strings.Contains(fr, verb.FR) {
			t.Errorf("%s in French = %q, want it to say %q", k, fr, verb.FR)
		}
		for _, w := range strings.FieldsFunc(strings.ToLower(fr), func(r rune) bool { return !unicode.IsLetter(r) }) {
			if english[w] {
				t.Errorf("%s in French has the English word %q: %q", k, w, fr)
			}
		}
		if en := explanation(step, ptr(model.LangEn)); !strings.Contains(en, verb.EN) {
			t.Errorf("%s in English = %q, want it to say %q", k, en, verb.EN)
		}
	}
}

// TestExplanationsInTheReadersLanguage: a step reads in Spanish, Italian and Portuguese
// too, and in English for a language the sentences lack.
func TestExplanationsInTheReadersLanguage(t *testing.T) {
	city := func(id string) *model.City {
		return model.NewCity(graph.Node{Kind: graph.KindCity, ID: id, Texts: map[string]graph.Text{"name": {Orig: "en", Values: map[string]string{"en": id}}}})
	}
	year := 2019
	network := graph.Node{Kind: graph.KindNetwork, ID: "rei", Texts: map[string]graph.Text{"name": {Orig: "es", Values: map[string]string{"es": "RECI"}}}}
	step := &model.CollaborationStep{From: city("Bilbao"), To: city("Getafe"), Kind: model.CollaborationKind(graph.CollaborationNetwork), Via: collaborative(network), Year: &year}
	for lang, want := range map[model.Lang]string{
		model.LangEs: "Bilbao y Getafe son miembros de la red «RECI» (desde 2019)",
		model.LangIt: "Bilbao e Getafe sono membri della rete «RECI» (dal 2019)",
		model.LangPt: "Bilbao e Getafe são membros da rede «RECI» (desde 2019)",
		model.LangPl: "Bilbao and Getafe are members of the network “RECI” (since 2019)",
	} {
		if got := explanation(step, ptr(lang)); got != want {
			t.Errorf("in %s: %q, want %q", lang, got, want)
		}
	}
}
