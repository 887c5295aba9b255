package server

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/practicegraph/practicegraph/graph"
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
		res, err := LoadSeed(ctx, s.store, s.cfg.SeedDir)
		if err != nil {
			return fmt.Errorf("seed: %w", err)
		}
		s.log.Info("Seeded an empty graph", slog.String("seed_dir", s.cfg.SeedDir),
			slog.Int("nodes_created", res.NodesCreated), slog.Int("links_created", res.LinksCreated))
	}
	return s.openIndex(ctx)
}

// LoadSeed validates the seed files of dir and writes them in one transaction.
func LoadSeed(ctx context.Context, store graph.Store, dir string) (graph.ChangeResult, error) {
	in, err := seed.ReadDir(dir)
	if err != nil {
		return graph.ChangeResult{}, err
	}
	return seed.Import(ctx, store, in)
}
