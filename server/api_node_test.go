package server_test

import (
	"strings"
	"testing"

	"github.com/practicegraph/practicegraph/cli"
)

// TestNodeFindsAnyEntityByItsID: ids are unique across kinds, so Relay's node(id:) and
// nodes(ids:) find an entity by id alone; the practice and the body that share a name
// have different ids; a create of another kind's id is refused naming that kind.
func TestNodeFindsAnyEntityByItsID(t *testing.T) {
	ts := startServer(t, func(c *cli.Config) { c.EditorToken = editorToken })
	var one struct {
		Node *struct {
			Typename string `json:"__typename"`
			ID       string
			Name     struct{ Text string }
		}
	}
	ts.query(t, `{ node(id: "bilbao") { __typename id ... on City { name { text(lang: EN) } } } }`, nil).decode(t, &one)
	if one.Node == nil || one.Node.Typename != "City" || one.Node.Name.Text != "Bilbao" {
		t.Errorf("node(id: bilbao) = %+v, want the City Bilbao", one.Node)
	}
	ts.query(t, `{ node(id: "no-such-entity") { id } }`, nil).decode(t, &one)
	if one.Node != nil {
		t.Errorf("node of an unknown id = %+v, want null", one.Node)
	}

	var many struct {
		Nodes []*struct {
			Typename string `json:"__typename"`
			ID       string
		}
	}
	ts.query(t, `{ nodes(ids: ["local-immigration-council-bilbao", "nowhere", "bilbao-local-immigration-council", "icc-annual-meeting-2023", "icc-coordinators-meeting-2023"]) { __typename id } }`, nil).decode(t, &many)
	want := []string{"Practice", "", "Organisation", "Event", "Source"}
	if len(many.Nodes) != len(want) {
		t.Fatalf("nodes = %+v, want %d entries", many.Nodes, len(want))
	}
	for i, w := range want {
		got := ""
		if many.Nodes[i] != nil {
			got = many.Nodes[i].Typename
		}
		if got != w {
			t.Errorf("nodes[%d] is a %q, want %q", i, got, w)
		}
	}

	res := ts.query(t, `mutation { createPractice(input: {id: "bilbao", name: {orig: EN, en: "Bilbao walks", fr: "Promenades de Bilbao"}, summary: {orig: EN, en: "Walks.", fr: "Promenades."}, provenance: {source: "icc-coordinators-meeting-2023", section: "test"}}) { id } }`, nil, asEditor...)
	if len(res.Errors) != 1 || res.Errors[0].Extensions["code"] != "CONFLICT" || !strings.Contains(res.Errors[0].Message, "City") {
		t.Errorf("creating a practice with a city's id answered %+v, want CONFLICT naming the City", res.Errors)
	}
}

// TestTextFallsBackToTheLanguagesAsked: a text without the language asked comes in the
// first fallback language it has, else in its original, and says which it is.
func TestTextFallsBackToTheLanguagesAsked(t *testing.T) {
	ts := startServer(t, nil)
	var got struct {
		Practice struct {
			Description struct {
				ES, Orig, ESFallback string
				Lang, FallbackLang   string
				IsTranslation        bool
			}
		}
	}
	ts.query(t, `{ practice(id: "diversitours") { description {
	  es: text(lang: ES) orig: text(lang: ES, fallback: [DE]) esFallback: text(lang: ES, fallback: [DE, EN])
	  lang(lang: ES) fallbackLang: lang(lang: ES, fallback: [DE, EN]) isTranslation(lang: ES, fallback: [EN]) } } }`, nil).decode(t, &got)
	d := got.Practice.Description
	if !strings.HasPrefix(d.ES, "Visite guidée") || d.Lang != "FR" || d.Orig != d.ES {
		t.Errorf("Spanish without fallback = %q (%s), want the French original", d.ES, d.Lang)
	}
	if !strings.HasPrefix(d.ESFallback, "Tour guided") || d.FallbackLang != "EN" || !d.IsTranslation {
		t.Errorf("Spanish falling back to German then English = %q (%s, translation %t), want the English translation", d.ESFallback, d.FallbackLang, d.IsTranslation)
	}
}
