package neo4jstore_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/graph/neo4jstore/neo4jtest"
)

// An import says it is alive while it runs, even when it writes nothing (a long check
// or publish), so that other processes keep holding the search index back for it; once
// published it is gone.
func TestARunningImportSaysItIsAlive(t *testing.T) {
	ctx := context.Background()
	st := neo4jtest.Open(t)
	imp, err := st.BeginImport(ctx, graph.ImportOwner{Host: "test", PID: os.Getpid()})
	if err != nil {
		t.Fatal(err)
	}
	seen := func() (graph.StagedImport, bool) {
		ims, err := st.StagedImports(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, im := range ims {
			if im.ID == imp.ID() {
				return im, true
			}
		}
		return graph.StagedImport{}, false
	}
	first, ok := seen()
	if !ok {
		t.Fatal("the running import is not listed")
	}
	// Polled, not timed: the heartbeat comes every 10 s, later on a loaded machine.
	renewed := false
	for range 120 {
		if im, _ := seen(); im.SeenAt.After(first.SeenAt) {
			renewed = true
			break
		}
		time.Sleep(time.Second)
	}
	if !renewed {
		t.Errorf("the import wrote nothing for two minutes and never said it was alive (seen at %v)", first.SeenAt)
	}
	if _, err := imp.Publish(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if _, ok := seen(); ok {
		t.Error("the published import is still listed")
	}
}
