package server

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/practicegraph/practicegraph/seed"
)

// bootstrap makes the graph and the index ready: constraints and indexes, the seed
// data on an empty graph, and the search index in step with the graph.
func (s *Server) bootstrap(ctx context.Context) error {
	if err := s.store.Ping(ctx); err != nil {
		return err
	}
	if err := s.store.EnsureSchema(ctx); err != nil {
		return err
	}
	v, err := s.store.Version(ctx)
	if err != nil {
		return err
	}
	if v == 0 && s.cfg.AutoSeed {
		res, _, err := seed.LoadDir(ctx, s.store, s.cfg.SeedDir)
		if err != nil {
			return fmt.Errorf("seed: %w", err)
		}
		s.log.Info("Seeded an empty graph", slog.String("seed_dir", s.cfg.SeedDir),
			slog.Int("nodes_created", res.NodesCreated), slog.Int("links_created", res.LinksCreated))
	}
	return s.openIndex(ctx)
}
