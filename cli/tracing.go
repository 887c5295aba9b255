package cli

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"strings"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracegrpc"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/practicegraph/practicegraph/buildinfo"
	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/search"
)

// instrumentation names the spans of the services.
const instrumentation = "github.com/practicegraph/practicegraph"

// setupTracing configures OpenTelemetry tracing from the standard OTEL_* variables.
// Tracing is off unless an OTLP endpoint is set (OTEL_EXPORTER_OTLP_ENDPOINT or
// OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) and not disabled (OTEL_SDK_DISABLED=true or
// OTEL_TRACES_EXPORTER=none). The exporter reads the rest itself: headers, timeout,
// TLS, sampler (OTEL_TRACES_SAMPLER), resource attributes and service name. It returns
// nil and a no-op shutdown when tracing is off.
func setupTracing(ctx context.Context, getenv func(string) string, log *slog.Logger) (trace.TracerProvider, func(context.Context) error, error) {
	off := func(context.Context) error { return nil }
	endpoint := first(getenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"), getenv("OTEL_EXPORTER_OTLP_ENDPOINT"))
	switch exp := strings.ToLower(strings.TrimSpace(getenv("OTEL_TRACES_EXPORTER"))); {
	case strings.EqualFold(getenv("OTEL_SDK_DISABLED"), "true"), exp == "none":
		return nil, off, nil
	case exp != "" && exp != "otlp":
		return nil, off, fmt.Errorf("OTEL_TRACES_EXPORTER: %q is not supported (otlp or none)", exp)
	case endpoint == "":
		return nil, off, nil
	}
	var (
		exporter sdktrace.SpanExporter
		err      error
	)
	switch proto := first(getenv("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"), getenv("OTEL_EXPORTER_OTLP_PROTOCOL"), "http/protobuf"); proto {
	case "http/protobuf":
		exporter, err = otlptracehttp.New(ctx)
	case "grpc":
		exporter, err = otlptracegrpc.New(ctx)
	default:
		return nil, off, fmt.Errorf("OTEL_EXPORTER_OTLP_PROTOCOL: %q is not supported (http/protobuf or grpc)", proto)
	}
	if err != nil {
		return nil, off, fmt.Errorf("tracing: %w", err)
	}
	b := buildinfo.Get()
	// Later options win: OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES override the
	// defaults named here.
	res, err := resource.New(ctx,
		resource.WithAttributes(attribute.String("service.name", "practicegraph"), attribute.String("service.version", b.Version)),
		resource.WithTelemetrySDK(),
		resource.WithFromEnv(),
	)
	if err != nil {
		return nil, off, fmt.Errorf("tracing: resource: %w", err)
	}
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exporter), sdktrace.WithResource(res))
	otel.SetTracerProvider(tp)
	otel.SetTextMapPropagator(propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{}))
	log.Info("Tracing to OTLP", slog.String("endpoint", endpointForLog(endpoint)))
	return tp, tp.Shutdown, nil
}

// endpointForLog keeps an endpoint's scheme and host: a URL may carry credentials.
func endpointForLog(endpoint string) string {
	u, err := url.Parse(endpoint)
	if err != nil || u.Host == "" {
		return "(set)"
	}
	return u.Scheme + "://" + u.Host
}

func first(vs ...string) string {
	for _, v := range vs {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

// traceWith traces the services' Neo4j round trips and searches with tp.
func (s *Services) traceWith(tp trace.TracerProvider) {
	if tp == nil {
		return
	}
	s.tracing = tp
	s.Store.TraceWith(tp.Tracer(instrumentation + "/graph/neo4jstore"))
	s.App.Index = tracedIndex{TextIndex: s.App.Index, tracer: tp.Tracer(instrumentation + "/search")}
}

// tracedIndex makes a span of each search.
type tracedIndex struct {
	search.TextIndex
	tracer trace.Tracer
}

// Search runs q under a span that says what was asked (the language and filters, not
// the text: a query may hold a person's name) and how many documents matched.
func (t tracedIndex) Search(ctx context.Context, q search.Query) (search.Result, error) {
	ctx, span := t.tracer.Start(ctx, "bleve search", trace.WithAttributes(
		attribute.String("search.language", q.Lang), attribute.Bool("search.advanced", q.Advanced), attribute.Int("search.size", q.Size)))
	defer span.End()
	res, err := t.TextIndex.Search(ctx, q)
	if err != nil {
		span.SetStatus(codes.Error, graph.ErrorMessage(err))
		return res, err
	}
	span.SetAttributes(attribute.Int64("search.total", int64(res.Total)))
	return res, nil
}
