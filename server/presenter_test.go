package server

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/practicegraph/practicegraph/graph"
)

// An internal error reaches the client as "internal error" with code INTERNAL; its
// detail goes to the log only.
func TestPresentErrorHidesInternalDetail(t *testing.T) {
	var logs bytes.Buffer
	s := &Server{log: slog.New(slog.NewTextHandler(&logs, nil))}
	tests := []struct {
		err      error
		code     string
		message  string
		loggedIn bool
	}{
		{fmt.Errorf("neo4j: query: %w", errors.New("secret table layout")), graph.EINTERNAL, "internal error", true},
		{graph.NotFound(graph.KindCity, "atlantis"), graph.ENOTFOUND, `City "atlantis" not found`, false},
		{graph.Wrap(graph.EUNAVAILABLE, errors.New("dial tcp 127.0.0.1:7687"), "the graph database is unavailable"), graph.EUNAVAILABLE, "the graph database is unavailable", false},
		{graph.FieldProblems{{Field: "name", Msg: "the original (en) text is missing"}}, graph.EINVALID, "name: the original (en) text is missing", false},
		{fmt.Errorf("list: %w", context.DeadlineExceeded), graph.EUNAVAILABLE, "the service is temporarily unavailable", false},
		{graph.Wrap(graph.ECONFLICT, errors.New("Neo.ClientError.Schema.ConstraintValidationFailed: Node(42) already exists"), "an entity with this id already exists"), graph.ECONFLICT, "an entity with this id already exists", false},
	}
	for _, tt := range tests {
		logs.Reset()
		got := s.presentError(context.Background(), tt.err)
		if got.Extensions["code"] != tt.code || got.Message != tt.message {
			t.Errorf("presentError(%v) = %q %v, want %q %s", tt.err, got.Message, got.Extensions["code"], tt.message, tt.code)
		}
		if logged := strings.Contains(logs.String(), "secret table layout"); logged != tt.loggedIn {
			t.Errorf("presentError(%v): detail logged = %v, want %v", tt.err, logged, tt.loggedIn)
		}
	}
}
