package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	"go.opentelemetry.io/otel/trace"

	"github.com/practicegraph/practicegraph/app"
	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/graph/neo4jstore"
	"github.com/practicegraph/practicegraph/search"
	"github.com/practicegraph/practicegraph/server"
)

// catchUpEvery is how often a server checks the graph for writes it did not make
// itself (an import from the command line, another server) and indexes them.
const catchUpEvery = 5 * time.Second

// indexPath is where the search index lives under the data folder.
func indexPath(cfg Config) string { return filepath.Join(cfg.DataDir, "search-index") }

// Services are the concrete services a server runs on: the Neo4j store, the bleve
// index, the syncer between them and the use cases over them.
type Services struct {
	Store  *neo4jstore.Store
	Index  *search.Index
	Syncer *search.Syncer
	App    *app.App

	cfg     Config
	log     *slog.Logger
	index   indexState
	tracing trace.TracerProvider
}

// OpenServices opens the store and the search index. It does not contact Neo4j. A
// search index another process holds is refused here, at start, with the reason.
func OpenServices(cfg Config, log *slog.Logger) (*Services, error) {
	store, err := neo4jstore.Open(cfg.Neo4j)
	if err != nil {
		return nil, err
	}
	idx, err := search.Open(indexPath(cfg), search.Options{})
	if err != nil {
		store.Close(context.Background())
		return nil, err
	}
	s := &Services{Store: store, Index: idx, Syncer: &search.Syncer{Index: idx, Graph: store, Rebuilding: serveGC.rebuilding}, cfg: cfg, log: log}
	s.App = &app.App{Store: store, Index: idx, AfterCommit: s.afterCommit, Drafts: store}
	s.traceWith(cfg.Tracing)
	return s, nil
}

// ForServer returns the services as the HTTP server knows them: interfaces and hooks.
func (s *Services) ForServer() server.Services {
	return server.Services{
		Graph:     s.Store,
		App:       s.App,
		Bootstrap: s.bootstrap,
		Maintain:  s.catchUpLoop,
		Checks: map[string]func(ctx context.Context) error{
			"search_index": s.indexHealth,
		},
		Metrics: s.collectors(),
		Tracing: s.tracing,
		Close:   s.Close,
	}
}

// NewServer opens the services and builds the HTTP server over them.
func NewServer(cfg Config, log *slog.Logger) (*server.Server, *Services, error) {
	svc, err := OpenServices(cfg, log)
	if err != nil {
		return nil, nil, err
	}
	return server.New(cfg.Config, svc.ForServer(), log), svc, nil
}

// Close closes the search index and the store.
func (s *Services) Close(ctx context.Context) error {
	return errors.Join(s.Index.Close(), s.Store.Close(ctx))
}

// bootstrap makes the graph and the index ready: constraints and indexes, the seed
// data on an empty graph, and the search index in step with the graph.
func (s *Services) bootstrap(ctx context.Context) error {
	if err := s.Store.Ping(ctx); err != nil {
		return err
	}
	v, err := s.prepareGraph(ctx)
	if err != nil {
		return err
	}
	// A full rebuild takes minutes at scale: the server is ready meanwhile, answering from
	// the index as it was (flagged as rebuilding), and the catch-up loop runs it at once.
	rebuild, err := s.Syncer.NeedsRebuild(ctx)
	if err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	if rebuild {
		s.log.Info("Search index to be rebuilt from the graph; serving meanwhile")
		return nil
	}
	rep, err := s.Syncer.CatchUp(ctx)
	s.index.seen(v, rep, err)
	if err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	s.log.Info("Search index in step with the graph", slog.Int64("from_version", rep.From), slog.Int64("graph_version", rep.To),
		slog.Int("indexed", rep.Indexed), slog.Int("deleted", rep.Deleted), slog.Bool("rebuilt", rep.Rebuilt))
	return nil
}

// bootstrapLock is the lock in the graph that lets one server at a time set up the
// schema and seed an empty graph; bootstrapLease is how long it outlives a server that
// died holding it.
const (
	bootstrapLock  = "bootstrap"
	bootstrapLease = 30 * time.Second
)

// prepareGraph creates the schema and seeds an empty graph, holding the bootstrap lock
// so that of several servers started together exactly one seeds and the others wait,
// then find the graph seeded. It returns the graph's version.
func (s *Services) prepareGraph(ctx context.Context) (int64, error) {
	var lease *neo4jstore.Lease
	for waiting := false; ; waiting = true {
		var err error
		if lease, err = s.Store.TryLock(ctx, bootstrapLock, bootstrapLease); err != nil {
			return 0, err
		}
		if lease != nil {
			break
		}
		if !waiting {
			s.log.Info("Another server is setting up the graph; waiting for it")
		}
		select {
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-time.After(500 * time.Millisecond):
		}
	}
	defer func() {
		if err := lease.Release(context.WithoutCancel(ctx)); err != nil {
			s.log.Warn("Bootstrap lock not released; it expires on its own", slog.String("reason", graph.ErrorMessage(err)))
		}
	}()
	// Work under the lock stops should the lease be lost, so two servers never seed.
	lctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	stop := context.AfterFunc(lease.Context(), func() { cancel(context.Cause(lease.Context())) })
	defer stop()
	if err := s.Store.EnsureSchema(lctx); err != nil {
		return 0, err
	}
	// A killed import leaves a staging nobody sees: remove it.
	if n, err := s.App.RemoveAbandonedImports(lctx); err != nil {
		s.log.Warn("Could not remove abandoned imports", slog.String("reason", graph.ErrorMessage(err)))
	} else if n > 0 {
		s.log.Info("Removed abandoned imports", slog.Int("imports_count", n))
	}
	v, err := s.Store.Version(lctx)
	if err != nil {
		return 0, err
	}
	if v == 0 && s.cfg.AutoSeed {
		res, _, err := s.App.LoadSeed(lctx, s.cfg.SeedDir)
		if err != nil {
			return 0, fmt.Errorf("seed: %w", err)
		}
		s.log.Info("Seeded an empty graph", slog.String("seed_dir", s.cfg.SeedDir),
			slog.Int("nodes_created", res.NodesCreated), slog.Int("links_created", res.LinksCreated))
		v = res.Version
	}
	return v, nil
}

// catchUp indexes what the graph has that the index lacks: after each committed write,
// and periodically. A failure is returned (a write reports that search lags) and
// logged; the next catch-up repairs it.
func (s *Services) catchUp(ctx context.Context) error {
	// The version read first tells /metrics how far behind the index is should the
	// catch-up fail; its own failure leaves the last known version.
	v, _ := s.Store.Version(ctx)
	rep, err := s.Syncer.CatchUp(ctx)
	s.index.seen(v, rep, err)
	if err == nil {
		s.published(rep)
	}
	if err != nil {
		s.log.Warn("Search index catch-up failed; will retry", slog.String("reason", graph.ErrorMessage(err)), slog.Any("error", err))
		return err
	}
	if rep.From != rep.To || rep.Repaired {
		s.log.Info("Search index caught up", slog.Int64("from_version", rep.From), slog.Int64("graph_version", rep.To),
			slog.Int("indexed", rep.Indexed), slog.Int("deleted", rep.Deleted), slog.Bool("rebuilt", rep.Rebuilt),
			slog.Bool("repaired", rep.Repaired), slog.Int("tombstones_pruned", rep.Pruned))
	}
	return nil
}

// published tells the app's subscribers of a catch-up that moved the index forward.
func (s *Services) published(rep search.SyncReport) {
	if rep.To > rep.From {
		s.App.Changes.Publish(app.Change{From: rep.From, To: rep.To, Updated: rep.Indexed, Deleted: rep.Deleted, At: time.Now()})
	}
}

// afterCommit brings the index in step after a committed write, unless a full rebuild
// runs: the write then reports that search lags rather than wait for it.
func (s *Services) afterCommit(ctx context.Context) error {
	if err := s.Syncer.RebuildingError(); err != nil {
		return err
	}
	return s.catchUp(ctx)
}

// indexHealth is the search index's readiness: not ready while its last write failed
// (with the reason) or when it cannot be read.
func (s *Services) indexHealth(ctx context.Context) error {
	if err := s.Syncer.Health(); err != nil {
		return err
	}
	if _, err := s.Index.DocCount(); err != nil {
		return fmt.Errorf("not open: %w", err)
	}
	if p, ok := s.Index.Rebuilding(); ok {
		return server.ReadyNote(p.String())
	}
	return nil
}

func (s *Services) catchUpLoop(ctx context.Context) {
	t := time.NewTicker(catchUpEvery)
	defer t.Stop()
	_ = s.catchUp(ctx) // at once: a rebuild the bootstrap left to this loop
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			_ = s.catchUp(ctx) // logged; the next tick retries
		}
	}
}

// Reindex rebuilds the search index from the graph, for `practicegraph reindex`.
func Reindex(ctx context.Context, cfg Config, st search.GraphSource) (int, error) {
	idx, err := search.Open(indexPath(cfg), search.Options{})
	if err != nil {
		return 0, err
	}
	defer idx.Close()
	rep, err := (&search.Syncer{Index: idx, Graph: st}).Rebuild(ctx)
	return rep.Indexed, err
}
