// Package neo4jstore keeps practicegraph's graph in Neo4j, the source of truth.
//
// Labels and relationship types cannot be Cypher parameters. Every label and type this
// package puts in a query string comes from the fixed tables of graph/kinds.go, looked
// up by graph.KindOf and graph.RelOf; values always travel as parameters.
package neo4jstore

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync/atomic"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/notifications"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/practicegraph/practicegraph/graph"
)

var _ graph.Store = (*Store)(nil)

// Config says how to reach Neo4j.
type Config struct {
	URI      string
	User     string
	Password string
	Database string // "" for the server's default database
}

// Store is a graph.Store backed by a Neo4j server, cluster or Aura instance.
type Store struct {
	driver   neo4j.DriverWithContext
	database string
	queries  atomic.Int64
	inFlight atomic.Int64
	observe  func(kind string, d time.Duration, err error)
	tracer   trace.Tracer
	// conns bounds the queries running at once below the driver's pool size, so that
	// under load a query waits for a connection as long as its request may wait,
	// instead of failing UNAVAILABLE after the driver's acquisition timeout.
	conns chan struct{}
	// statsCache keeps the dashboards' breakdowns of the current graph state.
	statsCache statsCache
}

// TraceWith has every query the store sends traced as a client span of t, a child of
// the caller's span. Call it before the store is used; without it nothing is traced.
func (s *Store) TraceWith(t trace.Tracer) { s.tracer = t }

// ObserveQueries has fn told of every query the store sends ("read" or "write") with
// its duration and error, for metrics and tracing. Call it before the store is used.
func (s *Store) ObserveQueries(fn func(kind string, d time.Duration, err error)) { s.observe = fn }

// InFlight returns how many queries are waiting for Neo4j right now: the connections
// in use, as the driver does not expose its pool's.
func (s *Store) InFlight() int64 { return s.inFlight.Load() }

// track counts a query in flight, and traces it, until the returned func reports how
// it ended. The span names the kind of round trip, not the Cypher: a statement's text
// says little without its parameters, which may hold personal data.
func (s *Store) track(ctx context.Context, kind string) (context.Context, func(error)) {
	s.queries.Add(1)
	s.inFlight.Add(1)
	start := time.Now()
	var span trace.Span
	if s.tracer != nil {
		ctx, span = s.tracer.Start(ctx, "neo4j "+kind, trace.WithSpanKind(trace.SpanKindClient),
			trace.WithAttributes(attribute.String("db.system.name", "neo4j"), attribute.String("db.namespace", s.database),
				attribute.String("db.operation.name", kind)))
	}
	return ctx, func(err error) {
		s.inFlight.Add(-1)
		if s.observe != nil {
			s.observe(kind, time.Since(start), err)
		}
		if span != nil {
			if err != nil {
				span.SetStatus(codes.Error, graph.ErrorMessage(err))
			}
			span.End()
		}
	}
}

// poolSize is the driver's connection pool; queries take at most poolSize - 2 of its
// connections, leaving two for Ping and the driver's own routing.
const poolSize = 50

// Open creates a driver for cfg. It does not contact the server: Ping does.
func Open(cfg Config) (*Store, error) {
	if cfg.URI == "" {
		return nil, graph.Errorf(graph.EINVALID, "neo4j: no URI configured")
	}
	driver, err := neo4j.NewDriverWithContext(cfg.URI, neo4j.BasicAuth(cfg.User, cfg.Password, ""), func(c *config.Config) {
		// Fail fast when the server is down, so requests get UNAVAILABLE instead of hanging.
		c.ConnectionAcquisitionTimeout = 5 * time.Second
		c.SocketConnectTimeout = 3 * time.Second
		c.MaxTransactionRetryTime = 5 * time.Second
		c.MaxConnectionPoolSize = poolSize
		// Nothing reads the notifications Neo4j attaches to each answer (hints such as a
		// property key no node has yet: a language no text is written in). A read of one
		// practice and its links carried dozens of them, and decoding them was a sixth of
		// the server's CPU per request; turned off, Neo4j does not compute them either.
		c.NotificationsMinSeverity = notifications.DisabledLevel
	})
	if err != nil {
		return nil, graph.Wrap(graph.EINVALID, err, "neo4j: bad connection settings for %s", RedactURI(cfg.URI))
	}
	return &Store{driver: driver, database: cfg.Database, conns: make(chan struct{}, poolSize-2)}, nil
}

// Close closes the driver and its connections.
func (s *Store) Close(ctx context.Context) error { return s.driver.Close(ctx) }

// RoundTrips returns how many queries the store has sent since it was opened.
func (s *Store) RoundTrips() int64 { return s.queries.Load() }

// Ping checks that Neo4j answers and the credentials are accepted.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.driver.VerifyAuthentication(ctx, nil); err != nil {
		return classify(err, "neo4j: ping")
	}
	_, err := s.read(ctx, "RETURN 1", nil)
	return err
}

// acquire waits for a query slot of the request behind ctx, then for one of the
// store's connections; release frees both. It fails UNAVAILABLE when ctx ends first.
func (s *Store) acquire(ctx context.Context) (release func(), err error) {
	releaseSlot, err := graph.AcquireQuerySlot(ctx)
	if err != nil {
		return nil, err
	}
	select {
	case s.conns <- struct{}{}:
		return func() { <-s.conns; releaseSlot() }, nil
	case <-ctx.Done():
		releaseSlot()
		return nil, classifyIn(ctx, ctx.Err(), "neo4j: wait for a connection")
	}
}

// bookmarkManager returns the bookmark manager of ctx's request. It is the driver's,
// which every session of this server shares (a read after this server's write sees it),
// unless the client sent the bookmarks of a write it made through another replica
// (graph.Bookmarks): then the request gets a manager of its own holding those and the
// shared ones, so its reads and writes wait for the client's write too, and a bookmark
// the database refuses fails that request alone.
func (s *Store) bookmarkManager(ctx context.Context) (neo4j.BookmarkManager, error) {
	shared := s.driver.ExecuteQueryBookmarkManager()
	b := graph.BookmarksOf(ctx)
	if b == nil || len(b.Wait) == 0 {
		return shared, nil
	}
	b.Lock()
	defer b.Unlock()
	if bm, ok := b.Manager.(neo4j.BookmarkManager); ok {
		return bm, nil
	}
	own, err := shared.GetBookmarks(ctx)
	if err != nil {
		return nil, classifyIn(ctx, err, "neo4j: read bookmarks")
	}
	bm := neo4j.NewBookmarkManager(neo4j.BookmarkManagerConfig{InitialBookmarks: neo4j.CombineBookmarks(own, b.Wait)})
	b.Manager = bm
	return bm, nil
}

// read runs one read query in its own transaction and returns its records.
func (s *Store) read(ctx context.Context, cypher string, params map[string]any) ([]*neo4j.Record, error) {
	bm, err := s.bookmarkManager(ctx)
	if err != nil {
		return nil, err
	}
	release, err := s.acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	qctx, done := s.track(ctx, "read")
	res, err := neo4j.ExecuteQuery(qctx, s.driver, cypher, params, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(s.database), neo4j.ExecuteQueryWithReadersRouting(),
		neo4j.ExecuteQueryWithBookmarkManager(bm))
	done(err)
	if err != nil {
		return nil, classifyIn(ctx, err, "neo4j: query")
	}
	return res.Records, nil
}

// write runs fn in one write transaction, retried by the driver on transient errors.
func (s *Store) write(ctx context.Context, fn func(tx neo4j.ManagedTransaction) (any, error)) (any, error) {
	bm, err := s.bookmarkManager(ctx)
	if err != nil {
		return nil, err
	}
	release, err := s.acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	// The bookmarks ExecuteQuery reads wait for: a read after this write, on any member
	// of a cluster, sees it (causal consistency), as a mutation's read-back must.
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.database, AccessMode: neo4j.AccessModeWrite,
		BookmarkManager: bm})
	defer session.Close(context.WithoutCancel(ctx))
	res, err := session.ExecuteWrite(ctx, fn)
	if err != nil {
		return nil, classifyIn(ctx, err, "neo4j: write")
	}
	if b := graph.BookmarksOf(ctx); b != nil {
		b.Made(session.LastBookmarks())
	}
	if shared := s.driver.ExecuteQueryBookmarkManager(); bm != shared {
		// The request's own manager took the write's bookmarks; this server's next
		// requests must see the write too.
		if err := shared.UpdateBookmarks(ctx, nil, session.LastBookmarks()); err != nil {
			return nil, classifyIn(ctx, err, "neo4j: keep bookmarks")
		}
	}
	return res, nil
}

// run runs one statement inside a transaction, counting the round trip.
func (s *Store) run(ctx context.Context, tx neo4j.ManagedTransaction, cypher string, params map[string]any) ([]*neo4j.Record, error) {
	ctx, done := s.track(ctx, "write")
	res, err := tx.Run(ctx, cypher, params)
	if err != nil {
		done(err)
		return nil, err
	}
	recs, err := res.Collect(ctx)
	done(err)
	return recs, err
}

// classifyIn classifies an error of a call made under ctx: when ctx ended, that is the
// reason, whatever the driver made of it.
func classifyIn(ctx context.Context, err error, prefix string) error {
	switch ctx.Err() {
	case context.DeadlineExceeded:
		return graph.Wrap(graph.EUNAVAILABLE, err, "the request ran out of time before the graph database answered")
	case context.Canceled:
		return graph.Wrap(graph.EUNAVAILABLE, err, "request cancelled")
	}
	return classify(err, prefix)
}

// classify turns a driver error into a coded graph error. The driver's Is… helpers do
// not unwrap, so this runs on the driver's own error before any wrapping.
func classify(err error, prefix string) error {
	var ge *graph.Error
	switch {
	case err == nil:
		return nil
	case errors.As(err, &ge):
		return err
	case errors.Is(err, context.DeadlineExceeded):
		return graph.Wrap(graph.EUNAVAILABLE, err, "the graph database did not answer in time")
	case errors.Is(err, context.Canceled):
		return graph.Wrap(graph.EUNAVAILABLE, err, "request cancelled")
	case neo4j.IsConnectivityError(err), isNetError(err), isPoolTimeout(err):
		return graph.Wrap(graph.EUNAVAILABLE, err, "the graph database is unavailable")
	}
	var ne *neo4j.Neo4jError
	if errors.As(err, &ne) {
		switch {
		case strings.HasPrefix(ne.Code, "Neo.ClientError.Security."):
			return graph.Wrap(graph.EUNAVAILABLE, err, "the graph database refused the configured credentials")
		case ne.Code == "Neo.ClientError.Schema.ConstraintValidationFailed":
			// The uniqueness constraint on ids decided between simultaneous creates.
			return graph.Wrap(graph.ECONFLICT, err, "an entity with this id already exists")
		case strings.HasPrefix(ne.Code, "Neo.TransientError."), strings.HasPrefix(ne.Code, "Neo.DatabaseError.General.UnknownError"):
			return graph.Wrap(graph.EUNAVAILABLE, err, "the graph database is temporarily unavailable")
		case strings.HasPrefix(ne.Code, "Neo.ClientError.Transaction.InvalidBookmark"):
			// A bookmark the client sent (graph.Bookmarks) that this database never gave.
			return graph.Wrap(graph.EINVALID, err, "the bookmark sent is not one this graph database gave")
		case ne.Code == "Neo.ClientError.Database.DatabaseNotFound":
			return graph.Wrap(graph.EUNAVAILABLE, err, "the configured Neo4j database does not exist")
		}
	}
	return fmt.Errorf("%s: %w", prefix, err)
}

func isNetError(err error) bool {
	var ne net.Error
	return errors.As(err, &ne)
}

func isPoolTimeout(err error) bool {
	s := err.Error()
	return strings.Contains(s, "Timeout while waiting for connection") || strings.Contains(s, "connection refused") ||
		strings.Contains(s, "ConnectivityError")
}

// RedactURI drops any user info from a URI so it can be logged.
func RedactURI(uri string) string {
	if i := strings.Index(uri, "@"); i >= 0 {
		if j := strings.Index(uri, "://"); j >= 0 && j < i {
			return uri[:j+3] + "***@" + uri[i+1:]
		}
	}
	return uri
}

// label returns the Neo4j label of a kind, refusing kinds outside the fixed table.
func label(k graph.Kind) (string, error) {
	if _, ok := graph.KindOf(k); !ok {
		return "", graph.Errorf(graph.EINVALID, "unknown kind %q", k)
	}
	return string(k), nil
}
