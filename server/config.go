// Package server serves practicegraph over HTTP: the GraphQL API, the web pages, health
// and readiness. It knows the services it serves only by their interfaces; the caller
// (cmd/practicegraph, through package cli) builds the concrete ones.
package server

import (
	"log/slog"
	"runtime"
	"strings"
	"time"
)

// Config is the HTTP server's configuration.
type Config struct {
	Addr            string        // PRACTICEGRAPH_ADDR
	CORSOrigins     []string      // PRACTICEGRAPH_CORS_ORIGINS, comma-separated
	EditorToken     string        // PRACTICEGRAPH_EDITOR_TOKEN or _FILE: enables mutations, as the editor named "editor"
	RequestTimeout  time.Duration // PRACTICEGRAPH_REQUEST_TIMEOUT
	MaxBodyBytes    int64         // PRACTICEGRAPH_MAX_BODY_BYTES
	ComplexityLimit int           // PRACTICEGRAPH_COMPLEXITY_LIMIT: fields one request may resolve, lists multiplying
	NodeLimit       int           // PRACTICEGRAPH_NODE_LIMIT: list items one request may return
	QuerySlots      int           // PRACTICEGRAPH_QUERY_CONCURRENCY: Neo4j queries one request runs at once
	// AnswerTurns bounds the answers the server builds at once, all requests together
	// (PRACTICEGRAPH_ANSWER_CONCURRENCY); the others wait their turn. 0: no bound.
	AnswerTurns int
	// AnswerCacheBytes bounds the compiled reader's answers kept for the graph's current
	// state (PRACTICEGRAPH_ANSWER_CACHE_MB, in MiB); 0 keeps none.
	AnswerCacheBytes int64
	LoaderWait       time.Duration // how long a dataloader gathers keys from the first one on
	DepthLimit       int           // PRACTICEGRAPH_DEPTH_LIMIT
	TokenLimit       int           // PRACTICEGRAPH_TOKEN_LIMIT: parser tokens per query
	DrainDelay       time.Duration // PRACTICEGRAPH_DRAIN_DELAY: readiness fails this long before shutdown
	// TrustedDocuments, when not nil, are the only GraphQL documents the server runs,
	// by the SHA-256 (hex) of their text (PRACTICEGRAPH_TRUSTED_DOCUMENTS).
	TrustedDocuments map[string]string
	// WholeReads reads every property of linked nodes and batches every load, as the
	// resolvers did before they read only what a request selects: the tests compare
	// both ways' answers.
	WholeReads bool
	// Editors are the named editors and their tokens (PRACTICEGRAPH_EDITORS or _FILE);
	// any of them enables mutations.
	Editors []EditorCredential
}

// EditorCredential is one named editor's bearer token.
type EditorCredential struct {
	Name  string // recorded in the history of every write the editor makes
	Token string
}

// SingleEditorName is the name the writes made with PRACTICEGRAPH_EDITOR_TOKEN record.
const SingleEditorName = "editor"

// DefaultConfig returns the defaults documented in the README.
func DefaultConfig() Config {
	return Config{
		Addr:             ":8080",
		CORSOrigins:      []string{"http://localhost:8080", "http://127.0.0.1:8080"},
		RequestTimeout:   15 * time.Second,
		MaxBodyBytes:     1 << 20,
		ComplexityLimit:  250_000,
		NodeLimit:        DefaultNodeLimit,
		QuerySlots:       6,
		AnswerTurns:      4 * runtime.GOMAXPROCS(0),
		AnswerCacheBytes: 32 << 20,
		LoaderWait:       2 * time.Millisecond,
		DepthLimit:       12,
		TokenLimit:       5000,
		DrainDelay:       5 * time.Second,
	}
}

// LogAttrs returns the configuration as log attributes, the editor token masked.
func (c Config) LogAttrs() []slog.Attr {
	token := "(not set)"
	if c.EditorToken != "" {
		token = "(set, masked)"
	}
	names := make([]string, len(c.Editors))
	for i, e := range c.Editors {
		names[i] = e.Name
	}
	return []slog.Attr{
		slog.String("addr", c.Addr),
		slog.String("cors_origins", strings.Join(c.CORSOrigins, ",")),
		slog.String("editor_token", token),
		slog.String("editors", strings.Join(names, ",")),
		slog.Duration("request_timeout", c.RequestTimeout),
		slog.Int64("max_body_bytes", c.MaxBodyBytes),
		slog.Int64("answer_cache_bytes", c.AnswerCacheBytes),
		slog.Int("complexity_limit", c.ComplexityLimit),
		slog.Int("node_limit", c.NodeLimit),
		slog.Int("query_concurrency", c.QuerySlots),
		slog.Int("answer_concurrency", c.AnswerTurns),
		slog.Int("depth_limit", c.DepthLimit),
		slog.Int("token_limit", c.TokenLimit),
		slog.Duration("drain_delay", c.DrainDelay),
		slog.Int("trusted_documents", len(c.TrustedDocuments)),
	}
}
