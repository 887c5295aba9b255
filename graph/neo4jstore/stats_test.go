package neo4jstore_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
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

// Breakdowns are computed once per graph state: asked again they cost the one round
// trip that reads the state, and every write, or a database emptied and written again
// to the same version, has them computed anew.
func TestStatsFollowTheGraphState(t *testing.T) {
	ctx := context.Background()
	st := neo4jtest.Open(t)
	src := graph.Node{Kind: graph.KindSource, ID: "test-source", Texts: map[string]graph.Text{"title": text("Tests")}, Provenance: testProv}
	country := func(id string) graph.Node {
		n := named(graph.KindCountry, id)
		n.Props[graph.FieldCountryIso2] = strings.ToUpper(id[:2])
		return n
	}
	// write adds a practice run by a new city of the country, creating both.
	write := func(practiceID, countryID string) {
		t.Helper()
		cityID := "city-of-" + practiceID
		cs := graph.Changeset{Upserts: []graph.Node{src, country(countryID), named(graph.KindCity, cityID), practice(practiceID)},
			Links: []graph.Link{
				{Type: graph.RelInCountry, From: graph.Ref{Kind: graph.KindCity, ID: cityID}, To: graph.Ref{Kind: graph.KindCountry, ID: countryID}, Provenance: testProv},
				{Type: graph.RelRunBy, From: graph.Ref{Kind: graph.KindPractice, ID: practiceID}, To: graph.Ref{Kind: graph.KindCity, ID: cityID}, Provenance: testProv},
			}}
		if _, err := st.Apply(ctx, cs); err != nil {
			t.Fatal(err)
		}
	}
	perCountry := func() string {
		t.Helper()
		s, err := st.Stats(ctx, "practicesPerCountry")
		if err != nil {
			t.Fatal(err)
		}
		var out string
		for _, c := range s.PracticesPerCountry {
			out += fmt.Sprintf("%s=%d ", c.Key, c.Count)
		}
		return out
	}
	write("p1", "x-land")
	if got, want := perCountry(), "x-land=1 "; got != want {
		t.Fatalf("practices per country = %q, want %q", got, want)
	}
	before := st.RoundTrips()
	if got, want := perCountry(), "x-land=1 "; got != want {
		t.Fatalf("asked again: practices per country = %q, want %q", got, want)
	}
	if n := st.RoundTrips() - before; n != 1 {
		t.Errorf("asked again in the same graph state: %d round trips, want 1 (the state's)", n)
	}
	write("p2", "x-land")
	if got, want := perCountry(), "x-land=2 "; got != want {
		t.Fatalf("after a write: practices per country = %q, want %q", got, want)
	}

	// The same version again, in a database emptied meanwhile, is another graph.
	neo4jtest.Wipe(t, neo4jtest.Config(t))
	write("p3", "y-land")
	write("p4", "y-land")
	if got, want := perCountry(), "y-land=2 "; got != want {
		t.Fatalf("after the database was emptied and written to the same version: practices per country = %q, want %q", got, want)
	}

	// An import publishing while an earlier one still runs moves neither the version
	// (taken when it began) nor the visible version (held by the earlier one): its
	// practices are counted all the same.
	owner := graph.ImportOwner{Host: "test", PID: os.Getpid()}
	first, err := st.BeginImport(ctx, owner)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Discard(ctx)
	second, err := st.BeginImport(ctx, owner)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := perCountry(), "y-land=2 "; got != want {
		t.Fatalf("while two imports run: practices per country = %q, want %q", got, want)
	}
	p := practice("p-imported")
	if err := second.StageNodes(ctx, []graph.Node{p}); err != nil {
		t.Fatal(err)
	}
	if _, err := second.StageLinks(ctx, []graph.Link{{Type: graph.RelRunBy, From: p.Ref(), To: graph.Ref{Kind: graph.KindCity, ID: "city-of-p3"}, Provenance: testProv}}); err != nil {
		t.Fatal(err)
	}
	if _, err := second.Publish(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if got, want := perCountry(), "y-land=3 "; got != want {
		t.Fatalf("after the later import published: practices per country = %q, want %q", got, want)
	}
	if err := first.Discard(ctx); err != nil {
		t.Fatal(err)
	}

	// Requests arriving together for breakdowns not computed yet wait for one computation.
	write("p5", "x-land")
	const clients = 8
	before = st.RoundTrips()
	got := make([]string, clients)
	var wg sync.WaitGroup
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := st.Stats(ctx, "practicesPerCountry")
			if err != nil {
				t.Error(err)
				return
			}
			for _, c := range s.PracticesPerCountry {
				got[i] += fmt.Sprintf("%s=%d ", c.Key, c.Count)
			}
		}()
	}
	wg.Wait()
	for i, g := range got {
		if want := "y-land=3 x-land=1 "; g != want {
			t.Errorf("client %d: practices per country = %q, want %q", i, g, want)
		}
	}
	if n := st.RoundTrips() - before; n != clients+1 {
		t.Errorf("%d clients at once: %d round trips, want %d (each its state, one computation)", clients, n, clients+1)
	}
}
