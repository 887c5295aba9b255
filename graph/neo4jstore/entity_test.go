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
