package server_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/practicegraph/practicegraph/app"
	"github.com/practicegraph/practicegraph/cli"
	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/server"
)

// keptOf returns what an answer's extensions.cost says of it: answered by the compiled
// reader, from the answers kept, and its Neo4j queries.
func keptOf(t *testing.T, r gqlResponse) (compiled, kept bool, queries float64) {
	t.Helper()
	if len(r.Errors) > 0 {
		t.Fatalf("errors: %+v", r.Errors)
	}
	cost, _ := r.Extensions["cost"].(map[string]any)
	if cost == nil {
		t.Fatalf("the answer says nothing of its cost: extensions %v", r.Extensions)
	}
	q, _ := cost["neo4jQueries"].(float64)
	return cost["compiled"] == true, cost["kept"] == true, q
}

// askAtOnce posts query q from n goroutines at once and returns their answers and
// errors, in order.
func askAtOnce(ts *testServer, q string, n int) ([]gqlResponse, []error) {
	var wg sync.WaitGroup
	answers := make([]gqlResponse, n)
	errs := make([]error, n)
	for i := range answers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			answers[i], errs[i] = ts.post(q, nil)
		}()
	}
	wg.Wait()
	return answers, errs
}

// renameDiversitours gives the practice diversitours an English name through ts, as its
// editor, and returns the mutation's answer.
func renameDiversitours(t *testing.T, ts *testServer, name string) gqlResponse {
	t.Helper()
	r := ts.query(t, `mutation($name: String!) { updatePractice(id: "diversitours", input: {name: {orig: EN, en: $name, fr: "Diversitours"},
		provenance: {source: "icc-coordinators-meeting-2023", section: "test"}}) { id } }`, map[string]any{"name": name}, asEditor...)
	if len(r.Errors) > 0 {
		t.Fatalf("update through %s: %+v", ts.URL, r.Errors)
	}
	return r
}

// TestKeptAnswersFollowTheGraph checks the compiled reader's answers kept for the graph
// state (resolvers.Answers): a query asked again at the same state is answered with the
// same bytes after one round trip, and every way the graph changes — an editor's write
// on this server, a write through another server on the same database, a staged
// import's publish — is answered fresh at once, as is a client asking for no-cache.
func TestKeptAnswersFollowTheGraph(t *testing.T) {
	ts := startServer(t, func(c *cli.Config) { c.EditorToken = editorToken })
	// A second server on the same database, keeping answers up to 8 KiB: it writes
	// behind the first one's back, and shows the bound.
	cfg := ts.cfg
	cfg.DataDir = t.TempDir()
	cfg.AnswerCacheBytes = 8 << 10
	other := runServer(t, cfg)

	const practice = `{ practice(id: "diversitours") { id name { text(lang: EN) } cities { city { id name { text(lang: EN) } } } } }`
	first := ts.query(t, practice, nil)
	if compiled, kept, _ := keptOf(t, first); !compiled || kept {
		t.Fatalf("first answer: compiled %v, kept %v; want read by the compiled reader, not kept", compiled, kept)
	}
	again := ts.query(t, practice, nil)
	if compiled, kept, q := keptOf(t, again); !compiled || !kept || q != 1 {
		t.Errorf("asked again: compiled %v, kept %v, %v Neo4j queries; want kept, after the state's one query", compiled, kept, q)
	}
	if !bytes.Equal(first.Data, again.Data) {
		t.Errorf("kept answer\n%s\ndiffers from the answer read\n%s", again.Data, first.Data)
	}
	if _, kept, _ := keptOf(t, ts.query(t, practice, nil, "Cache-Control", "no-cache")); kept {
		t.Errorf("Cache-Control: no-cache was answered from the answers kept")
	}
	// Other variables, another answer.
	const byID = `query($id: ID!) { practice(id: $id) { id cities { city { id } } } }`
	a := ts.query(t, byID, map[string]any{"id": "diversitours"})
	b := ts.query(t, byID, map[string]any{"id": "annual-recognition-of-migrant-women"})
	if _, kept, _ := keptOf(t, b); kept || bytes.Equal(a.Data, b.Data) {
		t.Errorf("another id was answered with the first id's answer: %s", b.Data)
	}

	t.Run("an editor's write", func(t *testing.T) {
		ts.query(t, practice, nil) // kept
		r := renameDiversitours(t, ts, "Diversitours, kept no more")
		got := ts.query(t, practice, nil)
		if _, kept, _ := keptOf(t, got); kept || !strings.Contains(string(got.Data), "kept no more") {
			t.Errorf("after the write: kept %v, answer %s; want the new name, read", kept, got.Data)
		}
		// A client sending its write's bookmarks is read afresh: on a cluster a kept
		// answer may come from a member that had not seen the write.
		marks, _ := r.Extensions["bookmarks"].([]any)
		if len(marks) == 0 {
			t.Fatalf("the mutation's answer has no bookmarks: %v", r.Extensions)
		}
		if _, kept, _ := keptOf(t, ts.query(t, practice, nil, server.BookmarkHeader, marks[0].(string))); kept {
			t.Errorf("a request with its write's bookmarks was answered from the answers kept")
		}
	})

	t.Run("a write through another server", func(t *testing.T) {
		ts.query(t, practice, nil)
		if _, kept, _ := keptOf(t, ts.query(t, practice, nil)); !kept {
			t.Fatalf("not kept before the other server writes")
		}
		renameDiversitours(t, other, "Diversitours, written elsewhere")
		got := ts.query(t, practice, nil)
		if _, kept, _ := keptOf(t, got); kept || !strings.Contains(string(got.Data), "written elsewhere") {
			t.Errorf("after the other server's write: kept %v, answer %s; want its new name, read", kept, got.Data)
		}
	})

	t.Run("a staged import", func(t *testing.T) {
		const cities = `{ cities(filter: {country: "kept-land"}) { totalCount edges { node { id practices { practice { id } } } } } }`
		before := ts.query(t, cities, nil)
		ts.query(t, cities, nil)
		if !strings.Contains(string(before.Data), `"totalCount":0`) {
			t.Fatalf("the country's cities before the import: %s", before.Data)
		}
		file := filepath.Join(t.TempDir(), "kept-land.yaml")
		data := `kind: Country
source: icc-coordinators-meeting-2023
records:
  - id: kept-land
    section: test
    name: {orig: en, en: "Kept land"}
    iso2: KL
---
kind: City
source: icc-coordinators-meeting-2023
records:
  - id: kept-town
    section: test
    name: {orig: en, en: "Kept town"}
    links:
      - {rel: ` + graph.RelInCountry + `, to: kept-land}
`
		if err := os.WriteFile(file, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		if _, err := ts.svc.App.ImportFiles(ctx, []string{file}, app.ImportOptions{}); err != nil {
			t.Fatalf("import: %v", err)
		}
		got := ts.query(t, cities, nil)
		if _, kept, _ := keptOf(t, got); kept || !strings.Contains(string(got.Data), `"kept-town"`) {
			t.Errorf("after the import: kept %v, answer %s; want the imported city, read", kept, got.Data)
		}
	})

	t.Run("a discarded import gives its version back", func(t *testing.T) {
		// The graph goes back to the state it had before the import began: answers are
		// kept for it again, once a request that read it is no longer taken for one
		// that raced a write.
		const q = `{ practice(id: "diversitours") { id grants { grant { id } } } }`
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		st, err := ts.Store().BeginImport(ctx, graph.ImportOwner{Host: "test", PID: os.Getpid()})
		if err != nil {
			t.Fatal(err)
		}
		ts.query(t, q, nil) // kept for the state of the import running
		if err := st.Discard(ctx); err != nil {
			t.Fatal(err)
		}
		time.Sleep(6 * time.Second) // past resolvers.olderStateGrace
		ts.query(t, q, nil)
		if _, kept, _ := keptOf(t, ts.query(t, q, nil)); !kept {
			t.Errorf("answers are no longer kept after an import was discarded")
		}
	})

	t.Run("concurrent requests share one reading", func(t *testing.T) {
		const list = `{ practices(first: 30) { totalCount edges { node { id cities { city { id } } grants { grant { id } } } } } }`
		answers, errs := askAtOnce(ts, list, 16)
		for i, r := range answers {
			if errs[i] != nil || len(r.Errors) > 0 {
				t.Fatalf("request %d: %v %+v", i, errs[i], r.Errors)
			}
			if !bytes.Equal(r.Data, answers[0].Data) || !strings.Contains(string(r.Data), `"id":`) {
				t.Fatalf("request %d answered\n%s\nrequest 0\n%s", i, r.Data, answers[0].Data)
			}
		}
		if _, kept, _ := keptOf(t, ts.query(t, list, nil)); !kept {
			t.Errorf("the list was not kept after the concurrent requests")
		}
	})

	t.Run("a reading that fails is left to the executor", func(t *testing.T) {
		const missing = `{ practice(id: "no-such-practice") { id cities { city { id } } } }`
		answers, errs := askAtOnce(ts, missing, 8)
		for i, r := range answers {
			if errs[i] != nil || len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "NOT_FOUND" {
				t.Errorf("request %d: %v %+v, want NOT_FOUND", i, errs[i], r.Errors)
			}
		}
	})

	t.Run("the bound", func(t *testing.T) {
		// 8 KiB keeps answers up to 1 KiB, with their key and 256 bytes an entry.
		const small = `{ practice(id: "diversitours") { id } }`
		other.query(t, small, nil)
		if _, kept, _ := keptOf(t, other.query(t, small, nil)); !kept {
			t.Errorf("a small answer was not kept under an 8 KiB bound")
		}
		const large = `{ practices(first: 12) { edges { node { id name { text(lang: EN) } summary { text(lang: EN) } } } } }`
		if r := other.query(t, large, nil); len(r.Data) < 1024 {
			t.Fatalf("the large answer has %d bytes, want more than 1 KiB: %s", len(r.Data), r.Data)
		}
		if _, kept, _ := keptOf(t, other.query(t, large, nil)); kept {
			t.Errorf("an answer over an eighth of the bound was kept")
		}
		// More small answers than 8 KiB holds: the least recently asked goes first.
		var ids struct {
			Cities struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
		other.query(t, `{ cities(first: 40) { edges { node { id } } } }`, nil, "Cache-Control", "no-cache").decode(t, &ids)
		const n = 30 // some 350 bytes each
		if len(ids.Cities.Edges) < n {
			t.Fatalf("%d cities in the seed, want %d or more", len(ids.Cities.Edges), n)
		}
		const city = `query($id: ID!) { city(id: $id) { id } }`
		ask := func(i int) gqlResponse {
			return other.query(t, city, map[string]any{"id": ids.Cities.Edges[i].Node.ID})
		}
		for i := range n {
			ask(i)
		}
		if _, kept, _ := keptOf(t, ask(n-1)); !kept {
			t.Errorf("the city asked last is not kept")
		}
		if _, kept, _ := keptOf(t, ask(0)); kept {
			t.Errorf("the city asked first is still kept after %d answers of some 350 bytes under an 8 KiB bound", n)
		}
	})

	t.Run("metrics", func(t *testing.T) {
		_, body := ts.get(t, "/metrics")
		for _, m := range []string{"practicegraph_answer_cache_hits_total", "practicegraph_answer_cache_misses_total"} {
			if !bytes.Contains(body, []byte(m+" ")) || bytes.Contains(body, []byte(m+" 0\n")) {
				t.Errorf("/metrics: %s missing or 0", m)
			}
		}
		if !bytes.Contains(body, []byte("practicegraph_answer_cache_bytes ")) {
			t.Errorf("/metrics: practicegraph_answer_cache_bytes missing")
		}
	})
}
