package server

import (
	"context"
	"net/http"
	"sync/atomic"

	"github.com/99designs/gqlgen/graphql"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"

	"github.com/practicegraph/practicegraph/graph"
)

// tracerName names the spans this package makes.
const tracerName = "github.com/practicegraph/practicegraph/server"

// maxFieldSpans bounds the resolver spans of one operation: a list of a thousand
// practices with their cities would otherwise make thousands, and a trace that large
// helps no one and costs memory. The operation span says how many were left out.
const maxFieldSpans = 500

// propagator reads the caller's trace context (W3C traceparent and baggage), so a
// request traced by a client or a load balancer continues the same trace.
var propagator = propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{})

// trace starts a server span for each request, named by its route, continuing the
// caller's trace; its status is the HTTP status.
func (s *Server) trace(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := propagator.Extract(r.Context(), propagation.HeaderCarrier(r.Header))
		ctx, span := s.tracer.Start(ctx, r.Method+" "+routeOf(r), trace.WithSpanKind(trace.SpanKindServer),
			trace.WithAttributes(
				attribute.String("http.request.method", r.Method),
				attribute.String("url.path", r.URL.Path),
				attribute.String("http.request.id", w.Header().Get(requestIDHeader)),
			))
		defer span.End()
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r.WithContext(ctx))
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		span.SetAttributes(attribute.Int("http.response.status_code", rec.status))
		if rec.status >= 500 {
			span.SetStatus(codes.Error, http.StatusText(rec.status))
		}
	})
}

// routeOf names a request's route with a bounded set of names: the API's own paths,
// else the pages.
func routeOf(r *http.Request) string {
	switch p := r.URL.Path; p {
	case "/graphql", "/graphql/schema", "/healthz", "/readyz", "/metrics":
		return p
	default:
		return "/ (pages)"
	}
}

// gqlTracing makes a span for each GraphQL operation and, below it, one for each field
// that runs a resolver (not for fields read from a parent's value), up to
// maxFieldSpans; Neo4j and search spans nest below those.
type gqlTracing struct{ tracer trace.Tracer }

var _ interface {
	graphql.HandlerExtension
	graphql.ResponseInterceptor
	graphql.FieldInterceptor
} = gqlTracing{}

func (gqlTracing) ExtensionName() string                   { return "Tracing" }
func (gqlTracing) Validate(graphql.ExecutableSchema) error { return nil }

type fieldBudgetKey struct{}

// fieldBudget counts the resolver spans left to one operation.
type fieldBudget struct {
	left    atomic.Int64
	dropped atomic.Int64
}

// InterceptResponse wraps the whole operation: parse and validation errors included,
// so a refused request still shows in the trace with its reason.
func (t gqlTracing) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	name, kind := "", "query"
	if graphql.HasOperationContext(ctx) {
		if oc := graphql.GetOperationContext(ctx); oc.Operation != nil {
			name, kind = oc.Operation.Name, string(oc.Operation.Operation)
		}
	}
	spanName := "GraphQL " + kind
	if name != "" {
		spanName += " " + name
	}
	ctx, span := t.tracer.Start(ctx, spanName, trace.WithAttributes(
		attribute.String("graphql.operation.type", kind),
		attribute.String("graphql.operation.name", name),
	))
	defer span.End()
	b := &fieldBudget{}
	b.left.Store(maxFieldSpans)
	resp := next(context.WithValue(ctx, fieldBudgetKey{}, b))
	if resp != nil && len(resp.Errors) > 0 {
		span.SetAttributes(attribute.Int("graphql.errors", len(resp.Errors)))
		span.SetStatus(codes.Error, resp.Errors[0].Message)
	}
	if d := b.dropped.Load(); d > 0 {
		span.SetAttributes(attribute.Int64("graphql.field_spans_dropped", d))
	}
	return resp
}

// InterceptField traces a field whose value comes from a resolver.
func (t gqlTracing) InterceptField(ctx context.Context, next graphql.Resolver) (any, error) {
	fc := graphql.GetFieldContext(ctx)
	b, _ := ctx.Value(fieldBudgetKey{}).(*fieldBudget)
	if fc == nil || !fc.IsResolver || b == nil {
		return next(ctx)
	}
	if b.left.Add(-1) < 0 {
		b.dropped.Add(1)
		return next(ctx)
	}
	ctx, span := t.tracer.Start(ctx, fc.Object+"."+fc.Field.Name, trace.WithAttributes(
		attribute.String("graphql.field.path", fc.Path().String()),
	))
	defer span.End()
	v, err := next(ctx)
	if err != nil {
		span.SetStatus(codes.Error, graph.ErrorMessage(err))
	}
	return v, err
}
