package seed_test

import (
	"testing"

	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/seed"
)

// The seed passes the same validation as every write: the store refuses nothing of it.
func TestSeedDataPassesGraphValidation(t *testing.T) {
	in, err := seed.ReadDir("data")
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Dataset.Nodes) < 300 || len(in.Dataset.Links) < 580 {
		t.Fatalf("read %d nodes and %d links, want the whole seed (300 and 580)", len(in.Dataset.Nodes), len(in.Dataset.Links))
	}
	if err := graph.ValidateChangeset(in.Changeset()); err != nil {
		t.Errorf("the seed fails graph.ValidateChangeset: %v", err)
	}
}
