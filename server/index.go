package server

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/search"
)

// catchUpEvery is how often the server checks the graph for writes it did not make
// itself (an import from the command line, another server) and indexes them.
const catchUpEvery = 5 * time.Second

// indexPath is where the search index lives under the data folder.
func indexPath(cfg Config) string { return filepath.Join(cfg.DataDir, "search-index") }

// openSearchIndex opens the index; a second server on the same data folder is refused
// here, at start, with the reason.
func (s *Server) openSearchIndex() error {
	idx, err := search.Open(indexPath(s.cfg), search.Options{})
	if err != nil {
		return err
	}
	s.index = idx
	s.syncer = &search.Syncer{Index: idx, Graph: s.store}
	return nil
}

// openIndex brings the search index in step with the graph, at bootstrap.
func (s *Server) openIndex(ctx context.Context) error {
	rep, err := s.syncer.CatchUp(ctx)
	if err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	s.log.Info("Search index in step with the graph", slog.Int64("from_version", rep.From), slog.Int64("graph_version", rep.To),
		slog.Int("indexed", rep.Indexed), slog.Int("deleted", rep.Deleted), slog.Bool("rebuilt", rep.Rebuilt))
	s.background(func() { s.catchUpLoop(ctx) })
	return nil
}

// catchUp indexes what the graph has that the index lacks. Called after each committed
// mutation, whose write stands whatever this returns; a failure is logged and repaired
// by a later catch-up.
func (s *Server) catchUp(ctx context.Context) error {
	rep, err := s.syncer.CatchUp(ctx)
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

func (s *Server) catchUpLoop(ctx context.Context) {
	t := time.NewTicker(catchUpEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			_ = s.catchUp(ctx) // logged; the next tick retries
		}
	}
}

// extraChecks reports readiness of services beyond Neo4j, by name.
func (s *Server) extraChecks(ctx context.Context) map[string]string {
	if err := s.syncer.Health(); err != nil {
		return map[string]string{"search_index": graph.ErrorMessage(err)}
	}
	if _, err := s.index.DocCount(); err != nil {
		return map[string]string{"search_index": "not open: " + graph.ErrorMessage(err)}
	}
	return map[string]string{"search_index": "ok"}
}

// closeServices closes the search index.
func (s *Server) closeServices() {
	if err := s.index.Close(); err != nil {
		s.log.Warn("Closing the search index", slog.Any("error", err))
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
