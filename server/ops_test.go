package server_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/practicegraph/practicegraph/cli"
)

// post sends a GraphQL POST with the given headers over a client that never decodes
// gzip itself, and returns the answer and its raw body.
func post(t *testing.T, url, body string, headers ...string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url+"/graphql", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := (&http.Client{Transport: &http.Transport{DisableCompression: true}}).Do(req)
	if err != nil {
		t.Fatalf("POST /graphql: %v", err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, raw
}

func TestOperations(t *testing.T) {
	ts := startServer(t, nil)
	const large = `{"query":"query PracticeNames { practices(first: 100) { edges { node { id version name { text } summary { text } } } } }"}`

	t.Run("large answers are gzipped when asked and decode to the same JSON", func(t *testing.T) {
		plainResp, plain := post(t, ts.URL, large)
		if enc := plainResp.Header.Get("Content-Encoding"); enc != "" {
			t.Fatalf("without Accept-Encoding: Content-Encoding = %q, want none", enc)
		}
		if len(plain) < 1024 {
			t.Fatalf("the plain answer has %d bytes; the test needs more than 1 KiB", len(plain))
		}
		zResp, zipped := post(t, ts.URL, large, "Accept-Encoding", "gzip")
		if enc := zResp.Header.Get("Content-Encoding"); enc != "gzip" {
			t.Fatalf("Content-Encoding = %q, want gzip", enc)
		}
		if !strings.Contains(zResp.Header.Get("Vary"), "Accept-Encoding") {
			t.Errorf("Vary = %q, want Accept-Encoding", zResp.Header.Get("Vary"))
		}
		zr, err := gzip.NewReader(bytes.NewReader(zipped))
		if err != nil {
			t.Fatal(err)
		}
		unzipped, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		if len(zipped) >= len(plain) {
			t.Errorf("gzipped answer has %d bytes, the plain one %d", len(zipped), len(plain))
		}
		var a, b any
		if err := json.Unmarshal(plain, &a); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(unzipped, &b); err != nil {
			t.Fatal(err)
		}
		ja, _ := json.Marshal(a)
		jb, _ := json.Marshal(b)
		if !bytes.Equal(ja, jb) {
			t.Errorf("gunzipped answer differs from the plain one:\n%s\n%s", jb, ja)
		}
	})

	t.Run("small answers are not gzipped", func(t *testing.T) {
		resp, raw := post(t, ts.URL, `{"query":"{ about { name } }"}`, "Accept-Encoding", "gzip")
		if enc := resp.Header.Get("Content-Encoding"); enc != "" {
			t.Errorf("Content-Encoding = %q for a %d-byte answer, want none", enc, len(raw))
		}
		if !json.Valid(raw) {
			t.Errorf("small answer is not plain JSON: %q", raw)
		}
	})

	t.Run("about says the version", func(t *testing.T) {
		var got struct {
			About struct{ Version, Commit string }
		}
		ts.query(t, `{ about { version commit } }`, nil).decode(t, &got)
		// A test binary is not stamped by the Makefile and runs with -buildvcs=false.
		if got.About.Version != "dev" || got.About.Commit == "" {
			t.Errorf("about = %+v, want version dev and a commit", got.About)
		}
	})

	t.Run("one log line per request with its id, operation, status and codes", func(t *testing.T) {
		body := `{"query":"query MissingPractice($id: ID!) { practice(id: $id) { id } }","variables":{"id":"secret-looking-value"}}`
		resp, _ := post(t, ts.URL, body, "X-Request-Id", "lb-req-42")
		if got := resp.Header.Get("X-Request-Id"); got != "lb-req-42" {
			t.Errorf("X-Request-Id = %q, want the caller's lb-req-42", got)
		}
		var line string
		for _, l := range strings.Split(ts.logs.String(), "\n") {
			if strings.Contains(l, "request_id=lb-req-42") {
				if line != "" {
					t.Fatalf("two log lines for one request:\n%s\n%s", line, l)
				}
				line = l
			}
		}
		for _, want := range []string{"msg=Request", "path=/graphql", "status=200", "operation=MissingPractice", "error_codes=NOT_FOUND", "duration_ms="} {
			if !strings.Contains(line, want) {
				t.Errorf("log line lacks %q: %s", want, line)
			}
		}
		if strings.Contains(ts.logs.String(), "secret-looking-value") {
			t.Error("the log holds a query variable")
		}
		resp, _ = post(t, ts.URL, `{"query":"{ about { name } }"}`)
		if id := resp.Header.Get("X-Request-Id"); len(id) < 16 {
			t.Errorf("X-Request-Id = %q, want one made by the server", id)
		}
	})

	t.Run("metrics have the request histogram, error counter and Neo4j and index gauges", func(t *testing.T) {
		resp, err := http.Get(ts.URL + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		text := string(raw)
		for _, want := range []string{
			`practicegraph_graphql_request_duration_seconds_bucket{operation="PracticeNames",outcome="ok",le="+Inf"} 2`,
			`practicegraph_graphql_request_duration_seconds_count{operation="MissingPractice",outcome="error"} 1`,
			`practicegraph_graphql_request_duration_seconds_count{operation="anonymous",outcome="ok"}`,
			`practicegraph_graphql_errors_total{code="NOT_FOUND"} 1`,
			`practicegraph_neo4j_query_duration_seconds_count{kind="read",outcome="ok"}`,
			`practicegraph_neo4j_query_duration_seconds_count{kind="write",outcome="ok"}`, // the seed
			"practicegraph_neo4j_queries_in_flight 0",
			"practicegraph_search_index_lag_versions 0",
			"practicegraph_search_index_lag_seconds 0",
			"practicegraph_search_index_version ",
			"practicegraph_search_rebuild_in_progress 0", // the server waits for the first build
			"practicegraph_search_rebuild_total_documents 0",
			"practicegraph_search_result_cache_hits_total ",
			"practicegraph_search_result_cache_misses_total ",
			`practicegraph_build_info{commit="unknown",goversion="go`,
			"go_goroutines ",
			"process_resident_memory_bytes ",
		} {
			if !strings.Contains(text, want) {
				t.Errorf("/metrics lacks %q", want)
			}
		}
		if strings.Contains(text, "practicegraph_graph_version 0\n") {
			t.Error("graph version 0 after the seed")
		}
	})

	t.Run("readiness fails while draining, before shutdown", func(t *testing.T) {
		if code, _ := getReady(t, ts.URL); code != http.StatusOK {
			t.Fatalf("before draining: /readyz = %d, want 200", code)
		}
		// The container healthcheck command asks the same question.
		t.Setenv("PRACTICEGRAPH_ADDR", strings.TrimPrefix(ts.URL, "http://"))
		var out bytes.Buffer
		if err := cli.Main(context.Background(), []string{"healthcheck"}, &out, io.Discard); err != nil {
			t.Errorf("healthcheck before draining: %v", err)
		}
		ts.Drain()
		if err := cli.Main(context.Background(), []string{"healthcheck"}, &out, io.Discard); err == nil || !strings.Contains(err.Error(), "shutting down") {
			t.Errorf("healthcheck while draining: %v, want a failure saying shutting down", err)
		}
		code, body := getReady(t, ts.URL)
		if code != http.StatusServiceUnavailable || body["reason"] != "shutting down" {
			t.Errorf("while draining: /readyz = %d %v, want 503 shutting down", code, body)
		}
		// Requests are still answered while balancers take the replica out.
		var got struct{ About struct{ Name string } }
		ts.query(t, `{ about { name } }`, nil).decode(t, &got)
		if got.About.Name != "practicegraph" {
			t.Errorf("while draining: about.name = %q", got.About.Name)
		}
	})
}
