package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/practicegraph/practicegraph/cli"
	"github.com/practicegraph/practicegraph/graph/neo4jstore"
	"github.com/practicegraph/practicegraph/graph/neo4jstore/neo4jtest"
	"github.com/practicegraph/practicegraph/server"
)

// testServer is a running server on :0 against the real test Neo4j.
type testServer struct {
	*server.Server
	URL  string
	svc  *cli.Services
	cfg  cli.Config
	logs *lockedWriter // the server's log
}

// Store returns the server's graph store, for tests that write or count round trips.
func (ts *testServer) Store() *neo4jstore.Store { return ts.svc.Store }

// Config returns the whole configuration the server was started with.
func (ts *testServer) Config() cli.Config { return ts.cfg }

// startServer starts the whole server on a free port. The graph starts empty and is
// seeded from the report unless the config says otherwise.
func startServer(t testing.TB, edit func(*cli.Config)) *testServer {
	t.Helper()
	neo := neo4jtest.Config(t)
	neo4jtest.Lock(t, neo)
	neo4jtest.Wipe(t, neo)
	cfg := cli.DefaultConfig()
	cfg.Addr = "127.0.0.1:0"
	cfg.DataDir = t.TempDir()
	cfg.SeedDir = "../seed/data"
	cfg.Neo4j = neo
	cfg.CORSOrigins = []string{"https://coordinators.example"}
	// Correctness, not speed, is what these tests check: on a loaded machine a request
	// of eighty relationship fields can take longer than the production deadline.
	cfg.RequestTimeout = 2 * time.Minute
	if edit != nil {
		edit(&cfg)
	}
	return runServer(t, cfg)
}

func runServer(t testing.TB, cfg cli.Config) *testServer {
	t.Helper()
	logs := &bytes.Buffer{}
	lw := &lockedWriter{w: logs}
	log := slog.New(slog.NewTextHandler(lw, nil))
	s, svc, err := cli.NewServer(cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	if err := s.Start(ctx); err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		sctx, c := context.WithTimeout(context.Background(), 20*time.Second)
		defer c()
		s.Shutdown(sctx)
		if t.Failed() {
			lw.mu.Lock()
			t.Logf("server log:\n%s", logs.String())
			lw.mu.Unlock()
		}
	})
	select {
	case <-s.Ready():
	case <-time.After(3 * time.Minute):
		t.Fatalf("server not ready after 3 minutes; log:\n%s", logs.String())
	}
	// Ready comes before a rebuild of the search index ends (the seeded graph's first);
	// the tests search what the graph holds, so they wait for it (it is flagged before
	// Ready, so this cannot miss it).
	for deadline := time.Now().Add(3 * time.Minute); ; time.Sleep(20 * time.Millisecond) {
		if _, rebuilding := svc.Index.Rebuilding(); !rebuilding {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("search index still rebuilding after 3 minutes; log:\n%s", logs.String())
		}
	}
	return &testServer{Server: s, URL: s.URL(), svc: svc, cfg: cfg, logs: lw}
}

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// lockedWriter lets the server's goroutines share one log buffer.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// String returns what was written so far.
func (l *lockedWriter) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return fmt.Sprint(l.w)
}

// gqlResponse is a GraphQL response.
type gqlResponse struct {
	Data       json.RawMessage `json:"data"`
	Extensions map[string]any  `json:"extensions"`
	Errors     []struct {
		Message    string         `json:"message"`
		Path       []any          `json:"path"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

// query posts a GraphQL query and decodes the response.
func (ts *testServer) query(t *testing.T, q string, vars map[string]any, headers ...string) gqlResponse {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": q, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("POST /graphql: %v", err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out gqlResponse
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("decode response (HTTP %d): %v\n%s", resp.StatusCode, err, raw)
	}
	return out
}

// data decodes a response's data into v, failing on any error.
func (r gqlResponse) decode(t *testing.T, v any) {
	t.Helper()
	if len(r.Errors) > 0 {
		t.Fatalf("unexpected errors: %+v", r.Errors)
	}
	if err := json.Unmarshal(r.Data, v); err != nil {
		t.Fatalf("decode data: %v\n%s", err, r.Data)
	}
}

func TestServerAnswersGraphQL(t *testing.T) {
	ts := startServer(t, func(c *cli.Config) { c.AutoSeed = false })
	var got struct {
		Typename string `json:"__typename"`
	}
	ts.query(t, `{ __typename }`, nil).decode(t, &got)
	if got.Typename != "Query" {
		t.Errorf("__typename = %q, want Query", got.Typename)
	}
	resp, err := http.Get(ts.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("/healthz = %d, want 200", resp.StatusCode)
	}
	if code, body := getReady(t, ts.URL); code != http.StatusOK {
		t.Errorf("/readyz = %d %v, want 200", code, body)
	}
}

func TestCORS(t *testing.T) {
	ts := startServer(t, func(c *cli.Config) { c.AutoSeed = false })
	for _, tt := range []struct {
		origin string
		want   string
	}{
		{"https://coordinators.example", "https://coordinators.example"},
		{"https://elsewhere.example", ""},
	} {
		req, _ := http.NewRequest(http.MethodOptions, ts.URL+"/graphql", nil)
		req.Header.Set("Origin", tt.origin)
		req.Header.Set("Access-Control-Request-Method", "POST")
		req.Header.Set("Access-Control-Request-Headers", "content-type")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("Access-Control-Allow-Origin"); got != tt.want {
			t.Errorf("preflight from %s: Access-Control-Allow-Origin = %q, want %q", tt.origin, got, tt.want)
		}
	}
}

func getReady(t *testing.T, base string) (int, map[string]any) {
	t.Helper()
	resp, err := http.Get(base + "/readyz")
	if err != nil {
		t.Fatalf("GET /readyz: %v", err)
	}
	defer resp.Body.Close()
	var body map[string]any
	json.NewDecoder(resp.Body).Decode(&body)
	return resp.StatusCode, body
}

// localNeo4j is a throwaway Neo4j of this test's own, started with the project's
// launcher script, so the test may stop and start it.
type localNeo4j struct {
	home, port, password string
}

func (n localNeo4j) run(t *testing.T, action string) {
	t.Helper()
	cmd := exec.Command("../scripts/neo4j-local.sh", action)
	cmd.Env = append(os.Environ(), "NEO4J_LOCAL_HOME="+n.home, "NEO4J_LOCAL_PORT="+n.port,
		"NEO4J_PASSWORD="+n.password, "NEO4J_LOCAL_HEAP=512m", "NEO4J_LOCAL_PAGECACHE=64m")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("neo4j-local.sh %s: %v\n%s", action, err, out)
	}
}

func freePort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return fmt.Sprint(l.Addr().(*net.TCPAddr).Port)
}

func TestReadinessFollowsNeo4j(t *testing.T) {
	n := localNeo4j{home: filepath.Join(t.TempDir(), "neo4j"), port: freePort(t), password: "readiness-test"}
	n.run(t, "start")
	t.Cleanup(func() { n.run(t, "stop") })

	cfg := cli.DefaultConfig()
	cfg.Addr = "127.0.0.1:0"
	cfg.DataDir = t.TempDir()
	cfg.AutoSeed = false
	cfg.RequestTimeout = 10 * time.Second
	cfg.Neo4j = neo4jstore.Config{URI: "bolt://127.0.0.1:" + n.port, User: "neo4j", Password: n.password}
	ts := runServer(t, cfg)

	if code, body := getReady(t, ts.URL); code != http.StatusOK {
		t.Fatalf("/readyz = %d %v before stopping Neo4j, want 200", code, body)
	}

	n.run(t, "stop")
	code, body := getReady(t, ts.URL)
	if code != http.StatusServiceUnavailable {
		t.Fatalf("/readyz = %d %v with Neo4j stopped, want 503", code, body)
	}
	checks, _ := body["checks"].(map[string]any)
	if reason, _ := checks["neo4j"].(string); !strings.Contains(reason, "unreachable") {
		t.Errorf("/readyz neo4j check = %q, want a reason saying it is unreachable", reason)
	}
	start := time.Now()
	resp := ts.query(t, `{ about { graphVersion } }`, nil)
	if len(resp.Errors) == 0 || resp.Errors[0].Extensions["code"] != "UNAVAILABLE" {
		t.Errorf("query with Neo4j stopped: errors = %+v, want UNAVAILABLE", resp.Errors)
	}
	if d := time.Since(start); d > cfg.RequestTimeout {
		t.Errorf("query with Neo4j stopped took %v, want an answer within the request timeout", d)
	}

	n.run(t, "start")
	deadline := time.Now().Add(60 * time.Second)
	for {
		code, body = getReady(t, ts.URL)
		if code == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/readyz = %d %v a minute after Neo4j came back, want 200", code, body)
		}
		time.Sleep(500 * time.Millisecond)
	}
	var got struct {
		About struct{ GraphVersion int } `json:"about"`
	}
	ts.query(t, `{ about { graphVersion } }`, nil).decode(t, &got)
}
