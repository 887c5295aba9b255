package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/rs/cors"
	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/noop"

	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/resolvers"
	"github.com/practicegraph/practicegraph/web"
)

// Server is a running practicegraph: the HTTP handler and the services behind it.
type Server struct {
	cfg    Config
	log    *slog.Logger
	svc    Services
	mux    *http.ServeMux
	booted chan struct{} // closed once schema, seed and index are in place
	// background work (bootstrap, index catch-up) runs under bgCtx; Shutdown cancels it
	// and waits for it before closing the store it uses.
	bgCancel context.CancelFunc
	bg       sync.WaitGroup

	mu        sync.Mutex
	bootErr   error // last bootstrap failure, for /readyz
	listener  net.Listener
	httpSrv   *http.Server
	closeOnce sync.Once

	metrics  *Metrics
	answers  *resolvers.Answers // the compiled reader's answers kept; nil keeps none
	turns    *resolvers.Turns   // the answers built at once (Config.AnswerTurns)
	tracer   trace.Tracer
	draining atomic.Bool // set before shutdown: /readyz answers 503 so balancers drain
}

// New builds the server over svc. It does not contact Neo4j: Start bootstraps in the
// background, so the server answers /healthz and /readyz while Neo4j comes up.
func New(cfg Config, svc Services, log *slog.Logger) *Server {
	s := &Server{cfg: cfg, log: log, svc: svc, mux: http.NewServeMux(), booted: make(chan struct{}), bgCancel: func() {}}
	s.answers = resolvers.NewAnswers(cfg.AnswerCacheBytes, svc.Graph)
	s.turns = resolvers.NewTurns(cfg.AnswerTurns)
	s.metrics = NewMetrics(slices.Concat(svc.Metrics, s.answerMetrics())...)
	tp := svc.Tracing
	if tp == nil {
		tp = noop.NewTracerProvider()
	}
	s.tracer = tp.Tracer(tracerName)
	s.routes()
	return s
}

// Config returns the configuration the server runs with.
func (s *Server) Config() Config { return s.cfg }

// Metrics returns the server's Prometheus registry and request metrics.
func (s *Server) Metrics() *Metrics { return s.metrics }

// Handler returns the server's HTTP handler: request ids, the request log line and
// metrics, the request's span, gzip, then CORS around the routes.
func (s *Server) Handler() http.Handler {
	c := cors.New(cors.Options{
		AllowedOrigins:   s.cfg.CORSOrigins,
		AllowedMethods:   []string{http.MethodGet, http.MethodPost, http.MethodOptions},
		AllowedHeaders:   []string{"Content-Type", "Authorization", "Accept", "Accept-Language", "Cache-Control", "Pragma", BookmarkHeader},
		AllowCredentials: false,
		MaxAge:           600,
	})
	return s.observe(s.trace(gzipAnswers(c.Handler(s.mux))))
}

func (s *Server) routes() {
	s.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"status": "ok"})
	})
	s.mux.HandleFunc("GET /readyz", s.handleReady)
	s.mux.Handle("GET /metrics", s.metrics.Handler())
	es := s.executableSchema()
	s.mux.Handle("/graphql", s.graphqlHandler(es))
	s.mux.HandleFunc("GET /graphql/schema", schemaHandler(es))
	s.mux.HandleFunc("GET /graphiql", s.handleGraphiQL)
	s.mux.HandleFunc("GET /export/{file}", s.handleExport(exportLists(es.Schema()), exportLangs(es.Schema())))
	s.mux.HandleFunc("GET /export/graph.jsonl", s.handleGraphDump)
	// "/" rather than "GET /": the latter conflicts with the method-less "/graphql"
	// pattern and ServeMux panics. web.Handler serves pages only for GET and HEAD.
	s.mux.Handle("/", web.Handler(s.svc.Graph))
}

// handleReady says whether requests can be served: Neo4j answers and the bootstrap
// (schema, seed, search index) is done. Each failing check names its reason.
func (s *Server) handleReady(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
	defer cancel()
	checks := map[string]string{}
	ready := true
	if s.draining.Load() {
		// Said first and alone: a balancer needs no more to take this replica out.
		writeJSON(w, http.StatusServiceUnavailable, map[string]any{"status": "not ready", "reason": "shutting down",
			"checks": map[string]string{"shutdown": "shutting down"}})
		return
	}
	if err := s.svc.Graph.Ping(ctx); err != nil {
		ready = false
		checks["neo4j"] = "unreachable: " + graph.ErrorMessage(err)
	} else {
		checks["neo4j"] = "ok"
	}
	select {
	case <-s.booted:
		checks["bootstrap"] = "ok"
	default:
		ready = false
		s.mu.Lock()
		if s.bootErr != nil {
			checks["bootstrap"] = "waiting: " + graph.ErrorMessage(s.bootErr)
		} else {
			checks["bootstrap"] = "in progress"
		}
		s.mu.Unlock()
	}
	for name, check := range s.svc.Checks {
		checks[name] = "ok"
		var note ReadyNote
		if err := check(ctx); errors.As(err, &note) {
			checks[name] = "ok: " + string(note)
		} else if err != nil {
			checks[name] = "not ready: " + graph.ErrorMessage(err)
			ready = false
		}
	}
	status, code := "ready", http.StatusOK
	if !ready {
		status, code = "not ready", http.StatusServiceUnavailable
	}
	writeJSON(w, code, map[string]any{"status": status, "checks": checks})
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

// Start listens on cfg.Addr, serves in the background and bootstraps the data.
func (s *Server) Start(ctx context.Context) error {
	ln, err := net.Listen("tcp", s.cfg.Addr)
	if errors.Is(err, syscall.EADDRINUSE) {
		return fmt.Errorf("%s is already in use by another process: stop it, or set PRACTICEGRAPH_ADDR (or -addr) to another address", s.cfg.Addr)
	}
	if err != nil {
		return fmt.Errorf("listen on %s: %w", s.cfg.Addr, err)
	}
	s.listener = ln
	s.httpSrv = &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      s.cfg.RequestTimeout + 5*time.Second,
		IdleTimeout:       60 * time.Second,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	go func() {
		if err := s.httpSrv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.Error("HTTP server stopped", slog.Any("error", err))
		}
	}()
	bgCtx, cancel := context.WithCancel(ctx)
	s.bgCancel = cancel
	s.background(func() { s.bootstrapLoop(bgCtx) })
	return nil
}

// background runs fn in a goroutine Shutdown waits for.
func (s *Server) background(fn func()) {
	s.bg.Add(1)
	go func() {
		defer s.bg.Done()
		fn()
	}()
}

// URL returns the base URL the server listens on.
func (s *Server) URL() string {
	addr := s.listener.Addr().(*net.TCPAddr)
	host := addr.IP.String()
	if addr.IP.IsUnspecified() {
		host = "localhost"
	}
	return fmt.Sprintf("http://%s", net.JoinHostPort(host, fmt.Sprint(addr.Port)))
}

// Ready returns a channel closed when the bootstrap is done.
func (s *Server) Ready() <-chan struct{} { return s.booted }

// bootstrapLoop retries the bootstrap until it succeeds or ctx ends, so a server
// started before Neo4j becomes ready by itself; then it runs the services' upkeep.
func (s *Server) bootstrapLoop(ctx context.Context) {
	delay := 500 * time.Millisecond
	for {
		err := s.svc.Bootstrap(ctx)
		if err == nil {
			close(s.booted)
			s.log.Info("Ready")
			if s.svc.Maintain != nil {
				s.svc.Maintain(ctx)
			}
			return
		}
		s.mu.Lock()
		s.bootErr = err
		s.mu.Unlock()
		s.log.Warn("Bootstrap failed, retrying", slog.String("reason", graph.ErrorMessage(err)), slog.Duration("retry_in", delay))
		if graph.ErrorCode(err) == graph.EINTERNAL {
			s.log.Error("Bootstrap error detail", slog.Any("error", err))
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(delay):
		}
		if delay < 10*time.Second {
			delay *= 2
		}
	}
}

// Drain makes /readyz answer 503 ("shutting down") while requests are still served,
// so load balancers stop sending new ones before Shutdown.
func (s *Server) Drain() { s.draining.Store(true) }

// Shutdown stops accepting requests, waits for those in flight and closes the services.
func (s *Server) Shutdown(ctx context.Context) error {
	var err error
	s.closeOnce.Do(func() {
		if s.httpSrv != nil {
			err = s.httpSrv.Shutdown(ctx)
		}
		s.bgCancel()
		s.bg.Wait()
		if s.svc.Close != nil {
			if cerr := s.svc.Close(ctx); err == nil {
				err = cerr
			}
		}
	})
	return err
}

// Run serves until ctx ends, then shuts down gracefully.
func Run(ctx context.Context, cfg Config, svc Services, log *slog.Logger) error {
	s := New(cfg, svc, log)
	if err := s.Start(ctx); err != nil {
		if svc.Close != nil {
			svc.Close(context.WithoutCancel(ctx))
		}
		return err
	}
	log.Info("Listening", slog.String("url", s.URL()), slog.String("graphql", s.URL()+"/graphql"))
	<-ctx.Done()
	s.Drain()
	if cfg.DrainDelay > 0 {
		log.Info("Draining: readiness now fails, shutting down after the delay", slog.Duration("drain_delay", cfg.DrainDelay))
		time.Sleep(cfg.DrainDelay)
	}
	log.Info("Shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	return s.Shutdown(sctx)
}
