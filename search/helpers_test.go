package search_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/search"
	"github.com/practicegraph/practicegraph/seed"
)

// MustOpenIndex opens a fresh index in a temp dir, closed at the end of the test.
func MustOpenIndex(tb testing.TB) *search.Index {
	tb.Helper()
	x, err := search.Open(filepath.Join(tb.TempDir(), "index"), search.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = x.Close() })
	return x
}

// MustOpenSeededIndex opens a fresh index holding every searchable node of the seed data.
func MustOpenSeededIndex(tb testing.TB) (*search.Index, []graph.Indexable) {
	tb.Helper()
	x := MustOpenIndex(tb)
	docs := seedIndexables(tb)
	if err := x.IndexBatch(context.Background(), docs, nil, 1); err != nil {
		tb.Fatal(err)
	}
	return x, docs
}

// seedIndexables reads seed/data and builds the Indexables the Neo4j store would
// produce: graph.IndexablesOf follows the same named paths as the store's Cypher.
func seedIndexables(tb testing.TB) []graph.Indexable {
	tb.Helper()
	in, err := seed.ReadDir(filepath.Join("..", "seed", "data"))
	if err != nil {
		tb.Fatalf("read seed data: %v", err)
	}
	return graph.IndexablesOf(in.Dataset)
}

// hasNode reports whether the seed data holds ref; tests of records a colleague has
// not written yet say so instead of failing on missing data.
func hasNode(docs []graph.Indexable, ref graph.Ref) bool {
	for _, d := range docs {
		if d.Node.Ref() == ref {
			return true
		}
	}
	return false
}
