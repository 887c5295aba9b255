// Package neo4jtest opens the real Neo4j that `make test` provides, for tests.
//
// Tests never use NEO4J_URI: they wipe their database, so they only run against the
// server named by PRACTICEGRAPH_TEST_NEO4J_URI, which `make test` starts for them.
// Neo4j Community has one user database, so test binaries take turns: each holds an
// exclusive lock on the database for its whole run, and every test starts from an
// empty graph.
package neo4jtest

import (
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/practicegraph/practicegraph/graph/neo4jstore"
)

// Config returns the test database's connection settings, failing the test with the
// reason when none is configured.
func Config(tb testing.TB) neo4jstore.Config {
	tb.Helper()
	uri := os.Getenv("PRACTICEGRAPH_TEST_NEO4J_URI")
	if uri == "" {
		tb.Fatal("this test needs the real Neo4j: run `make test`, which starts a local Neo4j and sets " +
			"PRACTICEGRAPH_TEST_NEO4J_URI (or set it, with PRACTICEGRAPH_TEST_NEO4J_PASSWORD, to a server whose data may be wiped)")
	}
	return neo4jstore.Config{
		URI:      uri,
		User:     envOr("PRACTICEGRAPH_TEST_NEO4J_USER", "neo4j"),
		Password: os.Getenv("PRACTICEGRAPH_TEST_NEO4J_PASSWORD"),
		Database: os.Getenv("PRACTICEGRAPH_TEST_NEO4J_DATABASE"),
	}
}

func envOr(k, d string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return d
}

var (
	lockOnce sync.Once
	lockErr  error
	// lockFile is kept for the life of the process: were it garbage collected, its
	// finalizer would close the descriptor and release the lock mid-run.
	lockFile *os.File
)

// Lock takes the test database for this test binary until it exits.
func Lock(tb testing.TB, cfg neo4jstore.Config) {
	tb.Helper()
	lockOnce.Do(func() {
		sum := sha256.Sum256([]byte(cfg.URI + "|" + cfg.Database))
		path := filepath.Join(os.TempDir(), fmt.Sprintf("practicegraph-testdb-%x.lock", sum[:6]))
		f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
		if err != nil {
			lockErr = err
			return
		}
		// Held until the process exits; the kernel releases it even on a crash.
		lockFile = f
		lockErr = syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
	})
	if lockErr != nil {
		tb.Fatalf("lock the test database: %v", lockErr)
	}
}

// Open returns a store on an empty test database with the schema in place.
func Open(tb testing.TB) *neo4jstore.Store {
	tb.Helper()
	cfg := Config(tb)
	Lock(tb, cfg)
	st, err := neo4jstore.Open(cfg)
	if err != nil {
		tb.Fatalf("open neo4j: %v", err)
	}
	tb.Cleanup(func() { st.Close(context.Background()) })
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := st.Ping(ctx); err != nil {
		tb.Fatalf("the test Neo4j at %s does not answer (is `make test` running it?): %v", cfg.URI, err)
	}
	Wipe(tb, cfg)
	if err := st.EnsureSchema(ctx); err != nil {
		tb.Fatalf("ensure schema: %v", err)
	}
	return st
}

// Wipe deletes every node and relationship of the test database.
func Wipe(tb testing.TB, cfg neo4jstore.Config) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	driver, err := neo4j.NewDriverWithContext(cfg.URI, neo4j.BasicAuth(cfg.User, cfg.Password, ""))
	if err != nil {
		tb.Fatalf("wipe: %v", err)
	}
	defer driver.Close(ctx)
	session := driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: cfg.Database})
	defer session.Close(ctx)
	// An auto-commit transaction, so large graphs are deleted in batches.
	res, err := session.Run(ctx, "MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS", nil)
	if err == nil {
		_, err = res.Consume(ctx)
	}
	if err != nil {
		tb.Fatalf("wipe the test database: %v", err)
	}
}

// Counts returns the number of nodes and relationships in the database.
func Counts(tb testing.TB, st *neo4jstore.Store) (nodes, rels int64) {
	tb.Helper()
	n, r, err := st.Counts(context.Background())
	if err != nil {
		tb.Fatalf("counts: %v", err)
	}
	return n, r
}
