package neo4jstore_test

import (
	"context"
	"fmt"
	"sort"
	"testing"

	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/graph/neo4jstore"
	"github.com/practicegraph/practicegraph/graph/neo4jstore/neo4jtest"
)

var testProv = graph.Provenance{Source: "test-source", Section: "test"}

func text(s string) graph.Text {
	return graph.Text{Orig: "en", Values: map[string]string{"en": s, "fr": s}}
}

func named(kind graph.Kind, id string) graph.Node {
	return graph.Node{Kind: kind, ID: id, Texts: map[string]graph.Text{"name": text(id)}, Props: map[string]any{}, Provenance: testProv}
}

func practice(id string) graph.Node {
	n := named(graph.KindPractice, id)
	n.Texts["summary"] = text("what " + id + " does")
	return n
}

// openWithCities returns a store holding a source, three cities and one practice.
func openWithCities(t *testing.T) *neo4jstore.Store {
	t.Helper()
	st := neo4jtest.Open(t)
	src := graph.Node{Kind: graph.KindSource, ID: "test-source", Texts: map[string]graph.Text{"title": text("Tests")}, Provenance: testProv}
	_, err := st.Apply(context.Background(), graph.Changeset{Upserts: []graph.Node{src,
		named(graph.KindCity, "aa"), named(graph.KindCity, "bb"), named(graph.KindCity, "cc"), practice("p")}})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func runBy(cities ...string) graph.LinkSet {
	set := graph.LinkSet{From: graph.Ref{Kind: graph.KindPractice, ID: "p"}, Type: graph.RelRunBy}
	for _, c := range cities {
		set.Links = append(set.Links, graph.Link{Type: graph.RelRunBy, From: set.From, To: graph.Ref{Kind: graph.KindCity, ID: c}, Provenance: testProv})
	}
	return set
}

func citiesOf(t *testing.T, st *neo4jstore.Store) string {
	t.Helper()
	ref := graph.Ref{Kind: graph.KindPractice, ID: "p"}
	edges, err := st.Neighbours(context.Background(), graph.NeighbourQuery{From: []graph.Ref{ref}, Type: graph.RelRunBy, Direction: graph.Out, Kind: graph.KindCity})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, e := range edges[ref] {
		ids = append(ids, e.Node.ID)
	}
	sort.Strings(ids)
	return fmt.Sprint(ids)
}

// A link list is the final list: kept links stay, new ones come, dropped ones go.
func TestApplyLinkListsAreTheFinalState(t *testing.T) {
	st := openWithCities(t)
	for _, step := range []struct {
		set  graph.LinkSet
		want string
	}{
		{runBy("aa"), "[aa]"},
		{runBy("aa", "bb"), "[aa bb]"},
		{runBy("bb", "cc"), "[bb cc]"},
		{runBy("bb", "cc"), "[bb cc]"},
		{runBy(), "[]"},
	} {
		if _, err := st.Apply(context.Background(), graph.Changeset{LinkSets: []graph.LinkSet{step.set}}); err != nil {
			t.Fatal(err)
		}
		if got := citiesOf(t, st); got != step.want {
			t.Errorf("after the list %v: cities = %s, want %s", step.set.Links, got, step.want)
		}
	}
}

func TestApplyCreatesUpdatesAndTheirConflicts(t *testing.T) {
	st := openWithCities(t)
	ctx := context.Background()
	nodes0, rels0 := neo4jtest.Counts(t, st)
	for _, tt := range []struct {
		name string
		cs   graph.Changeset
		code string
	}{
		{"a create of an existing id", graph.Changeset{Creates: []graph.Node{practice("p")}}, graph.ECONFLICT},
		{"an update of a missing node", graph.Changeset{Updates: []graph.Node{practice("ghost")}}, graph.ENOTFOUND},
		{"an update at a stale version", graph.Changeset{Updates: []graph.Node{func() graph.Node { n := practice("p"); n.Version = 1 << 40; return n }()}}, graph.ECONFLICT},
		{"an unknown source", graph.Changeset{Creates: []graph.Node{func() graph.Node { n := practice("q"); n.Provenance.Source = "hearsay"; return n }()}}, graph.EINVALID},
		{"an invalid node", graph.Changeset{Upserts: []graph.Node{{Kind: graph.KindPractice, ID: "bad", Provenance: testProv}}}, graph.EINVALID},
		{"a link to a missing node", graph.Changeset{Creates: []graph.Node{practice("q")},
			Links: []graph.Link{{Type: graph.RelRunBy, From: graph.Ref{Kind: graph.KindPractice, ID: "q"}, To: graph.Ref{Kind: graph.KindCity, ID: "atlantis"}, Provenance: testProv}}}, graph.EINVALID},
	} {
		_, err := st.Apply(ctx, tt.cs)
		if got := graph.ErrorCode(err); got != tt.code {
			t.Errorf("%s: err = %v (code %s), want %s", tt.name, err, got, tt.code)
		}
	}
	if nodes, rels := neo4jtest.Counts(t, st); nodes != nodes0 || rels != rels0 {
		t.Errorf("counts = %d, %d after refused changesets; want %d, %d", nodes, rels, nodes0, rels0)
	}

	// An update at the version read writes the fields it gives and keeps the others.
	before, err := st.Node(ctx, graph.Ref{Kind: graph.KindPractice, ID: "p"})
	if err != nil {
		t.Fatal(err)
	}
	upd := graph.Node{Kind: graph.KindPractice, ID: "p", Props: map[string]any{"startYear": int64(2020)}, Provenance: testProv, Version: before.Version}
	res, err := st.Apply(ctx, graph.Changeset{Updates: []graph.Node{upd}})
	if err != nil {
		t.Fatal(err)
	}
	after, err := st.Node(ctx, upd.Ref())
	if err != nil {
		t.Fatal(err)
	}
	if after.Version != res.Version || after.Version <= before.Version || after.Int("startYear") == nil || *after.Int("startYear") != 2020 ||
		after.Text("summary").Original() != "what p does" {
		t.Errorf("after update: version %d (commit %d, before %d), startYear %v, summary %q", after.Version, res.Version, before.Version, after.Int("startYear"), after.Text("summary").Original())
	}
	if _, err := st.Apply(ctx, graph.Changeset{Updates: []graph.Node{upd}}); graph.ErrorCode(err) != graph.ECONFLICT {
		t.Errorf("the same update again at the old version: err = %v, want CONFLICT", err)
	}
}
