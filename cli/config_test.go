package cli

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestLoadConfig(t *testing.T) {
	secret := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(secret, []byte("s3cret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{
		"NEO4J_URI":                        "bolt://db:7687",
		"PRACTICEGRAPH_EDITOR_TOKEN_FILE":  secret,
		"PRACTICEGRAPH_AUTO_SEED":          "false",
		"PRACTICEGRAPH_COMPLEXITY_LIMIT":   "500",
		"PRACTICEGRAPH_CORS_ORIGINS":       "https://a.example, https://b.example",
		"PRACTICEGRAPH_ANSWER_CONCURRENCY": "0",
	}
	cfg, rest, err := LoadConfig([]string{"-addr", "127.0.0.1:9000", "-request-timeout", "3s", "extra"}, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	// HTTP settings land in the server's part of the configuration, the others beside it.
	if cfg.Addr != "127.0.0.1:9000" || cfg.RequestTimeout != 3*time.Second || cfg.ComplexityLimit != 500 || cfg.EditorToken != "s3cret" ||
		len(cfg.CORSOrigins) != 2 || cfg.CORSOrigins[1] != "https://b.example" || cfg.AnswerTurns != 0 {
		t.Errorf("server config = %+v", cfg.Config)
	}
	if cfg.Neo4j.URI != "bolt://db:7687" || cfg.Neo4j.User != "neo4j" || cfg.AutoSeed || cfg.DataDir != ".data" {
		t.Errorf("services config = %+v", cfg)
	}
	if logged := cfg.LogValue().String(); strings.Contains(logged, "s3cret") || !strings.Contains(logged, "editor_token=(set, masked)") {
		t.Errorf("logged configuration = %s, want the token masked", logged)
	}
	if len(rest) != 1 || rest[0] != "extra" {
		t.Errorf("rest = %v, want [extra]", rest)
	}

	for name, bad := range map[string]map[string]string{
		"no Neo4j URI":       {},
		"a bad number":       {"NEO4J_URI": "bolt://db", "PRACTICEGRAPH_DEPTH_LIMIT": "-1"},
		"a bad log format":   {"NEO4J_URI": "bolt://db", "PRACTICEGRAPH_LOG_FORMAT": "xml"},
		"a missing secret":   {"NEO4J_URI": "bolt://db", "NEO4J_PASSWORD_FILE": filepath.Join(t.TempDir(), "absent")},
		"a bad request time": {"NEO4J_URI": "bolt://db", "PRACTICEGRAPH_REQUEST_TIMEOUT": "soon"},
		"negative turns":     {"NEO4J_URI": "bolt://db", "PRACTICEGRAPH_ANSWER_CONCURRENCY": "-1"},
	} {
		if _, _, err := LoadConfig(nil, func(k string) string { return bad[k] }, io.Discard); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
