package server

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/practicegraph/practicegraph/buildinfo"
)

// maxOperationNames bounds the operation label: clients choose operation names, so
// past this many distinct ones a new name is counted as "other".
const maxOperationNames = 100

// Metrics are the server's Prometheus metrics, in a registry of their own so tests and
// several servers in one process never collide.
type Metrics struct {
	Registry *prometheus.Registry

	requests *prometheus.HistogramVec // by operation and outcome
	errors   *prometheus.CounterVec   // by code

	mu    sync.Mutex
	names map[string]bool // operation names admitted as label values
}

// NewMetrics registers the request metrics, the Go runtime and process collectors and
// the build info, plus the services' own collectors.
func NewMetrics(extra ...prometheus.Collector) *Metrics {
	m := &Metrics{
		Registry: prometheus.NewRegistry(),
		requests: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "practicegraph_graphql_request_duration_seconds",
			Help:    "GraphQL requests and their duration, by operation name and outcome (ok, error, rejected).",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 15},
		}, []string{"operation", "outcome"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "practicegraph_graphql_errors_total",
			Help: "GraphQL errors answered, by extensions.code.",
		}, []string{"code"}),
		names: map[string]bool{},
	}
	b := buildinfo.Get()
	build := prometheus.NewGauge(prometheus.GaugeOpts{
		Name:        "practicegraph_build_info",
		Help:        "The running build: always 1, its version, commit and Go version as labels.",
		ConstLabels: prometheus.Labels{"version": b.Version, "commit": b.Commit, "goversion": b.GoVersion},
	})
	build.Set(1)
	m.Registry.MustRegister(m.requests, m.errors, build,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	for _, c := range extra {
		m.Registry.MustRegister(c)
	}
	return m
}

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{})
}

var operationName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,63}$`)

// operationLabel bounds the label a client's operation name becomes: anonymous,
// malformed and names past the cap are grouped.
func (m *Metrics) operationLabel(name string) string {
	switch {
	case name == "":
		return "anonymous"
	case !operationName.MatchString(name):
		return "other"
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.names[name] {
		return name
	}
	if len(m.names) >= maxOperationNames {
		return "other"
	}
	m.names[name] = true
	return name
}

// observe records one finished GraphQL request.
func (m *Metrics) observe(info *requestInfo, d time.Duration) {
	outcome := "ok"
	switch {
	case !info.executed:
		outcome = "rejected" // refused before execution: HTTP, parse, validation or limits
	case len(info.codes) > 0:
		outcome = "error"
	}
	op := m.operationLabel(info.operation)
	if !info.executed && info.operation == "" {
		op = "invalid" // no operation was ever identified
	}
	m.requests.WithLabelValues(op, outcome).Observe(d.Seconds())
	for _, c := range info.codes {
		m.errors.WithLabelValues(c).Inc()
	}
}

// requestInfo is what the GraphQL layers learn about a request, for its log line and
// metrics; the middleware that owns it reads it once the answer is written.
type requestInfo struct {
	mu        sync.Mutex
	id        string
	graphql   bool
	operation string
	executed  bool
	codes     []string
}

type requestInfoKey struct{}

func withRequestInfo(ctx context.Context, info *requestInfo) context.Context {
	return context.WithValue(ctx, requestInfoKey{}, info)
}

func requestInfoFrom(ctx context.Context) *requestInfo {
	info, _ := ctx.Value(requestInfoKey{}).(*requestInfo)
	return info
}

// noteError records an error code answered to the request in ctx.
func noteError(ctx context.Context, code string) {
	if info := requestInfoFrom(ctx); info != nil {
		info.mu.Lock()
		info.codes = append(info.codes, code)
		info.mu.Unlock()
	}
}

// noteOperation records the operation a request runs, once it passed validation.
func noteOperation(ctx context.Context, name string) {
	if info := requestInfoFrom(ctx); info != nil {
		info.mu.Lock()
		info.operation, info.executed = name, true
		info.mu.Unlock()
	}
}

// codesLabel joins distinct codes for the log line.
func (info *requestInfo) codesLabel() string {
	seen := map[string]bool{}
	var out []string
	for _, c := range info.codes {
		if !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	return strings.Join(out, ",")
}

// answerMetrics are the metrics of the compiled reader's answers kept (Server.answers)
// and of the turns answers are built in (Server.turns).
func (s *Server) answerMetrics() []prometheus.Collector {
	return []prometheus.Collector{
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "practicegraph_answer_cache_hits_total",
			Help: "GraphQL queries answered with the answer kept from an earlier request at the same graph state."},
			func() float64 { h, _ := s.answers.Stats(); return float64(h) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "practicegraph_answer_cache_misses_total",
			Help: "GraphQL queries the compiled reader read from the graph and could keep (not kept yet, or the graph changed since)."},
			func() float64 { _, m := s.answers.Stats(); return float64(m) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "practicegraph_answer_cache_bytes",
			Help: "Bytes of the answers kept for the graph's current state, their keys included."},
			func() float64 { return float64(s.answers.Size()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "practicegraph_answer_turns",
			Help: "Answers the server builds at once (PRACTICEGRAPH_ANSWER_CONCURRENCY); 0 for no bound."},
			func() float64 { return float64(s.turns.Cap()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "practicegraph_answer_turns_taken",
			Help: "Answers being built now; requests beyond practicegraph_answer_turns wait their turn."},
			func() float64 { return float64(s.turns.Taken()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "practicegraph_answer_turns_waiting",
			Help: "Requests waiting for a turn to have their answer built."},
			func() float64 { return float64(s.turns.Waiting()) }),
	}
}
