// Package cli is practicegraph's program: its commands (serve, seed, import, dump, validate,
// reindex), its configuration, and the wiring of the concrete services — the Neo4j
// store, the bleve index, the syncer between them and the use cases — that it hands,
// as interfaces, to the HTTP server. cmd/practicegraph's main only calls Main.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/practicegraph/practicegraph/app"
	"github.com/practicegraph/practicegraph/buildinfo"
	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/graph/neo4jstore"
	"github.com/practicegraph/practicegraph/seed"
	"github.com/practicegraph/practicegraph/server"
)

const usage = `usage: practicegraph [command] [flags]

commands:
  serve             serve GraphQL, the web pages and search (default)
  seed              load the seed data into Neo4j (idempotent)
  import PATH...    stream data files or folders into Neo4j, whole or not at all;
                    a FILE.jsonl (a dump) is read back alone
  import FILE.csv   import a good-practice catalogue (ICC card template), whole or
                    not at all; --dry-run reports and writes nothing, --source-title
                    titles the rows' sources that give no source_title
  dump FILE.jsonl   write the whole graph as JSON Lines ("-": standard output)
  validate PATH...  check data files or folders, catalogue .csv files or a dump,
                    without Neo4j
  reindex           rebuild the search index from Neo4j
  version           print the version, commit and Go version
  healthcheck       exit 0 when the server on PRACTICEGRAPH_ADDR is ready (for
                    container healthchecks: the image has no shell or curl)

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
	if cmd == "version" || cmd == "-version" || cmd == "--version" {
		b := buildinfo.Get()
		fmt.Fprintf(stdout, "practicegraph %s (commit %s, %s)\n", b.Version, b.Commit, b.GoVersion)
		return nil
	}
	if cmd == "healthcheck" {
		return healthcheck(ctx, os.Getenv("PRACTICEGRAPH_ADDR"), stdout)
	}
	if cmd == "validate" {
		return validate(args, stdout)
	}
	var catFlags catalogueFlags
	if cmd == "import" {
		var err error
		if args, catFlags, err = takeCatalogueFlags(args); err != nil {
			return err
		}
	}
	cfg, rest, err := LoadConfig(args, os.Getenv, stderr)
	if err != nil {
		return err
	}
	log := NewLogger(stderr, cfg)
	switch cmd {
	case "serve":
		tuneGC(os.Getenv, log)
		return Run(ctx, cfg, log)
	case "seed":
		return withStore(ctx, cfg, func(st *neo4jstore.Store) error {
			res, unchanged, err := (&app.App{Store: st}).LoadSeed(ctx, cfg.SeedDir)
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
			return errors.New("import: name at least one file or folder")
		}
		if isCatalogue(rest) {
			return withStore(ctx, cfg, func(st *neo4jstore.Store) error { return importCatalogue(ctx, st, rest, catFlags, stdout) })
		}
		if catFlags != (catalogueFlags{}) {
			return errors.New("import: --dry-run and --source-title are for a catalogue .csv file")
		}
		dump, err := isDump(rest)
		if err != nil {
			return err
		}
		return withStore(ctx, cfg, func(st *neo4jstore.Store) error {
			p := &progressPrinter{w: stdout, every: time.Second}
			a, opt := &app.App{Store: st}, app.ImportOptions{Progress: p.print}
			var res graph.ChangeResult
			if dump {
				res, err = a.ImportDump(ctx, rest[0], opt)
			} else {
				res, err = a.ImportFiles(ctx, rest, opt)
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "import: graph version %d: %d nodes created, %d updated, %d links created\n",
				res.Version, res.NodesCreated, res.NodesUpdated, res.LinksCreated)
			fmt.Fprintln(stdout, "import: a running server brings its search index in step within seconds; `practicegraph reindex` rebuilds it")
			return nil
		})
	case "dump":
		if len(rest) != 1 {
			return errors.New("dump: name one file to write (FILE.jsonl, or - for standard output)")
		}
		return withStore(ctx, cfg, func(st *neo4jstore.Store) error {
			counts, err := dumpTo(ctx, &app.App{Store: st}, rest[0], stdout)
			if err != nil {
				return err
			}
			if rest[0] != "-" {
				fmt.Fprintf(stdout, "dump: %s: %d nodes, %d relationships\n", rest[0], counts.Nodes, counts.Relationships)
			}
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
	if isCatalogue(paths) {
		return validateCatalogues(paths, stdout)
	}
	if dump, err := isDump(paths); err != nil {
		return err
	} else if dump {
		counts, err := app.ValidateDump(context.Background(), paths[0])
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s: %d nodes, %d relationships: valid\n", paths[0], counts.Nodes, counts.Relationships)
		return nil
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

// Run opens the services and serves until ctx ends, then shuts down gracefully.
func Run(ctx context.Context, cfg Config, log *slog.Logger) error {
	b := buildinfo.Get()
	log.Info("Starting practicegraph", slog.String("version", b.Version), slog.String("commit", b.Commit), slog.Any("config", cfg))
	tp, stopTracing, err := setupTracing(ctx, os.Getenv, log)
	if err != nil {
		return err
	}
	defer func() {
		// Flushes the spans still batched; a collector gone away must not hold up exit.
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		if err := stopTracing(sctx); err != nil {
			log.Warn("Tracing: flushing the last spans failed", slog.String("reason", err.Error()))
		}
	}()
	if cfg.Tracing == nil {
		cfg.Tracing = tp
	}
	svc, err := OpenServices(cfg, log)
	if err != nil {
		return err
	}
	if cfg.PprofAddr != "" {
		stop, err := servePprof(cfg.PprofAddr, log)
		if err != nil {
			svc.Close(context.WithoutCancel(ctx))
			return err
		}
		defer stop()
	}
	return server.Run(ctx, cfg.Config, svc.ForServer(), log)
}

// progressPrinter prints an import's progress at most once per interval, and at every
// change of phase.
type progressPrinter struct {
	w     io.Writer
	every time.Duration
	last  time.Time
	phase app.ImportPhase
}

func (p *progressPrinter) print(s app.ImportStatus) {
	if s.Phase == p.phase && time.Since(p.last) < p.every {
		return
	}
	p.phase, p.last = s.Phase, time.Now()
	read, staged := s.Records()
	rate := 0.0
	if secs := s.Elapsed.Seconds(); secs > 0 {
		rate = float64(staged) / secs
	}
	kinds := make([]string, 0, len(s.Read))
	for k := range s.Read {
		kinds = append(kinds, string(k))
	}
	sort.Strings(kinds)
	per := make([]string, len(kinds))
	for i, k := range kinds {
		per[i] = fmt.Sprintf("%s %d/%d", k, s.Staged[graph.Kind(k)], s.Read[graph.Kind(k)])
	}
	fmt.Fprintf(p.w, "import: %-10s %5.1fs  records %d read, %d written (%.0f/s); links %d read, %d written  [%s]\n",
		s.Phase, s.Elapsed.Seconds(), read, staged, rate, s.LinksRead, s.LinksStaged, strings.Join(per, ", "))
}

// isDump reports whether an import's paths name a dump (.jsonl), which is read back
// alone: its records are the whole graph, not one more data file among others.
func isDump(paths []string) (bool, error) {
	n := 0
	for _, p := range paths {
		if strings.EqualFold(filepath.Ext(p), ".jsonl") {
			n++
		}
	}
	if n > 0 && len(paths) > 1 {
		return false, errors.New("import: a dump (.jsonl) is imported alone, without other files")
	}
	return n == 1, nil
}

// dumpTo writes the dump to path, or to stdout for "-". A file is written beside its
// final name and renamed once complete, so a failed dump leaves no partial file there.
func dumpTo(ctx context.Context, a *app.App, path string, stdout io.Writer) (app.DumpCounts, error) {
	if path == "-" {
		return a.Dump(ctx, stdout)
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return app.DumpCounts{}, fmt.Errorf("dump: %w", err)
	}
	defer os.Remove(f.Name()) // after a successful rename there is nothing left to remove
	counts, err := a.Dump(ctx, f)
	if cerr := f.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("dump: %w", cerr)
	}
	if err != nil {
		return counts, err
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return counts, fmt.Errorf("dump: %w", err)
	}
	return counts, nil
}
