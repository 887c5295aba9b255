package server_test

import (
	"context"
	"encoding/json"
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/coder/websocket/wsjson"

	"github.com/practicegraph/practicegraph/cli"
	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/server"
	"github.com/practicegraph/practicegraph/web"
)

var updateTrusted = flag.Bool("update-trusted-documents", false, "rewrite web/"+web.TrustedDocumentsFile+" from the pages' documents")

// TestTrustedDocumentsManifest checks that the embedded allow-list holds exactly the
// documents the pages list in static/js/documents.js, as the browser builds them (they
// are assembled from fragments at load). With -update-trusted-documents it rewrites it.
func TestTrustedDocumentsManifest(t *testing.T) {
	chromium := chromiumPath(t)
	site := httptest.NewServer(web.Handler(nil))
	defer site.Close()
	b := openBrowser(t, chromium, site.URL)
	// Any page of the site will do: the documents come from the module, not the page.
	b.do(chromedp.Navigate(site.URL + "/static/js/documents.js"))
	docs, err := chromedp.Run(b.ctx, chromedp.Evaluate[map[string]string](
		`import('/static/js/documents.js').then(m => Object.fromEntries(Object.entries(m)))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("load the pages' documents in the browser: %v", err)
	}
	if len(docs) == 0 {
		t.Fatal("documents.js exports no documents")
	}
	want := map[string]string{}
	for name, doc := range docs {
		if !strings.HasPrefix(doc, "query ") && !strings.HasPrefix(doc, "mutation ") {
			t.Errorf("documents.js exports %s, which is not a named operation", name)
		}
		want[server.DocumentHash(doc)] = doc
	}
	path := filepath.Join("..", "web", web.TrustedDocumentsFile)
	if *updateTrusted {
		raw, err := json.MarshalIndent(want, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, append(raw, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got := web.TrustedDocuments()
	var missing, stale []string
	for h, doc := range want {
		if got[h] != doc {
			missing = append(missing, operationName(doc))
		}
	}
	for h, doc := range got {
		if _, ok := want[h]; !ok {
			stale = append(stale, operationName(doc))
		}
	}
	sort.Strings(missing)
	sort.Strings(stale)
	if len(missing)+len(stale) > 0 {
		t.Errorf("web/%s is out of date (missing %v, no longer sent %v): run go test ./server -run TestTrustedDocumentsManifest -update-trusted-documents",
			web.TrustedDocumentsFile, missing, stale)
	}
}

func operationName(doc string) string {
	f := strings.FieldsFunc(doc, func(r rune) bool { return r == ' ' || r == '(' || r == '{' })
	if len(f) < 2 {
		return doc
	}
	return f[1]
}

// A server locked down to the pages' documents runs them, by text or by hash alone, and
// refuses anything else, introspection included, with FORBIDDEN.
func TestTrustedDocumentsOnly(t *testing.T) {
	ts := startServer(t, func(c *cli.Config) { c.TrustedDocuments = web.TrustedDocuments() })
	var grants, hash string
	for h, doc := range web.TrustedDocuments() {
		if operationName(doc) == "Grants" {
			grants, hash = doc, h
		}
	}
	if grants == "" {
		t.Fatal("the pages' documents have no Grants query")
	}
	check := func(t *testing.T, body string, wantStatus int, wantCode string) {
		t.Helper()
		resp, raw := post(t, ts.URL, body)
		if resp.StatusCode != wantStatus {
			t.Errorf("HTTP %d, want %d: %s", resp.StatusCode, wantStatus, raw)
		}
		var got struct {
			Data   map[string]any `json:"data"`
			Errors []struct {
				Extensions map[string]any `json:"extensions"`
			} `json:"errors"`
		}
		if err := json.Unmarshal(raw, &got); err != nil {
			t.Fatalf("not JSON: %s", raw)
		}
		switch {
		case wantCode == "" && (len(got.Errors) > 0 || got.Data["grants"] == nil):
			t.Errorf("want the grants, got %s", raw)
		case wantCode != "" && (len(got.Errors) == 0 || got.Errors[0].Extensions["code"] != wantCode):
			t.Errorf("want an error coded %s, got %s", wantCode, raw)
		}
	}
	quote := func(s string) string { b, _ := json.Marshal(s); return string(b) }
	t.Run("a page's document by its text", func(t *testing.T) {
		check(t, `{"query": `+quote(grants)+`, "variables": {"lang": "EN"}}`, http.StatusOK, "")
	})
	t.Run("a page's document by its hash alone", func(t *testing.T) {
		check(t, `{"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "`+hash+`"}}, "variables": {"lang": "EN"}}`, http.StatusOK, "")
	})
	t.Run("a page's document changed by one character", func(t *testing.T) {
		check(t, `{"query": `+quote(grants+" ")+`}`, http.StatusForbidden, graph.EFORBIDDEN)
	})
	t.Run("an unknown hash", func(t *testing.T) {
		check(t, `{"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "`+server.DocumentHash("{ __typename }")+`"}}}`, http.StatusForbidden, graph.EFORBIDDEN)
	})
	t.Run("an untrusted operation over a WebSocket", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		conn := dialGraphQL(t, ctx, ts.URL, "https://coordinators.example")
		sub, _ := json.Marshal(map[string]any{"query": `subscription { graphChanged { toVersion } }`})
		if err := wsjson.Write(ctx, conn, wsMessage{ID: "1", Type: "subscribe", Payload: sub}); err != nil {
			t.Fatal(err)
		}
		if m := readMessage(t, ctx, conn); !strings.Contains(string(m.Payload), graph.EFORBIDDEN) {
			t.Errorf("got %s %s, want an error coded %s", m.Type, m.Payload, graph.EFORBIDDEN)
		}
	})
	t.Run("introspection", func(t *testing.T) {
		check(t, `{"query": "{ __schema { types { name } } }"}`, http.StatusForbidden, graph.EFORBIDDEN)
	})
}
