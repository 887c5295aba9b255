package server_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/practicegraph/practicegraph/cli"
	"github.com/practicegraph/practicegraph/server"
)

// TestBookmarksCarryAWriteToTheNextRequest: a mutation's answer gives the bookmarks of
// its write; a request sent with them (to any replica) waits for that write and sees
// it; a malformed or foreign bookmark fails that request alone, by name.
func TestBookmarksCarryAWriteToTheNextRequest(t *testing.T) {
	ts := startServer(t, func(c *cli.Config) { c.EditorToken = editorToken })
	res := ts.query(t, `mutation { updateCity(id: "bilbao", input: {population: 345000, provenance: {source: "icc-coordinators-meeting-2023", section: "test"}}) { id } }`, nil, asEditor...)
	if len(res.Errors) > 0 {
		t.Fatalf("mutation: %+v", res.Errors)
	}
	raw, _ := res.Extensions["bookmarks"].([]any)
	if len(raw) == 0 {
		t.Fatalf("the mutation's answer has no extensions.bookmarks: %v", res.Extensions)
	}
	var marks []string
	for _, b := range raw {
		marks = append(marks, b.(string))
	}

	var got struct{ City struct{ Population int } }
	ts.query(t, `{ city(id: "bilbao") { population } }`, nil, server.BookmarkHeader, strings.Join(marks, ", ")).decode(t, &got)
	if got.City.Population != 345000 {
		t.Errorf("read with the write's bookmarks: population %d, want 345000", got.City.Population)
	}
	if q := ts.query(t, `{ about { name } }`, nil); len(q.Extensions) > 0 && q.Extensions["bookmarks"] != nil {
		t.Errorf("a read's answer carries bookmarks: %v", q.Extensions["bookmarks"])
	}

	for _, bad := range []string{"not a bookmark", strings.Repeat("x", 2000)} {
		status, code := postWithHeader(t, ts, `{ about { name } }`, server.BookmarkHeader, bad)
		if status != http.StatusBadRequest || code != "BAD_USER_INPUT" {
			t.Errorf("bookmark %.20q: HTTP %d %s, want 400 BAD_USER_INPUT", bad, status, code)
		}
	}
	// A well-formed bookmark the database never gave fails its own request only.
	foreign := ts.query(t, `{ city(id: "bilbao") { id } }`, nil, server.BookmarkHeader, "FB:kcwQnotagoodbookmarkkcwQ")
	if len(foreign.Errors) == 0 || foreign.Errors[0].Extensions["code"] != "BAD_USER_INPUT" {
		t.Errorf("a foreign bookmark answered %+v, want BAD_USER_INPUT", foreign.Errors)
	}
	ts.query(t, `{ city(id: "bilbao") { population } }`, nil).decode(t, &got)
	if got.City.Population != 345000 {
		t.Errorf("after a request with a foreign bookmark, the next read failed or is stale: %d", got.City.Population)
	}
}

// postWithHeader posts a query with one extra header and returns the HTTP status and
// the first error's code.
func postWithHeader(t *testing.T, ts *testServer, q, name, value string) (int, string) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": q})
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(name, value)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out gqlResponse
	_ = json.Unmarshal(raw, &out)
	code := ""
	if len(out.Errors) > 0 {
		code, _ = out.Errors[0].Extensions["code"].(string)
	}
	return resp.StatusCode, code
}
