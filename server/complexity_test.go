package server

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/resolvers/generated"
)

func apiSchema(t *testing.T) *ast.Schema {
	t.Helper()
	return generated.NewExecutableSchema(generated.Config{}).Schema()
}

// Every list is priced by its page size or its declared maximum, and nested lists
// multiply.
func TestOperationCost(t *testing.T) {
	schema := apiSchema(t)
	tests := []struct {
		name      string
		query     string
		vars      map[string]any
		wantNodes int
	}{
		{"one object, no list", `{ practice(id: "x") { id name { text } } }`, nil, 0},
		{"a page of 100", `{ cities(first: 100) { edges { node { id } } } }`, nil, 100},
		{"the default page", `{ cities { totalCount edges { node { id } } } }`, nil, defaultPage},
		{"a page size from a variable", `query($n: Int) { cities(first: $n) { edges { node { id } } } }`, map[string]any{"n": 7}, 7},
		{"an unpaged relationship list is priced by its declared maximum",
			`{ practice(id: "x") { organisations { organisation { id } } } }`, nil, defaultListMax},
		{"a relationship list's page size from the schema", `{ city(id: "x") { practices { practice { id } } } }`, nil, 100},
		{"nested lists multiply", `{ cities(first: 10) { edges { node { practices(first: 3) { practice { grants { grant { id } } } } } } } }`, nil,
			10 + 10*3 + 10*3*defaultListMax},
		{"the nested partners query",
			`{ cities(first: 100) { edges { node { id partners { city { partners { city { partners { city { id } } } } } } } } } }`, nil,
			100 + 100*100 + 100*100*100 + 100*100*100*100},
		{"lists of values are no nodes", `{ practice(id: "x") { name { variants { lang } } } city(id: "y") { aliases } }`, nil, 16},
		{"fragments are priced where they are spread",
			`{ cities(first: 4) { edges { node { ...c } } } } fragment c on City { practices(first: 5) { practice { id } } }`, nil, 4 + 4*5},
		{"a paged field's own default page", `{ transferablePractices(toCityId: "x") { candidates { practice { id } } } }`, nil, 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := gqlparser.LoadQuery(schema, tt.query)
			if err != nil {
				t.Fatalf("query does not validate: %v", err)
			}
			got := operationCost(doc.Operations[0], tt.vars)
			if got.Nodes != tt.wantNodes {
				t.Errorf("nodes = %d, want %d (complexity %d)", got.Nodes, tt.wantNodes, got.Complexity)
			}
			if got.Complexity < got.Nodes {
				t.Errorf("complexity %d < nodes %d: every node resolves at least one field", got.Complexity, got.Nodes)
			}
		})
	}
}

// The deadline stops the resolving of fields, and a query's late answer is replaced.
func TestDeadlineCoversTheAnswer(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	called := false
	_, err := stopAtDeadline(ctx, func(context.Context) (any, error) { called = true; return "x", nil })
	if called || graph.ErrorCode(err) != graph.EUNAVAILABLE {
		t.Errorf("after the deadline: resolver called %v, error %v; want no call and UNAVAILABLE", called, err)
	}
	if _, err := stopAtDeadline(context.Background(), func(context.Context) (any, error) { return "x", nil }); err != nil {
		t.Errorf("before the deadline: %v", err)
	}

	s := &Server{log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	late := s.finishAnswer(ctx, func(context.Context) *graphql.Response {
		return &graphql.Response{Data: []byte(`{"big":"answer"}`)}
	})
	if late.Data != nil || len(late.Errors) != 1 || late.Errors[0].Extensions["code"] != graph.EUNAVAILABLE {
		t.Errorf("late answer = %s %+v, want no data and one UNAVAILABLE error", late.Data, late.Errors)
	}
	onTime := s.finishAnswer(context.Background(), func(context.Context) *graphql.Response {
		return &graphql.Response{Data: []byte(`{"big":"answer"}`)}
	})
	if string(onTime.Data) != `{"big":"answer"}` {
		t.Errorf("answer on time = %s, want it kept", onTime.Data)
	}
	mutation := graphql.WithOperationContext(ctx, &graphql.OperationContext{Operation: &ast.OperationDefinition{Operation: ast.Mutation}})
	committed := s.finishAnswer(mutation, func(context.Context) *graphql.Response {
		return &graphql.Response{Data: []byte(`{"createPractice":{"id":"x"}}`)}
	})
	if committed.Data == nil {
		t.Error("a late mutation's answer was dropped: the client would not learn its write was committed")
	}
	if !errors.Is(errOutOfTime(context.DeadlineExceeded), context.DeadlineExceeded) {
		t.Error("the out-of-time error lost its cause")
	}
}
