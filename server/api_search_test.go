package server_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/practicegraph/practicegraph/cli"
	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/graph/neo4jstore"
)

type searchPage struct {
	Search struct {
		TotalCount int
		PageInfo   struct {
			HasNextPage bool
			EndCursor   *string
		}
		Edges []struct {
			Cursor string
			Node   struct {
				Kind     string
				ID       string
				Score    float64
				Title    string
				Snippets []struct {
					Field, Lang, HTML string
				}
				Entity struct {
					Typename string `json:"__typename"`
					ID       string
				}
			}
		}
		Facets struct {
			Kinds, Countries, Themes []struct {
				Value, Label string
				Count        int
			}
		}
	}
}

const searchQuery = `query($q: String!, $lang: Lang, $filter: SearchFilter, $first: Int, $after: String, $advanced: Boolean) {
  search(query: $q, lang: $lang, filter: $filter, first: $first, after: $after, advanced: $advanced) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { kind id score title(lang: $lang) snippets { field lang html } entity { __typename id } } }
    facets { kinds { value label count } countries { value label(lang: $lang) count } themes { value label(lang: $lang) count } }
  }
}`

func (ts *testServer) search(t *testing.T, vars map[string]any) searchPage {
	t.Helper()
	var got searchPage
	ts.query(t, searchQuery, vars).decode(t, &got)
	return got
}

func TestSearchThroughGraphQL(t *testing.T) {
	ts := startServer(t, nil)

	t.Run("French query finds the French-original practice, highlighted", func(t *testing.T) {
		got := ts.search(t, map[string]any{"q": "visites guidées quartiers", "lang": "FR"})
		if len(got.Search.Edges) == 0 {
			t.Fatal("no hits")
		}
		top := got.Search.Edges[0].Node
		if top.ID != "diversitours" || top.Kind != "PRACTICE" || top.Entity.Typename != "Practice" {
			t.Errorf("top hit = %s %s (%s), want PRACTICE diversitours", top.Kind, top.ID, top.Entity.Typename)
		}
		marked := false
		for _, s := range top.Snippets {
			if strings.Contains(s.HTML, "<mark>") && s.Lang == "FR" {
				marked = true
			}
		}
		if !marked {
			t.Errorf("snippets = %+v, want a French one with <mark>", top.Snippets)
		}
		if len(got.Search.Facets.Kinds) == 0 {
			t.Error("no kind facet")
		}
	})

	t.Run("English query reaches it through the stored translation", func(t *testing.T) {
		got := ts.search(t, map[string]any{"q": "guided neighbourhood walks", "lang": "EN", "filter": map[string]any{"kinds": []string{"PRACTICE"}}})
		if len(got.Search.Edges) == 0 || got.Search.Edges[0].Node.ID != "diversitours" {
			t.Errorf("hits = %+v, want diversitours first", got.Search.Edges)
		}
	})

	t.Run("a typo still finds the practice", func(t *testing.T) {
		got := ts.search(t, map[string]any{"q": "Diverstours"})
		if len(got.Search.Edges) == 0 || got.Search.Edges[0].Node.ID != "diversitours" {
			t.Errorf("hits = %+v, want diversitours first", got.Search.Edges)
		}
	})

	t.Run("facet labels are names in the asked language", func(t *testing.T) {
		got := ts.search(t, map[string]any{"q": "Bilbao", "lang": "EN"})
		found := false
		for _, c := range got.Search.Facets.Countries {
			if c.Value == "spain" && c.Label == "Spain" && c.Count > 0 {
				found = true
			}
		}
		if !found {
			t.Errorf("country facet = %+v, want spain labelled Spain", got.Search.Facets.Countries)
		}
	})

	t.Run("pages join up to the whole result", func(t *testing.T) {
		whole := ts.search(t, map[string]any{"q": "intercultural", "lang": "EN", "first": 9})
		var joined []string
		var after any
		for page := 0; page < 3; page++ {
			got := ts.search(t, map[string]any{"q": "intercultural", "lang": "EN", "first": 3, "after": after})
			for _, e := range got.Search.Edges {
				joined = append(joined, e.Node.Kind+":"+e.Node.ID)
			}
			if !got.Search.PageInfo.HasNextPage {
				break
			}
			after = *got.Search.PageInfo.EndCursor
		}
		var want []string
		for _, e := range whole.Search.Edges {
			want = append(want, e.Node.Kind+":"+e.Node.ID)
		}
		if strings.Join(joined, ",") != strings.Join(want, ",") {
			t.Errorf("three pages of 3 = %v\none page of 9 = %v", joined, want)
		}
	})

	for _, tt := range []struct {
		name string
		vars map[string]any
	}{
		{"malformed advanced query", map[string]any{"q": `name:"unclosed`, "advanced": true}},
		{"invalid cursor", map[string]any{"q": "Bilbao", "after": "not-a-cursor"}},
		{"page too large", map[string]any{"q": "Bilbao", "first": 500}},
	} {
		t.Run(tt.name+" is BAD_USER_INPUT", func(t *testing.T) {
			resp := ts.query(t, searchQuery, tt.vars)
			if len(resp.Errors) == 0 || resp.Errors[0].Extensions["code"] != graph.EINVALID {
				t.Errorf("errors = %+v, want BAD_USER_INPUT", resp.Errors)
			}
		})
	}
}

// TestWildcardFloodIsRefused: ten aliases of an advanced query of 300 wildcards, which
// once tied the server up, are each refused as a client error naming the limit.
func TestWildcardFloodIsRefused(t *testing.T) {
	ts := startServer(t, nil)
	var q strings.Builder
	q.WriteString("query($q: String!) {")
	for i := range 10 {
		fmt.Fprintf(&q, " s%d: search(query: $q, advanced: true) { totalCount }", i)
	}
	q.WriteString(" }")
	resp := ts.query(t, q.String(), map[string]any{"q": strings.Repeat("a* ", 300)})
	if len(resp.Errors) != 10 {
		t.Fatalf("errors = %+v, want one per alias", resp.Errors)
	}
	for _, e := range resp.Errors {
		if e.Extensions["code"] != graph.EINVALID || !strings.Contains(e.Message, "at most 10") {
			t.Errorf("error = %+v, want BAD_USER_INPUT naming the limit of 10 wildcard terms", e)
		}
	}
}

// A write committed while no server ran (or before a crash, ahead of its index update)
// is indexed at the next start: the index's version stamp is behind the graph's.
func TestSearchIndexRepairsAfterACrash(t *testing.T) {
	dataDir := t.TempDir()
	ts := startServer(t, func(c *cli.Config) { c.DataDir = dataDir })
	sctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := ts.Shutdown(sctx); err != nil {
		t.Fatal(err)
	}

	name := graph.Text{Orig: "en", Values: map[string]string{"en": "Harbour storytelling evenings", "fr": "Soirées de récits du port"}}
	// The server is gone; write with a store of the test's own, as another process would.
	st, err := neo4jstore.Open(ts.Config().Neo4j)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close(context.Background())
	_, err = st.Apply(context.Background(), graph.Changeset{Upserts: []graph.Node{{
		Kind: graph.KindPractice, ID: "harbour-storytelling", Texts: map[string]graph.Text{"name": name, "summary": name},
		Provenance: graph.Provenance{Source: "icc-coordinators-meeting-2023", Section: "test"},
	}}})
	if err != nil {
		t.Fatal(err)
	}

	ts2 := runServer(t, ts.Config())
	got := ts2.search(t, map[string]any{"q": "storytelling harbour", "lang": "EN"})
	if len(got.Search.Edges) == 0 || got.Search.Edges[0].Node.ID != "harbour-storytelling" {
		t.Errorf("after restart, hits = %+v, want harbour-storytelling first", got.Search.Edges)
	}
}

// TestSearchIndexFaultIsReportedAndRepaired: with the index folder unwritable, the
// server keeps running, mutations still commit, /readyz says the index is failing and
// why, and once the fault is gone the index is rebuilt with what was written meanwhile.
func TestSearchIndexFaultIsReportedAndRepaired(t *testing.T) {
	ts := startServer(t, func(c *cli.Config) { c.EditorToken = "editor-secret"; c.AutoSeed = false })
	auth := []string{"Authorization", "Bearer editor-secret"}
	ts.query(t, `mutation { createSource(input: {id: "fault-test", title: {orig: EN, en: "Fault test", fr: "Test de panne"}, section: "All"}) { id } }`, nil, auth...).decode(t, &struct{}{})

	// A file where the index folder was: nothing can be written there, even by root.
	path := filepath.Join(ts.Config().DataDir, "search-index")
	if err := os.RemoveAll(path); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("not an index"), 0o600); err != nil {
		t.Fatal(err)
	}
	create := `mutation($id: ID!) { createPractice(input: {
		id: $id, name: {orig: EN, en: "Lighthouse storytelling", fr: "Récits du phare"},
		summary: {orig: EN, en: "Stories told at the lighthouse.", fr: "Des récits contés au phare."},
		provenance: {source: "fault-test", section: "All"} }) { id } }`
	// The first write after the fault may still land in bleve's memory; the fault shows
	// at the latest on the next one.
	var code int
	var body map[string]any
	for i := range 3 {
		ts.query(t, create, map[string]any{"id": fmt.Sprintf("lighthouse-storytelling-%d", i)}, auth...).decode(t, &struct{}{})
		if code, body = getReady(t, ts.URL); code == http.StatusServiceUnavailable {
			break
		}
	}
	if code != http.StatusServiceUnavailable {
		t.Fatalf("/readyz = %d %v with the index folder unwritable, want 503", code, body)
	}
	checks, _ := body["checks"].(map[string]any)
	if reason, _ := checks["search_index"].(string); !strings.Contains(reason, "search index failing") {
		t.Errorf("/readyz search_index = %q, want the failure and its reason", reason)
	}

	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	// The background catch-up retries on its own; wait for it, bounded.
	deadline := time.Now().Add(2 * time.Minute)
	for code != http.StatusOK && time.Now().Before(deadline) {
		time.Sleep(250 * time.Millisecond)
		code, body = getReady(t, ts.URL)
	}
	if code != http.StatusOK {
		t.Fatalf("/readyz = %d %v after the fault was removed, want 200", code, body)
	}
	got := ts.search(t, map[string]any{"q": "lighthouse storytelling", "lang": "EN"})
	if len(got.Search.Edges) == 0 || !strings.HasPrefix(got.Search.Edges[0].Node.ID, "lighthouse-storytelling-") {
		t.Errorf("after recovery, hits = %+v, want the practices written during the fault", got.Search.Edges)
	}
}

func TestSecondServerOnTheSameDataFolderIsRefused(t *testing.T) {
	ts := startServer(t, nil)
	start := time.Now()
	_, _, err := cli.NewServer(ts.Config(), discardLogger())
	if err == nil {
		t.Fatal("a second server on the same data folder started, want an error")
	}
	if got := graph.ErrorCode(err); got != graph.EUNAVAILABLE || !strings.Contains(err.Error(), "in use by another practicegraph process") {
		t.Errorf("err = %v (code %s), want UNAVAILABLE saying the index is in use", err, got)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("refusal took %v, want a prompt answer", d)
	}
}

type transferRanking struct {
	TransferablePractices struct {
		SizeBand   *string
		Candidates []struct {
			Practice struct{ ID string }
			Score    float64
			Reasons  []struct {
				Code   string
				Weight float64
				Detail string
			}
			Obstacles, MayApply, Adaptations []struct{ ID string }
		}
	}
}

const transferQuery = `query($city: ID!, $q: String, $lang: Lang) {
  transferablePractices(toCityId: $city, query: $q, lang: $lang, first: 5) {
    sizeBand
    candidates { practice { id } score reasons { code weight detail(lang: $lang) } obstacles { id } mayApply { id } adaptations { id } }
  }
}`

func TestTransferabilityForSmallAndLargeCities(t *testing.T) {
	ts := startServer(t, func(c *cli.Config) { c.EditorToken = "editor-secret" })
	auth := []string{"Authorization", "Bearer editor-secret"}
	// The report gives no city sizes; these cities come from a source of the test's own.
	ts.query(t, `mutation { createSource(input: {id: "transfer-test", title: {orig: EN, en: "Transfer test cities", fr: "Villes du test de transfert"}, section: "All"}) { id } }`, nil, auth...).decode(t, &struct{}{})
	for _, c := range []struct{ id, size string }{{"smallville", "small"}, {"bigcity", "large"}} {
		ts.query(t, `mutation($id: ID!, $name: String!, $size: String!) { createCity(input: {id: $id, name: {orig: EN, en: $name, fr: $name}, sizeBand: $size, country: "italy", provenance: {source: "transfer-test", section: "All"}}) { id } }`,
			map[string]any{"id": c.id, "name": c.id, "size": c.size}, auth...).decode(t, &struct{}{})
	}
	obstacles := func(city string) (applies, may []string, reasons []string) {
		var got transferRanking
		ts.query(t, transferQuery, map[string]any{"city": city, "q": "visites guidées", "lang": "FR"}).decode(t, &got)
		for _, c := range got.TransferablePractices.Candidates {
			if c.Practice.ID != "diversitours" {
				continue
			}
			for _, o := range c.Obstacles {
				applies = append(applies, o.ID)
			}
			for _, o := range c.MayApply {
				may = append(may, o.ID)
			}
			for _, r := range c.Reasons {
				reasons = append(reasons, r.Code+": "+r.Detail)
			}
			return
		}
		t.Fatalf("diversitours is not among the candidates for %s: %+v", city, got)
		return
	}
	small, _, smallReasons := obstacles("smallville")
	large, _, _ := obstacles("bigcity")
	if !contains(small, "diversitours-obstacle-1") || contains(small, "diversitours-obstacle-4") {
		t.Errorf("obstacles for a small city = %v, want the small-cities one (obstacle-1) and not the large-cities one", small)
	}
	if !contains(large, "diversitours-obstacle-4") || contains(large, "diversitours-obstacle-1") {
		t.Errorf("obstacles for a large city = %v, want the large-cities one (obstacle-4) and not the small-cities one", large)
	}
	if !containsPrefix(smallReasons, "OBSTACLE_FOR_SIZE: les pairs voient un obstacle pour les petites villes") {
		t.Errorf("reasons for a small city = %v, want a French OBSTACLE_FOR_SIZE reason", smallReasons)
	}
	// Bilbao's size is not in the report: size-specific obstacles may apply, at no cost.
	_, may, reasons := obstacles("valencia")
	if !contains(may, "diversitours-obstacle-1") || !contains(may, "diversitours-obstacle-4") || !containsPrefix(reasons, "SIZE_UNKNOWN") {
		t.Errorf("for a city of unknown size: mayApply = %v, reasons = %v; want both size obstacles and SIZE_UNKNOWN", may, reasons)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func containsPrefix(list []string, prefix string) bool {
	for _, x := range list {
		if strings.HasPrefix(x, prefix) {
			return true
		}
	}
	return false
}
