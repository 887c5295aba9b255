package neo4jstore_test

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/graph/neo4jstore"
	"github.com/practicegraph/practicegraph/graph/neo4jstore/neo4jtest"
	"github.com/practicegraph/practicegraph/seed"
)

// mustSeed opens the test database with the seed data loaded, and returns the data as
// read from the files.
func mustSeed(t *testing.T) (*neo4jstore.Store, graph.Dataset) {
	t.Helper()
	st := neo4jtest.Open(t)
	dir := filepath.Join("..", "..", "seed", "data")
	in, err := seed.ReadDir(dir)
	if err != nil {
		t.Fatalf("read seed: %v", err)
	}
	if _, err := st.Apply(context.Background(), in.Changeset()); err != nil {
		t.Fatalf("load seed: %v", err)
	}
	return st, in.Dataset
}

// TestNamedPathsOnTheSeed loads the seed once (it is slow on a loaded machine) and
// checks the Cypher built from the named paths against it.
func TestNamedPathsOnTheSeed(t *testing.T) {
	st, ds := mustSeed(t)
	t.Run("indexables follow the named paths", func(t *testing.T) { indexablesFollowTheNamedPaths(t, st, ds) })
	t.Run("a city reaches the events held in it", func(t *testing.T) { cityReachesEventsHeldInIt(t, st) })
}

// The store's Cypher and the in-memory reading of the named paths must give every
// searchable node of the seed the same cities, countries, themes and years.
func indexablesFollowTheNamedPaths(t *testing.T, st *neo4jstore.Store, ds graph.Dataset) {
	ctx := context.Background()
	want := graph.IndexablesOf(ds)
	var refs []graph.Ref
	for _, x := range want {
		refs = append(refs, x.Node.Ref())
	}
	got, err := st.Indexables(ctx, refs)
	if err != nil {
		t.Fatal(err)
	}
	gotBy := map[graph.Ref]graph.Indexable{}
	for _, x := range got {
		gotBy[x.Node.Ref()] = x
	}
	if len(got) != len(want) {
		t.Errorf("store gives %d indexables, the paths %d", len(got), len(want))
	}
	ids := func(ns []graph.Node) []string {
		out := []string{}
		for _, n := range ns {
			out = append(out, n.ID)
		}
		return out
	}
	for _, w := range want {
		g, ok := gotBy[w.Node.Ref()]
		if !ok {
			t.Errorf("%s: missing from the store's indexables", w.Node.Ref())
			continue
		}
		for _, c := range []struct {
			what      string
			got, want any
		}{
			{"cities", ids(g.Cities), ids(w.Cities)},
			{"countries", ids(g.Countries), ids(w.Countries)},
			{"themes", ids(g.Themes), ids(w.Themes)},
			{"years", g.Years, w.Years},
		} {
			if !reflect.DeepEqual(c.got, c.want) {
				t.Errorf("%s %s: store %v, paths %v", w.Node.Ref(), c.what, c.got, c.want)
			}
		}
	}
	// The report's facts, not only agreement: the Cypriot mayors' study visit was held
	// in Barcelona and Santa Coloma de Gramenet, in Spain.
	visit := gotBy[graph.Ref{Kind: graph.KindEvent, ID: "cypriot-mayors-study-visit-2023"}]
	if got, want := ids(visit.Cities), []string{"barcelona", "santa-coloma-de-gramenet"}; !reflect.DeepEqual(got, want) {
		t.Errorf("study visit cities = %v, want %v", got, want)
	}
	if got, want := ids(visit.Countries), []string{"spain"}; !reflect.DeepEqual(got, want) {
		t.Errorf("study visit countries = %v, want %v", got, want)
	}
}

// A city's events include the ones held in it: list filters and collaborations follow
// graph.EventsOfCity.
func cityReachesEventsHeldInIt(t *testing.T, st *neo4jstore.Store) {
	ctx := context.Background()
	for _, c := range []struct{ city, event string }{
		{"tallinn", "tallinn-integration-workshop-2023"},
		{"santa-coloma-de-gramenet", "cypriot-mayors-study-visit-2023"},
		{"barcelona", "cypriot-mayors-study-visit-2023"},
	} {
		page, err := st.List(ctx, graph.ListQuery{Kind: graph.KindCity, Order: "NAME", Limit: 100, Filters: map[string]any{"event": c.event}})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, n := range page.Nodes {
			found = found || n.ID == c.city
		}
		if !found {
			t.Errorf("cities of event %s lack %s", c.event, c.city)
		}
	}
	// The two cities of the study visit collaborated through it.
	cs, err := st.Collaborations(ctx, "santa-coloma-de-gramenet", graph.CollaborationFilter{Kinds: []graph.CollaborationKind{graph.CollaborationStudyVisit}})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, c := range cs {
		if c.Via.ID == "cypriot-mayors-study-visit-2023" && c.Partner.ID == "barcelona" {
			found = true
			if c.CityLink.Type != graph.RelHeldIn {
				t.Errorf("Santa Coloma's tie to the visit = %s, want %s", c.CityLink.Type, graph.RelHeldIn)
			}
		}
	}
	if !found {
		t.Errorf("Santa Coloma de Gramenet's collaborations %v lack Barcelona through the study visit", cs)
	}
}
