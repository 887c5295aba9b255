package server_test

import (
	"bytes"
	"encoding/json"
	"io"
	"math"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/practicegraph/practicegraph/cli"
	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/server"
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
	// A wide query on purpose, let through the cost limits: the deadline must stop it.
	ts := startServer(t, func(c *cli.Config) {
		c.RequestTimeout = time.Millisecond
		c.ComplexityLimit, c.NodeLimit = math.MaxInt32, math.MaxInt32
	})
	start := time.Now()
	resp := ts.query(t, `{ cities(first: 100) { edges { node { practices { practice { grants { grant { cities { city { id } } } } } } } } } }`, nil)
	if got := errorCode(resp); got != graph.EUNAVAILABLE || !strings.Contains(resp.Errors[0].Message, "ran out of time") {
		t.Errorf("errors = %+v, want UNAVAILABLE saying the request ran out of time", resp.Errors)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the timed-out request took %v", d)
	}
}

// A request whose deadline passed before its answer began gets a coded error, not the
// bare null gqlgen writes when its context has ended by then.
func TestRequestPastItsDeadlineBeforeAnswering(t *testing.T) {
	ts := startServer(t, func(c *cli.Config) { c.AutoSeed = false; c.RequestTimeout = time.Nanosecond })
	resp, raw := post(t, ts.URL, `{"query": "{ __typename }"}`)
	if strings.TrimSpace(string(raw)) == "null" {
		t.Fatalf("HTTP %d answered null", resp.StatusCode)
	}
	var got gqlResponse
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatalf("not JSON: %s", raw)
	}
	if errorCode(got) != graph.EUNAVAILABLE || !strings.Contains(got.Errors[0].Message, "ran out of time") {
		t.Errorf("answer %s, want UNAVAILABLE saying the request ran out of time", raw)
	}
}

// nestedPartners is the 117-byte query that once took 20 s and 4.8 MB to answer.
const nestedPartners = `{ cities(first: 100) { edges { node { id partners { city { partners { city { partners { city { id } } } } } } } } } }`

// Every list is priced, nested lists multiply, and a request that may return more than
// the node limit is refused before anything runs, saying what it costs.
func TestCostIsBoundedBeforeExecution(t *testing.T) {
	ts := startServer(t, nil)

	t.Run("the nested partners query is refused", func(t *testing.T) {
		start := time.Now()
		resp := ts.query(t, nestedPartners, nil)
		t.Logf("refused in %v", time.Since(start)) // a figure for the README, not an assertion
		wantCode(t, resp, graph.EINVALID, "too complex", "nodes")
		ext := resp.Errors[0].Extensions
		if ext["reason"] != "QUERY_TOO_COMPLEX" || ext["limit"] != float64(server.DefaultNodeLimit) {
			t.Errorf("extensions = %v, want reason QUERY_TOO_COMPLEX and the limit %d", ext, server.DefaultNodeLimit)
		}
		if nodes, _ := ext["nodes"].(float64); nodes <= server.DefaultNodeLimit {
			t.Errorf("extensions.nodes = %v, want the computed cost, above the limit", ext["nodes"])
		}
		if string(resp.Data) != "" && string(resp.Data) != "null" {
			t.Errorf("data = %s, want none: the query must not run", resp.Data)
		}
	})

	t.Run("a page size from a variable is priced", func(t *testing.T) {
		// 100 + 100×100 + 100×100×25 nodes for 100 cities (a city's practices come in
		// pages of 100, a practice's grants are at most 25); a tenth of that for 10.
		const q = `query($n: Int) { cities(first: $n) { edges { node { id practices { practice { id grants { grant { id } } } } } } } }`
		wantCode(t, ts.query(t, q, map[string]any{"n": 100}), graph.EINVALID, "too complex")
		var got struct {
			Cities connection `json:"cities"`
		}
		ts.query(t, q, map[string]any{"n": 10}).decode(t, &got)
		if len(got.Cities.Edges) != 10 {
			t.Errorf("%d cities, want 10", len(got.Cities.Edges))
		}
	})

	t.Run("an answer says what it cost", func(t *testing.T) {
		resp := ts.query(t, `{ cities(first: 3) { edges { node { id practices(first: 2) { practice { id } } } } } }`, nil, "Cache-Control", "no-cache")
		resp.decode(t, &map[string]any{})
		cost, _ := resp.Extensions["cost"].(map[string]any)
		if cost["nodes"] != float64(3+3*2) || cost["complexity"] == nil {
			t.Errorf("extensions.cost = %v, want 9 nodes (3 cities, 2 practices for each) and a complexity", cost)
		}
		if q, _ := cost["neo4jQueries"].(float64); q != 1 {
			t.Errorf("extensions.cost.neo4jQueries = %v, want 1: the cities' page and their practices in one query", cost["neo4jQueries"])
		}
	})

	t.Run("what the pages ask stays within the limits", func(t *testing.T) {
		var got map[string]any
		ts.query(t, everyRelationship, nil).decode(t, &got)
		ts.query(t, `query($id: ID!, $lang: Lang) { practice(id: $id) { id name { text(lang: $lang) }
			cities { city { id name { text(lang: $lang) } } }
			grants { grant { id name { text(lang: $lang) } cities { city { id name { text(lang: $lang) } } } } }
			assessments { id statement { text(lang: $lang) isTranslation(lang: $lang) } provenance { source { id title { text(lang: $lang) } } section } } }
			cities(first: 100, orderBy: { field: NAME, direction: ASC }) { edges { node { id name { text(lang: $lang) } } } } }`,
			map[string]any{"id": "diversitours", "lang": "EN"}).decode(t, &got)
	})
}

// A wrongly spelt enum value is the client's mistake: BAD_USER_INPUT naming the
// variable and the allowed values, and no ERROR line in the log.
func TestEnumVariablesAreClientErrors(t *testing.T) {
	ts := startServer(t, nil)
	tests := []struct {
		name, query string
		vars        map[string]any
		mentions    []string
	}{
		{"a lower-case language", `query($lang: Lang) { practice(id: "diversitours") { name { text(lang: $lang) } summary { text(lang: $lang) }
			cities { city { name { text(lang: $lang) } } } } }`, map[string]any{"lang": "fr"}, []string{"$lang", `"fr"`, "FR", "EN"}},
		{"an enum inside an input object", `query($f: SearchFilter) { search(query: "visites", filter: $f) { totalCount } }`,
			map[string]any{"f": map[string]any{"kinds": []any{"practice"}}}, []string{"$f.kinds[0]", "PRACTICE"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := strings.Count(ts.logs.String(), "level=ERROR")
			resp := ts.query(t, tt.query, tt.vars)
			wantCode(t, resp, graph.EINVALID, tt.mentions...)
			if len(resp.Errors) != 1 {
				t.Errorf("%d errors, want one: %+v", len(resp.Errors), resp.Errors)
			}
			if after := strings.Count(ts.logs.String(), "level=ERROR"); after != before {
				t.Errorf("%d ERROR lines logged for a client's mistake", after-before)
			}
		})
	}
	t.Run("the right spelling answers", func(t *testing.T) {
		var got struct {
			Practice struct{ Name struct{ Text string } }
		}
		ts.query(t, `query($lang: Lang) { practice(id: "diversitours") { name { text(lang: $lang) } } }`, map[string]any{"lang": "FR"}).decode(t, &got)
		if got.Practice.Name.Text == "" {
			t.Error("no French name")
		}
	})
}

// Every error the GraphQL endpoint answers is GraphQL-shaped with extensions.code, and
// none echoes the request or names a Go type.
func TestHTTPErrorsAreCoded(t *testing.T) {
	ts := startServer(t, func(c *cli.Config) { c.AutoSeed = false; c.MaxBodyBytes = 4000 })
	const marker = "zzmarkerzz"
	tests := []struct {
		name        string
		method      string
		query       string // URL query, for GET
		contentType string
		body        string
		chunked     bool
		status      int
	}{
		{"a mutation over GET", http.MethodGet, "query=" + url.QueryEscape(`mutation { deleteEntity(ref: {kind: PRACTICE, id: "`+marker+`"}) }`), "", "", false, http.StatusNotAcceptable},
		{"GET with variables that are not JSON", http.MethodGet, "query=" + url.QueryEscape(`{ about { name } }`) + "&variables=" + marker, "", "", false, http.StatusBadRequest},
		{"GET without a query", http.MethodGet, "", "", "", false, http.StatusBadRequest},
		{"PUT", http.MethodPut, "", "application/json", `{"query": "{ about { name } }"}`, false, http.StatusMethodNotAllowed},
		{"DELETE", http.MethodDelete, "", "", "", false, http.StatusMethodNotAllowed},
		{"a form", http.MethodPost, "", "application/x-www-form-urlencoded", "query=" + marker, false, http.StatusUnsupportedMediaType},
		{"text", http.MethodPost, "", "text/plain", `{"query": "{ ` + marker + ` }"}`, false, http.StatusUnsupportedMediaType},
		{"no content type", http.MethodPost, "", "", `{"query": "{ ` + marker + ` }"}`, false, http.StatusUnsupportedMediaType},
		{"a batch", http.MethodPost, "", "application/json", `[{"query": "{ about { name } }"}, {"query": "{ ` + marker + ` }"}]`, false, http.StatusBadRequest},
		{"malformed JSON", http.MethodPost, "", "application/json", `{"query": "{ ` + marker + ` }"`, false, http.StatusBadRequest},
		{"a JSON string", http.MethodPost, "", "application/json", `"` + marker + `"`, false, http.StatusBadRequest},
		{"a query that is no string", http.MethodPost, "", "application/json", `{"query": {"` + marker + `": 1}}`, false, http.StatusBadRequest},
		{"variables that are no object", http.MethodPost, "", "application/json", `{"query": "{ about { name } }", "variables": ["` + marker + `"]}`, false, http.StatusBadRequest},
		{"an empty body", http.MethodPost, "", "application/json", ``, false, http.StatusBadRequest},
		{"a body too large, declared", http.MethodPost, "", "application/json", `{"query": "{ about { name } }", "variables": {"x": "` + strings.Repeat(marker, 500) + `"}}`, false, http.StatusRequestEntityTooLarge},
		{"a body too large, chunked", http.MethodPost, "", "application/json", `{"query": "{ about { name } }", "variables": {"x": "` + strings.Repeat(marker, 500) + `"}}`, true, http.StatusRequestEntityTooLarge},
		// GraphQL request errors answer 200 to application/json (GraphQL over HTTP).
		{"an unknown operation", http.MethodPost, "", "application/json", `{"query": "query A { about { name } }", "operationName": "` + marker + `"}`, false, http.StatusOK},
		{"no query", http.MethodPost, "", "application/json", `{"variables": {}}`, false, http.StatusBadRequest},
		{"a syntax error", http.MethodPost, "", "application/json", `{"query": "{ about { name "}`, false, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var body io.Reader
			if tt.body != "" {
				body = strings.NewReader(tt.body)
				if tt.chunked {
					body = io.MultiReader(body) // hides the length: sent chunked
				}
			}
			req, err := http.NewRequest(tt.method, ts.URL+"/graphql?"+tt.query, body)
			if err != nil {
				t.Fatal(err)
			}
			if tt.contentType != "" {
				req.Header.Set("Content-Type", tt.contentType)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			raw, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tt.status {
				t.Errorf("HTTP %d, want %d: %s", resp.StatusCode, tt.status, raw)
			}
			var got gqlResponse
			if err := json.Unmarshal(raw, &got); err != nil || len(got.Errors) == 0 {
				t.Fatalf("not a GraphQL error answer (%v): %s", err, raw)
			}
			for _, e := range got.Errors {
				if code, _ := e.Extensions["code"].(string); code != graph.EINVALID {
					t.Errorf("error %q has code %v, want BAD_USER_INPUT", e.Message, e.Extensions["code"])
				}
			}
			for _, leak := range []string{marker, "Go value", "cannot unmarshal", "transport.", "rawParams", "body:"} {
				if strings.Contains(string(raw), leak) {
					t.Errorf("the answer echoes %q: %s", leak, raw)
				}
			}
		})
	}
}
