package server_test

import (
	"strings"
	"testing"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/practicegraph/practicegraph/cli"
)

// TestTracingNestsSpans checks that one request makes one trace, continuing the
// caller's: HTTP → GraphQL operation → resolvers → Neo4j and bleve.
func TestTracingNestsSpans(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	ts := startServer(t, func(c *cli.Config) { c.Tracing = tp })

	const (
		traceID  = "4bf92f3577b34da6a3ce929d0e0e4736"
		callerID = "00f067aa0ba902b7"
		text     = "Diversitours"
	)
	var got struct {
		Practice struct {
			Cities []struct {
				City struct{ ID string } `json:"city"`
			} `json:"cities"`
		} `json:"practice"`
		Search struct{ TotalCount int } `json:"search"`
	}
	ts.query(t, `query PracticeAndSearch($q: String!) {
		practice(id: "diversitours") { cities { city { id } } }
		search(query: $q, first: 3) { totalCount }
	}`, map[string]any{"q": text}, "traceparent", "00-"+traceID+"-"+callerID+"-01").decode(t, &got)
	if len(got.Practice.Cities) == 0 || got.Search.TotalCount == 0 {
		t.Fatalf("the query found nothing to trace: %+v", got)
	}

	// The server span ends once the answer is written, which the client may see first.
	var spans []sdktrace.ReadOnlySpan
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		spans = spans[:0]
		root := false
		for _, s := range rec.Ended() {
			if s.SpanContext().TraceID().String() == traceID {
				spans = append(spans, s)
				root = root || s.Name() == "POST /graphql"
			}
		}
		if root || time.Now().After(deadline) {
			break
		}
	}
	byID := map[trace.SpanID]sdktrace.ReadOnlySpan{}
	var names []string
	for _, s := range spans {
		byID[s.SpanContext().SpanID()] = s
		names = append(names, s.Name())
	}
	// under reports whether span s descends from a span named ancestor.
	under := func(s sdktrace.ReadOnlySpan, ancestor string) bool {
		for p, ok := byID[s.Parent().SpanID()]; ok; p, ok = byID[p.Parent().SpanID()] {
			if p.Name() == ancestor {
				return true
			}
		}
		return false
	}
	find := func(name, ancestor string) sdktrace.ReadOnlySpan {
		t.Helper()
		for _, s := range spans {
			if s.Name() == name && (ancestor == "" || under(s, ancestor)) {
				return s
			}
		}
		t.Fatalf("no span %q under %q in trace %s; spans: %s", name, ancestor, traceID, strings.Join(names, ", "))
		return nil
	}

	root := find("POST /graphql", "")
	if p := root.Parent(); !p.IsRemote() || p.SpanID().String() != callerID {
		t.Errorf("the request's span has parent %v, want the caller's span %s", p.SpanID(), callerID)
	}
	if root.SpanKind() != trace.SpanKindServer {
		t.Errorf("the request's span is of kind %v, want server", root.SpanKind())
	}
	op := find("GraphQL query PracticeAndSearch", "POST /graphql")
	if op.Parent().SpanID() != root.SpanContext().SpanID() {
		t.Errorf("the operation's span is not a child of the request's")
	}
	find("Query.practice", "GraphQL query PracticeAndSearch")
	find("neo4j read", "Query.practice")
	find("Query.search", "GraphQL query PracticeAndSearch")
	find("bleve search", "Query.search")

	// Spans carry no query text or variables: they may hold personal data.
	for _, s := range spans {
		for _, a := range s.Attributes() {
			if strings.Contains(a.Value.Emit(), text) {
				t.Errorf("span %q attribute %s holds the search text", s.Name(), a.Key)
			}
		}
	}
}
