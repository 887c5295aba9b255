package neo4jstore_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/graph/neo4jstore/neo4jtest"
)

// Breakdowns count each entity once, under the end of smallest id when it reaches
// several, and the entities reaching none under "unknown", so that they add up to the
// kind's total.
func TestStatsBreakdownsCountEachEntityOnce(t *testing.T) {
	ctx := context.Background()
	st := neo4jtest.Open(t)
	src := graph.Node{Kind: graph.KindSource, ID: "test-source", Texts: map[string]graph.Text{"title": text("Tests")}, Provenance: testProv}
	theme := func(id, typ string) graph.Node {
		n := named(graph.KindTheme, id)
		n.Props[graph.FieldThemeType] = typ
		return n
	}
	country := func(id, iso2 string) graph.Node {
		n := named(graph.KindCountry, id)
		n.Props[graph.FieldCountryIso2] = iso2
		return n
	}
	cs := graph.Changeset{Upserts: []graph.Node{src,
		country("x-land", "XL"), country("y-land", "YL"),
		named(graph.KindCity, "aa"), named(graph.KindCity, "bb"), named(graph.KindCity, "cc"),
		practice("p1"), practice("p2"), practice("p3"), practice("p4"),
		theme("t1", "policy-area"), theme("t2", "policy-area"), theme("t3", "principle")}}
	link := func(typ string, from graph.Kind, fromID string, to graph.Kind, toID string) {
		cs.Links = append(cs.Links, graph.Link{Type: typ, From: graph.Ref{Kind: from, ID: fromID}, To: graph.Ref{Kind: to, ID: toID}, Provenance: testProv})
	}
	link(graph.RelInCountry, graph.KindCity, "aa", graph.KindCountry, "x-land")
	link(graph.RelInCountry, graph.KindCity, "bb", graph.KindCountry, "y-land")
	// p2 is run by cities of two countries (written y-land's first); p3's city has no
	// country; p4 has no city.
	link(graph.RelRunBy, graph.KindPractice, "p1", graph.KindCity, "aa")
	link(graph.RelRunBy, graph.KindPractice, "p2", graph.KindCity, "bb")
	link(graph.RelRunBy, graph.KindPractice, "p2", graph.KindCity, "aa")
	link(graph.RelRunBy, graph.KindPractice, "p3", graph.KindCity, "cc")
	link(graph.RelHasTheme, graph.KindPractice, "p1", graph.KindTheme, "t2")
	link(graph.RelHasTheme, graph.KindPractice, "p1", graph.KindTheme, "t1")
	link(graph.RelHasTheme, graph.KindPractice, "p2", graph.KindTheme, "t2")
	link(graph.RelHasTheme, graph.KindPractice, "p3", graph.KindTheme, "t3")
	if _, err := st.Apply(ctx, cs); err != nil {
		t.Fatal(err)
	}
	stats, err := st.Stats(ctx, "practicesPerCountry", "citiesPerCountry", "practicesPerTheme", "practicesPerArea")
	if err != nil {
		t.Fatal(err)
	}
	show := func(cs []graph.Count) string {
		var out string
		for _, c := range cs {
			out += fmt.Sprintf("%s=%d(%s) ", c.Key, c.Count, c.Name.Original())
		}
		return out
	}
	for _, tt := range []struct {
		name string
		got  []graph.Count
		want string
	}{
		{"practicesPerCountry", stats.PracticesPerCountry, "unknown=2() x-land=2(x-land) "},
		{"citiesPerCountry", stats.CitiesPerCountry, "unknown=1() x-land=1(x-land) y-land=1(y-land) "},
		// Per theme a practice counts under each of its policy areas; per area under one.
		{"practicesPerTheme", stats.PracticesPerTheme, "t2=2(t2) unknown=2() t1=1(t1) "},
		{"practicesPerArea", stats.PracticesPerArea, "unknown=2() t1=1(t1) t2=1(t2) "},
	} {
		if got := show(tt.got); got != tt.want {
			t.Errorf("%s = %s, want %s", tt.name, got, tt.want)
		}
	}
}
