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
