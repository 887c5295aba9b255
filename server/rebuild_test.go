package server_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/practicegraph/practicegraph/cli"
	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/graph/neo4jstore/neo4jtest"
	"github.com/practicegraph/practicegraph/search"
)

// gatedGraph holds the rebuild's loading of documents until gate is closed.
type gatedGraph struct {
	search.GraphSource
	gate chan struct{}
}

func (g gatedGraph) IndexablesAfter(ctx context.Context, k graph.Kind, after string, limit int) ([]graph.Indexable, error) {
	select {
	case <-g.gate:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return g.GraphSource.IndexablesAfter(ctx, k, after, limit)
}

// TestReadyWhileRebuilding: a server whose index must be rebuilt from the graph (here a
// freshly seeded one) is ready at once, says in /readyz that the index is being rebuilt,
// and flags its search results; once the rebuild ends both say nothing more and search
// finds what the graph holds.
func TestReadyWhileRebuilding(t *testing.T) {
	neo := neo4jtest.Config(t)
	neo4jtest.Lock(t, neo)
	neo4jtest.Wipe(t, neo)
	cfg := cli.DefaultConfig()
	cfg.Addr = "127.0.0.1:0"
	cfg.DataDir = t.TempDir()
	cfg.SeedDir = "../seed/data"
	cfg.Neo4j = neo
	cfg.RequestTimeout = 2 * time.Minute
	s, svc, err := cli.NewServer(cfg, discardLogger())
	if err != nil {
		t.Fatal(err)
	}
	gate := make(chan struct{})
	svc.Syncer.Graph = gatedGraph{GraphSource: svc.Store, gate: gate}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(func() {
		cancel()
		sctx, c := context.WithTimeout(context.Background(), 20*time.Second)
		defer c()
		s.Shutdown(sctx)
	})
	if err := s.Start(ctx); err != nil {
		t.Fatal(err)
	}
	select {
	case <-s.Ready():
	case <-time.After(3 * time.Minute):
		t.Fatal("server not ready after 3 minutes while its index waits to be rebuilt")
	}
	ts := &testServer{Server: s, URL: s.URL(), svc: svc, cfg: cfg}

	code, body := getReady(t, ts.URL)
	checks, _ := body["checks"].(map[string]any)
	if reason, _ := checks["search_index"].(string); code != 200 || !strings.HasPrefix(reason, "ok: search index being rebuilt") {
		t.Errorf("/readyz during the rebuild = %d %v, want 200 with the rebuild and its progress", code, body)
	}
	if m := metricsText(t, ts.URL); !strings.Contains(m, "practicegraph_search_rebuild_in_progress 1") {
		t.Errorf("/metrics during the rebuild lacks practicegraph_search_rebuild_in_progress 1")
	}
	const q = `{ search(query: "Diversitours", first: 5) { totalCount edges { node { id } } } }`
	resp := ts.query(t, q, nil)
	if len(resp.Errors) > 0 {
		t.Fatalf("search during the rebuild: %+v", resp.Errors)
	}
	if !hasWarning(resp, "SEARCH_REBUILDING") {
		t.Errorf("search during the rebuild: extensions %v, want a SEARCH_REBUILDING warning", resp.Extensions)
	}

	close(gate)
	deadline := time.Now().Add(3 * time.Minute)
	for {
		code, body = getReady(t, ts.URL)
		checks, _ = body["checks"].(map[string]any)
		if code == 200 && checks["search_index"] == "ok" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/readyz = %d %v three minutes after the rebuild was let go, want it done", code, body)
		}
		time.Sleep(100 * time.Millisecond)
	}
	resp = ts.query(t, q, nil)
	var got struct {
		Search struct {
			TotalCount int
			Edges      []struct{ Node struct{ ID string } }
		}
	}
	resp.decode(t, &got)
	if got.Search.TotalCount == 0 || got.Search.Edges[0].Node.ID != "diversitours" {
		t.Errorf("search after the rebuild = %+v, want Diversitours first", got.Search)
	}
	if hasWarning(resp, "SEARCH_REBUILDING") {
		t.Errorf("search after the rebuild still warns: %v", resp.Extensions)
	}
	if m := metricsText(t, ts.URL); !strings.Contains(m, "practicegraph_search_rebuild_in_progress 0") {
		t.Errorf("/metrics after the rebuild lacks practicegraph_search_rebuild_in_progress 0")
	}
}

// metricsText returns the server's /metrics page.
func metricsText(t *testing.T, base string) string {
	t.Helper()
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /metrics: HTTP %d, %v", resp.StatusCode, err)
	}
	return string(raw)
}

// hasWarning reports whether a response's extensions.warnings holds code.
func hasWarning(r gqlResponse, code string) bool {
	ws, _ := r.Extensions["warnings"].([]any)
	for _, w := range ws {
		if m, ok := w.(map[string]any); ok && m["code"] == code {
			return true
		}
	}
	return false
}
