package neo4jstore_test

import (
	"context"
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/graph/neo4jstore/neo4jtest"
)

// rawWrite runs Cypher as a graph written before the entity label existed would have
// been: straight to Neo4j, past the store.
func rawWrite(t *testing.T, cypher string) {
	t.Helper()
	cfg := neo4jtest.Config(t)
	ctx := context.Background()
	driver, err := neo4j.NewDriverWithContext(cfg.URI, neo4j.BasicAuth(cfg.User, cfg.Password, ""))
	if err != nil {
		t.Fatal(err)
	}
	defer driver.Close(ctx)
	if _, err := neo4j.ExecuteQuery(ctx, driver, cypher, nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(cfg.Database)); err != nil {
		t.Fatal(err)
	}
}

// TestIDsAreUniqueAcrossKinds: a create or upsert of an id another kind holds is
// refused naming that kind, Locate finds each id's kind, and a graph written before
// the entity label existed is labelled at start, or refused naming the ids two kinds
// share.
func TestIDsAreUniqueAcrossKinds(t *testing.T) {
	st := openWithCities(t)
	ctx := context.Background()
	for _, cs := range []graph.Changeset{
		{Creates: []graph.Node{practice("aa")}},
		{Upserts: []graph.Node{practice("bb")}},
	} {
		_, err := st.Apply(ctx, cs)
		if graph.ErrorCode(err) != graph.ECONFLICT || !strings.Contains(graph.ErrorMessage(err), "City") {
			t.Errorf("writing a practice with a city's id: %v, want CONFLICT naming the City", err)
		}
	}
	kinds, err := st.Locate(ctx, []string{"aa", "p", "nowhere"})
	if err != nil {
		t.Fatal(err)
	}
	if kinds["aa"] != graph.KindCity || kinds["p"] != graph.KindPractice || len(kinds) != 2 {
		t.Errorf("Locate = %v, want aa a City, p a Practice, nowhere absent", kinds)
	}

	// A graph from before the label: its entities are labelled at start.
	rawWrite(t, `CREATE (:City {id: "old-town", name_orig: "en", name_en: "Old town", _v: 1})`)
	if err := st.EnsureSchema(ctx); err != nil {
		t.Fatal(err)
	}
	if kinds, err := st.Locate(ctx, []string{"old-town"}); err != nil || kinds["old-town"] != graph.KindCity {
		t.Errorf("Locate(old-town) after EnsureSchema = %v, %v; want the City", kinds, err)
	}
	// One where two kinds share an id is refused by name, as nothing could tell them apart.
	rawWrite(t, `CREATE (:Practice {id: "old-town", name_orig: "en", name_en: "Old town walks", _v: 1})`)
	err = st.EnsureSchema(ctx)
	if graph.ErrorCode(err) != graph.EINVALID || !strings.Contains(graph.ErrorMessage(err), `"old-town"`) {
		t.Errorf("EnsureSchema over an id two kinds share: %v, want INVALID naming old-town", err)
	}
}

// TestGraphsSeededBeforeUniqueIDsAreMoved: a graph seeded when the seed gave one id to
// two kinds opens, its event renamed to the seed's new id, links kept.
func TestGraphsSeededBeforeUniqueIDsAreMoved(t *testing.T) {
	st := openWithCities(t)
	ctx := context.Background()
	rawWrite(t, `CREATE (:Source {id: "icc-coordinators-meeting-2023", title_orig: "fr", title_fr: "Rapport", _v: 1}),
	  (e:Event {id: "icc-coordinators-meeting-2023", name_orig: "fr", name_fr: "Réunion", type: "meeting", _v: 1}),
	  (:City {id: "old-bilbao", name_orig: "es", name_es: "Bilbao", _v: 1})-[:`+graph.RelHosted+`]->(e)`)
	if err := st.EnsureSchema(ctx); err != nil {
		t.Fatalf("EnsureSchema over the old seed's shared ids: %v", err)
	}
	kinds, err := st.Locate(ctx, []string{"icc-coordinators-meeting-2023", "icc-annual-meeting-2023"})
	if err != nil {
		t.Fatal(err)
	}
	if kinds["icc-coordinators-meeting-2023"] != graph.KindSource || kinds["icc-annual-meeting-2023"] != graph.KindEvent {
		t.Errorf("after the move: %v, want the report a Source and the meeting an Event under its new id", kinds)
	}
	hosted, err := st.Neighbours(ctx, graph.NeighbourQuery{From: []graph.Ref{{Kind: graph.KindEvent, ID: "icc-annual-meeting-2023"}},
		Type: graph.RelHosted, Direction: graph.In, Kind: graph.KindCity})
	if err != nil || len(hosted[graph.Ref{Kind: graph.KindEvent, ID: "icc-annual-meeting-2023"}]) != 1 {
		t.Errorf("the renamed meeting's host = %v, %v; want its link kept", hosted, err)
	}
}

// TestDraftsKeepTheirIDs: a draft holds its id against upserts, as against creates, and
// a draft cannot take another kind's id, which it could never be published under.
func TestDraftsKeepTheirIDs(t *testing.T) {
	st := openWithCities(t)
	ctx := context.Background()
	if _, err := st.SaveDraft(ctx, graph.Draft{Node: practice("drafted")}, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Apply(ctx, graph.Changeset{Upserts: []graph.Node{practice("drafted")}}); graph.ErrorCode(err) != graph.ECONFLICT {
		t.Errorf("upserting a drafted practice id: %v, want CONFLICT", err)
	}
	if _, err := st.SaveDraft(ctx, graph.Draft{Node: practice("aa")}, 0); graph.ErrorCode(err) != graph.ECONFLICT {
		t.Errorf("drafting a practice with a city's id: %v, want CONFLICT", err)
	}
}

// TestSymmetricLinksAreOnePerPair: "similar to" has no direction, so restating it from
// the other practice's side neither adds a mirror nor keeps it when the side drops it.
func TestSymmetricLinksAreOnePerPair(t *testing.T) {
	st := openWithCities(t)
	ctx := context.Background()
	p, q := graph.Ref{Kind: graph.KindPractice, ID: "p"}, graph.Ref{Kind: graph.KindPractice, ID: "q"}
	similar := func(from, to graph.Ref) graph.Link {
		return graph.Link{Type: graph.RelSimilarTo, From: from, To: to, Provenance: testProv}
	}
	if _, err := st.Apply(ctx, graph.Changeset{Creates: []graph.Node{practice("q")}, Links: []graph.Link{similar(p, q)}}); err != nil {
		t.Fatal(err)
	}
	_, rels0 := neo4jtest.Counts(t, st)
	res, err := st.Apply(ctx, graph.Changeset{LinkSets: []graph.LinkSet{{From: q, Type: graph.RelSimilarTo, Links: []graph.Link{similar(q, p)}}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, rels := neo4jtest.Counts(t, st); rels != rels0 || res.LinksCreated != 0 {
		t.Errorf("restating p similar to q from q's side: %d links created, %d relationships (was %d); want none added", res.LinksCreated, rels, rels0)
	}
	res, err = st.Apply(ctx, graph.Changeset{LinkSets: []graph.LinkSet{{From: q, Type: graph.RelSimilarTo}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, rels := neo4jtest.Counts(t, st); rels != rels0-1 || res.LinksRemoved != 1 {
		t.Errorf("q's similar practices emptied: %d removed, %d relationships (was %d); want the pair's one link gone", res.LinksRemoved, rels, rels0)
	}
}
