package cli

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"time"

	"go.opentelemetry.io/otel/trace"

	"github.com/practicegraph/practicegraph/graph/neo4jstore"
	"github.com/practicegraph/practicegraph/server"
)

// Config is practicegraph's configuration, read from the environment, then flags: the
// HTTP server's (embedded) and the services'.
type Config struct {
	server.Config
	DataDir   string     // PRACTICEGRAPH_DATA_DIR: the search index lives under it
	SeedDir   string     // PRACTICEGRAPH_SEED_DIR
	AutoSeed  bool       // PRACTICEGRAPH_AUTO_SEED: load the seed when the graph is empty
	LogLevel  slog.Level // PRACTICEGRAPH_LOG_LEVEL
	LogFormat string     // PRACTICEGRAPH_LOG_FORMAT: text or json
	PprofAddr string     // PRACTICEGRAPH_PPROF_ADDR: serve net/http/pprof there; off when empty
	Neo4j     neo4jstore.Config
	// Tracing traces requests, Neo4j round trips and searches; nil traces nothing.
	// Run sets it from the OTEL_* variables (README, Observability).
	Tracing trace.TracerProvider
}

// DefaultConfig returns the defaults documented in the README.
func DefaultConfig() Config {
	return Config{
		Config:    server.DefaultConfig(),
		DataDir:   ".data",
		SeedDir:   "seed/data",
		AutoSeed:  true,
		LogLevel:  slog.LevelInfo,
		LogFormat: "text",
		Neo4j:     neo4jstore.Config{User: "neo4j"},
	}
}

// LoadConfig reads the environment (getenv), then flags from args. Secrets may come
// from a file named by the variable with a _FILE suffix.
func LoadConfig(args []string, getenv func(string) string, stderr io.Writer) (Config, []string, error) {
	c := DefaultConfig()
	env := func(name string, set func(string) error) error {
		v := getenv(name)
		if f := getenv(name + "_FILE"); v == "" && f != "" {
			b, err := os.ReadFile(f)
			if err != nil {
				return fmt.Errorf("%s_FILE: %w", name, err)
			}
			v = strings.TrimSpace(string(b))
		}
		if v == "" {
			return nil
		}
		if err := set(v); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		return nil
	}
	str := func(p *string) func(string) error { return func(v string) error { *p = v; return nil } }
	num := func(p *int) func(string) error {
		return func(v string) error {
			n, err := strconv.Atoi(v)
			if err != nil || n <= 0 {
				return fmt.Errorf("want a positive whole number, got %q", v)
			}
			*p = n
			return nil
		}
	}
	var bodyBytes int
	checks := []error{
		env("PRACTICEGRAPH_ADDR", str(&c.Addr)),
		env("PRACTICEGRAPH_DATA_DIR", str(&c.DataDir)),
		env("PRACTICEGRAPH_SEED_DIR", str(&c.SeedDir)),
		env("PRACTICEGRAPH_AUTO_SEED", func(v string) (err error) { c.AutoSeed, err = strconv.ParseBool(v); return }),
		env("PRACTICEGRAPH_CORS_ORIGINS", func(v string) error { c.CORSOrigins = splitList(v); return nil }),
		env("PRACTICEGRAPH_EDITOR_TOKEN", str(&c.EditorToken)),
		env("PRACTICEGRAPH_EDITORS", func(v string) (err error) { c.Editors, err = parseEditors(v); return }),
		env("PRACTICEGRAPH_REQUEST_TIMEOUT", func(v string) (err error) { c.RequestTimeout, err = time.ParseDuration(v); return }),
		env("PRACTICEGRAPH_MAX_BODY_BYTES", num(&bodyBytes)),
		env("PRACTICEGRAPH_COMPLEXITY_LIMIT", num(&c.ComplexityLimit)),
		env("PRACTICEGRAPH_NODE_LIMIT", num(&c.NodeLimit)),
		env("PRACTICEGRAPH_QUERY_CONCURRENCY", num(&c.QuerySlots)),
		env("PRACTICEGRAPH_ANSWER_CONCURRENCY", func(v string) error {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				return fmt.Errorf("want a whole number of answers built at once, 0 for no bound, got %q", v)
			}
			c.AnswerTurns = n
			return nil
		}),
		env("PRACTICEGRAPH_ANSWER_CACHE_MB", func(v string) error {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 || n > 1<<20 {
				return fmt.Errorf("want a whole number of MiB up to 1048576, 0 to keep no answer, got %q", v)
			}
			c.AnswerCacheBytes = int64(n) << 20
			return nil
		}),
		env("PRACTICEGRAPH_DEPTH_LIMIT", num(&c.DepthLimit)),
		env("PRACTICEGRAPH_TOKEN_LIMIT", num(&c.TokenLimit)),
		env("PRACTICEGRAPH_LOG_LEVEL", func(v string) error { return c.LogLevel.UnmarshalText([]byte(v)) }),
		env("PRACTICEGRAPH_LOG_FORMAT", str(&c.LogFormat)),
		env("PRACTICEGRAPH_PPROF_ADDR", str(&c.PprofAddr)),
		env("PRACTICEGRAPH_TRUSTED_DOCUMENTS", func(v string) (err error) { c.TrustedDocuments, err = loadTrustedDocuments(v); return }),
		env("PRACTICEGRAPH_DRAIN_DELAY", func(v string) (err error) { c.DrainDelay, err = time.ParseDuration(v); return }),
		env("NEO4J_URI", str(&c.Neo4j.URI)),
		env("NEO4J_USER", str(&c.Neo4j.User)),
		env("NEO4J_PASSWORD", str(&c.Neo4j.Password)),
		env("NEO4J_DATABASE", str(&c.Neo4j.Database)),
	}
	for _, err := range checks {
		if err != nil {
			return c, nil, err
		}
	}
	if bodyBytes > 0 {
		c.MaxBodyBytes = int64(bodyBytes)
	}
	fs := flag.NewFlagSet("practicegraph", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.Addr, "addr", c.Addr, "listen address (PRACTICEGRAPH_ADDR)")
	fs.StringVar(&c.DataDir, "data-dir", c.DataDir, "folder for the search index (PRACTICEGRAPH_DATA_DIR)")
	fs.StringVar(&c.SeedDir, "seed-dir", c.SeedDir, "folder of the seed data files (PRACTICEGRAPH_SEED_DIR)")
	fs.BoolVar(&c.AutoSeed, "auto-seed", c.AutoSeed, "load the seed data when the graph is empty (PRACTICEGRAPH_AUTO_SEED)")
	fs.StringVar(&c.Neo4j.URI, "neo4j-uri", c.Neo4j.URI, "Neo4j bolt or neo4j URI (NEO4J_URI)")
	fs.DurationVar(&c.RequestTimeout, "request-timeout", c.RequestTimeout, "per-request timeout (PRACTICEGRAPH_REQUEST_TIMEOUT)")
	fs.StringVar(&c.PprofAddr, "pprof-addr", c.PprofAddr, "serve pprof on this address, loopback when no host is given; off when empty (PRACTICEGRAPH_PPROF_ADDR)")
	fs.DurationVar(&c.DrainDelay, "drain-delay", c.DrainDelay, "how long readiness fails before shutdown (PRACTICEGRAPH_DRAIN_DELAY)")
	if err := fs.Parse(args); err != nil {
		return c, nil, err
	}
	if c.Neo4j.URI == "" {
		return c, nil, fmt.Errorf("NEO4J_URI is not set: `make run` starts a local Neo4j and sets it; or point it at your own server (bolt://, neo4j://, neo4j+s://)")
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return c, nil, fmt.Errorf("PRACTICEGRAPH_LOG_FORMAT: want text or json, got %q", c.LogFormat)
	}
	return c, fs.Args(), nil
}

func splitList(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// LogValue prints the configuration with secrets masked, for the start-up log line.
func (c Config) LogValue() slog.Value {
	mask := func(s string) string {
		if s == "" {
			return "(not set)"
		}
		return "(set, masked)"
	}
	attrs := append(c.Config.LogAttrs(),
		slog.String("data_dir", c.DataDir),
		slog.String("seed_dir", c.SeedDir),
		slog.Bool("auto_seed", c.AutoSeed),
		slog.String("neo4j_uri", neo4jstore.RedactURI(c.Neo4j.URI)),
		slog.String("neo4j_user", c.Neo4j.User),
		slog.String("neo4j_password", mask(c.Neo4j.Password)),
		slog.String("neo4j_database", c.Neo4j.Database),
		slog.String("pprof_addr", c.PprofAddr),
	)
	return slog.GroupValue(attrs...)
}
