package neo4jstore_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/practicegraph/practicegraph/graph/neo4jstore"
	"github.com/practicegraph/practicegraph/graph/neo4jstore/neo4jtest"
)

func TestLeaseIsExclusiveAndReleasedWhole(t *testing.T) {
	st := neo4jtest.Open(t)
	ctx := context.Background()
	nodes, rels := neo4jtest.Counts(t, st)

	first, err := st.TryLock(ctx, "bootstrap", time.Minute)
	if err != nil || first == nil {
		t.Fatalf("the first TryLock of a free lock: lease %v, error %v", first, err)
	}
	if second, err := st.TryLock(ctx, "bootstrap", time.Minute); err != nil || second != nil {
		t.Fatalf("a second TryLock while it is held: lease %v, error %v; want none", second, err)
	}
	if other, err := st.TryLock(ctx, "another", time.Minute); err != nil || other == nil {
		t.Fatalf("a lock of another name: lease %v, error %v; want it taken", other, err)
	} else if err := other.Release(ctx); err != nil {
		t.Fatal(err)
	}
	if err := first.Release(ctx); err != nil {
		t.Fatal(err)
	}
	if err := first.Release(ctx); err != nil {
		t.Fatalf("releasing twice: %v", err)
	}
	if err := first.Context().Err(); err == nil {
		t.Error("a released lease's context has not ended")
	}
	if n, r := neo4jtest.Counts(t, st); n != nodes || r != rels {
		t.Errorf("after release the graph has %d nodes and %d links, want %d and %d as before", n, r, nodes, rels)
	}
	again, err := st.TryLock(ctx, "bootstrap", time.Minute)
	if err != nil || again == nil {
		t.Fatalf("TryLock after release: lease %v, error %v", again, err)
	}
	if err := again.Release(ctx); err != nil {
		t.Fatal(err)
	}
}

// A holder that died keeps the lock only until its expiry; then another takes it and
// the dead holder's lease, were it to wake, finds it lost.
func TestLeaseExpiresWhenNotRenewed(t *testing.T) {
	st := neo4jtest.Open(t)
	ctx := context.Background()
	// A lease too short to be renewed before the next TryLock sees it expired: renewal
	// runs every third of it, and the database's clock decides expiry.
	stale, err := st.TryLock(ctx, "bootstrap", time.Millisecond)
	if err != nil || stale == nil {
		t.Fatalf("TryLock: lease %v, error %v", stale, err)
	}
	var taker *neo4jstore.Lease
	for taker == nil {
		if taker, err = st.TryLock(ctx, "bootstrap", time.Minute); err != nil {
			t.Fatal(err)
		}
	}
	select {
	case <-stale.Context().Done():
	case <-time.After(time.Minute):
		t.Fatal("the expired lease's context did not end once another took the lock")
	}
	if cause := context.Cause(stale.Context()); !errors.Is(cause, neo4jstore.ErrLeaseLost) {
		t.Errorf("the expired lease ended with %v, want ErrLeaseLost", cause)
	}
	// Releasing a lost lease leaves the new holder's lock alone.
	if err := stale.Release(ctx); err != nil {
		t.Fatal(err)
	}
	if again, err := st.TryLock(ctx, "bootstrap", time.Minute); err != nil || again != nil {
		t.Fatalf("TryLock after the stale holder released: lease %v, error %v; want the new holder to keep it", again, err)
	}
	if err := taker.Release(ctx); err != nil {
		t.Fatal(err)
	}
}
