package server_test

import (
	"encoding/json"
	"flag"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/practicegraph/practicegraph/cli"
)

// FuzzGraphQLHandler sends arbitrary requests to the GraphQL endpoint, in process,
// against the real Neo4j: every answer is JSON, no error lacks extensions.code, none
// is a 5xx, and no answer names a Go type.
func FuzzGraphQLHandler(f *testing.F) {
	for _, s := range []struct{ method, contentType, body string }{
		{http.MethodPost, "application/json", `{"query": "{ about { name } }"}`},
		{http.MethodPost, "application/json", `{"query": "query($l: Lang) { about { name } practices(first: 2) { edges { node { name { text(lang: $l) } } } } }", "variables": {"l": "fr"}}`},
		{http.MethodPost, "application/json", `{"query": "` + strings.ReplaceAll(nestedPartners, `"`, `\"`) + `"}`},
		{http.MethodPost, "application/json", `[{"query": "{ about { name } }"}]`},
		{http.MethodPost, "application/json", `{"query": 1}`},
		{http.MethodPost, "application/json", `{"query": "{ city(id: \"bilbao\") { id name { text } } }", "operationName": "x"}`},
		{http.MethodPost, "application/json; charset=utf-8", `{"query": "mutation { deleteEntity(ref: {kind: CITY, id: \"bilbao\"}) }"}`},
		{http.MethodPost, "text/plain", `{ about { name } }`},
		{http.MethodPost, "application/json", `{"query": "{ search(query: \"a* a* a*\", advanced: true) { totalCount } }"}`},
		{http.MethodGet, "", `query=` + url.QueryEscape(`{ about { name } }`)},
		{http.MethodGet, "", `query=` + url.QueryEscape(`mutation { deleteEntity(ref: {kind: CITY, id: "x"}) }`)},
		{http.MethodGet, "", `query={&variables=[`},
		{http.MethodPut, "application/json", `{}`},
	} {
		f.Add(s.method, s.contentType, s.body)
	}
	// When fuzzing, the coordinating process runs this setup too but never the target;
	// a server there would hold the test database's lock its workers wait for.
	var h http.Handler
	if !fuzzCoordinator() {
		h = startServer(f, func(c *cli.Config) { c.AutoSeed = false; c.MaxBodyBytes = 1 << 16 }).Handler()
	}
	f.Fuzz(func(t *testing.T, method, contentType, body string) {
		if h == nil {
			t.Fatal("no server in this process")
		}
		switch method {
		case http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch, http.MethodOptions, http.MethodHead:
		default:
			method = http.MethodPost // net/http refuses invalid methods before any handler
		}
		target := "/graphql"
		var req *http.Request
		if method == http.MethodGet || method == http.MethodHead {
			req = httptest.NewRequest(method, "/graphql", nil)
			req.URL.RawQuery = body
			target = "/graphql?" + body
		} else {
			req = httptest.NewRequest(method, target, strings.NewReader(body))
		}
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%s %q (%s): HTTP %d %s", method, body, contentType, rec.Code, rec.Body)
		}
		if method == http.MethodOptions || method == http.MethodHead {
			return
		}
		var resp struct {
			Errors []struct {
				Message    string         `json:"message"`
				Extensions map[string]any `json:"extensions"`
			} `json:"errors"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
			t.Fatalf("%s %q (%s): HTTP %d, not JSON: %v\n%s", method, body, contentType, rec.Code, err, rec.Body)
		}
		if rec.Code >= 400 && len(resp.Errors) == 0 {
			t.Fatalf("%s %q: HTTP %d without errors", method, body, rec.Code)
		}
		for _, e := range resp.Errors {
			if code, _ := e.Extensions["code"].(string); code == "" || code == "INTERNAL" {
				t.Fatalf("%s %q (%s): error %q has code %q", method, body, contentType, e.Message, code)
			}
		}
		for _, leak := range []string{"Go value", "rawParams", "cannot unmarshal", "transport."} {
			if strings.Contains(rec.Body.String(), leak) {
				t.Fatalf("%s %q: the answer names %q: %s", method, body, leak, rec.Body)
			}
		}
	})
}

// fuzzCoordinator says whether this process coordinates fuzzing workers (go test
// -fuzz), rather than running inputs itself.
func fuzzCoordinator() bool {
	fuzz, worker := flag.Lookup("test.fuzz"), flag.Lookup("test.fuzzworker")
	return fuzz != nil && fuzz.Value.String() != "" && (worker == nil || worker.Value.String() != "true")
}
