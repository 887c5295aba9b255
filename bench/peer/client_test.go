package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// A query a server refuses as asked becomes an n/a cell; a server failing to answer
// must stay an error, or the table would hide an outage.
func TestRefusalTellsRefusedFromFailed(t *testing.T) {
	for _, tc := range []struct {
		name, answer string
		status       int
		want         string // "" when not a refusal
	}{
		{"limit", `{"errors":[{"message":"query too complex","extensions":{"code":"BAD_USER_INPUT"}}],"data":null}`, 200,
			"refused (BAD_USER_INPUT): query too complex"},
		{"schema", `{"errors":[{"message":"Cannot query field \"x\"","extensions":{"code":"GRAPHQL_VALIDATION_FAILED"}}]}`, 422,
			""}, // a non-200 status is a failure whatever the body says
		{"validation", `{"errors":[{"message":"Cannot query field \"x\"","extensions":{"code":"GRAPHQL_VALIDATION_FAILED"}}]}`, 200,
			`refused (GRAPHQL_VALIDATION_FAILED): Cannot query field "x"`},
		{"down", `{"errors":[{"message":"the graph database is unavailable","extensions":{"code":"UNAVAILABLE"}}]}`, 200, ""},
		{"no code", `{"errors":[{"message":"boom"}]}`, 200, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(tc.status)
				w.Write([]byte(tc.answer))
			}))
			defer srv.Close()
			_, err := post(context.Background(), srv.URL, gqlBody("{ x }", nil), nil)
			if err == nil {
				t.Fatal("an answer with errors must be an error")
			}
			if got := refusal(err); got != tc.want {
				t.Errorf("refusal = %q, want %q", got, tc.want)
			}
		})
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"data":{"x":"errors"}}`)) // the word in the data is no error
	}))
	defer srv.Close()
	if b, err := post(context.Background(), srv.URL, gqlBody("{ x }", nil), nil); err != nil || !strings.Contains(string(b), `"x"`) {
		t.Errorf("post = %s, %v; want the data and no error", b, err)
	}
}
