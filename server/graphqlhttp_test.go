package server_test

import (
	"encoding/json"
	"mime"
	"net/http"
	"testing"

	"github.com/practicegraph/practicegraph/cli"
	"github.com/practicegraph/practicegraph/graph"
)

// TestGraphQLOverHTTPStatuses checks the statuses and media types the GraphQL-over-HTTP
// spec asks for (the graphql-http audit's SHOULDs): request errors answer 200 to
// application/json and 400 to application/graphql-response+json, never with a data
// entry, and with a code.
func TestGraphQLOverHTTPStatuses(t *testing.T) {
	ts := startServer(t, func(c *cli.Config) { c.AutoSeed = false })
	const (
		jsonType    = "application/json"
		graphqlType = "application/graphql-response+json"
	)
	tests := []struct {
		name, body string
		errors     bool
	}{
		{"a document that does not parse", `{"query": "{"}`, true},
		{"a document that does not validate", `{"query": "{ noSuchField }"}`, true},
		{"variables that do not coerce", `{"query": "query ($id: ID!) { __typename }", "variables": {"id": null}}`, true},
		{"a valid request", `{"query": "{ __typename }"}`, false},
	}
	for _, tt := range tests {
		for _, accept := range []string{jsonType, graphqlType} {
			t.Run(tt.name+", accepting "+accept, func(t *testing.T) {
				resp, raw := post(t, ts.URL, tt.body, "Accept", accept)
				want := http.StatusOK
				if tt.errors && accept == graphqlType {
					want = http.StatusBadRequest
				}
				if resp.StatusCode != want {
					t.Errorf("HTTP %d, want %d: %s", resp.StatusCode, want, raw)
				}
				if mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); mt != accept {
					t.Errorf("Content-Type %q, want %s", resp.Header.Get("Content-Type"), accept)
				}
				var body map[string]json.RawMessage
				if err := json.Unmarshal(raw, &body); err != nil {
					t.Fatalf("not JSON: %v: %s", err, raw)
				}
				_, hasData := body["data"]
				var errs []struct {
					Extensions map[string]any `json:"extensions"`
				}
				_ = json.Unmarshal(body["errors"], &errs)
				switch {
				case tt.errors && hasData:
					t.Errorf("a request error answers with a data entry: %s", raw)
				case tt.errors && len(errs) == 0:
					t.Errorf("no errors: %s", raw)
				case !tt.errors && (!hasData || len(errs) > 0):
					t.Errorf("want data and no errors: %s", raw)
				}
				for _, e := range errs {
					if e.Extensions["code"] != graph.EINVALID {
						t.Errorf("error code %v, want %s: %s", e.Extensions["code"], graph.EINVALID, raw)
					}
				}
			})
		}
	}
}
