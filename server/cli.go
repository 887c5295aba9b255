package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/practicegraph/practicegraph/graph/neo4jstore"
	"github.com/practicegraph/practicegraph/seed"
)

const usage = `usage: practicegraph [command] [flags]

commands:
  serve             serve GraphQL, the web pages and search (default)
  seed              load the seed data into Neo4j (idempotent)
  import FILE...    validate files whole, then write them in one transaction
  validate PATH...  check data files or folders, without Neo4j
  reindex           rebuild the search index from Neo4j

Configuration comes from the environment (see README.md); flags override it.`

// Main runs the command named by args[0] ("serve" when absent).
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	if cmd == "help" || cmd == "-h" {
		fmt.Fprintln(stdout, usage)
		return nil
	}
	if cmd == "validate" {
		return validate(args, stdout)
	}
	cfg, rest, err := LoadConfig(args, os.Getenv, stderr)
	if err != nil {
		return err
	}
	log := NewLogger(stderr, cfg)
	switch cmd {
	case "serve":
		return Run(ctx, cfg, log)
	case "seed":
		return withStore(ctx, cfg, func(st *neo4jstore.Store) error {
			res, unchanged, err := seed.LoadDir(ctx, st, cfg.SeedDir)
			if err != nil {
				return err
			}
			if unchanged {
				fmt.Fprintf(stdout, "seed: the graph already holds these seed files; nothing written (graph version %d)\n", res.Version)
				return nil
			}
			fmt.Fprintf(stdout, "seed: graph version %d: %d nodes created, %d updated, %d links created\n",
				res.Version, res.NodesCreated, res.NodesUpdated, res.LinksCreated)
			return nil
		})
	case "import":
		if len(rest) == 0 {
			return errors.New("import: name at least one file")
		}
		in, err := seed.ReadFiles(rest...)
		if err != nil {
			return err
		}
		return withStore(ctx, cfg, func(st *neo4jstore.Store) error {
			res, err := seed.Import(ctx, st, in)
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "import: graph version %d: %d nodes created, %d updated, %d links created\n",
				res.Version, res.NodesCreated, res.NodesUpdated, res.LinksCreated)
			fmt.Fprintln(stdout, "import: a running server brings its search index in step within seconds; `practicegraph reindex` rebuilds it")
			return nil
		})
	case "reindex":
		return withStore(ctx, cfg, func(st *neo4jstore.Store) error {
			n, err := Reindex(ctx, cfg, st)
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "reindex: %d documents indexed\n", n)
			return nil
		})
	}
	return fmt.Errorf("unknown command %q\n%s", cmd, usage)
}

func validate(paths []string, stdout io.Writer) error {
	if len(paths) == 0 {
		return errors.New("validate: name files or folders")
	}
	var files []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return err
		}
		if !st.IsDir() {
			files = append(files, p)
			continue
		}
		in, err := seed.ReadDir(p)
		if err != nil {
			return err
		}
		if err := in.Validate(context.Background(), nil); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s: %d records, %d links: valid\n", p, len(in.Dataset.Nodes), len(in.Dataset.Links))
	}
	if len(files) > 0 {
		in, err := seed.ReadFiles(files...)
		if err != nil {
			return err
		}
		if err := in.Validate(context.Background(), nil); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%d file(s): %d records, %d links: valid\n", len(files), len(in.Dataset.Nodes), len(in.Dataset.Links))
	}
	return nil
}

func withStore(ctx context.Context, cfg Config, fn func(*neo4jstore.Store) error) error {
	st, err := neo4jstore.Open(cfg.Neo4j)
	if err != nil {
		return err
	}
	defer st.Close(context.WithoutCancel(ctx))
	if err := st.Ping(ctx); err != nil {
		return err
	}
	if err := st.EnsureSchema(ctx); err != nil {
		return err
	}
	return fn(st)
}

// NewLogger returns the process's logger, configured once.
func NewLogger(w io.Writer, cfg Config) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// Run serves until ctx ends, then shuts down gracefully.
func Run(ctx context.Context, cfg Config, log *slog.Logger) error {
	log.Info("Starting practicegraph", slog.Any("config", cfg))
	s, err := New(cfg, log)
	if err != nil {
		return err
	}
	if err := s.Start(ctx); err != nil {
		return err
	}
	log.Info("Listening", slog.String("url", s.URL()), slog.String("graphql", s.URL()+"/graphql"))
	<-ctx.Done()
	log.Info("Shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	return s.Shutdown(sctx)
}
