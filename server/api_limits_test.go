package server_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/practicegraph/practicegraph/cli"
	"github.com/practicegraph/practicegraph/graph"
)

func TestQueryLimits(t *testing.T) {
	ts := startServer(t, func(c *cli.Config) {
		c.AutoSeed = false
		c.ComplexityLimit = 500
		c.DepthLimit = 6
		c.TokenLimit = 400
		c.MaxBodyBytes = 4000
	})
	tests := []struct {
		name, query, want string
	}{
		{"too deep", `{ city(id: "bilbao") { practices { practice { cities { city { practices { practice { cities { city { id } } } } } } } } } }`, "nested"},
		{"too complex", `{ cities(first: 100) { edges { node { id aliases practices { practice { id } } } } } }`, "complexity"},
		{"too many tokens", "{ " + strings.Repeat("about { name } ", 150) + "}", "token"},
		{"not GraphQL", `{ city(id: `, ""},
		{"unknown field", `{ nothing }`, "Cannot query field"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := ts.query(t, tt.query, nil)
			if len(resp.Errors) == 0 {
				t.Fatal("no error")
			}
			if got := errorCode(resp); got != graph.EINVALID {
				t.Errorf("code = %q, want BAD_USER_INPUT (%+v)", got, resp.Errors)
			}
			if !strings.Contains(strings.ToLower(resp.Errors[0].Message), strings.ToLower(tt.want)) {
				t.Errorf("message = %q, want it to mention %q", resp.Errors[0].Message, tt.want)
			}
		})
	}

	t.Run("body too large", func(t *testing.T) {
		body, _ := json.Marshal(map[string]any{"query": "{ about { name } }", "variables": map[string]any{"pad": strings.Repeat("x", 5000)}})
		resp, err := http.Post(ts.URL+"/graphql", "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(raw), graph.EINVALID) {
			t.Errorf("HTTP %d %s, want 413 with BAD_USER_INPUT", resp.StatusCode, raw)
		}
	})

	t.Run("within the limits", func(t *testing.T) {
		var got struct{ About struct{ Name string } }
		ts.query(t, `{ about { name } }`, nil).decode(t, &got)
		if got.About.Name != "practicegraph" {
			t.Errorf("about.name = %q", got.About.Name)
		}
	})
}

func TestSchemaIsDownloadable(t *testing.T) {
	ts := startServer(t, func(c *cli.Config) { c.AutoSeed = false })
	resp, err := http.Get(ts.URL + "/graphql/schema")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	for _, want := range []string{"type Practice implements Node", "collaborationPath(", "transferablePractices(", "type Mutation"} {
		if !strings.Contains(string(raw), want) {
			t.Errorf("/graphql/schema lacks %q", want)
		}
	}
}

// The request's deadline reaches Neo4j: a request that runs out of time gets
// UNAVAILABLE, promptly, instead of waiting for its queries to finish.
func TestRequestTimeoutReachesNeo4j(t *testing.T) {
	ts := startServer(t, func(c *cli.Config) { c.RequestTimeout = time.Millisecond })
	start := time.Now()
	resp := ts.query(t, `{ cities(first: 100) { edges { node { practices { practice { grants { grant { cities { city { id } } } } } } } } } }`, nil)
	if got := errorCode(resp); got != graph.EUNAVAILABLE || !strings.Contains(resp.Errors[0].Message, "ran out of time") {
		t.Errorf("errors = %+v, want UNAVAILABLE saying the request ran out of time", resp.Errors)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the timed-out request took %v", d)
	}
}
